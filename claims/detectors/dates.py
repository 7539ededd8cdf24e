"""Dates and clock times: date expressions parsed into day ranges, the date mismatch detector and
the time-scope check that keeps claims about periods far apart from being compared."""
from __future__ import annotations

import calendar
import re
from datetime import date
from typing import Any, Iterator

from .. import lexicon as lx
from .base import DISJOINT_DAYS, ClaimFacts, Clock, DateMention, Signal, _q


def extract_dates(doc: Any) -> Iterator[DateMention]:
    """DATE entities parsed into year / month / day range / weekday; vague parts marked fuzzy."""
    for ent in doc.ents:
        if ent.label_ in ("DATE", "TIME"):
            mention = parse_date(ent.text)
            if mention is not None:
                yield mention


CLOCK = re.compile(r"\b(\d{1,2})(?:[:.](\d\d))?\s*([ap])\.?\s?m\b\.?|\b(\d{1,2}):(\d\d)\b|\b(noon|midday|midnight)\b", re.I)


def extract_clocks(text: str) -> Iterator[Clock]:
    """Clock times ('9:15', '9.15pm', '8 a.m.', 'noon') as minutes after midnight."""
    for m in CLOCK.finditer(text):
        if m.group(6):
            yield Clock(m.group(0), lx.CLOCK_WORDS[m.group(6).lower()], True)
            continue
        hour, minute = int(m.group(1) or m.group(4)), int(m.group(2) or m.group(5) or 0)
        if hour > 23 or minute > 59:
            continue
        half = (m.group(3) or "").lower()
        if half:
            hour = hour % 12 + (12 if half == "p" else 0)
        yield Clock(m.group(0).strip(), hour * 60 + minute, bool(half) or hour > 12)


def clock_signal(fa: ClaimFacts, fb: ClaimFacts, tolerance: int = 10) -> Signal | None:
    """Clock times that cannot be the same moment (more than ``tolerance`` minutes apart; without
    a.m./p.m. compared on a 12-hour dial). A weak signal: two times may be two moments."""
    if not fa.clocks or not fb.clocks:
        return None
    def gap(x: Clock, y: Clock) -> int:
        d = abs(x.minutes - y.minutes) % (24 * 60 if x.half_day and y.half_day else 12 * 60)
        return min(d, (24 * 60 if x.half_day and y.half_day else 12 * 60) - d)
    pairs = sorted(((gap(x, y), x, y) for x in fa.clocks for y in fb.clocks), key=lambda p: p[0])
    d, x, y = pairs[0]
    if d <= tolerance:
        return Signal("dates_agree", "corroboration", 1.0, f"times agree: {_q(x.text)} and {_q(y.text)}")
    value = 0.8 if len(fa.clocks) == len(fb.clocks) == 1 else 0.5
    return Signal("date_mismatch", "date_mismatch", value, f"times differ: {_q(x.text)} vs {_q(y.text)}")


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
    return best or clock_signal(fa, fb)


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
