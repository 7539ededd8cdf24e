"""Cleaning raw document text while keeping a map from every cleaned character to the raw file.

Cleaning only ever *deletes* raw characters or *replaces whitespace by whitespace* (a newline
by a space when re-joining a hard-wrapped line). So ``offsets[i]`` (the raw index of cleaned
``text[i]``) is strictly increasing and any cleaned span maps back to one raw span. Every
deletion of visible text (boilerplate, running headers, duplicated captions, footnote digits)
is recorded as a :class:`~claims.records.Removal` with raw offsets and a reason.

Steps, in order:

1. line rules on the raw lines: running page headers/footers, web boilerplate, logo artefacts,
   duplicated headlines/captions (first kept, marked); reader comments marked, never removed;
2. glued footnote numbers ("attacked.12 However");
3. line re-joining: hyphenated words split over lines, hard-wrapped (PDF-style) lines,
   sentences broken over a blank line;
4. whitespace normalisation;
5. regions for headlines, captions, bylines, datelines and comments (cleaned offsets).
"""
from __future__ import annotations

import re
import statistics
from array import array
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from typing import Sequence

from . import lexicon
from .records import Region, Removal

_BOILER = [re.compile(p, re.I) for p in lexicon.BOILERPLATE_LINE_PATTERNS]
_COMMENT_HEAD = [re.compile(p, re.I) for p in lexicon.COMMENT_HEADINGS]
_BYLINE = [re.compile(p) for p in lexicon.BYLINE_PATTERNS]
_CREDIT = [re.compile(p) for p in lexicon.PHOTO_CREDIT_PATTERNS]
_URL_LINE = re.compile(r"^(https?://\S+|www\.\S+|[\w-]+(\.[\w-]+)*\.(com|org|net|int|gov|edu|info|co\.\w\w|\w\w))(\s+(page\s+)?\d{1,4})?$", re.I)
_PAGE_NO = re.compile(r"^((page|p\.)\s*)?\d{1,4}(\s*(of|/)\s*\d{1,4})?$", re.I)
_LOGO = re.compile(r"^[A-Z]{2,3}$")
_BULLET_NAME = re.compile(r"^[•·▪‣*-]\s*[\w.'’ -]{1,40}$")
_DATE_LINE = re.compile(
    r"^([A-Z][a-z]{2,8}\.? \d{1,2},? \d{4}|\d{1,2} [A-Z][a-z]{2,8} \d{4}|\d{4}-\d\d-\d\d"
    r"|\d+ (minutes?|hours?|days?|weeks?|months?) ago)\b.{0,25}$"
)
_DATELINE = re.compile(r"^[A-Z][A-Z.'’ -]{2,40}(, [A-Z][\w.' ]{1,30})?( \([A-Z][\w ]{1,20}\))? ?[—–-]{1,2} ")
_FOOTNOTES = (
    re.compile(r"(?<=[a-z)][.,;:!?])\d{1,3}(?=[ \t]*(\n|$)|\s+[\"“‘A-Z])"),
    re.compile(r"(?<=[a-z)][.,;:!?][\"”’])\d{1,3}(?=[ \t]*(\n|$)|\s+[\"“‘A-Z])"),
)
_BREAK = re.compile(r"[ \t\f\v\xa0]*\n\s*")
_WORD = re.compile(r"[A-Za-z]+(?:[-'’][A-Za-z]+)*")
_HYPHEN_BREAK = re.compile(r"([A-Za-z]+)-[ \t]*\n\s*([A-Za-z]+)")


@dataclass
class Cleaned:
    """Cleaned text, the raw index of each of its characters, labelled regions, removals."""

    text: str
    offsets: Sequence[int]  # an int array from clean()
    regions: list[Region] = field(default_factory=list)
    removed: list[Removal] = field(default_factory=list)

    @property
    def title(self) -> str:
        """The first headline region's text, or ""."""
        for region in self.regions:
            if region.label == "headline":
                return " ".join(self.text[region.start:region.end].split())
        return ""


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    text: str

    @property
    def stripped(self) -> str:
        return " ".join(self.text.split())


