"""Reading a corpus: files, folders or globs of .txt/.md/.html/.pdf/.jsonl/.csv into Documents.

``load_corpus`` reads every file, cleans it (:mod:`claims.clean`), splits appended articles and
marks copies (:mod:`claims.dedup`), and fills metadata with this precedence: manifest > front
matter / HTML meta tags / dump fields > inference from the text (recorded in
``metadata_notes`` with how sure it is). A file that cannot be read becomes a
:class:`~claims.records.Problem` naming the fix, and is skipped (or raises with ``strict``).

HTML offsets: trafilatura extracts the main text; each extracted word is then searched, in
order, in the page's visible text (tags, scripts and styles masked, entities decoded, every
visible character remembering its index in the HTML source), so ``Document.raw`` is the HTML
source and offsets point into it. When fewer than 90% of the words can be aligned, ``raw``
falls back to the extracted text and a metadata note says so.
"""
from __future__ import annotations

import codecs
import contextlib
import email.utils
import glob
import html as htmllib
import io
import json
import os
import re
from array import array
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Iterator, Sequence

import pandas as pd
import yaml

from . import lexicon
from .clean import Cleaned, clean
from .dedup import mark_duplicates, split_articles
from .errors import InputError
from .records import Corpus, Document, Problem, Region, Removal
from .settings import IngestSettings
from .store import output_set, write_table, write_text

TEXT_SUFFIXES = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".pdf": "pdf", ".jsonl": "jsonl", ".csv": "csv"}
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when built in: ~7x faster
MANIFEST_NAMES = ("manifest.csv", "manifest.json", "manifest.yaml", "manifest.yml")
META_FIELDS = ("outlet", "published", "url", "author", "kind", "title")
_FIELD_ALIASES = {
    "outlet": ("outlet", "source", "publisher", "sitename", "site_name", "publication"),
    "published": ("published", "date", "published_at", "pubdate", "datetime"),
    "url": ("url", "link", "source_url"),
    "author": ("author", "authors", "byline"),
    "kind": ("kind", "type", "source_kind"),
    "title": ("title", "headline"),
}
_TEXT_FIELDS = ("text", "body", "content", "article", "maintext")
_MONTHS = "january february march april may june july august september october november december".split()
_FULL_DATE = re.compile(
    r"\b(?:(?P<m1>[A-Za-z]{3,9})\.? (?P<d1>\d{1,2})(?:st|nd|rd|th)?,? (?P<y1>\d{4})"
    r"|(?P<d2>\d{1,2}) (?P<m2>[A-Za-z]{3,9}),? (?P<y2>\d{4})|(?P<iso>\d{4}-\d\d-\d\d))\b"
)
_OUTLET_CUES = [re.compile(p) for p in lexicon.OUTLET_CUES]
_OUTLET_TOLD_CUES = [re.compile(p) for p in lexicon.OUTLET_TOLD_CUES]
_WIRE_DATELINE = re.compile(r"^[A-Z][A-Z.' -]{2,40}(?:, [\w. ]+)? \((?P<outlet>[A-Z][\w ]{1,20})\) ?[—–-]", re.M)


@dataclass
class _Read:
    """What a reader returns for one article before metadata and splitting."""

    raw: str
    cleaned: Cleaned
    doc_id: str
    meta: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    encoding: str = "utf-8"


# --- collecting paths ---------------------------------------------------------------------


def _expand(paths: Sequence[str | Path]) -> tuple[list[Path], list[Path], list[Problem]]:
    """Files named by ``paths`` (files, folders searched recursively, globs), their folders, problems."""
    files, folders, problems = [], [], []
    for item in paths:
        p = Path(item)
        matches = [Path(m) for m in sorted(glob.glob(str(item), recursive=True))] if glob.has_magic(str(item)) else [p]
        if not matches or not all(m.exists() for m in matches):
            problems.append(Problem(str(item), f"{item}: no such file or folder; check the path or glob"))
            continue
        for m in matches:
            if m.is_dir():
                folders.append(m.resolve())
                files.extend(f for f in sorted(m.rglob("*")) if f.is_file() and not _skipped(f, m))
            else:
                files.append(m)
    return sorted({f.resolve() for f in files}), folders, problems


