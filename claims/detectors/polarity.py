"""Polarity and evaluation: predicates with their negation, antonym pairs, achieved vs thwarted outcomes,
and stance word counts."""
from __future__ import annotations

import re
from typing import Any, Iterator

from .. import lexicon as lx
from .base import (PRONOUNS, ClaimFacts, LIGHT_VERBS, Predicate, Signal, _cue_regex, _lemma, _negated, _phrase, _q,
                   _verb_phrase, content_lemmas)
from .actors import _actor, _actors_differ, exit_signal


STANCE_LISTS = ("REFUTING_WORDS", "REPORTING_HEDGES", "CONFIRMING_WORDS", "NEGATION_WORDS")


def stance_counts(lower: str) -> tuple[int, ...]:
    """How many refuting, hedging, confirming and negation words a text uses (stance features)."""
    lower = lower.replace("n't", " n't")
    return tuple(len(_cue_regex(tuple(getattr(lx, name))).findall(lower)) for name in STANCE_LISTS)


def _stems_or_words(stems: tuple, words: tuple) -> re.Pattern:
    """Any form of one of ``stems`` ("faked") or one of ``words`` whole ("lie", not "lieutenant")."""
    return re.compile(r"\b(?:(?:" + "|".join(map(re.escape, stems)) + r")\w*|(?:" + "|".join(map(re.escape, words)) + r")\b)")


_DISPUTE = _stems_or_words(lx.DISPUTE_STEMS, lx.DISPUTE_WORDS)


def disputes(lower: str) -> bool:
    """Whether a (lower-case) text refutes or negates: a word of ``lexicon.REFUTING_WORDS`` or
    ``NEGATION_WORDS`` ("hoax", "denied", "not" ...), any form of ``DISPUTE_STEMS`` ("faked",
    "hoaxer", "exaggerated") or one of ``DISPUTE_WORDS`` ("lie", "rubbish")."""
    counts = stance_counts(lower)
    return bool(counts[0] or counts[3]) or _DISPUTE.search(lower) is not None


_FALSITY = re.compile(r"\b(?:" + "|".join(map(re.escape, lx.FALSITY_STEMS)) + r")\w*")
_DENIAL = re.compile(_stems_or_words(lx.DENIAL_STEMS, lx.DENIAL_WORDS).pattern + r"|n['\u2019]t\b")


def calls_false(lower: str) -> str:
    """The word by which a (lower-case) text calls a story false ("hoaxer", "a fake"), or "" when
    it has none or also denies or negates ("denies hoax claims", "not a hoax")."""
    found = _FALSITY.search(lower)
    return found.group(0) if found and not _DENIAL.search(_FALSITY.sub(" ", lower)) else ""


def extract_predicates(doc: Any) -> Iterator[Predicate]:
    """Verbs (minus light reporting verbs) with polarity, actor and a quotable phrase."""
    for tok in doc:
        if tok.pos_ == "VERB" and tok.lemma_.lower() not in LIGHT_VERBS:
            actor, actor_text = _actor(tok)
            yield Predicate(_lemma(tok), _negated(tok), actor, actor_text, _verb_phrase(tok), patient=_patient(tok))
        elif tok.lemma_ == "be":
            for comp in _copula_complements(tok):
                actor, actor_text = _actor(tok)
                phrase = _verb_phrase(tok)
                phrase = phrase if comp.text in phrase.split() else f"{phrase} {comp.text}"
                yield Predicate(comp.lemma_.lower(), _negated(tok), actor, actor_text, phrase, state=True)


def _patient(tok: Any) -> frozenset:
    """Content lemmas of what underwent a passive verb (its passive subject, or the subject of a
    headline's bare participle) or a participle (the noun it modifies: "bodies found in a grave")."""
    head = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
    if head is None and tok.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") for c in tok.children):
        head = next((c for c in tok.children if c.dep_ == "nsubj"), None)  # a headline's "Students not found"
    if head is None and tok.dep_ == "acl" and tok.tag_ == "VBN" and tok.head.pos_ in ("NOUN", "PROPN"):
        head = tok.head
    if head is None or head.lower_ in PRONOUNS:
        return frozenset()
    return content_lemmas([t for t in head.subtree if t.dep_ in ("compound", "amod") or t is head])


def _copula_complements(tok: Any) -> Iterator[Any]:
    for child in tok.children:
        if child.dep_ in ("acomp", "attr") and child.pos_ in ("ADJ", "NOUN"):
            yield child
        elif child.dep_ == "prep":
            yield from (g for g in child.children if g.dep_ == "pobj" and g.pos_ == "NOUN")


