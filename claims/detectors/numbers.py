"""Numbers and counts: digits, number words ('three attackers'), vague amounts ('dozens'), and the
numeric mismatch detector (ranges about the same counted thing that cannot both hold)."""
from __future__ import annotations

import dataclasses
import functools
import re
from typing import Any, Iterator

from .. import lexicon as lx
from .base import ClaimFacts, Quantity, Signal, _cue_regex, _q


_SCALED = re.compile(r"(\d+(?:\.\d+)?)(" + "|".join(sorted(set(lx.SCALE_ABBREVIATIONS) | set(lx.NUMBER_SCALES), key=len, reverse=True)) + ")")


def _after_currency(tok: Any) -> bool:
    """The number at ``tok`` (or just before it) follows a currency sign: "$72M", "£3.2bn"."""
    doc = tok.doc
    return any(doc[j].text[-1:] in lx.CURRENCY_SIGNS for j in range(max(0, tok.i - 2), tok.i))


def _abbreviation_scale(word: str, tok: Any) -> float | None:
    """The factor of a scale abbreviation: "M", "bn", "k"; a bare "m" or "b" only after a currency."""
    scale = lx.SCALE_ABBREVIATIONS.get(word.lower()) or lx.NUMBER_SCALES.get(word.lower())
    if scale is None or word in ("m", "b") and not _after_currency(tok):
        return None
    return float(scale)


def _scale_suffix(tok: Any) -> float | None:
    """The scale of a token written onto the number before it ("72M" parsed as "72" + "M")."""
    if tok.i == 0 or tok.lower_ in lx.NUMBER_SCALES:
        return None
    prev = tok.doc[tok.i - 1]
    if not re.fullmatch(r"\d[\d,]*(\.\d+)?", prev.text) or prev.idx + len(prev.text) != tok.idx:
        return None
    return _abbreviation_scale(tok.text, tok)


def _scaled_value(tok: Any) -> float | None:
    """The value of one token carrying its scale: "72million", "5bn", "10k"."""
    m = _SCALED.fullmatch(tok.text.replace(",", ""))
    if m is None:
        return None
    scale = _abbreviation_scale(m.group(2), tok)
    return float(m.group(1)) * scale if scale else None


def _number_value(tokens: list[Any]) -> float | None:
    total, current = 0.0, 0.0
    for tok in tokens:
        word = tok.lower_.replace(",", "")
        if word == "-":
            continue
        suffix, scaled = _scale_suffix(tok), _scaled_value(tok)
        if scaled is not None:
            total += current + scaled
            current = 0.0
        elif suffix is not None:
            total, current = total + max(current, 1) * suffix, 0.0
        elif re.fullmatch(r"\d+(\.\d+)?", word):
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
        numeric = (tok.like_num or tok.lower_ in lx.NUMBER_SCALES or _scaled_value(tok) is not None
                   or group and _scale_suffix(tok) is not None) and _countable(tok)
        hyphen = tok.text == "-" and group and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ in lx.NUMBER_WORDS
        counted_one = tok.lower_ == "one" and tok.dep_ == "nummod" and tok.head.pos_ == "NOUN"
        if (numeric and (tok.lower_ != "one" or counted_one)) or (numeric and group) or hyphen:
            group.append(tok)
            continue
        if group:
            yield group
        group = []
    if group:
        yield group


def _countable(tok: Any) -> bool:
    """Not a year, date, ordinal, score ('6-3') or age after a name ('Ana Souza, 47,'); durations
    ('12 years') count."""
    if re.fullmatch(r"\d+-\d+", tok.text) or tok.ent_type_ == "ORDINAL" or _in_score(tok):
        return False
    if _age_after_name(tok) or _names(tok):
        return False
    if tok.ent_type_ in ("DATE", "TIME"):
        nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
        return nxt is not None and nxt.lemma_.lower() in lx.DURATION_UNITS
    return True


_SET_OFF = {",", "-", "\u2013", "\u2014", "(", ")"}


def _age_after_name(tok: Any) -> bool:
    """'Ana Souza, 47, ...', 'Tom Berg (61)': a small number set off right after a name."""
    doc, i = tok.doc, tok.i
    if not tok.text.isdigit() or int(tok.text) >= 130 or i < 2 or i + 1 >= len(doc):
        return False
    return doc[i - 1].text in _SET_OFF and doc[i - 2].pos_ == "PROPN" and doc[i + 1].text in _SET_OFF


def _names(tok: Any) -> bool:
    """The number is part of a name, right after the word it hangs on or that hangs on it
    ("Boeing 737", "Flight 370", "Article 5", "iOS 8.2"): it tells which one, not how many."""
    before = tok.doc[tok.i - 1] if tok.i > 0 else None
    if before is None or not before.is_alpha or not before.text[:1].isupper() and before.pos_ != "PROPN":
        return False
    return tok.dep_ == "nummod" and tok.head.i == before.i and before.pos_ in ("PROPN", "NOUN") \
        or before.head.i == tok.i and before.pos_ == "PROPN" and before.dep_ in ("compound", "dep", "nmod")


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