def _skipped(f: Path, folder: Path) -> bool:
    """Hidden files and manifests inside a corpus folder are not documents."""
    rel = f.relative_to(folder).parts
    return any(part.startswith(".") for part in rel) or f.name.lower() in MANIFEST_NAMES


def _root(files: list[Path], folders: list[Path]) -> Path:
    dirs = [str(f.parent) for f in files] + [str(d) for d in folders]
    return Path(os.path.commonpath(dirs)) if dirs else Path.cwd()


# --- decoding -----------------------------------------------------------------------------


_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))


def _wide_encoding(data: bytes) -> str | None:
    """UTF-16/32 named by a byte-order mark, or UTF-16 without one when every other byte of the
    first few KB is NUL (text mostly in Latin script), else None."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    head = data[:8192 - 8192 % 2]
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) >= 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) >= 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _decode(data: bytes, name: str) -> tuple[str, str, list[str]]:
    """Text of a file with universal newlines: UTF-8, else UTF-16/32 (BOM or NUL pattern), else
    cp1252 / latin-1, saying which when it is not UTF-8."""
    wide = _wide_encoding(data)
    if wide:
        try:
            text = data.decode(wide).lstrip("\ufeff")
        except UnicodeDecodeError as exc:
            raise InputError(f"{name}: looks like {wide.upper()} but does not decode ({exc.reason}); save it as UTF-8") from exc
        return text.replace("\r\n", "\n").replace("\r", "\n"), wide, [f"decoded as {wide.upper()}"]
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: binary file (NUL bytes), not text; remove it or convert it to .txt")
    for encoding in ("utf-8", "cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        notes = [] if encoding == "utf-8" else [f"not valid UTF-8; decoded as {encoding} (check accented characters)"]
        return text.replace("\r\n", "\n").replace("\r", "\n"), encoding, notes
    raise InputError(f"{name}: cannot decode text; save it as UTF-8")


def _read_bytes(path: Path, name: str) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{name}: cannot read file ({exc.strerror}); check permissions") from exc
    if not data.strip():
        raise InputError(f"{name}: empty file; remove it or add the article text")
    return data


# --- readers ------------------------------------------------------------------------------


def _read_text(path: Path, name: str, fmt: str) -> list[_Read]:
    raw, encoding, notes = _decode(_read_bytes(path, name), name)
    if not raw.strip():
        raise InputError(f"{name}: empty file; remove it or add the article text")
    meta, body_start = _front_matter(raw) if fmt == "md" else ({}, 0)
    cleaned = _shift(clean(raw[body_start:], fmt), body_start)
    if body_start:
        cleaned.removed.insert(0, Removal(0, body_start, "front matter", raw[:body_start]))
    return [_Read(raw, cleaned, name, meta, notes, encoding)]


def _front_matter(raw: str) -> tuple[dict[str, Any], int]:
    """YAML front matter (``---`` ... ``---``) as a dict and where the body starts."""
    m = re.match(r"---[ \t]*\n(.*?)\n---[ \t]*(\n|$)", raw, re.S)
    if not m:
        return {}, 0
    try:
        data = yaml.load(m.group(1), Loader=_YAML_LOADER) or {}
    except yaml.YAMLError:
        return {}, 0
    return (data if isinstance(data, dict) else {}), m.end()


def _shift(cleaned: Cleaned, by: int) -> Cleaned:
    if by:
        cleaned.offsets = array("q", (o + by for o in cleaned.offsets))  # 8-byte: the shift may pass 2**31
        cleaned.removed = [Removal(r.start + by, r.end + by, r.reason, r.text) for r in cleaned.removed]
    return cleaned


def _read_pdf(path: Path, name: str) -> list[_Read]:
    import pypdf

    data = _read_bytes(path, name)
    with _captured_warnings("pypdf") as complaints:
        try:
            reader = pypdf.PdfReader(io.BytesIO(data))
            pages = [page.extract_text() or "" for page in reader.pages]
            info = reader.metadata or {}
        except Exception as exc:  # pypdf raises many types on damaged files
            raise InputError(f"{name}: corrupt or unreadable PDF ({type(exc).__name__}); re-export it or extract the text to .txt") from exc
    raw = "\n\f\n".join(p.replace("\r\n", "\n").replace("\r", "\n") for p in pages)
    if not raw.strip():
        raise InputError(f"{name}: PDF has no text layer (scanned?); run OCR and pass the .txt")
    meta = {"title": info.get("/Title"), "author": info.get("/Author")}
    notes = ["raw text is the PDF's extracted text layer"]
    if complaints:
        first = " ".join(complaints[0].split())[:120]
        notes.append(f"the PDF is damaged ({len(complaints)} reader warnings, first: {first}); check the text against the file")
    return [_Read(raw, clean(raw, "pdf"), name, {k: v for k, v in meta.items() if v}, notes)]


@contextlib.contextmanager
def _captured_warnings(*loggers: str) -> Iterator[list[str]]:
    """Log warnings of the named libraries and Python warnings, collected instead of printed
    on stderr (a user sees one line per problem, not a library's chatter)."""
    import logging
    import warnings

    complaints: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            complaints.append(record.getMessage())

    handler = Collect(logging.WARNING)
    saved = [(logging.getLogger(n), logging.getLogger(n).propagate) for n in loggers]
    for logger, _ in saved:
        logger.addHandler(handler)
        logger.propagate = False
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield complaints
        complaints.extend(str(w.message) for w in caught)
    finally:
        for logger, propagate in saved:
            logger.removeHandler(handler)
            logger.propagate = propagate


def _read_html(path: Path, name: str) -> list[_Read]:
    import trafilatura

    source, encoding, notes = _decode(_read_bytes(path, name), name)
    with _captured_warnings("trafilatura", "htmldate", "courlan", "justext"):
        result = trafilatura.bare_extraction(source, with_metadata=True, include_comments=True, favor_recall=True)
        text = (getattr(result, "text", None) or "") if result is not None else ""
        if not text.strip() and (depth := _max_depth(source)) >= _HTML_MAX_DEPTH:
            result = trafilatura.bare_extraction(_flattened(source), with_metadata=True, include_comments=True, favor_recall=True)
            text = (getattr(result, "text", None) or "") if result is not None else ""
            if not text.strip():
                raise InputError(f"{name}: HTML nested {depth} levels deep (the parser reads {_HTML_MAX_DEPTH - 1}) and no article text found; save the article text as .txt")
            notes.append(f"markup nested {depth} levels deep (beyond the HTML parser's limit): wrapper tags were ignored to find the text")
    if not text.strip():
        raise InputError(f"{name}: no article text found in the HTML; save the article page, not an index page")
    comments = getattr(result, "comments", None) or ""
    meta = {k: getattr(result, attr, None) for k, attr in (("title", "title"), ("author", "author"), ("published", "date"), ("outlet", "sitename"), ("url", "url"))}
    extracted = text + ("\n\n" + comments if comments.strip() else "")
    raw, cleaned, align_note = _aligned_clean(source, extracted)
    if comments.strip():
        start = cleaned.text.find(" ".join(comments.split()[:3]))
        if start > 0:
            cleaned.regions.append(Region(start, len(cleaned.text), "comment"))
    return [_Read(raw, cleaned, name, {k: v for k, v in meta.items() if v}, notes + [align_note], encoding)]


_HTML_MAX_DEPTH = 255  # libxml2 refuses deeper trees; trafilatura then finds nothing
_HTML_TAG = re.compile(r"<(/?)([A-Za-z][\w:-]*)[^>]*?(/?)>")
_HTML_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_INLINE_WRAPPERS = re.compile(r"</?(?:span|font|b|i|u|em|strong|small)\b[^>]*>", re.I)
_BLOCK_WRAPPERS = re.compile(r"</?(?:div|section|center|main|aside|header|footer|nav|table|tbody|thead|tr|td|th)\b[^>]*>", re.I)


def _max_depth(source: str) -> int:
    """How deeply the page's elements nest (void and self-closed tags not counted)."""
    depth = deepest = 0
    for m in _HTML_TAG.finditer(source):
        if m.group(2).lower() in _HTML_VOID or m.group(3):
            continue
        depth = max(depth - 1, 0) if m.group(1) else depth + 1
        deepest = max(deepest, depth)
    return deepest


def _flattened(source: str) -> str:
    """``source`` without generic wrapper tags (a block wrapper becomes a line break), so a page
    nested deeper than the parser allows keeps its paragraphs at a shallow depth."""
    return _BLOCK_WRAPPERS.sub("\n", _INLINE_WRAPPERS.sub("", source))


def _visible(source: str) -> tuple[str, list[int]]:
    """The HTML's visible text (tags as spaces, entities decoded) and each char's source index."""
    hidden = re.compile(r"<(script|style|head|noscript|template|svg)\b.*?</\1\s*>|<!--.*?-->|<[^>]*>", re.S | re.I)
    chars, index, pos = [], [], 0
    for m in [*hidden.finditer(source), None]:
        end = m.start() if m else len(source)
        for e in re.finditer(r"&#?\w+;|[^&]+|&", source[pos:end]):
            piece = htmllib.unescape(e.group()) if e.group().startswith("&") else e.group()
            for k, ch in enumerate(piece):
                chars.append(ch)
                index.append(pos + e.start() + min(k, len(e.group()) - 1))
        if m:
            chars.append(" ")
            index.append(m.start())
            pos = m.end()
    return "".join(chars), index


def _aligned_clean(source: str, extracted: str) -> tuple[str, Cleaned, str]:
    """Clean the extracted text with offsets into the HTML source, or into the text itself."""
    visible, index = _visible(source)
    keep, mapping, cursor, last, hits, words = [], [], 0, -1, 0, 0
    for m in re.finditer(r"\S+|\s+", extracted):
        token = m.group()
        if token.isspace():
            sep = "\n\n" if token.count("\n") >= 2 else token[:1]
            keep.append(sep)
            mapping.extend(last + 1 + k for k in range(len(sep)))
            continue
        words += 1
        at = visible.find(token, cursor)
        spots = [index[at + k] for k in range(len(token))] if at >= 0 else []
        if spots and spots[0] > last and all(b > a for a, b in zip(spots, spots[1:])):
            hits += 1
            keep.append(token)
            mapping.extend(spots)
            cursor, last = at + len(token), spots[-1]
    if not words or hits / words < 0.9:
        return extracted, clean(extracted, "html"), "offsets refer to the extracted text: it could not be aligned to the HTML source"
    text = "".join(keep)
    mapping = _fix_gaps(text, mapping)
    cleaned = clean(text, "html")
    cleaned.offsets = array("q", (mapping[o] for o in cleaned.offsets))
    cleaned.removed = [Removal(mapping[r.start], mapping[r.end - 1] + 1, r.reason, r.text) for r in cleaned.removed]
    note = "offsets refer to the HTML source" + ("" if hits == words else f" ({words - hits} extracted words not found there were dropped)")
    return source, cleaned, note


def _fix_gaps(text: str, mapping: list[int]) -> list[int]:
    """Whitespace chars mapped at ``last + 1``; keep the map strictly increasing."""
    out, prev = [], -1
    for ch, pos in zip(text, mapping):
        pos = max(pos, prev + 1)
        out.append(pos)
        prev = pos
    return out


def _read_dump(path: Path, name: str, fmt: str) -> list[_Read]:
    """One article per row of a .jsonl or .csv dump; doc ids ``file#row`` (row from 1)."""
    raw_file, encoding, notes = _decode(_read_bytes(path, name), name)
    try:
        frame = pd.read_json(io.StringIO(raw_file), lines=True) if fmt == "jsonl" else pd.read_csv(io.StringIO(raw_file), dtype=str)
    except ValueError as exc:
        raise InputError(f"{name}: cannot parse as {fmt} ({str(exc).splitlines()[0]}); fix the file or export it again") from exc
    columns = {c.lower(): c for c in frame.columns}
    text_col = next((columns[c] for c in _TEXT_FIELDS if c in columns), None)
    if text_col is None:
        raise InputError(f"{name}: no text column (one of {', '.join(_TEXT_FIELDS)}); rename the article text column")
    reads = []
    for n, row in enumerate(frame.to_dict("records"), start=1):
        raw = str(row.get(text_col) or "").replace("\r\n", "\n").replace("\r", "\n")
        if not raw.strip() or raw == "nan":
            continue
        meta = {k: row[columns[c]] for k, aliases in _FIELD_ALIASES.items() for c in aliases if c in columns and _present(row[columns[c]])}
        reads.append(_Read(raw, clean(raw, fmt), f"{name}#{n}", meta, notes + [f"row {n} of {name}; offsets index that row's text field"], encoding))
    if not reads:
        raise InputError(f"{name}: every row has an empty text field; fill the '{text_col}' column")
    return reads


def _present(value: Any) -> bool:
    return value is not None and not (isinstance(value, float) and pd.isna(value)) and str(value).strip() != ""


def _read(path: Path, name: str) -> list[_Read]:
    fmt = TEXT_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"{name}: unsupported file type '{path.suffix or '(none)'}'; use .txt, .md, .html, .pdf, .jsonl or .csv")
    if fmt == "pdf":
        return _read_pdf(path, name)
    if fmt == "html":
        return _read_html(path, name)
    if fmt in ("jsonl", "csv"):
        return _read_dump(path, name, fmt)
    return _read_text(path, name, fmt)


