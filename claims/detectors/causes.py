"""Causes: causal and purpose clauses, the event they explain, explanation frames, and the
competing-explanation detector."""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Iterator

from .. import lexicon as lx
from .base import Cause, ClaimFacts, LIGHT_VERBS, PRONOUNS, Signal, _lemma, _negated, _overlap, _phrase, _q, content_lemmas


@lru_cache(maxsize=1)
def _frame_index() -> dict[str, tuple[str, ...]]:
    """Word (lemma, form or two-word phrase) -> the explanation frames it names."""
    index: dict[str, tuple[str, ...]] = {}
    for frame, vocab in lx.EXPLANATION_FRAMES.items():
        for word in vocab:
            index[word] = index.get(word, ()) + (frame,)
    return index


def _frames(span: Any) -> dict[str, str]:
    """Explanation frames named in a span: frame -> the word that names it."""
    index = _frame_index()
    toks = list(span)
    lowers = [t.lower_ for t in toks] + [""]
    hits: dict[str, Any] = {}
    for i, tok in enumerate(toks):
        lemma = tok.lemma_.lower()
        names = index.get(lemma, ()) + index.get(lowers[i], ()) + index.get(f"{lemma} {lowers[i + 1]}", ())
        for frame in names:
            if frame not in hits and not _negated(tok):
                hits[frame] = tok
    found: dict[str, str] = {}
    for frame in lx.EXPLANATION_FRAMES:
        if frame in hits:
            tok = hits[frame]
            found[frame] = _phrase([tok, *[c for c in tok.children if c.dep_ in ("amod", "compound")]], 3)
    return found


def _cause_span(doc: Any, start: int, end: int) -> Any:
    last = doc[end - 1]
    objs = [c for c in last.children if c.dep_ in ("pobj", "pcomp", "dobj")]
    if objs:
        sub = list(objs[0].subtree)
        return doc[sub[0].i: sub[-1].i + 1]
    if last.dep_ == "mark":
        sub = [t for t in last.head.subtree if t.i > last.i]
        if sub:
            return doc[sub[0].i: sub[-1].i + 1]
    stop = start + 1
    while stop < len(doc) and stop < end + 10 and not doc[stop].is_punct:
        stop += 1
    return doc[end:stop]


@lru_cache(maxsize=1)
def _cause_cues() -> dict[str, tuple[tuple[list[str], str, bool], ...]]:
    """First word -> (words, cue, negated) for every cause cue, longest cues first."""
    cues = [(c, True) for c in lx.NEGATED_CAUSE_CUES] + [(c, False) for c in lx.CAUSE_CUES]
    index: dict[str, tuple] = {}
    for cue, negated in sorted(cues, key=lambda c: -len(c[0])):
        words = cue.split()
        index[words[0]] = index.get(words[0], ()) + ((words, cue, negated),)
    return index


def extract_causes(doc: Any) -> Iterator[Cause]:
    """Causal/purpose clauses ('due to X', 'because X', 'in exchange for X') and negated ones."""
    lower_tokens = [t.lower_ for t in doc]
    index = _cause_cues()
    hits = [(cue, negated, i, len(words)) for i, w in enumerate(lower_tokens) for words, cue, negated in index.get(w, ())
            if lower_tokens[i:i + len(words)] == words]
    taken: set[int] = set()
    for cue, negated, i, n in sorted(hits, key=lambda h: -len(h[0])):
        if i in taken:
            continue
        span = _cause_span(doc, i, i + n)
        taken.update(range(i, i + n))
        if len(span):
            event = explained_event(doc, i, i + n, span)
            yield Cause(cue, span.text, content_lemmas(span), frozenset(_frames(span)), negated, event)


def _event_word(tok: Any) -> str:
    """The event a word names; a light verb ('came', 'was', 'aimed') stands for its subject noun."""
    if tok.lemma_.lower() in lx.EVENT_LIGHT_VERBS or tok.lemma_.lower() in LIGHT_VERBS or tok.pos_ == "AUX":
        subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
        return subj[0].lemma_.lower() if subj and subj[0].lower_ not in PRONOUNS else ""
    if tok.pos_ == "VERB" and tok.lemma_.lower() not in LIGHT_VERBS:
        return _lemma(tok)
    return tok.lemma_.lower() if tok.pos_ == "NOUN" else ""


