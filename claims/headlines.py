"""Headline against body: does an article's own headline assert more or other than its body?

For each article with a headline claim (``quote_type=headline``), the body claims closest to
the headline (by embedding) and the lead are scored against it with the relation scorer. A
``headline_body`` finding is raised when

- the body contradicts the headline (a sure conflict verdict on a close headline/body pair:
  another number, date or cause, or a denial), or
- the headline states flatly what the body only reports as doubtful: hedged, alleged, or from an
  unnamed or social-media source ("Actor dies" over "a fan site claimed the actor had died"), or
- nothing in the body is close to the headline at all, in meaning or in words (the headline is
  not supported).

The thresholds were tuned on FNC-1 train stances (headline/body pairs, split by body id);
``bench/eval_headline_body.py`` prints the figures.
"""
from __future__ import annotations

from typing import Any, Sequence

import re

import numpy as np

from .records import CONFLICT_KINDS, Finding, Relation, speaker_name
from .settings import CompareSettings

KIND = "headline_body"
_WEAK_FORCES = ("allege", "claim", "suggest", "believe", "predict", "estimate")  # cue forces of doubtful reports

def headline_body_pairs(rows: Sequence[dict], embeddings: np.ndarray, k: int, skip: np.ndarray | None = None) -> list[tuple[int, list[int]]]:
    """(headline index, body indices) per article: the ``k`` body claims closest to the
    headline and the lead claim, nearest first; copies (``skip``) are left out."""
    by_doc: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        if skip is None or not skip[i]:
            by_doc.setdefault(str(row.get("doc", "")), []).append(i)
    out = []
    for members in by_doc.values():
        heads = [i for i in members if rows[i].get("quote_type") == "headline"]
        body = [i for i in members if rows[i].get("quote_type") != "headline"]
        if not heads or not body:
            continue
        for h in heads:
            sims = embeddings[body] @ embeddings[h]
            order = [body[j] for j in np.argsort(-sims, kind="stable")[:k]]
            lead = min(body, key=lambda i: int(rows[i].get("cstart", 0) or 0))
            out.append((h, order + ([lead] if lead not in order else [])))
    return out


_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def word_overlap(headline: str, body: str) -> float:
    """Share of the headline's content words (numbers, words of four letters or more) found in
    the body text: a guard for a body whose supporting lead is not a claim row (a dateline)."""
    words = {w for w in _WORD.findall(headline.lower()) if len(w) >= 4 or w.isdigit()}
    if not words:
        return 1.0
    found = set(_WORD.findall(body.lower()))
    return len(words & found) / len(words)


def _body_text(head: dict, texts: dict[str, str]) -> str:
    """The article's cleaned text without its headline."""
    text = texts.get(str(head.get("doc", "")), "")
    start, end = int(head.get("cstart", 0) or 0), int(head.get("cend", 0) or 0)
    return text[:start] + " " + text[end:] if end > start else text


def _asserted(row: dict) -> bool:
    """Stated in the outlet's own voice, without a hedge."""
    return row.get("source_kind", "outlet") == "outlet" and not str(row.get("hedges", "") or "").strip()


def _weak(row: dict) -> bool:
    """Reported as doubtful: hedged, alleged or claimed, or from an unnamed or social-media source.
    (A headline that drops an ordinary attribution, "12 dead" over "12 died, police said", is
    normal practice, not an overstatement.)"""
    return (bool(str(row.get("hedges", "") or "").strip()) or row.get("cue_force") in _WEAK_FORCES
            or row.get("source_kind") in ("anonymous", "social_media"))


def _quote(text: str, words: int = 14) -> str:
    parts = str(text).split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def _who(row: dict) -> str:
    """"as a claim by X, hedged ('reportedly')" for a body claim the headline overstates."""
    speaker = speaker_name(row)
    hedges = str(row.get("hedges", "") or "").strip()
    cue = str(row.get("cue", "") or "").strip()
    said = f"as a claim by {speaker}" if speaker and row.get("source_kind", "outlet") != "outlet" else (
        f"as something {cue}" if cue else "")
    hedged = f"hedged ('{hedges}')" if hedges else ""
    return ", ".join(p for p in (said, hedged) if p) or "as doubtful"