# --- manifest and metadata ----------------------------------------------------------------


def read_manifest(path: str | Path) -> tuple[dict[Path, dict[str, Any]], list[Problem]]:
    """Manifest rows (CSV, JSON list or YAML list with a ``path`` column) keyed by resolved file.

    Paths are relative to the manifest's folder. A bad row is a problem naming the row and is
    skipped alone (the other rows still apply): a path outside that folder, a path an earlier
    row already gave (the first row is kept), or a ``published`` value that is not a date
    (that value is dropped, the rest of the row kept).
    """
    path = Path(path)
    rows = _manifest_rows(path)
    base = path.resolve().parent
    table, problems, first_row = {}, [], {}
    for n, row in enumerate(rows, start=1):
        rel = str(row.get("path") or "").strip()
        target = (base / rel).resolve()
        where = f"{path} row {n}"
        if not rel or not target.is_relative_to(base):
            problems.append(Problem(where, f"{where}: skipped, the other rows apply: path '{rel}' is outside the corpus folder {base}; use a path relative to the manifest's folder"))
            continue
        if target in first_row:
            problems.append(Problem(where, f"{where}: skipped, path '{rel}' is already given by row {first_row[target]}; keep one row per file"))
            continue
        first_row[target] = n
        meta = {k: str(v).strip() for k, v in row.items() if k in META_FIELDS and _present(v)}
        if "published" in meta:
            when = normalize_date(meta["published"])
            if when is None:
                problems.append(Problem(where, f"{where}: published '{meta.pop('published')}' for '{rel}' is not a date and was ignored; write it as YYYY-MM-DD, YYYY-MM or YYYY"))
            else:
                meta["published"] = when
        table[target] = meta
    return table, problems