def clean(raw: str, fmt: str) -> Cleaned:
    """Clean ``raw`` text of format ``fmt`` (txt, md, html, pdf, csv, jsonl) with an offset map."""
    lines = _lines(raw)
    wrapped = fmt == "pdf" or _is_wrapped(lines)
    drops, raw_regions = _line_rules(lines, wrapped)
    removed = [Removal(lines[i].start, lines[i].end, reason, lines[i].text) for i, reason in sorted(drops.items())]
    text, offsets = _apply(raw, array("i" if len(raw) < 2**31 else "q", range(len(raw))), [(lines[i].start, _line_end(raw, lines[i]), "") for i in sorted(drops)])
    text, offsets, notes = _drop_footnotes(text, offsets, raw)
    removed.extend(notes)
    text, offsets = _apply(text, offsets, _join_edits(text, wrapped, _vocabulary(raw)))
    text, offsets = _apply(text, offsets, _space_edits(text))
    regions = _to_clean_regions(raw_regions, offsets) + _text_regions(text)
    regions = sorted(set(regions), key=lambda r: (r.start, r.end, r.label))
    return Cleaned(text, offsets, regions, sorted(removed, key=lambda r: r.start))


def _lines(raw: str) -> list[_Line]:
    out, pos = [], 0
    for piece in raw.split("\n"):
        out.append(_Line(pos, pos + len(piece), piece))
        pos += len(piece) + 1
    return out


def _line_end(raw: str, line: _Line) -> int:
    """End of a line including its newline, so dropping it leaves no blank line behind."""
    return min(line.end + 1, len(raw))


def _ends_terminal(s: str) -> bool:
    s = s.rstrip()
    return bool(s) and s[-1] in lexicon.TERMINAL_PUNCTUATION


def _is_wrapped(lines: list[_Line]) -> bool:
    """Hard-wrapped text (PDF extraction, e-mail): most lines short and ending mid-sentence."""
    body = [ln.stripped for ln in lines if len(ln.stripped) > 20]
    if len(body) < 5:
        return False
    open_ended = sum(not _ends_terminal(s) for s in body) / len(body)
    return open_ended >= 0.5 and statistics.median(len(s) for s in body) <= 130


def _line_rules(lines: list[_Line], wrapped: bool) -> tuple[dict[int, str], list[tuple[int, int, str]]]:
    """Which raw lines to drop (index -> reason) and which raw spans to label."""
    drops: dict[int, str] = {}
    for i, reason in _furniture(lines, wrapped):
        drops[i] = reason
    comment_from = _comment_start(lines)
    limit = comment_from if comment_from is not None else len(lines)
    for i in range(limit):
        if i not in drops and (reason := _boilerplate_reason(lines[i].stripped)):
            drops[i] = reason
    regions = []
    dup_drops, dup_regions = _duplicates(lines[:limit], drops)
    drops.update(dup_drops)
    regions.extend(dup_regions)
    regions.extend(_headline(lines[:limit], drops, wrapped))
    if comment_from is not None:
        regions.append((lines[comment_from].start, lines[-1].end, "comment"))
    return drops, regions


def _furniture(lines: list[_Line], wrapped: bool):
    """Running page headers/footers: URL lines, page numbers, `|`-separated caps, repeats."""
    shape = Counter(re.sub(r"\d+", "#", ln.stripped.lower()) for ln in lines if ln.stripped)
    for i, ln in enumerate(lines):
        s = ln.stripped
        if not s:
            continue
        if _URL_LINE.match(s) or (wrapped and _PAGE_NO.match(s)):
            yield i, "page header/footer"
        elif s.count("|") >= 2 and _mostly_caps(s.replace("|", " ")):
            yield i, "page header/footer"
        elif wrapped and shape[re.sub(r"\d+", "#", s.lower())] >= 2 and _header_like(s):
            yield i, "page header/footer"


def _header_like(s: str) -> bool:
    """Short, capitalised, no sentence end: a running title, not a repeated sentence."""
    return len(s) <= 120 and len(s.split()) <= 15 and (s[0].isupper() or s[0].isdigit()) and not _ends_terminal(s)


