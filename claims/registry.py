"""A track record of sources across analyses, kept in one SQLite file (opt-in: ``--registry PATH``).

Each analysis adds, per source, how many of its claims were independently corroborated and how
many were contradicted by better-graded independent sources. Later analyses read the sum over
the *other* runs as a grading factor ("in 12 earlier analyses: 9 claims corroborated, 1
contradicted"), so a desk that checks the same outlets every week builds its own evidence
instead of relying on anyone's outlet ratings.

Rows are stored per (run, source) and summed when read, so no update is a read-modify-write:
concurrent runs on one file each commit their own rows in one transaction and none is lost.
A run is identified by a fingerprint of its documents; analysing the same corpus again replaces
that run's rows instead of counting them twice.
"""
from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable

import pandas as pd

from .attribute import slug
from .errors import InputError
from .records import Document

RECORD_COLUMNS = ["key", "analyses", "claims", "corroborated", "contradicted"]
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS runs (run TEXT PRIMARY KEY, corpus TEXT, recorded TEXT, n_sources INTEGER)",
    "CREATE TABLE IF NOT EXISTS observations (run TEXT, key TEXT, name TEXT, outlet TEXT, claims INTEGER,"
    " corroborated INTEGER, contradicted INTEGER, PRIMARY KEY (run, key))",
)
UNRECORDED_KINDS = ("reader_comment", "social_media")


def run_fingerprint(documents: Iterable[Document]) -> str:
    """A stable id for one corpus: the hash of its documents' ids and raw texts."""
    digest = hashlib.sha256()
    for doc in sorted(documents, key=lambda d: d.doc_id):
        digest.update(doc.doc_id.encode("utf-8") + b"\0" + doc.raw.encode("utf-8", "replace") + b"\0")
    return digest.hexdigest()[:20]


def registry_key(speaker_id: str, kind: str, outlet: str) -> str:
    """The key a source is remembered under: its speaker id; an anonymous speaker (whose id is
    scoped to one document) is remembered as the anonymous sourcing of its outlet."""
    if speaker_id.startswith("anon:"):
        return f"anonymous@{slug(outlet.split('; ')[0]) or 'unknown-outlet'}"
    return speaker_id


@dataclass
class Registry:
    """One SQLite file holding per-run, per-source counts. ``timeout`` is how long a writer
    waits for another run's transaction to finish, in seconds."""

    path: str | Path
    timeout: float = 60.0

    def _connect(self) -> sqlite3.Connection:
        path = Path(self.path)
        if path.is_dir() or not path.parent.is_dir():
            raise InputError(f"{path}: cannot open the registry; give a file path in an existing folder")
        try:
            con = sqlite3.connect(path, timeout=self.timeout, isolation_level=None)
            for statement in _SCHEMA:
                con.execute(statement)
        except sqlite3.DatabaseError as exc:
            raise InputError(f"{path}: not a claims registry ({exc}); give a new file name or the registry an earlier run wrote") from exc
        return con

    def record(self, exclude_run: str = "") -> pd.DataFrame:
        """Per key, the sums over every run but ``exclude_run``: analyses, claims, corroborated, contradicted."""
        con = self._connect()
        try:
            rows = con.execute(
                "SELECT key, COUNT(DISTINCT run), SUM(claims), SUM(corroborated), SUM(contradicted)"
                " FROM observations WHERE run != ? GROUP BY key ORDER BY key", (exclude_run,)).fetchall()
        finally:
            con.close()
        return pd.DataFrame(rows, columns=RECORD_COLUMNS)

    def add(self, run: str, corpus: str, sources: pd.DataFrame) -> int:
        """Store one run's counts (``sources`` as graded: speaker_id, kind, outlet, source,
        n_claims, n_corroborated, n_contradicted_by_better); replaces an earlier copy of ``run``.
        Returns the number of sources recorded."""
        rows: dict[str, list] = {}
        for r in sources.to_dict("records"):
            if r["kind"] in UNRECORDED_KINDS:
                continue
            key = registry_key(str(r["speaker_id"]), str(r["kind"]), str(r["outlet"]))
            counts = [int(r["n_claims"]), int(r["n_corroborated"]), int(r["n_contradicted_by_better"])]
            if key in rows:
                rows[key][4:] = [a + b for a, b in zip(rows[key][4:], counts)]
            else:
                rows[key] = [run, key, str(r["source"]), str(r["outlet"]), *counts]
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        con = self._connect()
        try:
            con.execute("BEGIN IMMEDIATE")
            con.execute("DELETE FROM observations WHERE run = ?", (run,))
            con.executemany("INSERT INTO observations VALUES (?, ?, ?, ?, ?, ?, ?)", list(rows.values()))
            con.execute("INSERT OR REPLACE INTO runs VALUES (?, ?, ?, ?)", (run, corpus, now, len(rows)))
            con.execute("COMMIT")
        except BaseException:
            if con.in_transaction:
                con.execute("ROLLBACK")
            raise
        finally:
            con.close()
        return len(rows)
