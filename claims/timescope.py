"""Resolve a claim's time reference against the document's publication date.

``resolve("on Wednesday ...", "2013-06-06")`` gives the interval the claim speaks about, so
later stages can tell a claim about 2013 from one about 2024. A claim without a time
reference inherits the publication window (``text="publication date"``).
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Callable, Iterator

from . import lexicon

PUBLICATION = "publication date"
_MONTH = r"(?P<month>" + "|".join(
    sorted((m.capitalize() for m in lexicon.MONTHS), key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_WEEKDAY = r"(?P<weekday>" + "|".join(w.capitalize() for w in lexicon.WEEKDAYS) + r")"
_COUNTS = {**lexicon.NUMBER_WORDS, **lexicon.DURATION_COUNT_WORDS}
_NUMBER = r"(?P<n>\d{1,3}|" + "|".join(sorted(_COUNTS, key=len, reverse=True)) + r")"
_PART = r"(?P<part>" + "|".join(lexicon.MONTH_PARTS) + r")"


@dataclass(frozen=True)
class TimeScope:
    """An ISO interval ``[start, end]`` (inclusive days) and the words it was read from."""

    start: str = ""
    end: str = ""
    text: str = ""


def publication_window(published: str | None) -> tuple[date, date] | None:
    """The days a publication date string covers: ``2013-06-05``, ``2013-06`` or ``2013``."""
    if not published:
        return None
    m = re.match(r"\s*(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", published)
    if not m:
        return None
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    try:
        if day:
            d = date(year, int(month), int(day))
            return d, d
        if month:
            return _month_span(year, int(month))
        return date(year, 1, 1), date(year, 12, 31)
    except ValueError:
        return None


def _month_span(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _year(m: re.Match, ref: date) -> int:
    return int(m.group("year")) if m.groupdict().get("year") else ref.year


def _month(m: re.Match) -> int:
    return lexicon.MONTHS[m.group("month").lower().rstrip(".")]


def _iso_date(m: re.Match, ref: date):
    d = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return d, d


def _day_of_month(m: re.Match, ref: date):
    d = date(_year(m, ref), _month(m), int(m.group("day")))
    return d, d


def _part_of_month(m: re.Match, ref: date):
    year, month = _year(m, ref), _month(m)
    first, last = lexicon.MONTH_PARTS[m.group("part").lower()]
    last = last or calendar.monthrange(year, month)[1]
    return date(year, month, first), date(year, month, last)


def _whole_month(m: re.Match, ref: date):
    return _month_span(_year(m, ref), _month(m))


def _decade(m: re.Match, ref: date):
    start = int(m.group("decade"))
    return date(start, 1, 1), date(start + 9, 12, 31)


def _whole_year(m: re.Match, ref: date):
    year = int(m.group("year"))
    return date(year, 1, 1), date(year, 12, 31)


def _weekday(m: re.Match, ref: date):
    back = (ref.weekday() - lexicon.WEEKDAYS[m.group("weekday").lower()]) % 7
    d = ref - timedelta(days=back)
    return d, d


def _relative(m: re.Match, ref: date):
    far, near = lexicon.RELATIVE_DAYS[re.sub(r"\s+", " ", m.group("rel").lower())]
    return ref - timedelta(days=far), ref - timedelta(days=near)


def _duration(m: re.Match, ref: date):
    word = m.group("n").lower()
    n = int(word) if word.isdigit() else _COUNTS[word]
    days = n * lexicon.DURATION_DAYS[m.group("unit").lower()]
    return ref - timedelta(days=days), ref


_REL = "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in lexicon.RELATIVE_DAYS)
_UNIT = "|".join(lexicon.DURATION_DAYS)

# (pattern, handler); at equal start the earlier pattern (the more specific) wins.
_PATTERNS: list[tuple[re.Pattern, Callable]] = [
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), _iso_date),
    (re.compile(rf"(?i:\b{_PART})(?:[- ]|\s+of\s+)?{_MONTH}(?:,?\s+{_YEAR})?\b"), _part_of_month),
    (re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?:,?\s+{_YEAR})?"), _day_of_month),
    (re.compile(rf"\b{_DAY}\s+{_MONTH}(?:,?\s+{_YEAR})?\b"), _day_of_month),
    (re.compile(rf"\b{_MONTH}(?:,?\s+{_YEAR})\b"), _whole_month),
    (re.compile(rf"(?i:\b(?:in|since|during|throughout|until|by|before|after|from|of)\s+){_MONTH}(?:,?\s+{_YEAR})?\b"), _whole_month),
    (re.compile(r"(?i)\b(?:the\s+)?(?P<decade>(?:19|20)\d0)'?s\b"), _decade),
    (re.compile(rf"\b{_YEAR}\b"), _whole_year),
    (re.compile(rf"\b{_WEEKDAY}(?:\s+(?:night|morning|evening|afternoon))?\b"), _weekday),
    (re.compile(rf"(?i)\b(?P<rel>{_REL})\b"), _relative),
    (re.compile(rf"(?i)(?<![-\w]){_NUMBER}\s+(?P<unit>{_UNIT})s?\b(?![-\w]|\s+old)"), _duration),
]


def find_references(text: str, ref: date) -> Iterator[tuple[int, str, tuple[date, date]]]:
    """Yield ``(position, words, (start, end))`` for every time reference in ``text``."""
    for pattern, handler in _PATTERNS:
        for m in pattern.finditer(text):
            try:
                yield m.start(), m.group(0).strip(), handler(m, ref)
            except (ValueError, KeyError):
                continue


def resolve(text: str, published: str | None) -> TimeScope:
    """The first time reference in ``text`` as an ISO interval, else the publication window."""
    window = publication_window(published)
    if window is None:
        return TimeScope()
    found = sorted(find_references(text, window[1]), key=lambda hit: hit[0])
    if not found:
        return TimeScope(window[0].isoformat(), window[1].isoformat(), PUBLICATION)
    _, words, (start, end) = found[0]
    return TimeScope(start.isoformat(), end.isoformat(), words)