def _outcomes(tokens: list, lowers: list[str], words: tuple[str, ...]) -> Iterator[str]:
    """Phrases of non-negated outcome words; ``lowers`` ends with '' so the next word always exists."""
    for i, tok in enumerate(tokens):
        lemma = tok.lemma_.lower()
        if (lemma in words or f"{lemma} {lowers[i + 1]}" in words) and not _negated(tok) and not _unrealised(tok):
            target = tok.head if tok.pos_ == "ADV" else tok
            yield _verb_phrase(target) if target.pos_ in ("VERB", "AUX") else _phrase([tok, target, *target.children], 4)


def _unrealised(tok: Any) -> bool:
    """An intended or future outcome ('to complete the deal', 'will continue') is no outcome yet."""
    return any(c.dep_ == "aux" and c.lower_ in lx.UNREALISED_AUX for c in tok.children)


def polarity_signal(fa: ClaimFacts, fb: ClaimFacts) -> Signal | None:
    """One claim asserts a predicate the other negates, or they use opposite predicates. A claim
    that denies, doubts or calls false what it reports ("X denies taking the photo", "the story
    that X adopted a boy is a hoax") does not assert its predicates, and "is not dead" does not
    assert "dead"."""
    for pa in fa.predicates:
        for pb in fb.predicates:
            if pa.lemma == pb.lemma and pa.negated != pb.negated and _same_actor(pa, pb) \
                    and not (fb if pa.negated else fa).disowns and not _also_negates(fb if pa.negated else fa, pa if pa.negated else pb):
                return Signal("negation", "contradiction", 1.0, f"one affirms what the other negates: {_q(pa.phrase)} vs {_q(pb.phrase)}")
    if fa.disowns or fb.disowns:
        return None
    words_a, words_b = _asserted_words(fa), _asserted_words(fb)
    shared = fa.lemmas & fb.lemmas
    for x, y in lx.ANTONYM_PAIRS:
        for u, v in ((x, y), (y, x)):
            if u in words_a and v in words_b and v not in words_a and u not in words_b \
                    and len(shared - {u, v}) >= 2 and not _actors_differ(fa, fb, u, v):
                return Signal("antonym", "contradiction", 0.8, f"opposite outcomes: {_q(words_a[u])} vs {_q(words_b[v])}")
    states_a = {p.lemma: p.phrase for p in fa.predicates if p.state and not p.negated}
    states_b = {p.lemma: p.phrase for p in fb.predicates if p.state and not p.negated}
    for u, v in ((u, v) for u in states_a for v in states_b if negated_form(u, v) or negated_form(v, u)):
        if v not in states_a and u not in states_b and len(shared - {u, v}) >= 2:
            return Signal("antonym", "contradiction", 0.8, f"opposite states: {_q(states_a[u])} vs {_q(states_b[v])}")
    return None


def _same_actor(pa: Predicate, pb: Predicate) -> bool:
    """Neither names who did it (or what underwent it) differently from the other."""
    return (not pa.actor or not pb.actor or bool(pa.actor & pb.actor)) \
        and (not pa.patient or not pb.patient or bool(pa.patient & pb.patient))


def _also_negates(facts: ClaimFacts, negated: Predicate) -> bool:
    """The affirming claim states the negation too ("a report said he was arrested; he was not
    arrested"): it agrees with the negating claim there, whatever else it reports."""
    return any(p.negated and p.lemma == negated.lemma for p in facts.predicates)


def _asserted_words(facts: ClaimFacts) -> dict[str, str]:
    """Content word -> its phrase, without the words of negated predicates ("is not dead")."""
    negated = {p.lemma for p in facts.predicates if p.negated}
    return {w: w for w in facts.lemmas - negated} | {p.lemma: p.phrase for p in facts.predicates if not p.negated}


NEGATING_PREFIXES = ("un", "in", "im", "il", "ir", "dis", "non", "non-")


def negated_form(word: str, other: str) -> bool:
    """``other`` is ``word`` with a negating prefix: "safe" / "unsafe", "legal" / "illegal", "honest" / "dishonest"."""
    return len(word) >= 4 and any(other == prefix + word for prefix in NEGATING_PREFIXES)


def outcome_signal(fa: ClaimFacts, fb: ClaimFacts) -> Signal | None:
    """A completed outcome ('totally controls', 'joined') against a contested one ('fighting continued').

    Exclusive endings for one group come first: it left ('withdrew', 'fled') vs it was stopped
    ('surrendered', 'were captured').
    """
    clash = exit_signal(fa, fb)
    if clash is not None:
        return clash
    for x, y, flip in ((fa, fb, False), (fb, fa, True)):
        if x.achieved and y.thwarted and not (x.thwarted or (y.achieved and not y.thwarted)):
            pair = (x.achieved[0], y.thwarted[0])
            pair = pair[::-1] if flip else pair
            strong = any(w in x.text.lower().split() for w in lx.ACHIEVED_INTENSIFIERS) or "still" in y.text.lower()
            return Signal("outcome_clash", "contradiction", 0.8 if strong else 0.5, f"outcomes differ: {_q(pair[0])} vs {_q(pair[1])}")
    return None
