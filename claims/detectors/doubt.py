"""Doubt: explicit disagreement cues ('denied the reports') and propositions reported under a
distancing cue ('made the claim that ...', 'so-called')."""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Iterator

from .. import lexicon as lx
from .base import ClaimFacts, Doubt, LIGHT_VERBS, Signal, _cue_regex, _lemma_in, _overlap, _phrase, _q, content_lemmas, shorten
from .causes import same_event
from .polarity import calls_false, disputes


@lru_cache(maxsize=1)
def _doubt_cues() -> dict[str, bool]:
    return {**{c: False for c in lx.WEAK_DOUBT_CUES}, **{c: True for c in lx.DOUBT_CUES}}


def extract_doubts(doc: Any) -> Iterator[Doubt]:
    """Propositions under a distancing cue: the words after the cue up to the clause's end."""
    cues = _doubt_cues()
    lower = doc.text.lower()
    for m in _cue_regex(tuple(cues)).finditer(lower):
        toks = [t for t in doc if t.idx >= m.end()]
        stop = next((k for k, t in enumerate(toks) if t.is_punct and t.text not in ("-", "'", "’")), len(toks))
        toks = toks[:min(stop, 14)]
        if toks:
            core = _doubted_core(toks)
            yield Doubt(m.group(1), _phrase(toks, 14), content_lemmas(toks), core, cues[m.group(1)])


def _doubted_core(toks: list) -> frozenset:
    """The doubted predicate and its object ('brokered a deal'), or the first noun ('so-called truce')."""
    first = next((t for t in toks if t.pos_ in ("NOUN", "PROPN", "VERB")), toks[0])
    verb = next((t for t in toks if t.pos_ == "VERB" and t.lemma_.lower() not in LIGHT_VERBS), None)
    if verb is not None and first.pos_ == "VERB":
        objs = [c for c in verb.children if c.dep_ in ("dobj", "attr", "nsubjpass")]
        return content_lemmas([verb, *objs])
    return content_lemmas([first])


def debunk_signal(fa: ClaimFacts, fb: ClaimFacts) -> Signal | None:
    """One claim calls false what the other plainly asserts ('Singer's death is a hoax' / 'Singer
    found dead at home'): a strong disagreement when they are about the same thing (`_same_subject`)."""
    for x, y, flip in ((fa, fb, False), (fb, fa, True)):
        cue = x.debunk[0] if x.debunk else ""
        if cue and _plain(y) and _same_subject(x, y):
            plain = shorten(y.text, 8)
            text = (f"B calls false what A asserts: {_q(plain)} vs {_q(cue)}" if flip
                    else f"A calls false what B asserts: {_q(cue)} vs {_q(plain)}")
            return Signal("disagreement_cue", "contradiction", 0.8, text)
    return None


def _same_subject(x: ClaimFacts, y: ClaimFacts) -> bool:
    """Two content words shared, one of them a name both use, or much of their content shared;
    a word counts as shared in another form of one stem ('Nicaragua' / 'Nicaraguan', 'fail' / 'failure')."""
    shared = _stem_shared(x.lemmas, y.lemmas)
    names = _stem_shared(frozenset(lemma for _, lemma, tag in x.words if tag == "NAME"),
                         frozenset(lemma for _, lemma, tag in y.words if tag == "NAME"))
    return len(shared) >= 2 and (bool(names & shared) or len(shared) / max(1, min(len(x.lemmas), len(y.lemmas))) >= 0.3)


def _stem_shared(x: frozenset, y: frozenset) -> frozenset:
    """Words of ``x`` that ``y`` uses too, as written or in another form (:func:`same_event`)."""
    return frozenset(a for a in x if a in y or any(same_event(a, b) for b in y))


def _plain(facts: ClaimFacts) -> bool:
    """The claim asserts without a word of doubt, denial or refutation in any form ("not", "n't",
    "rumour", "exposed as hoaxer", "faked" ...)."""
    lower = facts.text.lower()
    return "n’t" not in lower and not facts.disagreement and not facts.debunk and not disputes(lower)


def debunks_agree(fa: ClaimFacts, fb: ClaimFacts) -> Signal | None:
    """Both claims call the story false and neither denies anything ("Woman exposed as hoaxer" /
    "Third breast is a fake"): whatever else differs in their wording, on this they agree."""
    x, y = calls_false(fa.text.lower()), calls_false(fb.text.lower())
    if x and y:
        return Signal("debunks_agree", "corroboration", 1.0, f"both call it false: {_q(x)} and {_q(y)}")
    return None


def disagreement_signal(fa: ClaimFacts, fb: ClaimFacts, a: dict, b: dict) -> Signal | None:
    """An explicit disagreement cue ('denied the reports', 'contrary to') in one claim or its attribution."""
    if (found := debunk_signal(fa, fb)) is not None:
        return found
    for x, y, claim, flip in ((fa, fb, a, False), (fb, fa, b, True)):
        cue = next(iter(x.disagreement), "")
        if not cue and str(claim.get("cue", "")).lower().split()[:1] and _lemma_in(claim.get("cue", ""), lx.DENY_CUE_VERBS):
            cue = str(claim.get("cue"))
        if cue and not (y.disagreement and cue in y.disagreement) and _about_same(x, y) and not _negates(y, x.lemmas):
            other = y.predicates[0].phrase if y.predicates else shorten(y.text, 6)
            pair = (cue, other)
            pair = pair[::-1] if flip else pair
            return Signal("disagreement_cue", "contradiction", 0.7, f"explicit disagreement: {_q(pair[0])} vs {_q(pair[1])}")
    return doubt_signal(fa, fb)


def _plain_phrase(facts: ClaimFacts, shared: frozenset) -> str:
    """The other claim's words that assert the doubted content."""
    hit = next((p.phrase for p in facts.predicates if p.lemma in shared and not p.negated), "")
    return hit or shorten(facts.text, 8)


def doubt_signal(fa: ClaimFacts, fb: ClaimFacts) -> Signal | None:
    """One claim reports under a distancing cue ('make the claim that', 'so-called') what the other asserts."""
    for x, y, flip in ((fa, fb, False), (fb, fa, True)):
        if y.doubts or y.disagreement:
            continue
        for d in x.doubts:
            if _negates(y, d.lemmas):
                continue
            hits = frozenset(c for c in d.core if any(same_event(c, w) for w in y.lemmas))
            shared = d.lemmas & y.lemmas | hits
            if len(shared) >= 2 and hits:
                doubted, plain = f"{d.cue} {d.text}", _plain_phrase(y, shared)
                text = (f"B casts doubt on what A asserts: {_q(plain)} vs {_q(doubted)}" if flip
                        else f"A casts doubt on what B asserts: {_q(doubted)} vs {_q(plain)}")
                return Signal("disagreement_cue", "contradiction", 0.8 if d.strong else 0.6, text)
    return None


def _negates(y: ClaimFacts, words: frozenset) -> bool:
    """``y`` negates a verb of ``words``, what the other claim denies or doubts ("denied that troops
    fired" / "troops did not fire"): it sides with the denial or doubt."""
    return any(p.negated and p.lemma in words for p in y.predicates)


def _about_same(x: ClaimFacts, y: ClaimFacts) -> bool:
    """A disagreement cue counts only against a claim sharing much of its content (not one place name)."""
    shared = x.lemmas & y.lemmas
    return len(shared) >= 2 and _overlap(x.lemmas, y.lemmas) >= 0.3