def explained_event(doc: Any, start: int, end: int, span: Any) -> str:
    """The event a cause explains: the subject of a verbal cue ('the outbreak was caused by X'),
    else the word the cue attaches to outside the cause ('withdrew' due to X); '' when the cue
    hangs off a reporting verb, since then the parse does not say what is explained."""
    cue_verb = next((t for t in doc[start:end] if t.pos_ == "VERB"), None)
    if cue_verb is not None:
        subj = [c for c in cue_verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in PRONOUNS]
        if subj:
            return subj[0].lemma_.lower()
    inside = set(range(start, end)) | set(range(span.start, span.end))
    tok = doc[start]
    for _ in range(8):
        if tok.i not in inside:
            return "" if tok.lemma_.lower() in lx.REPORTING_VERBS else _event_word(tok)
        if tok.head is tok:
            break
        tok = tok.head
    return ""


def main_events(doc: Any) -> Iterator[str]:
    """Events a text reports: its content verbs and the subjects of its light verbs."""
    for tok in doc:
        if tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() not in lx.REPORTING_VERBS:
            word = _event_word(tok)
            if word:
                yield word


def _event_key(word: str) -> str:
    for group in lx.EVENT_SYNONYMS:
        if word in group:
            return group[0]
    return word[:-1] if word.endswith("e") else word


def same_event(a: str, b: str) -> bool:
    """Two event words name one event: synonyms, or one stem ('withdrew' / 'withdrawal', 'fail' / 'failure')."""
    if not a or not b:
        return False
    ka, kb = _event_key(a), _event_key(b)
    n = min(len(ka), len(kb), 6)
    return ka == kb or (n >= 4 and ka[:n] == kb[:n])


def cause_signal(fa: ClaimFacts, fb: ClaimFacts) -> Signal | None:
    """Different causes or explanations for one event, or a cause one claim explicitly rules out."""
    for x, y, flip in ((fa, fb, False), (fb, fa, True)):
        for neg in (c for c in x.causes if c.negated):
            hits = [c for c in y.causes if not c.negated and _overlap(neg.lemmas, c.lemmas) > 0]
            if hits or (not y.causes and neg.lemmas & y.lemmas and neg.frames & set(y.frames)):
                other = hits[0].text if hits else next(y.frames[f] for f in neg.frames if f in y.frames)
                pair = (f"{neg.cue} {neg.text}", other)
                pair = pair[::-1] if flip else pair
                return Signal("cause_ruled_out", "competing_explanation", 1.0, f"causes differ: {_q(pair[0])} vs {_q(pair[1])}")
    ca = [c for c in fa.causes if not c.negated]
    cb = [c for c in fb.causes if not c.negated]
    if ca and cb:
        return _both_causes(ca, cb, fa, fb)
    if ca or cb:
        return _one_cause(ca or cb, fb if ca else fa, not ca)
    return None


def _explains(cause: Cause, facts: ClaimFacts) -> frozenset:
    """Events a cause may explain: its own, else any (the parse did not say, so do not block)."""
    return frozenset([cause.event]) if cause.event else frozenset([""])


def _both_causes(ca: list, cb: list, fa: ClaimFacts, fb: ClaimFacts) -> Signal | None:
    """Two explicit causes of the same explained event: shared frames or words agree, else they compete."""
    pairs = [(x, y) for x in ca for y in cb
             if any(not u or not v or same_event(u, v) for u in _explains(x, fa) for v in _explains(y, fb))]
    for x, y in pairs:
        if x.frames & y.frames or _overlap(x.lemmas, y.lemmas) > 0.2:
            return Signal("cause_agree", "corroboration", 1.0, f"same explanation: {_q(x.text)} and {_q(y.text)}")
    if not pairs:
        return None
    x, y = pairs[0]
    return Signal("cause_differs", "competing_explanation", 0.9, f"causes differ: {_q(x.text)} vs {_q(y.text)}")


def _one_cause(causes: list, other: ClaimFacts, flip: bool) -> Signal | None:
    """A cause against a claim reporting the same event through a different kind of mechanism."""
    for c in causes:
        if not other.frames or (c.event and not any(same_event(c.event, e) for e in other.events)):
            continue
        shared = sorted(c.frames & set(other.frames))
        pair = (c.text, other.frames[shared[0]] if shared else other.frames[min(other.frames)])
        pair = pair[::-1] if flip else pair
        if shared or _overlap(c.lemmas, other.lemmas) > 0.2:
            return Signal("cause_agree", "corroboration", 1.0, f"same explanation: {_q(pair[0])} and {_q(pair[1])}")
        if c.frames:
            return Signal("cause_differs", "competing_explanation", 0.7, f"causes differ: {_q(pair[0])} vs {_q(pair[1])}")
    return None