def normalize_date(value: str) -> str | None:
    """``value`` as an ISO date (``2013-06-05``, ``2013-06`` or ``2013``, a time part allowed, or a
    written date such as "June 5, 2013" or "Wed, 05 Jun 2013 10:00:00 GMT"), or None when it is not a real date."""
    value = value.strip()
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ][\d:.]+(?:Z|[+-]\d\d:?\d\d)?)?", value)
    if m:
        year, month, day = m.group(1), m.group(2), m.group(3)
        try:
            if day:
                return date(int(year), int(month), int(day)).isoformat()
            if month:
                return f"{year}-{int(month):02d}" if 1 <= int(month) <= 12 else None
            return year
        except ValueError:
            return None
    if _FULL_DATE.fullmatch(value.rstrip(".")):
        return infer_published(value)
    try:
        return email.utils.parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def _manifest_rows(path: Path) -> list[dict[str, Any]]:
    try:
        text = path.read_text(encoding="utf-8")
        if path.suffix.lower() == ".csv":
            rows = pd.read_csv(io.StringIO(text), dtype=str).to_dict("records")
        elif path.suffix.lower() == ".json":
            rows = json.loads(text)
        else:
            rows = yaml.load(text, Loader=_YAML_LOADER)
    except (OSError, ValueError, yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read manifest ({type(exc).__name__}); fix it (columns: path, outlet, published, url, author, kind)") from exc
    if isinstance(rows, dict):
        rows = rows.get("documents", [])
    if not isinstance(rows, list) or not all(isinstance(r, dict) and "path" in r for r in rows):
        raise InputError(f"{path}: manifest must be a list of rows with a 'path' column; add one")
    return rows


def _norm_meta(meta: dict[str, Any]) -> dict[str, str]:
    """Front matter / meta-tag / dump fields under their canonical names, as strings."""
    out = {}
    for key, aliases in _FIELD_ALIASES.items():
        for alias in aliases:
            value = meta.get(alias, meta.get(alias.capitalize()))
            if _present(value):
                out[key] = ", ".join(map(str, value)) if isinstance(value, list) else str(value).strip()
                break
    return out


def infer_published(text: str) -> str | None:
    """The latest explicit full date (day, month, year) written in ``text``, ISO formatted."""
    found = []
    for m in _FULL_DATE.finditer(text):
        try:
            if m.group("iso"):
                found.append(date.fromisoformat(m.group("iso")))
                continue
            month = (m.group("m1") or m.group("m2")).lower()
            number = next((i + 1 for i, name in enumerate(_MONTHS) if name.startswith(month[:3]) and name.startswith(month)), None)
            if number:
                found.append(date(int(m.group("y1") or m.group("y2")), number, int(m.group("d1") or m.group("d2"))))
        except ValueError:
            continue
    return max(found).isoformat() if found else None


def infer_outlet(raw: str) -> tuple[str, str] | None:
    """``(outlet, how)`` from a wire dateline, a credit/copyright line, or "told <Outlet>"."""
    m = _WIRE_DATELINE.search(raw)
    if m:
        return m.group("outlet"), "the dateline"
    credits = _cue_counts(raw, _OUTLET_CUES)
    if credits:
        return credits.most_common(1)[0][0], "a credit or copyright line"
    told = _cue_counts(raw, _OUTLET_TOLD_CUES)
    if told and (best := told.most_common(1)[0])[1] >= 2:
        return best[0], f"{best[1]} mentions of sources speaking to it"
    return None


def _cue_counts(raw: str, patterns) -> Counter:
    return Counter(hit.group("outlet").rstrip(".,") for p in patterns for hit in p.finditer(raw))


def _metadata(read: _Read, manifest_row: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """Manifest > file metadata > inference; notes say what was inferred and how."""
    meta = {**_norm_meta(read.meta), **manifest_row}
    notes = list(read.notes)
    if meta.get("published") and not manifest_row.get("published"):
        when = normalize_date(meta["published"])
        if when is None:
            notes.append(f"published '{meta.pop('published')}' in the file is not a date; ignored")
        else:
            meta["published"] = when
    if manifest_row:
        notes.append("metadata from the manifest")
    if not meta.get("published") and (when := infer_published(read.raw)):
        meta["published"] = when
        notes.append(f"published {when} inferred from the last date in the text (low confidence)")
    if not meta.get("outlet") and (found := infer_outlet(read.raw)):
        meta["outlet"] = found[0]
        notes.append(f"outlet '{found[0]}' inferred from {found[1]} (low confidence)")
    return meta, notes


# --- corpus -------------------------------------------------------------------------------


def _manifests(folders: list[Path], manifest: str | Path | None) -> tuple[dict[Path, dict[str, str]], list[Problem]]:
    paths = [Path(manifest)] if manifest else []
    for folder in folders:
        paths.extend(folder / n for n in MANIFEST_NAMES if (folder / n).is_file())
    table, problems = {}, []
    for path in paths:
        if not path.is_file():
            raise InputError(f"{path}: manifest not found; check the --manifest path")
        rows, bad = read_manifest(path)
        table.update(rows)
        problems.extend(bad)
    return table, problems


def _documents(read: _Read, rel: str, manifest_row: dict[str, str], settings: IngestSettings) -> list[Document]:
    meta, notes = _metadata(read, manifest_row)
    doc = Document(
        doc_id=read.doc_id, path=rel, raw=read.raw, text=read.cleaned.text, offsets=read.cleaned.offsets,
        title=meta.get("title") or read.cleaned.title, outlet=meta.get("outlet"), published=meta.get("published"),
        url=meta.get("url"), author=meta.get("author"), kind=meta.get("kind"), metadata_notes=notes,
        regions=read.cleaned.regions, removed=read.cleaned.removed, encoding=read.encoding,
    )
    return split_articles(doc, settings)


def load_corpus(
    paths: Sequence[str | Path],
    manifest: str | Path | None = None,
    strict: bool = False,
    settings: IngestSettings | None = None,
) -> Corpus:
    """Read, clean, split and de-duplicate the documents named by ``paths``.

    ``paths`` may be files, folders (searched recursively) or globs. Unreadable files become
    ``Corpus.problems``; with ``strict`` (or when nothing could be read) an InputError is raised.
    """
    settings = settings or IngestSettings()
    if isinstance(paths, (str, Path)):
        paths = [paths]
    files, folders, problems = _expand(paths)
    root = _root(files, folders)
    table, bad_rows = _manifests(folders or ([root] if files else []), manifest)
    problems.extend(bad_rows)
    documents = []
    for path in files:
        rel = path.relative_to(root).as_posix()
        try:
            reads = _read(path, rel)
            documents.extend(d for read in reads for d in _documents(read, rel, table.get(path, {}), settings))
        except InputError as exc:
            problems.append(Problem(rel, str(exc)))
        except Exception as exc:  # noqa: BLE001 - one file's failure must not stop the others
            from .execute import unexpected_problem

            problems.append(unexpected_problem(rel, exc, "read"))
    _check(problems, documents, strict)
    return Corpus(root=str(root), documents=mark_duplicates(documents, settings), problems=problems)


def _check(problems: list[Problem], documents: list[Document], strict: bool) -> None:
    if problems and strict:
        raise InputError(f"{problems[0].message} (--strict stops at the first bad file; {len(problems)} in all)")
    if not documents:
        reason = problems[0].message if problems else "no .txt/.md/.html/.pdf/.jsonl/.csv files found"
        raise InputError(f"no document could be read: {reason}")


def documents_frame(documents: list[Document]) -> pd.DataFrame:
    """One row per document: ids, metadata, duplicate relation and cleaned length."""
    columns = ["doc_id", "path", "part", "outlet", "published", "title", "kind", "url", "author",
               "duplicate_of", "duplicate_share", "n_chars", "metadata_notes"]
    rows = [
        {**{c: getattr(d, c) for c in columns if hasattr(d, c)}, "n_chars": len(d.text), "metadata_notes": "; ".join(d.metadata_notes)}
        for d in documents
    ]
    return pd.DataFrame(rows, columns=columns)


def text_filename(doc_id: str) -> str:
    """File name under ``texts/`` for a document's cleaned text ("a/b.txt#2" -> "a__b.txt__2.txt")."""
    return re.sub(r"[^\w.-]+", "__", doc_id) + ".txt"


def write_documents(corpus: Corpus, out_dir: str | Path) -> list[Path]:
    """Write documents.csv, documents.parquet and texts/<doc>.txt under ``out_dir``, as one set."""
    out_dir = Path(out_dir)
    with output_set(out_dir) as tmp:
        written = write_table(documents_frame(corpus.documents), tmp, "documents")
        for doc in corpus.documents:
            written.append(write_text(tmp / "texts" / text_filename(doc.doc_id), doc.text + "\n"))
    return [out_dir / path.relative_to(tmp) for path in written]
