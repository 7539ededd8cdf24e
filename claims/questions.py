"""Which question a claim answers, and candidate pairs of claims answering one question about one event.

Claims that disagree about a fact often share few words ("polling stations closed on time at
8 pm" vs "voters were still queuing at 9 when officials sealed the boxes"): similarity alone never
pairs them. Both answer the same question (when did voting end?) about the same event, so
:func:`question_pairs` pairs claims of one document event that answer one question, each with
its few nearest such claims, which keeps the number of pairs linear in the claims. The cues
are general question words (:data:`claims.lexicon.QUESTION_CUES`), not story keywords.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .cluster import search
from .lexicon import QUESTION_CUES

QUESTIONS = tuple(QUESTION_CUES)
# One taxonomy: each question a claim answers (for pairing) belongs to the kind of question a
# topic is named by (claims.topics: "How many ...?", "Why ...?", "When ...?", "Who ...?", "Did ...?").
TOPIC_KIND = {"toll": "count", "amount": "count", "cause": "cause", "time": "time", "control": "actor",
              "occurrence": "whether", "outcome": "whether"}
_TOKEN_RE = re.compile(r"[a-z0-9%][a-z0-9.'%\u2019-]*")
_NUMBER_RE = re.compile(r"\d")


def _matchers() -> dict[str, tuple[frozenset, tuple[str, ...], tuple[str, ...]]]:
    """Per question: exact words, word prefixes and multi-word phrases."""
    out = {}
    for question, cues in QUESTION_CUES.items():
        words = frozenset(c for c in cues if " " not in c and not c.endswith("*"))
        prefixes = tuple(c[:-1] for c in cues if c.endswith("*"))
        phrases = tuple(c for c in cues if " " in c)
        out[question] = (words, prefixes, phrases)
    return out


_MATCHERS = _matchers()


def question_kinds(text: str) -> frozenset[str]:
    """The questions a claim text answers (a claim may answer several, or none)."""
    lower = str(text or "").lower()
    tokens = [t.strip(".'\u2019-") or t for t in _TOKEN_RE.findall(lower)]
    found = set()
    for question, (words, prefixes, phrases) in _MATCHERS.items():
        if any(t in words or t.startswith(prefixes) for t in tokens) or any(p in lower for p in phrases):
            found.add(question)
    if _NUMBER_RE.search(lower):
        found.add("amount")
    return frozenset(found)


def topic_kind(texts) -> str:
    """The topic kind most of ``texts`` answer (:data:`TOPIC_KIND`), "" when none answers one."""
    votes: dict[str, int] = {}
    for text in texts:
        for kind in {TOPIC_KIND[q] for q in question_kinds(text)}:
            votes[kind] = votes.get(kind, 0) + 1
    return max(sorted(votes), key=votes.get) if votes else ""


def continues(claims: pd.DataFrame) -> np.ndarray:
    """Whether each row continues the previous row's statement: same document, same named speaker."""
    if len(claims) < 2 or "speaker_id" not in claims:
        return np.zeros(len(claims), dtype=bool)
    docs = claims["doc"].astype(str).to_numpy() if "doc" in claims else np.zeros(len(claims)).astype(str)
    speakers = claims["speaker_id"].fillna("").astype(str).to_numpy()
    out = np.zeros(len(claims), dtype=bool)
    out[1:] = (docs[1:] == docs[:-1]) & (speakers[1:] == speakers[:-1]) & (speakers[1:] != "")
    return out


def claim_question_sets(claims: pd.DataFrame) -> list[frozenset]:
    """Questions per claim row; a speaker's statement that runs over several sentences answers
    the questions of its neighbouring sentences too ("... the pumps had failed twice" after "the
    storm was not why the levee broke")."""
    own = [question_kinds(t) for t in claims["text"].fillna("").astype(str)]
    out = list(own)
    for k in np.flatnonzero(continues(claims)):
        out[k] = out[k] | own[k - 1]
        out[k - 1] = out[k - 1] | own[k]
    return out


def statement_vectors(claims: pd.DataFrame, embeddings: np.ndarray) -> np.ndarray:
    """Each claim's embedding plus those of the neighbouring sentences of the same statement, unit length."""
    vectors = np.array(embeddings, dtype=np.float32, copy=True)
    for k in np.flatnonzero(continues(claims)):
        vectors[k] += embeddings[k - 1]
        vectors[k - 1] += embeddings[k]
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)


def question_blocks(questions: list[frozenset], events: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """(queries, index) row sets: the claims of one event answering one question. Claims that
    dispute whether something happened ("occurrence"), and claims whose question is not
    recognised, are searched against every claim of their event."""
    events = np.asarray(events)
    blocks = []
    for event in np.unique(events[events >= 0]):
        members = np.flatnonzero(events == event)
        if len(members) < 2:
            continue
        for question in QUESTIONS:
            asking = members[[question in questions[m] for m in members]]
            if not len(asking):
                continue
            index = members if question == "occurrence" else asking
            if len(index) > 1:
                blocks.append((asking, index))
        untyped = members[[not questions[m] for m in members]]
        if len(untyped):
            blocks.append((untyped, members))
    return blocks


def question_pairs(claims: pd.DataFrame, embeddings: np.ndarray, events: np.ndarray, per_claim: int) -> dict[tuple[int, int], float]:
    """(i, j) -> cosine distance: each claim with its ``per_claim`` nearest claims of the same
    event that answer one of its questions; at most ``per_claim`` pairs per claim and question."""
    if per_claim <= 0 or len(claims) < 2:
        return {}
    questions = claim_question_sets(claims)
    i, j, d, _ = search(statement_vectors(claims, np.asarray(embeddings, dtype=np.float32)), question_blocks(questions, events), per_claim)
    out: dict[tuple[int, int], float] = {}
    for a, b, dist in zip(i.tolist(), j.tolist(), d.tolist()):
        if a == b:
            continue
        key = (a, b) if a < b else (b, a)
        out[key] = min(dist, out.get(key, dist))
    return out
