"""One file holding several articles, and copies of one article across files.

* :func:`split_articles` cuts a document where a second, unrelated article starts: at a later
  headline (a repeated headline/caption block or a title after a wide gap) whose two sides
  share few content words.
* :func:`mark_duplicates` sets ``duplicate_of``/``duplicate_share`` on copies: the share of a
  document's words covered by word n-grams (shingles) it shares with an earlier or longer one.
* :func:`shared_passages` lists every pair sharing passages (syndicated wire copy), so later
  stages never count a copy as independent evidence.
"""
from __future__ import annotations

import dataclasses
import math
import re
from collections import Counter
from typing import Iterable

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from .records import Document, Region
from .settings import IngestSettings

_TOKEN = re.compile(r"\w+")


def split_articles(doc: Document, settings: IngestSettings | None = None) -> list[Document]:
    """``doc`` cut into its articles (itself alone when it holds one); parts get ``#2``, ``#3``."""
    settings = settings or IngestSettings()
    cuts = _split_points(doc, settings)
    if not cuts:
        return [doc]
    bounds = list(zip([0, *cuts], [*cuts, len(doc.text)]))
    return [_part(doc, start, end, n, len(bounds)) for n, (start, end) in enumerate(bounds, start=1)]


def _split_points(doc: Document, settings: IngestSettings) -> list[int]:
    """Cleaned positions where an unrelated article starts: the content-word cosine between the
    text since the last cut and all the text after the candidate is at most ``split_max_overlap``.

    The two word counts, their dot product and norms are updated as each stretch of text moves
    from after the candidate to before it, so the scan is linear in the document's length.
    """
    starts = _candidates(doc)
    bounds = list(zip([0, *starts], [*starts, len(doc.text)]))
    pieces = [_content_counts(doc.text[a:b]) for a, b in bounds]
    after: Counter = Counter()
    for piece in pieces:
        after.update(piece)
    before: Counter = Counter()
    dot, before_sq, after_sq = 0, 0, sum(v * v for v in after.values())
    cuts, last = [], 0
    for start, piece in zip(starts, pieces):
        for word, k in piece.items():
            b, a = before[word], after[word]
            dot += (b + k) * (a - k) - b * a
            before_sq += (b + k) ** 2 - b * b
            after_sq += (a - k) ** 2 - a * a
            before[word], after[word] = b + k, a - k
        if start - last < settings.min_article_chars or len(doc.text) - start < settings.min_article_chars:
            continue
        norm = math.sqrt(before_sq) * math.sqrt(after_sq)
        if (dot / norm if norm else 0.0) <= settings.split_max_overlap:
            cuts.append(start)
            last, before, dot, before_sq = start, Counter(), 0, 0
    return cuts


def _candidates(doc: Document) -> list[int]:
    """Starts of later headlines, and of title-like paragraphs after two or more blank lines."""
    found = {r.start for r in doc.regions if r.label == "headline" and r.start > 0}
    captions = {r.start for r in doc.regions if r.label == "caption"}
    pos = 0
    for para in doc.text.split("\n"):
        if pos > 0 and para.strip() and _title_like(para):
            next_start = pos + len(para)
            caption_next = any(0 < c - next_start <= 3 for c in captions)
            if caption_next or _gap_before(doc, pos) >= 3:
                found.add(pos)
        pos += len(para) + 1
    return sorted(found)


def _gap_before(doc: Document, pos: int) -> int:
    """Newlines in the raw file between the last visible character before ``pos`` and ``pos``."""
    prev = pos - 1
    while prev >= 0 and doc.text[prev].isspace():
        prev -= 1
    return doc.raw.count("\n", doc.offsets[prev], doc.offsets[pos]) if prev >= 0 else 0


def _title_like(para: str) -> bool:
    s = para.strip()
    return 2 <= len(s.split()) <= 20 and s[0].isupper() and s[-1] not in ".,;:"


def _content_counts(text: str) -> Counter:
    return Counter(w for w in _TOKEN.findall(text.lower()) if len(w) > 2 and w not in ENGLISH_STOP_WORDS)


def _part(doc: Document, start: int, end: int, n: int, n_parts: int) -> Document:
    """The cleaned slice ``[start, end)`` of ``doc`` as its own document (same path and raw)."""
    lo = doc.offsets[start] if n > 1 else 0
    hi = doc.offsets[end] if n < n_parts else len(doc.raw) + 1
    regions = [Region(r.start - start, min(r.end, end) - start, r.label) for r in doc.regions if start <= r.start < end]
    first_line = doc.text[start:end].split("\n", 1)[0]
    if n > 1 and not any(r.start == 0 and r.label == "headline" for r in regions) and _title_like(first_line):
        regions.insert(0, Region(0, len(first_line), "headline"))
    title = next((doc.text[start + r.start:start + r.end] for r in regions if r.label == "headline"), "")
    notes = list(doc.metadata_notes)
    if n > 1:
        notes.append(f"article {n} split out of {doc.path} (unrelated article appended to the file)")
    return dataclasses.replace(
        doc,
        doc_id=doc.doc_id if n == 1 else f"{doc.doc_id}#{n}",
        part=n,
        text=doc.text[start:end],
        offsets=doc.offsets[start:end],
        regions=regions,
        removed=[r for r in doc.removed if lo <= r.start < hi],
        title=" ".join(title.split()) or (doc.title if n == 1 else ""),
        metadata_notes=notes,
    )


