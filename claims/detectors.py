"""Structured, explainable signals that two claims conflict or agree, read from the spaCy parse.

Each text is reduced once to :class:`ClaimFacts` (quantities, dates, predicates, causes, cue
phrases); pair detectors compare two facts records and return :class:`Signal` records whose
``explanation`` quotes the differing words from both claims, so a reader can check them.
Word lists live in :mod:`claims.lexicon` (relations section); nothing here knows a story.
"""
from __future__ import annotations

import calendar
import multiprocessing
import re
import sys
from functools import lru_cache
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterable, Iterator

from . import lexicon as lx

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
class Predicate:
    """A verb with its polarity, actor (logical subject) and a short quotable phrase."""

    lemma: str
    negated: bool
    actor: frozenset
    actor_text: str
    phrase: str


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
    achieved: list[str] = field(default_factory=list)
    thwarted: list[str] = field(default_factory=list)
    stance: tuple[int, ...] = (0, 0, 0, 0)
    events: frozenset = frozenset()
    doubts: list[Doubt] = field(default_factory=list)
    exits: list[Exit] = field(default_factory=list)


@dataclass(frozen=True)
class Signal:
    """One detector's finding on a pair: the kind it supports, a strength in [0, 1], the reason."""

    name: str
    kind: str
    value: float
    explanation: str = ""


# ---- per-text extraction ----------------------------------------------------------------------

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


def extract_facts(doc: Any) -> ClaimFacts:
    """Reduce one parsed text to the facts the pair detectors compare."""
    frames = _frames(doc)
    tokens = list(doc)
    lowers = [t.lower_ for t in tokens] + [""]
    return ClaimFacts(
        text=doc.text,
        lemmas=content_lemmas(doc),
        quantities=list(extract_quantities(doc)),
        dates=list(extract_dates(doc)),
        predicates=list(extract_predicates(doc)),
        causes=list(extract_causes(doc)),
        frames=frames,
        disagreement=list(_cue_phrases(doc.text.lower(), lx.DISAGREEMENT_CUES)),
        achieved=list(_outcomes(tokens, lowers, lx.ACHIEVED_WORDS)),
        thwarted=list(_outcomes(tokens, lowers, lx.THWARTED_WORDS)),
        stance=stance_counts(doc.text.lower()),
        events=frozenset(main_events(doc)),
        doubts=list(extract_doubts(doc)),
        exits=list(extract_exits(doc)),
    )


STANCE_LISTS = ("REFUTING_WORDS", "REPORTING_HEDGES", "CONFIRMING_WORDS", "NEGATION_WORDS")


def stance_counts(lower: str) -> tuple[int, ...]:
    """How many refuting, hedging, confirming and negation words a text uses (stance features)."""
    lower = lower.replace("n't", " n't")
    return tuple(len(_cue_regex(tuple(getattr(lx, name))).findall(lower)) for name in STANCE_LISTS)


def _number_value(tokens: list[Any]) -> float | None:
    total, current = 0.0, 0.0
    for tok in tokens:
        word = tok.lower_.replace(",", "")
        if word == "-":
            continue
        if re.fullmatch(r"\d+(\.\d+)?", word):
            current += float(word)
        elif word in lx.NUMBER_WORDS:
            current += lx.NUMBER_WORDS[word]
        elif word in lx.NUMBER_SCALES:
            current = max(current, 1) * lx.NUMBER_SCALES[word]
            if lx.NUMBER_SCALES[word] >= 1000:
                total, current = total + current, 0.0
        elif "-" in word and all(w in lx.NUMBER_WORDS for w in word.split("-")):
            current += sum(lx.NUMBER_WORDS[w] for w in word.split("-"))
        else:
            return None
    value = total + current
    return value if tokens else None


def _number_groups(doc: Any) -> Iterator[list[Any]]:
    group: list[Any] = []
    for tok in doc:
        numeric = (tok.like_num or tok.lower_ in lx.NUMBER_SCALES) and _countable(tok)
        hyphen = tok.text == "-" and group and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ in lx.NUMBER_WORDS
        if (numeric and tok.lower_ not in ("one",)) or (numeric and group) or hyphen:
            group.append(tok)
            continue
        if group:
            yield group
        group = []
    if group:
        yield group


def _countable(tok: Any) -> bool:
    """Not a year, date, ordinal or score ('6-3'); durations ('12 years') count."""
    if re.fullmatch(r"\d+-\d+", tok.text) or tok.ent_type_ == "ORDINAL" or _in_score(tok):
        return False
    if tok.ent_type_ in ("DATE", "TIME"):
        nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
        return nxt is not None and nxt.lemma_.lower() in lx.DURATION_UNITS
    return True


