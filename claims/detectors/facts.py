"""One parse per text (:func:`extract_facts`, :class:`FactCache`) and all detectors on a pair (:func:`detect_pair`)."""
from __future__ import annotations

import multiprocessing
import sys
from typing import Any, Iterable

from .. import lexicon as lx
from .align import word_tags
from .base import ClaimFacts, Signal, _cue_phrases, content_lemmas
from .numbers import extract_quantities, numeric_signal
from .dates import date_signal, extract_clocks, extract_dates, time_scope_signal
from .actors import actor_signal, extract_exits
from .polarity import _outcomes, extract_predicates, outcome_signal, polarity_signal, stance_counts
from .causes import _frames, cause_signal, extract_causes, main_events
from .doubt import debunks_agree, disagreement_signal, extract_doubts


def extract_facts(doc: Any) -> ClaimFacts:
    """Reduce one parsed text to the facts the pair detectors compare (and the questions it answers)."""
    from ..topics import claim_questions

    frames = _frames(doc)
    tokens = list(doc)
    lowers = [t.lower_ for t in tokens] + [""]
    text = doc.text  # spaCy joins the tokens again on every read
    return ClaimFacts(
        text=text,
        lemmas=content_lemmas(doc),
        quantities=list(extract_quantities(doc)),
        dates=list(extract_dates(doc)),
        predicates=list(extract_predicates(doc)),
        causes=list(extract_causes(doc)),
        frames=frames,
        disagreement=list(_cue_phrases(text.lower(), lx.DISAGREEMENT_CUES)),
        debunk=tuple(_cue_phrases(text.lower(), lx.DEBUNK_CUES)),
        achieved=list(_outcomes(tokens, lowers, lx.ACHIEVED_WORDS)),
        thwarted=list(_outcomes(tokens, lowers, lx.THWARTED_WORDS)),
        stance=stance_counts(text.lower()),
        events=frozenset(main_events(doc)),
        doubts=list(extract_doubts(doc)),
        exits=list(extract_exits(doc)),
        words=word_tags(doc),
        clocks=list(extract_clocks(text)),
        questions=claim_questions(doc[:]),
    )


PAIR_DETECTORS = ("numeric", "date", "time_scope", "polarity", "actor", "outcome", "cause", "disagreement")


def detect_pair(fa: ClaimFacts, fb: ClaimFacts, a: dict | None = None, b: dict | None = None) -> dict[str, Signal]:
    """All detectors on one pair: signal name -> Signal (absent when a detector found nothing)."""
    a, b = a or {}, b or {}
    found = [numeric_signal(fa, fb), date_signal(fa, fb, a, b), time_scope_signal(fa, fb, a, b),
             polarity_signal(fa, fb), actor_signal(fa, fb), outcome_signal(fa, fb), cause_signal(fa, fb),
             disagreement_signal(fa, fb, a, b), debunks_agree(fa, fb)]
    return {s.name: s for s in found if s is not None}


class FactCache:
    """Parses each distinct text once with ``nlp`` and keeps its :class:`ClaimFacts` in ``facts``.

    ``facts`` is a plain dict (text -> ClaimFacts) so a caller can pickle it and pre-fill it later.
    """

    def __init__(self, nlp: Any, batch_size: int = 128, facts: dict | None = None, spans: dict | None = None,
                 n_process: int = 2, parallel_min: int = 500):
        self.nlp = nlp
        self.batch_size = batch_size
        self.facts = facts if facts is not None else {}
        self.spans = spans if spans is not None else {}
        self.n_process = n_process
        self.parallel_min = parallel_min

    def get(self, texts: Iterable[str]) -> list[ClaimFacts]:
        """Facts per text: from a span the extraction stage already parsed, else a fresh parse."""
        texts = list(texts)
        todo = list(dict.fromkeys(t for t in texts if t not in self.facts))
        self.facts.update(self._from_spans([t for t in todo if t in self.spans]))
        todo = [t for t in todo if t not in self.facts]
        for text, doc in zip(todo, self.nlp.pipe(todo, batch_size=self.batch_size) if todo else ()):
            self.facts[text] = extract_facts(doc)
        return [self.facts[t] for t in texts]

    def _from_spans(self, texts: list[str]) -> dict[str, ClaimFacts]:
        """Facts of already-parsed texts; with many, half are read in a forked process at the same
        time (Linux only: fork is unsafe on macOS and missing on Windows)."""
        if self.n_process < 2 or len(texts) < self.parallel_min or not sys.platform.startswith("linux"):
            return dict(zip(texts, _span_facts(self.spans, texts)))
        ctx = multiprocessing.get_context("fork")
        theirs, mine = texts[::2], texts[1::2]
        receive, send = ctx.Pipe(duplex=False)
        child = ctx.Process(target=_send_span_facts, args=(send, self.spans, theirs), daemon=True)
        child.start()
        send.close()
        found = dict(zip(mine, _span_facts(self.spans, mine)))
        try:
            found.update(zip(theirs, receive.recv()))
        except EOFError:
            found.update(zip(theirs, _span_facts(self.spans, theirs)))
        finally:
            receive.close()
            child.join()
        return found


def _span_facts(spans: dict, texts: list[str]) -> list[ClaimFacts]:
    return [extract_facts(spans[t].as_doc()) for t in texts]


def _send_span_facts(conn: Any, spans: dict, texts: list[str]) -> None:
    conn.send(_span_facts(spans, texts))
    conn.close()
