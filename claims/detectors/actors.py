"""Actors and control: who did an exclusive act (holds, took, won) and how a group's situation
ended (left vs stopped)."""
from __future__ import annotations

from typing import Any, Iterator

from .. import lexicon as lx
from .base import ClaimFacts, Exit, PRONOUNS, Signal, _lemma, _negated, _phrase, _q, _verb_phrase, content_lemmas


def _actor(tok: Any) -> tuple[frozenset, str]:
    subj = [c for c in tok.children if c.dep_ in ("nsubj", "csubj")]
    if not subj:
        agents = [g for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        subj = agents
    if not subj or subj[0].lower_ in PRONOUNS:
        return frozenset(), ""
    head = subj[0]
    toks = [t for t in head.subtree if t.dep_ in ("compound", "amod", "poss") or t is head]
    return content_lemmas(toks) or frozenset([head.lemma_.lower()]), _phrase(toks, 4)


def _group(tok: Any) -> frozenset:
    """Content lemmas of who did (or underwent) an exit: subject, or 'of' object of a noun."""
    subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subj and tok.pos_ == "NOUN":
        subj = [g for c in tok.children if c.lower_ in ("of", "by") for g in c.children if g.dep_ == "pobj"]
    if not subj or subj[0].lower_ in PRONOUNS:
        return frozenset()
    head = subj[0]
    of = [g for c in head.children if c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
    return content_lemmas(t for t in head.subtree if t.dep_ in ("compound", "amod") or t is head or t in of)


def _passive(tok: Any) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)


def extract_exits(doc: Any) -> Iterator[Exit]:
    """How a group's situation ended: left under its own power vs surrendered or was captured."""
    for tok in doc:
        if tok.pos_ not in ("VERB", "NOUN") or _negated(tok):
            continue
        word, lemma = _lemma(tok), tok.lemma_.lower()
        if tok.pos_ == "VERB" and (word in lx.EXIT_STOPPED_PASSIVE or lemma in lx.EXIT_STOPPED_PASSIVE):
            kind = "stopped" if _passive(tok) else ""
        elif word in lx.EXIT_STOPPED_WORDS or lemma in lx.EXIT_STOPPED_WORDS:
            kind = "stopped"
        else:
            kind = "left" if (word in lx.EXIT_LEFT_WORDS or lemma in lx.EXIT_LEFT_WORDS) else ""
        if kind:
            phrase = _verb_phrase(tok) if tok.pos_ == "VERB" else _phrase([tok, *tok.subtree], 5)
            yield Exit(kind, phrase, _group(tok))


def _actors_differ(fa: ClaimFacts, fb: ClaimFacts, u: str, v: str) -> bool:
    """Both opposite predicates have known, disjoint actors ('they lost' vs 'the army gained')."""
    xa = [p.actor for p in fa.predicates if p.lemma == u and p.actor]
    xb = [p.actor for p in fb.predicates if p.lemma == v and p.actor]
    return bool(xa and xb) and not any(a & b for a in xa for b in xb)


def actor_signal(fa: ClaimFacts, fb: ClaimFacts) -> Signal | None:
    """The same exclusive predicate (holds, took, won) with different actors."""
    for pa in fa.predicates:
        for pb in fb.predicates:
            both = pa.lemma in lx.EXCLUSIVE_PREDICATES and pb.lemma in lx.EXCLUSIVE_PREDICATES
            if (both and pa.actor and pb.actor and not pa.actor & pb.actor and not pa.negated and not pb.negated):
                value = 0.9 if pa.lemma == pb.lemma else 0.7
                return Signal("actor_clash", "contradiction", value, f"different actors: {_q(pa.phrase)} vs {_q(pb.phrase)}")
    return None


def exit_signal(fa: ClaimFacts, fb: ClaimFacts) -> Signal | None:
    """One claim has a group leave under its own power, the other has the same group stopped."""
    kinds_a, kinds_b = {e.kind for e in fa.exits}, {e.kind for e in fb.exits}
    if len(kinds_a) != 1 or len(kinds_b) != 1 or kinds_a == kinds_b:
        return None
    for ea in fa.exits:
        for eb in fb.exits:
            if not ea.group or not eb.group or ea.group & eb.group:
                return Signal("outcome_clash", "contradiction", 0.8,
                              f"the ending differs: {_q(ea.phrase)} vs {_q(eb.phrase)}")
    return None