def _in_score(tok: Any) -> bool:
    """'6-3', '2-1': digits joined by a hyphen are a score or ratio, not a count."""
    doc, i = tok.doc, tok.i
    left = i >= 2 and doc[i - 1].text == "-" and doc[i - 2].text.isdigit()
    right = i + 2 < len(doc) and doc[i + 1].text == "-" and doc[i + 2].text.isdigit()
    return tok.text.isdigit() and (left or right)


def _quantity_target(tok: Any) -> tuple[str, str]:
    """(counted noun, governing verb) for a number token."""
    unit = tok.head.lemma_.lower() if tok.dep_ in ("nummod", "quantmod") and tok.head.pos_ in ("NOUN", "PROPN") else ""
    if tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ in ("%", "percent"):
        unit = "percent"
    head = tok
    for _ in range(4):
        if head.pos_ in ("VERB", "AUX") or head.head is head:
            break
        head = head.head
    return unit, head.lemma_.lower() if head.pos_ in ("VERB", "AUX") else ""


def _modifier(doc: Any, start: int) -> tuple[str, tuple[float, float] | None]:
    before = " ".join(t.lower_ for t in doc[max(0, start - 3):start])
    for phrase, factors in lx.QUANTITY_MODIFIERS.items():
        if before.endswith(phrase):
            return phrase, factors
    return "", None


def extract_quantities(doc: Any) -> Iterator[Quantity]:
    """Numbers (with 'as many as', 'at least' ... widening them) and vague amounts ('dozens')."""
    for group in _number_groups(doc):
        value = _number_value(group)
        if value is None or (1900 <= value <= 2100 and len(group) == 1 and group[0].text.isdigit()):
            continue
        mod, factors = _modifier(doc, group[0].i)
        low, high = (value * factors[0], value * factors[1]) if factors else (value, value)
        unit, verb = _quantity_target(group[-1])
        words = [t.text for t in group] + ([doc[group[-1].i + 1].text] if group[-1].i + 1 < len(doc) else [])
        yield Quantity(low, high, " ".join(([mod] if mod else []) + words), unit, verb, factors is None)
    yield from _vague_quantities(doc)


def _vague_quantities(doc: Any) -> Iterator[Quantity]:
    lower = doc.text.lower()
    for m in _cue_regex(tuple(lx.VAGUE_QUANTITIES)).finditer(lower):
        if re.match(r"\s+of\s+(thousands|millions)", lower[m.end():]):
            continue
        low, high = lx.VAGUE_QUANTITIES[m.group(1)]
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is None:
            continue
        unit, verb = _vague_target(span)
        tail = lower[m.end():].split()[:2]
        yield Quantity(low, high, " ".join([doc.text[m.start():m.end()]] + tail[:2]), unit, verb, False)


def _vague_target(span: Any) -> tuple[str, str]:
    root = span.root
    for child in root.children:
        if child.lower_ == "of":
            objs = [c for c in child.children if c.dep_ == "pobj"]
            if objs:
                return objs[0].lemma_.lower(), _quantity_target(root)[1]
    return _quantity_target(root)


# ---- dates --------------------------------------------------------------------------------------

def extract_dates(doc: Any) -> Iterator[DateMention]:
    """DATE entities parsed into year / month / day range / weekday; vague parts marked fuzzy."""
    for ent in doc.ents:
        if ent.label_ in ("DATE", "TIME"):
            mention = parse_date(ent.text)
            if mention is not None:
                yield mention


def parse_date(text: str) -> DateMention | None:
    """'May 19', 'early May 2013', '2024', 'Tuesday' -> a DateMention; None if nothing datable."""
    low = text.lower()
    year = re.search(r"\b(1[89]\d\d|20\d\d)\b", low)
    month = next((n for name, n in lx.MONTHS.items() if re.search(rf"\b{name}\b", low)), None)
    weekday = next((d for d in lx.WEEKDAYS if d in low), "")
    day = re.search(r"\b([12]?\d|3[01])(st|nd|rd|th)?\b", re.sub(r"\b(1[89]|20)\d\d\b", "", low))
    part = next((p for p in lx.MONTH_PARTS if re.search(rf"\b{p}\b", low)), "")
    if not (year or month or weekday):
        return None
    day_low = day_high = int(day.group(1)) if (day and month) else None
    if part and month and day_low is None:
        day_low, day_high = lx.MONTH_PARTS[part]
        day_high = day_high or 31
    return DateMention(text, int(year.group(1)) if year else None, month, day_low, day_high, weekday, bool(part))


