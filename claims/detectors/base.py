"""Shared records and helpers of the pair detectors: the facts read from one text, signals, quoting."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterable, Iterator

from .. import lexicon as lx


LIGHT_VERBS = frozenset(("say", "be", "have", "do", "tell", "report", "add", "accord", "make", "go",
                         "get", "include", "state", "claim", "note", "come", "believe", "think"))
PRONOUNS = frozenset(("he", "she", "it", "they", "we", "i", "you", "who", "which", "that", "this"))
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
DISJOINT_DAYS = 400
PARTICLES = frozenset(("ahead", "off", "down", "up", "out", "back", "away"))


@dataclass(frozen=True)
class Quantity:
    """A number or vague amount, as a (low, high) range, with what it counts."""

    low: float
    high: float
    text: str
    unit: str = ""
    verb: str = ""
    exact: bool = True
    period: str = ""  # the window it is counted over: "last 7 year", "since 2003", "2021" ("" = not said)
    currency: str = ""  # the currency sign of an amount of money ("" = not money)


@dataclass(frozen=True)
class DateMention:
    """A date expression; missing parts are None (the year may come from the claim's scope)."""

    text: str
    year: int | None = None
    month: int | None = None
    day_low: int | None = None
    day_high: int | None = None
    weekday: str = ""
    fuzzy: bool = False


@dataclass(frozen=True)
class Clock:
    """A clock time as minutes after midnight; ``half_day`` is False when a.m./p.m. is not said."""

    text: str
    minutes: int
    half_day: bool = True


@dataclass(frozen=True)
class Predicate:
    """A verb with its polarity, actor (logical subject) and a short quotable phrase; ``state`` for
    the complement of "be" ("is unsafe": lemma "unsafe"); ``patient``: what a passive or a
    participle says underwent it ("students were not found", "bodies found in a grave")."""

    lemma: str
    negated: bool
    actor: frozenset
    actor_text: str
    phrase: str
    state: bool = False
    patient: frozenset = frozenset()


@dataclass(frozen=True)
class Cause:
    """A causal or purpose clause: the cue, the cause words, their lemmas and explanation frames."""

    cue: str
    text: str
    lemmas: frozenset
    frames: frozenset
    negated: bool = False
    event: str = ""


@dataclass(frozen=True)
class Doubt:
    """A proposition reported under a distancing cue ('make the claim that X', 'so-called X')."""

    cue: str
    text: str
    lemmas: frozenset
    core: frozenset
    strong: bool = True


@dataclass(frozen=True)
class Exit:
    """How a group's situation ended: ``left`` (withdrew, fled) or ``stopped`` (surrendered, captured)."""

    kind: str
    phrase: str
    group: frozenset


@dataclass
class ClaimFacts:
    """Everything the pair detectors need from one parsed text."""

    text: str
    lemmas: frozenset = frozenset()
    quantities: list[Quantity] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    predicates: list[Predicate] = field(default_factory=list)
    causes: list[Cause] = field(default_factory=list)
    frames: dict[str, str] = field(default_factory=dict)
    disagreement: list[str] = field(default_factory=list)
    debunk: tuple[str, ...] = ()  # words calling a report false ("hoax", "cast doubt"), lexicon.DEBUNK_CUES
    achieved: list[str] = field(default_factory=list)
    thwarted: list[str] = field(default_factory=list)
    stance: tuple[int, ...] = (0, 0, 0, 0)
    events: frozenset = frozenset()
    doubts: list[Doubt] = field(default_factory=list)
    exits: list[Exit] = field(default_factory=list)
    words: tuple[tuple[str, str, str], ...] = ()
    clocks: list[Clock] = field(default_factory=list)  # (text, lemma, tag) per content word, see align.word_tags
    questions: Any = None  # claims.topics.ClaimQuestions, for naming the topic without a second parse

    @property
    def disowns(self) -> bool:
        """The claim reports what it denies, doubts or calls false (a debunk, denial or doubt cue)."""
        return bool(self.debunk or self.disagreement or self.doubts)


@dataclass(frozen=True)
class Signal:
    """One detector's finding on a pair: the kind it supports, a strength in [0, 1], the reason."""

    name: str
    kind: str
    value: float
    explanation: str = ""


def content_lemmas(tokens: Iterable[Any]) -> frozenset:
    """Lower-case lemmas of content words (nouns, verbs, adjectives, numbers, names)."""
    keep = ("NOUN", "PROPN", "VERB", "ADJ", "NUM")
    return frozenset(t.lemma_.lower() for t in tokens if t.pos_ in keep and not t.is_stop and len(t.text) > 1)


def _phrase(tokens: Iterable[Any], limit: int = 7) -> str:
    toks = sorted(set(tokens), key=lambda t: t.i)[:limit]
    return " ".join(t.text for t in toks)


def shorten(text: str, words: int = 8) -> str:
    """At most ``words`` words, eliding the middle with '...' so the quote stays checkable."""
    parts = text.split()
    if len(parts) <= words:
        return text
    return " ".join(parts[: words - 3] + ["..."] + parts[-2:])


_NOT = ("not", "n't", "n\u2019t", "never", "no")


def _negated(tok: Any) -> bool:
    """The verb is negated: "did not go", "never went", "no one went", "failed to go", and
    "wasn\u2019t" whose curly apostrophe the parser leaves as punctuation on the auxiliary."""
    if any(c.dep_ == "neg" or c.lower_ in _NOT for c in tok.children):
        return True
    if any(c.dep_ in ("aux", "auxpass") and any(g.lower_ in _NOT for g in c.children) for c in tok.children):
        return True
    if any(c.dep_ in ("nsubj", "nsubjpass", "dobj") and any(d.lower_ == "no" for d in c.children) for c in tok.children):
        return True
    head = tok.head
    return tok.dep_ in ("xcomp", "pcomp") and head.lemma_.lower() in lx.NEGATING_VERBS


def _verb_phrase(tok: Any) -> str:
    keep = [tok] + [c for c in tok.children if c.dep_ in ("aux", "auxpass", "neg", "prt", "advmod", "acomp")]
    keep += [c for c in tok.children if c.dep_ in ("dobj", "attr", "nsubj", "nsubjpass") and c.lower_ not in PRONOUNS]
    return _phrase(keep, 6)


def _lemma(tok: Any) -> str:
    """Verb lemma with its particle ('call off', 'strike down')."""
    prt = [c.lower_ for c in tok.children if c.dep_ == "prt" or (c.dep_ == "advmod" and c.lower_ in PARTICLES)]
    return " ".join([tok.lemma_.lower(), *prt])


@lru_cache(maxsize=32)
def _cue_regex(cues: tuple[str, ...]) -> re.Pattern:
    """One alternation over all cues, longest first, compiled once per word list."""
    return re.compile(r"\b(" + "|".join(re.escape(c) for c in sorted(cues, key=len, reverse=True)) + r")\b")


def _cue_phrases(lower: str, cues: Iterable[str]) -> Iterator[str]:
    """Each cue found in ``lower`` once, longest cues first (equal lengths alphabetically, so the
    order never depends on Python's per-process string hashing)."""
    found = set(_cue_regex(tuple(cues)).findall(lower))
    yield from sorted(found, key=lambda cue: (-len(cue), cue))


def _q(text: str) -> str:
    return f"'{shorten(text)}'"


def _overlap(x: frozenset, y: frozenset) -> float:
    return len(x & y) / max(1, min(len(x), len(y))) if x and y else 0.0


def _lemma_in(word: str, stems: Iterable[str]) -> bool:
    w = str(word).lower().strip()
    return any(w.startswith(s[:-1] if s.endswith("e") else s) for s in stems)


def difference_phrase(fa: ClaimFacts, fb: ClaimFacts, words: int = 4) -> str:
    """'X' vs 'Y': the first content words only one claim has, for a generic explanation."""
    only_a = [w for w in _ordered_lemmas(fa.text) if w in fa.lemmas - fb.lemmas][:words]
    only_b = [w for w in _ordered_lemmas(fb.text) if w in fb.lemmas - fa.lemmas][:words]
    return f"'{' '.join(only_a) or shorten(fa.text, 5)}' vs '{' '.join(only_b) or shorten(fb.text, 5)}'"


def _ordered_lemmas(text: str) -> list[str]:
    seen: list[str] = []
    for w in re.findall(r"[\w'-]+", text.lower()):
        if w not in seen:
            seen.append(w)
    return seen