def judge(head: dict, body: list[dict], sims: np.ndarray, relations: list[Relation],
          settings: CompareSettings, overlap: float = 0.0) -> tuple[Relation, int] | None:
    """The headline_body verdict for one headline and its candidate body claims, or None.

    ``overlap`` is :func:`word_overlap` of the headline with the whole body text. Returns the
    relation (kind ``headline_body``, score, one-sentence explanation) and the position of the
    body claim it is shown with.
    """
    if not body:
        return None
    h = _quote(head.get("text", ""))
    conflicts = [(r.score, j) for j, r in enumerate(relations)
                 if r.kind in CONFLICT_KINDS and sims[j] >= settings.headline_conflict_similarity
                 and r.score >= settings.min_headline_conflict_score]
    if conflicts:
        score, j = max(conflicts)
        r = relations[j]
        why = r.explanation.rstrip(".")
        return Relation(KIND, float(score), f"The headline says '{h}' but the body says '{_quote(body[j].get('text', ''))}' ({why}).",
                        {**(r.signals or {}), "headline_check": "contradicted", "body_relation": r.kind}), j
    best = int(np.argmax(sims))
    if sims[best] < settings.headline_unsupported_similarity and overlap < settings.headline_unsupported_overlap:
        score = float(0.5 + 0.5 * (settings.headline_unsupported_similarity - sims[best]))
        return Relation(KIND, score, f"Nothing in the body supports the headline '{h}' (closest: '{_quote(body[best].get('text', ''))}').",
                        {"headline_check": "unsupported", "similarity": round(float(sims[best]), 4)}), best
    support = [j for j, r in enumerate(relations)
               if r.kind in ("corroboration", "elaboration") and sims[j] >= settings.headline_support_similarity]
    if _asserted(head) and support and all(_weak(body[j]) for j in support):
        j = max(support, key=lambda i: sims[i])
        score = float(0.5 + 0.25 * sims[j])
        return Relation(KIND, score, f"The headline states '{h}' as fact; the body reports it only {_who(body[j])}: "
                        f"'{_quote(body[j].get('text', ''))}'.", {"headline_check": "overstated", "similarity": round(float(sims[j]), 4)}), j
    return None


def headline_body_findings(rows: Sequence[dict], embeddings: np.ndarray, scorer: Any, settings: CompareSettings,
                           skip: np.ndarray | None = None, texts: dict[str, str] | None = None) -> list[Finding]:
    """``headline_body`` findings for every article whose headline its body does not support;
    ``texts`` (doc id -> cleaned text) lets a headline whose words the body repeats count as supported."""
    from .compare import encoding, make_finding

    if not settings.headline_body or not len(rows):
        return []
    groups = headline_body_pairs(rows, embeddings, settings.headline_body_candidates, skip)
    pairs = [(h, j) for h, body in groups for j in body]
    if not pairs:
        return []
    relations = scorer.predict([(rows[h], rows[j]) for h, j in pairs],
                               embeddings=(embeddings[[h for h, _ in pairs]], embeddings[[j for _, j in pairs]]),
                               **encoding(scorer, False))
    findings, at = [], 0
    for h, body in groups:
        rel = relations[at:at + len(body)]
        at += len(body)
        sims = embeddings[body] @ embeddings[h]
        overlap = word_overlap(str(rows[h].get("text", "")), _body_text(rows[h], texts)) if texts else 0.0
        verdict = judge(rows[h], [rows[j] for j in body], sims, rel, settings, overlap)
        if verdict is not None:
            relation, j = verdict
            finding = make_finding(relation, rows[h], rows[body[j]], 1.0 - float(sims[j]))
            if finding is not None:
                findings.append(finding)
    return findings