def date_interval(m: DateMention, ref_year: int | None) -> tuple[int, int] | None:
    """Ordinal-day interval of a mention, taking the year from ``ref_year`` when missing."""
    year = m.year or ref_year
    if year is None:
        return None
    if m.month is None:
        return (date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()) if m.year else None
    last = calendar.monthrange(year, m.month)[1]
    lo, hi = (m.day_low or 1), min(m.day_high or last, last)
    return date(year, m.month, min(lo, last)).toordinal(), date(year, m.month, hi).toordinal()


def parse_scope(value: Any) -> tuple[int, int] | None:
    """An ISO-ish time scope ('2013', '2013-06', '2013-06-05', '2013-06-05T..') as ordinal days."""
    m = re.match(r"\s*(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", str(value or ""))
    if not m:
        return None
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    if month is None:
        return date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
    month = int(month)
    if not 1 <= month <= 12:
        return None
    last = calendar.monthrange(year, month)[1]
    if day is None:
        return date(year, month, 1).toordinal(), date(year, month, last).toordinal()
    d = date(year, month, min(int(day), last)).toordinal()
    return d, d


# ---- predicates, outcomes, causes ---------------------------------------------------------------

def _negated(tok: Any) -> bool:
    if any(c.dep_ == "neg" or c.lower_ in ("never", "no") for c in tok.children):
        return True
    if any(c.dep_ in ("nsubj", "nsubjpass", "dobj") and any(d.lower_ == "no" for d in c.children) for c in tok.children):
        return True
    head = tok.head
    return tok.dep_ in ("xcomp", "pcomp") and head.lemma_.lower() in lx.NEGATING_VERBS


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


def _verb_phrase(tok: Any) -> str:
    keep = [tok] + [c for c in tok.children if c.dep_ in ("aux", "auxpass", "neg", "prt", "advmod", "acomp")]
    keep += [c for c in tok.children if c.dep_ in ("dobj", "attr", "nsubj", "nsubjpass") and c.lower_ not in PRONOUNS]
    return _phrase(keep, 6)


def extract_predicates(doc: Any) -> Iterator[Predicate]:
    """Verbs (minus light reporting verbs) with polarity, actor and a quotable phrase."""
    for tok in doc:
        if tok.pos_ == "VERB" and tok.lemma_.lower() not in LIGHT_VERBS:
            actor, actor_text = _actor(tok)
            yield Predicate(_lemma(tok), _negated(tok), actor, actor_text, _verb_phrase(tok))
        elif tok.lemma_ == "be":
            for comp in _copula_complements(tok):
                actor, actor_text = _actor(tok)
                yield Predicate(comp.lemma_.lower(), _negated(tok), actor, actor_text, _verb_phrase(tok) + " " + comp.text)


def _lemma(tok: Any) -> str:
    """Verb lemma with its particle ('call off', 'strike down')."""
    prt = [c.lower_ for c in tok.children if c.dep_ == "prt" or (c.dep_ == "advmod" and c.lower_ in PARTICLES)]
    return " ".join([tok.lemma_.lower(), *prt])


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


@lru_cache(maxsize=32)
def _cue_regex(cues: tuple[str, ...]) -> re.Pattern:
    """One alternation over all cues, longest first, compiled once per word list."""
    return re.compile(r"\b(" + "|".join(re.escape(c) for c in sorted(cues, key=len, reverse=True)) + r")\b")


def _cue_phrases(lower: str, cues: Iterable[str]) -> Iterator[str]:
    """Each cue found in ``lower`` once, longest cues first."""
    found = set(_cue_regex(tuple(cues)).findall(lower))
    yield from sorted(found, key=len, reverse=True)


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


# ---- pair detectors -----------------------------------------------------------------------------

def _q(text: str) -> str:
    return f"'{shorten(text)}'"


def _same_target(qa: Quantity, qb: Quantity, single: bool) -> bool:
    if qa.unit and qa.unit == qb.unit:
        return True
    if qa.verb and qa.verb == qb.verb and (not qa.unit or not qb.unit or qa.unit == qb.unit):
        return True
    return single and (qa.unit == "percent") == (qb.unit == "percent")


def _overlaps(qa: Quantity, qb: Quantity) -> bool:
    tol = 0.02 if qa.exact and qb.exact else 0.05
    return qa.low <= qb.high * (1 + tol) and qb.low <= qa.high * (1 + tol)


