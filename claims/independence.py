"""Which claims come from the same original source, so agreement among them is not corroboration.

Three kinds of dependence collapse claims onto one independence group:

- copies: a claim in a duplicate or syndicated document (``Document.duplicate_of``), or a
  sentence repeated near-verbatim in another document, belongs to the original document;
- relays: one named speaker (``speaker_id``) quoted by two outlets is one source, and an outlet
  named as the speaker in its own article is that outlet's own voice;
- citations: an outlet relaying another outlet of the corpus (``via_outlet``) joins that
  outlet's group when it names no speaker of its own.

Group labels are readable strings naming the original source.
"""
from __future__ import annotations

import re
from typing import Iterable

import pandas as pd

from .attribute import slug as make_slug
from .records import Document

ANON_PREFIX = "anon:"
_WORD_RE = re.compile(r"\w+")


def original_docs(documents: Iterable[Document]) -> dict[str, str]:
    """doc_id -> the doc_id it is ultimately a copy of (itself when original)."""
    parent = {d.doc_id: (d.duplicate_of or d.doc_id) for d in documents}

    def root(doc_id: str) -> str:
        seen = set()
        while parent.get(doc_id, doc_id) != doc_id and doc_id not in seen:
            seen.add(doc_id)
            doc_id = parent[doc_id]
        return doc_id

    return {doc_id: root(doc_id) for doc_id in parent}


def sentence_key(text: str) -> str:
    """Lower-case word sequence: equal for sentences that differ only in spacing, case, punctuation."""
    return " ".join(_WORD_RE.findall(str(text).lower()))


def _first_by_sentence(claims: pd.DataFrame, documents: list[Document], min_words: int) -> pd.Series:
    """Position of the same claim's first occurrence in an earlier document (else the claim itself).

    Two claims count as one when their texts match word for word (case and punctuation aside)
    and are at least ``min_words`` long; claims repeated inside one document stay distinct.
    """
    order = {d.doc_id: i for i, d in enumerate(documents)}
    origin = original_docs(documents)
    keys = claims["text"].fillna("").astype(str).map(sentence_key).to_numpy()
    docs = claims["doc"].astype(str).map(lambda d: origin.get(d, d)).to_numpy()
    ranked = sorted(range(len(claims)), key=lambda p: (order.get(docs[p], len(order)), docs[p], p))
    first: dict[str, int] = {}
    for pos in ranked:
        if len(keys[pos].split()) >= min_words:
            first.setdefault(keys[pos], pos)
    own = claims["doc"].astype(str).to_numpy()
    return pd.Series([p if own[first.get(k, p)] == own[p] else first[k] for p, k in enumerate(keys)], index=claims.index)


def copy_origins(claims: pd.DataFrame, documents: list[Document], min_words: int = 6) -> pd.Series:
    """The doc_id each claim originally comes from: duplicates and repeated sentences map to the first."""
    origin = original_docs(documents)
    docs = claims["doc"].astype(str).map(lambda d: origin.get(d, d)).to_numpy()
    first = _first_by_sentence(claims, documents, min_words).to_numpy()
    return pd.Series(docs[first], index=claims.index)


def is_copy(claims: pd.DataFrame, documents: list[Document]) -> pd.Series:
    """True for claims whose original is in another document (a duplicate file or a repeated sentence)."""
    return copy_origins(claims, documents) != claims["doc"].astype(str)


def document_label(doc: Document | None) -> str:
    """How a reader names a document's own voice: its outlet, else its title, else its opening
    words; never its file name."""
    if doc is None:
        return "an unnamed outlet"
    if doc.outlet:
        return doc.outlet
    text = (doc.title or next((line for line in doc.text.splitlines() if line.strip()), "")).strip()
    if not text:
        return "an unnamed outlet"
    return f"the article “{text[:57].rstrip()}…”" if len(text) > 60 else f"the article “{text}”"


def _article_names(documents: list[Document]) -> dict[str, str]:
    """doc_id -> a readable name unique among the documents: the title (or opening words), with
    the article's position added when two share it; never the file name."""
    names = {}
    for i, d in enumerate(documents, 1):
        label = document_label(Document(doc_id=d.doc_id, path=d.path, raw="", text=d.text, offsets=[], title=d.title))
        names[d.doc_id] = label if label != "an unnamed outlet" else f"article {i}"
    counts = {n: list(names.values()).count(n) for n in names.values()}
    return {doc_id: f"{n}, article {i}" if counts[n] > 1 else n for i, (doc_id, n) in enumerate(names.items(), 1)}


def _outlet_of(documents: list[Document]) -> dict[str, str]:
    """doc_id -> the outlet, or for a document without one its title (never the file name)."""
    return {d.doc_id: d.outlet or (document_label(d) if d.title or d.text.strip() else d.doc_id) for d in documents}


def _group(speaker_id: str, via: str, outlet: str, origin: str, outlets: dict[str, str], origin_outlet: str,
           article: str = "") -> str:
    """The independence label of one claim (see the module docstring)."""
    relayed = outlets.get(via.strip().lower(), "")
    own_outlet = origin_outlet or outlet
    if speaker_id and own_outlet and speaker_id == make_slug(own_outlet):
        return own_outlet
    if speaker_id and not speaker_id.startswith(ANON_PREFIX):
        return speaker_id
    if relayed:
        return relayed
    if speaker_id.startswith(ANON_PREFIX):
        slug = speaker_id.rsplit(":", 1)[-1]
        return f"{slug} ({origin_outlet}, {article or origin})"
    return origin_outlet or outlet or origin


def source_groups(claims: pd.DataFrame, documents: list[Document]) -> pd.Series:
    """Independence group label of each claim, index-aligned to ``claims``."""
    origin = original_docs(documents)
    origins = claims["doc"].astype(str).map(lambda d: origin.get(d, d))
    outlet_of = _outlet_of(documents)
    outlets = {o.strip().lower(): o for o in sorted(set(outlet_of.values())) if o}

    def text(name: str) -> pd.Series:
        return claims[name].fillna("").astype(str) if name in claims else pd.Series("", index=claims.index)

    rows = zip(text("speaker_id"), text("via_outlet"), text("outlet"), origins)
    articles = _article_names(documents)
    labels = [_group(sid, via, out, origin, outlets, outlet_of.get(origin, out), articles.get(origin, ""))
              for sid, via, out, origin in rows]
    first = _first_by_sentence(claims, documents, min_words=6).to_numpy()
    return pd.Series([labels[p] for p in first], index=claims.index, name="group")


def independence_table(claims: pd.DataFrame, documents: list[Document], groups: pd.Series | None = None) -> pd.DataFrame:
    """One row per independence group: how many claims, from which outlets and documents."""
    groups = source_groups(claims, documents) if groups is None else groups
    frame = pd.DataFrame({"group": groups, "outlet": claims.get("outlet", ""), "doc": claims["doc"]})
    table = frame.groupby("group", sort=True).agg(
        members=("doc", "size"),
        outlets=("outlet", lambda s: "; ".join(sorted({str(x) for x in s if str(x)}))),
        docs=("doc", lambda s: "; ".join(sorted(set(map(str, s))))),
    )
    return table.reset_index()