_PERIODS = (  # (prefix of the normalised window, pattern)
    ("last", re.compile(r"\b(?:in|over|during|for) the (?:last|past|previous) (\w+) (year|month|week|day|decade)s?\b")),
    ("last", re.compile(r"\b(?:in|over|during|for) the (?:last|past|previous) (year|month|week|day|decade)\b")),
    ("since", re.compile(r"\bsince (?:the )?([\w-]+)")),
    ("", re.compile(r"\b(?:in|during|for) ((?:19|20)\d\d)\b")),
)


def counting_period(text: str) -> str:
    """The one window the claim counts over ("in the last seven years", "since 2003", "in 2021"),
    normalised ("last 7 year", "since 2003", "2021"); "" when it names none, or several."""
    lower = text.lower()
    found = {" ".join(([prefix] if prefix else []) + [str(lx.NUMBER_WORDS.get(g, g)) for g in m.groups()])
             for prefix, pattern in _PERIODS for m in pattern.finditer(lower)}
    return found.pop() if len(found) == 1 else ""


def extract_quantities(doc: Any) -> Iterator[Quantity]:
    """Numbers (with 'as many as', 'at least' ... widening them) and vague amounts ('dozens'),
    each with the window the claim counts it over (:func:`counting_period`)."""
    period = counting_period(doc.text)
    for quantity in _quantities(doc):
        yield dataclasses.replace(quantity, period=period) if period else quantity


def _quantities(doc: Any) -> Iterator[Quantity]:
    for group in _number_groups(doc):
        value = _number_value(group)
        if value is None or (1900 <= value <= 2100 and len(group) == 1 and group[0].text.isdigit()):
            continue
        mod, factors = _modifier(doc, group[0].i)
        low, high = (value * factors[0], value * factors[1]) if factors else (value, value)
        unit, verb = _quantity_target(group[-1])
        words = [t.text for t in group] + ([doc[group[-1].i + 1].text] if group[-1].i + 1 < len(doc) else [])
        yield Quantity(low, high, " ".join(([mod] if mod else []) + words), unit, verb, factors is None,
                       currency=_currency(group, unit))
    yield from _vague_quantities(doc)
    yield from _single_quantities(doc)


def _currency(group: list[Any], unit: str) -> str:
    """The currency of an amount: a sign just before it ("$460", "£ 3bn") or a currency word as
    its unit ("40 euros"); "" when the number is not money."""
    doc, first = group[0].doc, group[0].i
    sign = next((doc[j].text[-1] for j in range(first - 1, max(-1, first - 3), -1) if doc[j].text[-1:] in lx.CURRENCY_SIGNS), "")
    sign = sign or next((t.text[0] for t in group if t.text[:1] in lx.CURRENCY_SIGNS), "")
    return sign or lx.CURRENCY_WORDS.get(unit, "")


def _single_quantities(doc: Any) -> Iterator[Quantity]:
    """'a lone gunman', 'a single victim': a count of one of the noun."""
    for tok in doc:
        if tok.lower_ in lx.SINGLE_WORDS and tok.dep_ == "amod" and tok.head.pos_ == "NOUN" and tok.head.tag_ == "NN":
            yield Quantity(1, 1, f"{tok.text} {tok.head.text}", tok.head.lemma_.lower(), _quantity_target(tok.head)[1], True)


def _vague_quantities(doc: Any) -> Iterator[Quantity]:
    text = doc.text
    lower = text.lower()
    for m in _cue_regex(tuple(lx.VAGUE_QUANTITIES)).finditer(lower):
        if re.match(r"\s+of\s+(thousands|millions)", lower[m.end():]):
            continue
        low, high = lx.VAGUE_QUANTITIES[m.group(1)]
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is None:
            continue
        unit, verb = _vague_target(span)
        tail = lower[m.end():].split()[:2]
        yield Quantity(low, high, " ".join([text[m.start():m.end()]] + tail[:2]), unit, verb, False)


def _vague_target(span: Any) -> tuple[str, str]:
    root = span.root
    for child in root.children:
        if child.lower_ == "of":
            objs = [c for c in child.children if c.dep_ == "pobj"]
            if objs:
                return objs[0].lemma_.lower(), _quantity_target(root)[1]
    return _quantity_target(root)


def _same_target(qa: Quantity, qb: Quantity, single: bool) -> bool:
    """Whether two quantities may count the same thing: the same counted noun or governing verb,
    never money against a count or another currency ("$460" vs "£300" may be one sum); the two
    lone quantities of the claims (``single``) otherwise."""
    if qa.currency != qb.currency:
        return False
    if qa.unit and qa.unit == qb.unit:
        return True
    if qa.verb and qa.verb == qb.verb and (not qa.unit or not qb.unit or qa.unit == qb.unit):
        return True
    if (qa.unit in lx.DURATION_UNITS) != (qb.unit in lx.DURATION_UNITS):
        return False  # a length of time against a count or amount: "two hours" vs "10,000"
    return single and (qa.unit == "percent") == (qb.unit == "percent")


