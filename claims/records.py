"""The records every stage passes along: documents, claims, relations, findings, source profiles.

One module holds them so that each concept has one definition. Records are small dataclasses;
tables (pandas DataFrames) are built from them with :func:`to_frame`.

Offsets: ``Document.raw`` is the file's text decoded to ``str`` with universal newlines (the
same string ``open(path, encoding="utf-8").read()`` gives for a UTF-8 file), so every
``start``/``end`` pair is a Python string index into the original file.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, Iterable

import pandas as pd


@dataclass(frozen=True)
class Region:
    """A labelled span of a document's cleaned text (``start``/``end`` index ``Document.text``).

    Labels used: ``headline``, ``caption``, ``byline``, ``dateline``, ``comment`` (reader
    comment: user-generated, never the outlet's reporting), ``boilerplate``.
    """

    start: int
    end: int
    label: str


@dataclass(frozen=True)
class Removal:
    """Something cleaning dropped from the raw file, kept so reports can show it (raw offsets)."""

    start: int
    end: int
    reason: str
    text: str


@dataclass
class Document:
    """One article: its raw file text, cleaned text, an offset map between them, and metadata.

    ``offsets[i]`` is the index in ``raw`` of cleaned character ``text[i]``; it is strictly
    increasing, so any cleaned span maps back to one raw span (:meth:`raw_span`). Several
    documents split out of one file share ``path`` and ``raw`` and differ in ``part``.
    """

    doc_id: str
    path: str
    raw: str
    text: str
    offsets: list[int]
    part: int = 1
    title: str = ""
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    author: str | None = None
    kind: str | None = None
    metadata_notes: list[str] = field(default_factory=list)
    regions: list[Region] = field(default_factory=list)
    removed: list[Removal] = field(default_factory=list)
    duplicate_of: str | None = None
    duplicate_share: float = 0.0
    encoding: str = "utf-8"

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a cleaned-text span ``[start, end)`` to the raw-file span covering it."""
        if end <= start:
            pos = self.offsets[start] if start < len(self.offsets) else len(self.raw)
            return pos, pos
        return self.offsets[start], self.offsets[end - 1] + 1

    def region_at(self, pos: int) -> str | None:
        """The label of the region containing cleaned position ``pos``, if any."""
        for region in self.regions:
            if region.start <= pos < region.end:
                return region.label
        return None


@dataclass(frozen=True)
class Problem:
    """A file or document that could not be processed, and what the user should do about it.

    ``stage`` is where it failed (read, clean, parse, segment, attribute, time scope, facts,
    embed), ``error`` the exception type, ``doc_id`` the document when the file was read.
    """

    path: str
    message: str
    stage: str = "read"
    error: str = ""
    doc_id: str = ""


@dataclass
class Corpus:
    """The result of ingest: documents (with splits and duplicates marked) and skipped files."""

    root: str
    documents: list[Document] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


@dataclass
class Claim:
    """One claim (or kept non-claim segment) with its attribution and time scope.

    ``start``/``end`` index the raw file; ``cstart``/``cend`` index the document's cleaned text.
    ``speaker`` is the source as the text words it ("he", "Clinton", "the former secretary");
    ``speaker_name`` who that is, resolved within the document ("Hillary Clinton"), and
    ``speaker_id`` its key. ``chain`` is the relay chain joined with `` > ``; ``hedges`` joined
    with ``; ``.
    """

    id: str
    doc: str
    path: str
    start: int
    end: int
    cstart: int
    cend: int
    text: str
    is_claim: bool = True
    nonclaim_reason: str = ""
    speaker: str = ""
    speaker_name: str = ""
    speaker_id: str = ""
    speaker_role: str = ""
    cue: str = ""
    cue_force: str = ""
    chain: str = ""
    via_outlet: str = ""
    outlet: str = ""
    published: str = ""
    source_kind: str = ""
    side: str = ""
    quote_type: str = ""
    hedges: str = ""
    time_start: str = ""
    time_end: str = ""
    time_text: str = ""
    sentence: str = ""
    evidence: str = ""  # images, video, documents the claim rests on ("Pictures show ...")


def speaker_name(row: Any) -> str:
    """Who a claim row (a dict or a record) names as its source, resolved ("Hillary Clinton" for
    "she"); rows written before ``speaker_name`` existed give their ``speaker``."""
    get = row.get if isinstance(row, dict) else lambda k: getattr(row, k, "")
    for key in ("speaker_name", "speaker"):
        value = get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


@dataclass
class Relation:
    """The relation scorer's verdict on one claim pair."""

    kind: str
    score: float
    explanation: str
    signals: dict[str, Any] = field(default_factory=dict)


@dataclass
class Finding:
    """A conflict or corroboration between two claims, as written to ``findings.json``."""

    id: str
    relation: str
    kind: str
    score: float
    explanation: str
    cluster: int
    a: dict[str, Any]
    b: dict[str, Any]
    independent_sources: list[str] = field(default_factory=list)
    signals: dict[str, Any] = field(default_factory=dict)
    topic: str = ""  # the question both claims answer ("How many people died?")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


RELATION_KINDS = (
    "contradiction",
    "competing_explanation",
    "numeric_mismatch",
    "date_mismatch",
    "corroboration",
    "elaboration",
    "unrelated",
)
CONFLICT_KINDS = ("contradiction", "competing_explanation", "numeric_mismatch", "date_mismatch")
# conflict findings: the relation kinds, plus an article's headline its own body does not support
FINDING_CONFLICT_KINDS = (*CONFLICT_KINDS, "headline_body")


def column_names(record_type: type) -> list[str]:
    """Field names of a record dataclass, in declaration order (the table's columns)."""
    return [f.name for f in fields(record_type)]


_SCALAR_TYPES = {"str", "int", "float", "bool"}


def to_frame(records: Iterable[Any], record_type: type) -> pd.DataFrame:
    """A DataFrame with one row per record and the record type's fields as columns (read column
    by column when every field is a scalar: no per-record ``asdict`` copies)."""
    names, records = column_names(record_type), list(records)
    if records and all(str(f.type) in _SCALAR_TYPES for f in fields(record_type)):
        return pd.DataFrame({name: [getattr(r, name) for r in records] for name in names}, columns=names)
    return pd.DataFrame([asdict(r) for r in records], columns=names)