def numeric_signal(fa: ClaimFacts, fb: ClaimFacts) -> Signal | None:
    """Quantities about the same thing (same counted noun or verb) whose ranges do not overlap.

    A quantity that equals one in the other claim is accounted for; only the rest can clash.
    """
    equal = [(qa, qb) for qa in fa.quantities for qb in fb.quantities if qa.exact and qb.exact and qa.low == qb.low]
    rest_a = [q for q in fa.quantities if all(q is not e[0] for e in equal)]
    rest_b = [q for q in fb.quantities if all(q is not e[1] for e in equal)]
    single = len(rest_a) == 1 and len(rest_b) == 1
    matched = [(qa, qb) for qa in rest_a for qb in rest_b if _same_target(qa, qb, single)]
    clash = [(qa, qb) for qa, qb in matched if not _overlaps(qa, qb)]
    agree = equal + [(qa, qb) for qa, qb in matched if _overlaps(qa, qb)]
    if not clash:
        return Signal("numbers_agree", "corroboration", 1.0, f"numbers agree: {_q(agree[0][0].text)} and {_q(agree[0][1].text)}") if agree else None
    qa, qb = clash[0]
    value = (1.0 if qa.exact and qb.exact else 0.8) * (1.0 if qa.unit == qb.unit or qa.verb == qb.verb else 0.7)
    return Signal("numeric_mismatch", "numeric_mismatch", value, f"numbers differ: {_q(qa.text)} vs {_q(qb.text)}")


def _ref_year(claim: dict, facts: ClaimFacts) -> int | None:
    years = [m.year for m in facts.dates if m.year]
    if years:
        return years[0]
    for key in ("time_start", "published", "time_end"):
        m = re.match(r"\s*(\d{4})", str(claim.get(key) or ""))
        if m:
            return int(m.group(1))
    return None


def _date_pairs(fa: ClaimFacts, fb: ClaimFacts, a: dict, b: dict) -> Iterator[tuple[DateMention, DateMention, tuple, tuple]]:
    ya, yb = _ref_year(a, fa), _ref_year(b, fb)
    ya, yb = ya or yb or 2000, yb or ya or 2000
    for ma in fa.dates:
        for mb in fb.dates:
            ia, ib = date_interval(ma, ya), date_interval(mb, yb)
            if ia and ib and (ma.month is not None) == (mb.month is not None):
                yield ma, mb, ia, ib


def date_signal(fa: ClaimFacts, fb: ClaimFacts, a: dict, b: dict) -> Signal | None:
    """Dates for one event that cannot both hold ('May 19' vs 'May 12'; 'early May' is soft)."""
    best: Signal | None = None
    for ma, mb, ia, ib in _date_pairs(fa, fb, a, b):
        if ia[0] <= ib[1] and ib[0] <= ia[1]:
            return Signal("dates_agree", "corroboration", 1.0, f"dates agree: {_q(ma.text)} and {_q(mb.text)}")
        limit = 5 * 365 if ma.month is None else DISJOINT_DAYS
        if abs((ia[0] + ia[1]) - (ib[0] + ib[1])) / 2 > limit:
            continue
        value = 0.6 if (ma.fuzzy or mb.fuzzy) else 1.0
        if best is None or value > best.value:
            best = Signal("date_mismatch", "date_mismatch", value, f"dates differ: {_q(ma.text)} vs {_q(mb.text)}")
    if best is None:
        wa = {m.weekday: m.text for m in fa.dates if m.weekday and m.month is None}
        wb = {m.weekday: m.text for m in fb.dates if m.weekday and m.month is None}
        if wa and wb and not set(wa) & set(wb):
            best = Signal("date_mismatch", "date_mismatch", 0.7, f"days differ: {_q(next(iter(wa.values())))} vs {_q(next(iter(wb.values())))}")
    return best


def _scope(claim: dict) -> tuple[int, int] | None:
    start = parse_scope(claim.get("time_start")) or parse_scope(claim.get("published"))
    end = parse_scope(claim.get("time_end")) or start
    return (start[0], max(end[1], start[0])) if start else None