def _mostly_caps(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 4 and sum(c.isupper() for c in letters) / len(letters) >= 0.6


def _boilerplate_reason(s: str) -> str | None:
    if not s or len(s) >= 200:
        return None
    if _LOGO.match(s):
        return "logo artefact"
    if not any(c.isalnum() for c in s):
        return "no letters or digits (emoji, punctuation, decoration)"
    if any(p.search(s) for p in _BOILER):
        return "web boilerplate"
    return None


def _is_caption(s: str) -> bool:
    return 0 < len(s) <= 400 and any(p.search(s) for p in _CREDIT)


def _is_title_like(s: str) -> bool:
    words = s.split()
    return (
        2 <= len(words) <= 25 and len(s) <= 200 and (s[0].isupper() or s[0].isdigit() or s[0] in "\"“‘'")
        and (not _ends_terminal(s) or s[-1] in "?!") and not _is_caption(s)
    )


def _duplicates(lines: list[_Line], drops: dict[int, str]):
    """Repeated headline/caption lines: keep the first, drop the rest, label the first."""
    first: dict[str, int] = {}
    out_drops, regions = {}, []
    for i, ln in enumerate(lines):
        s = ln.stripped
        if i in drops or not s or not (_is_caption(s) or _is_title_like(s)):
            continue
        if s in first:
            kind = "caption" if _is_caption(s) else _dup_label(lines, first[s])
            out_drops[i] = f"duplicate {kind}"
            regions.append((lines[first[s]].start, lines[first[s]].end, kind))
        else:
            first[s] = i
    return out_drops, regions


def _dup_label(lines: list[_Line], i: int) -> str:
    """A repeated title-like line is a headline when it opens the text or a new section."""
    before = [ln.stripped for ln in lines[max(0, i - 2):i]]
    opens = i == 0 or all(not s for s in before) or all(not ln.stripped for ln in lines[:i])
    return "headline" if opens else "caption"


def _headline(lines: list[_Line], drops: dict[int, str], wrapped: bool):
    """The first non-empty line is the headline when title-like (a wrapped second line joins);
    in hard-wrapped text only when a blank line follows it."""
    kept = [(i, ln) for i, ln in enumerate(lines) if ln.stripped and i not in drops]
    if not kept or not _is_title_like(kept[0][1].stripped):
        return []
    if wrapped and len(kept) > 1 and kept[1][0] == kept[0][0] + 1:
        return []
    i, first = kept[0]
    end = first.end
    if len(kept) > 1 and kept[1][0] == i + 1:
        nxt = kept[1][1].stripped
        if nxt[0].islower() and not _ends_terminal(first.stripped) and len(nxt.split()) <= 15:
            end = kept[1][1].end
    return [(first.start + len(first.text) - len(first.text.lstrip()), end, "headline")]


def _comment_start(lines: list[_Line]) -> int | None:
    """Index of the line opening a trailing reader-comment block, if any."""
    half = len(lines) // 2
    for i in range(half, len(lines)):
        s = lines[i].stripped
        if any(p.match(s) for p in _COMMENT_HEAD):
            return i
        if _BULLET_NAME.match(s) and len(s.split()) <= 5 and not _ends_terminal(s):
            window = [ln.stripped for ln in lines[i + 1:i + 12]]
            if any(_DATE_LINE.match(w) for w in window if w):
                return i
    return None


def _drop_footnotes(text: str, offsets: Sequence[int], raw: str):
    spans = sorted({(m.start(), m.end()) for p in _FOOTNOTES for m in p.finditer(text)})
    removed = [Removal(offsets[s], offsets[e - 1] + 1, "footnote number", raw[offsets[s]:offsets[e - 1] + 1]) for s, e in spans]
    text, offsets = _apply(text, offsets, [(s, e, "") for s, e in spans])
    return text, offsets, removed


def _vocabulary(raw: str) -> Counter:
    """Word counts of the text itself, minus fragments of words split by a line-end hyphen."""
    counts = Counter(w.lower() for w in _WORD.findall(raw))
    for m in _HYPHEN_BREAK.finditer(raw):
        counts[m.group(1).lower()] -= 1
        counts[m.group(2).lower()] -= 1
    return +counts


def _true_hyphen(left: str, right: str, vocab: Counter) -> bool:
    """Whether ``left-`` + newline + ``right`` is a real hyphen (al-Shabaab, much-needed)."""
    lo, ro = left.lower(), right.lower()
    if right[0].isupper() or f"{lo}-{ro}" in vocab:
        return True
    if lo + ro in vocab:
        return False
    if lo in lexicon.HYPHEN_PREFIXES and ro in vocab:
        return True
    return len(lo) >= 3 and len(ro) >= 3 and lo in vocab and ro in vocab


def _join_edits(text: str, wrapped: bool, vocab: Counter):
    """Edits re-joining hyphen-split words, wrapped lines and sentences split by a blank line."""
    edits = []
    for m in _BREAK.finditer(text):
        s, e = m.start(), m.end()
        nl = s + m.group().index("\n")
        newlines = m.group().count("\n")
        prev_line = text[text.rfind("\n", 0, s) + 1:s]
        nxt = text[e] if e < len(text) else ""
        if not prev_line.strip() or not nxt:
            continue
        if text[s - 1] == "-" and s >= 2 and text[s - 2].isalpha() and nxt.isalpha():
            left = re.search(r"[A-Za-z]+$", text[:s - 1]).group()
            right = re.match(r"[A-Za-z]+", text[e:]).group()
            edits.append((s, e, "") if _true_hyphen(left, right, vocab) else (s - 1, e, ""))
        elif _continues(prev_line, nxt, newlines, wrapped):
            edits.append((s, e, [(" ", nl)]))
    return edits


def _continues(prev_line: str, nxt: str, newlines: int, wrapped: bool) -> bool:
    """Whether the text after a line break continues the sentence before it."""
    prev = prev_line.rstrip()
    if _ends_terminal(prev):
        return wrapped and newlines == 1
    if nxt.islower():
        return True
    if wrapped:
        return newlines == 1 or prev[-1].islower() or prev[-1] == ","
    return False


def _space_edits(text: str):
    """Trim line ends, collapse runs of spaces and of blank lines, strip the ends."""
    edits = []
    for m in re.finditer(r"[ \t\f\v\xa0]*\n[\s]*|[ \t\f\v\xa0]{2,}|[ \t\f\v\xa0]+$|^\s+", text):
        g, s = m.group(), m.start()
        if m.start() == 0 or m.end() == len(text):
            edits.append((s, m.end(), ""))
        elif "\n" in g:
            idx = [s + k for k, c in enumerate(g) if c == "\n"][:2]
            edits.append((s, m.end(), [("\n", k) for k in idx]))
        elif g != " ":
            edits.append((s, m.end(), [(" ", s)]))
    return edits


def _apply(text: str, offsets: Sequence[int], edits) -> tuple[str, array]:
    """Apply non-overlapping edits ``(start, end, replacement)``.

    A replacement is "" (delete) or a list of ``(char, index)`` pairs whose ``index`` lies in
    ``[start, end)``; the new char takes that position's raw offset, keeping offsets increasing.
    Offsets are a machine-integer array (4 bytes a character, not a list's ~36), so a 50 MB file
    stays within a few hundred MB.
    """
    parts, offs, pos = [], array(getattr(offsets, "typecode", "q")), 0
    for start, end, repl in sorted(edits, key=lambda e: (e[0], e[1])):
        if start < pos:
            continue
        parts.append(text[pos:start])
        offs.extend(offsets[pos:start])
        for char, idx in repl or ():
            parts.append(char)
            offs.append(offsets[idx])
        pos = end
    parts.append(text[pos:])
    offs.extend(offsets[pos:])
    return "".join(parts), offs


def _to_clean_regions(raw_regions, offsets: Sequence[int]) -> list[Region]:
    out = []
    for rs, re_, label in raw_regions:
        cs, ce = bisect_left(offsets, rs), bisect_left(offsets, re_)
        if ce > cs:
            out.append(Region(cs, ce, label))
    return out


def _text_regions(text: str) -> list[Region]:
    """Captions, bylines and datelines found on the cleaned lines."""
    out, pos = [], 0
    for line in text.split("\n"):
        s = line.strip()
        if s and _is_caption(s):
            out.append(Region(pos, pos + len(line), "caption"))
        elif s and len(s) < 300 and any(p.search(s) for p in _BYLINE):
            out.append(Region(pos, pos + len(line), "byline"))
        elif m := _DATELINE.match(line):
            out.append(Region(pos, pos + len(m.group().rstrip(" —–-")), "dateline"))
        pos += len(line) + 1
    return out