def _named_apart(qa: Quantity, qb: Quantity, fa: ClaimFacts, fb: ClaimFacts) -> bool:
    """The two count different things: each names another counted thing and no shared verb
    ("1 weapons bundle" / "28 bundles", "280-pound" / "20-stone"), or one counts a thing the
    other claim names without counting it ("20,000 for a third breast" / "three breasts").
    Equal, they may be one count in two words; different, they are as likely two counts."""
    if qa.unit in _DAYS and qb.unit in _DAYS:
        return False  # "within two hours" / "for three days": one length of time in two units
    if qa.unit and qb.unit and qa.unit != qb.unit and not (qa.verb and qa.verb == qb.verb):
        return True
    return bool(qa.unit and not qb.unit and qa.unit in fb.lemmas or qb.unit and not qa.unit and qb.unit in fa.lemmas)


def _share_words(fa: ClaimFacts, fb: ClaimFacts) -> bool:
    """The two claims have a content word in common besides numbers, so that their lone
    quantities may be about one thing ("1M for the body" and "made 72 million trading" are not)."""
    return any(not (w[:1].isdigit() or w in lx.NUMBER_WORDS or w in lx.NUMBER_SCALES or w in lx.SCALE_ABBREVIATIONS)
               for w in fa.lemmas & fb.lemmas)


_DAYS = {**lx.DURATION_DAYS, "hour": 1 / 24, "minute": 1 / 1440}


def _overlaps(qa: Quantity, qb: Quantity) -> bool:
    """The two ranges meet (lengths of time compared in days: "48 hours" and "two days" do)."""
    tol = 0.02 if qa.exact and qb.exact else 0.05
    fa, fb = (_DAYS[qa.unit], _DAYS[qb.unit]) if qa.unit in _DAYS and qb.unit in _DAYS else (1.0, 1.0)
    return qa.low * fa <= qb.high * fb * (1 + tol) and qb.low * fb <= qa.high * fa * (1 + tol)


_WRITTEN_NUMBER = re.compile(r"(?<![\w-])(\d+(?:[.,]\d+)*|[a-z]+)(?![\w-])")


@functools.lru_cache(maxsize=4096)
def written_values(text: str) -> frozenset:
    """Every number a text writes as a word of its own, in digits or letters ("aged between 13 and
    14", "one of the 28 bundles"; not the "nine" of "nine-year-old")."""
    out = set()
    for word in _WRITTEN_NUMBER.findall(text.lower()):
        if word[0].isdigit():
            try:
                out.add(float(word.replace(",", "")))
            except ValueError:
                continue
        elif word in lx.NUMBER_WORDS:
            out.add(float(lx.NUMBER_WORDS[word]))
    return frozenset(out)


def _unread(facts: ClaimFacts) -> frozenset:
    """The numbers a claim writes that its quantities do not hold (the parse did not read them as counts)."""
    return written_values(facts.text) - {q.low for q in facts.quantities if q.exact}


def numeric_signal(fa: ClaimFacts, fb: ClaimFacts) -> Signal | None:
    """Quantities about the same thing (same counted noun or verb) whose ranges do not overlap.

    A quantity that equals one in the other claim is accounted for, and so is an exact count the
    other claim writes where its parse read no count; only the rest can clash.
    """
    equal = [(qa, qb) for qa in fa.quantities for qb in fb.quantities if qa.exact and qb.exact and qa.low == qb.low]
    rest_a = [q for q in fa.quantities if all(q is not e[0] for e in equal)]
    rest_b = [q for q in fb.quantities if all(q is not e[1] for e in equal)]
    single = len(rest_a) == 1 and len(rest_b) == 1 and _share_words(fa, fb)
    matched = [(qa, qb) for qa in rest_a for qb in rest_b if _same_target(qa, qb, single)
               and not (qa.period and qb.period and qa.period != qb.period)]  # counted over other windows
    values_a, values_b = _unread(fa), _unread(fb)
    clash = [(qa, qb) for qa, qb in matched if not _overlaps(qa, qb) and not _named_apart(qa, qb, fa, fb)
             and not (qa.exact and qa.low in values_b or qb.exact and qb.low in values_a)]
    agree = equal + [(qa, qb) for qa, qb in matched if _overlaps(qa, qb)]
    if not clash:
        return Signal("numbers_agree", "corroboration", 1.0, f"numbers agree: {_q(agree[0][0].text)} and {_q(agree[0][1].text)}") if agree else None
    qa, qb = clash[0]
    value = (1.0 if qa.exact and qb.exact else 0.8) * (1.0 if qa.unit == qb.unit or qa.verb == qb.verb else 0.7)
    return Signal("numeric_mismatch", "numeric_mismatch", value, f"numbers differ: {_q(qa.text)} vs {_q(qb.text)}")