def time_scope_signal(fa: ClaimFacts, fb: ClaimFacts, a: dict, b: dict) -> Signal | None:
    """Claims about periods far apart (no overlap, centres > ~13 months apart) are different events."""
    sa, sb = _scope(a), _scope(b)
    years_a = {m.year for m in fa.dates if m.year and m.month is None}
    years_b = {m.year for m in fb.dates if m.year and m.month is None}
    if years_a and years_b and not years_a & years_b and min(abs(x - y) for x in years_a for y in years_b) > 5:
        return Signal("time_disjoint", "unrelated", 1.0, f"different periods: '{min(years_a)}' vs '{min(years_b)}'")
    if not (sa and sb) or (sa[0] <= sb[1] and sb[0] <= sa[1]):
        return None
    if abs((sa[0] + sa[1]) - (sb[0] + sb[1])) / 2 <= DISJOINT_DAYS:
        return None
    da, db = date.fromordinal(sa[0]), date.fromordinal(sb[0])
    return Signal("time_disjoint", "unrelated", 1.0, f"different periods: '{da:%Y-%m}' vs '{db:%Y-%m}'")


def polarity_signal(fa: ClaimFacts, fb: ClaimFacts) -> Signal | None:
    """One claim asserts a predicate the other negates, or they use opposite predicates."""
    for pa in fa.predicates:
        for pb in fb.predicates:
            if pa.lemma == pb.lemma and pa.negated != pb.negated and (not pa.actor or not pb.actor or pa.actor & pb.actor):
                return Signal("negation", "contradiction", 1.0, f"one affirms what the other negates: {_q(pa.phrase)} vs {_q(pb.phrase)}")
    words_a = {w: w for w in fa.lemmas} | {p.lemma: p.phrase for p in fa.predicates if not p.negated}
    words_b = {w: w for w in fb.lemmas} | {p.lemma: p.phrase for p in fb.predicates if not p.negated}
    shared = fa.lemmas & fb.lemmas
    for x, y in lx.ANTONYM_PAIRS:
        for u, v in ((x, y), (y, x)):
            if u in words_a and v in words_b and v not in words_a and u not in words_b \
                    and len(shared - {u, v}) >= 2 and not _actors_differ(fa, fb, u, v):
                return Signal("antonym", "contradiction", 0.8, f"opposite outcomes: {_q(words_a[u])} vs {_q(words_b[v])}")
    return None


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


def _overlap(x: frozenset, y: frozenset) -> float:
    return len(x & y) / max(1, min(len(x), len(y))) if x and y else 0.0


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


def disagreement_signal(fa: ClaimFacts, fb: ClaimFacts, a: dict, b: dict) -> Signal | None:
    """An explicit disagreement cue ('denied the reports', 'contrary to') in one claim or its attribution."""
    for x, y, claim, flip in ((fa, fb, a, False), (fb, fa, b, True)):
        cue = next(iter(x.disagreement), "")
        if not cue and str(claim.get("cue", "")).lower().split()[:1] and _lemma_in(claim.get("cue", ""), lx.DENY_CUE_VERBS):
            cue = str(claim.get("cue"))
        if cue and not (y.disagreement and cue in y.disagreement) and _about_same(x, y):
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
            hits = frozenset(c for c in d.core if any(same_event(c, w) for w in y.lemmas))
            shared = d.lemmas & y.lemmas | hits
            if len(shared) >= 2 and hits:
                doubted, plain = f"{d.cue} {d.text}", _plain_phrase(y, shared)
                text = (f"B casts doubt on what A asserts: {_q(plain)} vs {_q(doubted)}" if flip
                        else f"A casts doubt on what B asserts: {_q(doubted)} vs {_q(plain)}")
                return Signal("disagreement_cue", "contradiction", 0.8 if d.strong else 0.6, text)
    return None


def _about_same(x: ClaimFacts, y: ClaimFacts) -> bool:
    """A disagreement cue counts only against a claim sharing much of its content (not one place name)."""
    shared = x.lemmas & y.lemmas
    return len(shared) >= 2 and _overlap(x.lemmas, y.lemmas) >= 0.3


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


PAIR_DETECTORS = ("numeric", "date", "time_scope", "polarity", "actor", "outcome", "cause", "disagreement")


def detect_pair(fa: ClaimFacts, fb: ClaimFacts, a: dict | None = None, b: dict | None = None) -> dict[str, Signal]:
    """All detectors on one pair: signal name -> Signal (absent when a detector found nothing)."""
    a, b = a or {}, b or {}
    found = [numeric_signal(fa, fb), date_signal(fa, fb, a, b), time_scope_signal(fa, fb, a, b),
             polarity_signal(fa, fb), actor_signal(fa, fb), outcome_signal(fa, fb), cause_signal(fa, fb),
             disagreement_signal(fa, fb, a, b)]
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