def _shingles(text: str, k: int) -> np.ndarray:
    """Hashes of the text's word ``k``-grams, in order (8 bytes each, not a tuple of strings,
    so a 50 MB file does not need gigabytes; a 64-bit collision is vanishingly rare)."""
    words = _TOKEN.findall(text.lower())
    n = max(0, len(words) - k + 1)
    return np.fromiter((hash(tuple(words[i:i + k])) for i in range(n)), dtype=np.int64, count=n)


def _coverage(copy: np.ndarray, original: np.ndarray, k: int) -> float:
    """Share of the copy's words inside a shingle that the original (sorted unique hashes) also has."""
    if not len(copy):
        return 0.0
    hits = np.isin(copy, original, assume_unique=False).astype(np.int32)
    covered = np.convolve(hits, np.ones(k, dtype=np.int32)) > 0
    return float(covered.sum()) / (len(copy) + k - 1)


def _overlaps(documents: list[Document], k: int, min_share: float = 0.1) -> dict[tuple[int, int], float]:
    """``(i, j) -> share of document j's words found in document i`` for pairs sharing shingles.

    Pairs are found through an index of shingles; a shingle carried by a large part of the corpus
    is stock phrasing, not evidence of copying, and pairs sharing too few shingles to reach
    ``min_share`` are never measured, so the cost grows with the copies, not with all pairs.
    """
    if len(documents) < 2:
        return {}
    shingles = [_shingles(d.text, k) for d in documents]
    sets = [np.unique(s) for s in shingles]
    sizes = np.array([len(s) for s in sets])
    hashes = np.concatenate(sets)
    owner = np.repeat(np.arange(len(documents)), sizes)
    order = np.argsort(hashes, kind="stable")
    hashes, owner = hashes[order], owner[order]
    starts = np.flatnonzero(np.r_[True, hashes[1:] != hashes[:-1]]) if len(hashes) else np.array([], dtype=int)
    counts = np.diff(np.r_[starts, len(hashes)])
    stock = max(50, len(documents) // 10)
    telling = (counts > 1) & (counts <= stock)
    if not telling.any():
        return {}
    column = np.cumsum(telling) - 1
    group = np.repeat(np.arange(len(starts)), counts)
    member = telling[group]
    rows, cols = owner[member], column[group[member]]
    incidence = sparse.csr_matrix((np.ones(len(rows), dtype=np.int32), (rows, cols)), shape=(len(documents), int(telling.sum())))
    shared = (incidence @ incidence.T).tocoo()
    keep = (shared.row != shared.col) & (shared.data >= min_share * sizes[shared.col])
    found = sorted(zip(shared.row[keep].tolist(), shared.col[keep].tolist()))
    return {(i, j): _coverage(shingles[j], sets[i], k) for i, j in found}


def _precedes(a: Document, b: Document) -> bool:
    """Whether ``a`` counts as the original of ``b``: published earlier, else longer, else first."""
    pa, pb = a.published or "", b.published or ""
    if pa and pb and pa[: min(len(pa), len(pb))] != pb[: min(len(pa), len(pb))]:
        return pa < pb
    if len(a.text) != len(b.text):
        return len(a.text) > len(b.text)
    return a.doc_id < b.doc_id


def mark_duplicates(documents: list[Document], settings: IngestSettings | None = None) -> list[Document]:
    """Set ``duplicate_of``/``duplicate_share`` on each copy (in place) and return the list."""
    settings = settings or IngestSettings()
    best: dict[int, tuple[float, int]] = {}
    for (i, j), share in _overlaps(documents, settings.shingle_words, settings.near_duplicate_threshold).items():
        if share >= settings.near_duplicate_threshold and _precedes(documents[i], documents[j]):
            if share > best.get(j, (0.0, -1))[0]:
                best[j] = (share, i)
    for j, (share, i) in best.items():
        documents[j].duplicate_of = documents[i].doc_id
        documents[j].duplicate_share = round(share, 3)
    return documents


def shared_passages(documents: Iterable[Document], min_share: float | None = None, k: int | None = None) -> list[tuple[str, str, float]]:
    """``(original, copy, share)`` for each pair sharing passages; ``share`` is the fraction of
    the copy's words found in the original. Pairs under ``min_share`` are left out."""
    documents = list(documents)
    defaults = IngestSettings()
    min_share = defaults.min_shared_share if min_share is None else min_share
    overlaps = _overlaps(documents, k or defaults.shingle_words, min_share)
    out = []
    for (i, j), share in overlaps.items():
        if share >= min_share and _precedes(documents[i], documents[j]):
            out.append((documents[i].doc_id, documents[j].doc_id, round(share, 3)))
    return sorted(out, key=lambda t: (-t[2], t[0], t[1]))
