"""Cross-source comparison: choose candidate claim pairs, score them, keep conflicts and corroborations.

Candidate pairs never cover all pairs: members of one (small) cluster, each claim's nearest
neighbours, then the closest of a wider neighbourhood (competing explanations of one event
rarely share wording) up to a pair budget linear in the number of claims. A pair is scored
only when its claims come from different sources (speaker or outlet) and different
independence groups (a copy is never compared with its original, and copies are left out;
one named speaker as two outlets report them is compared, for a conflict only: a misquote or a
changed story, never an independent corroboration), have compatible time scopes (events years
apart are not in conflict) and come from documents about the same event (sharing one of their
most-named entities). The scorer is any object
with ``predict(pairs, embeddings=None) -> list[Relation]`` (see :mod:`claims.relations`); a
scorer with a cross-encoder (``encoder``) has it read only each claim's closest scored pairs.
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import sys
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

import numpy as np
import pandas as pd

from . import lexicon
from .cluster import TermView, cluster_claims, cluster_features, document_events, nearest, neighbour_graph, search, source_keys, time_bounds, times_compatible
from .detectors.polarity import disputes
from .independence import is_copy, source_groups
from .normalize import top_keys
from .headlines import headline_body_findings
from .questions import question_pairs
from .records import CONFLICT_KINDS, FINDING_CONFLICT_KINDS, Document, Finding, Relation, speaker_name
from .settings import ClusterSettings, CompareSettings
from .timescope import PUBLICATION

FINDING_CLAIM_FIELDS = (
    "id", "doc", "doc_id", "start", "end", "text", "sentence", "speaker", "speaker_name", "speaker_role",
    "speaker_id", "via_outlet", "outlet", "published", "source_kind", "side", "quote_type", "hedges", "cue",
    "time_start", "time_end", "chain", "group", "cluster",
)


@dataclass
class Comparison:
    """Claims with ``cluster`` and ``group`` columns, the findings in importance order, and counts."""

    claims: pd.DataFrame
    findings: list[Finding] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)


def exhaustive_cross_source_pairs(claims: pd.DataFrame) -> int:
    """How many pairs an all-against-all comparison of claims from different sources would score."""
    n = len(claims)
    same = source_keys(claims).value_counts().to_numpy()
    return int(n * (n - 1) // 2 - int((same * (same - 1) // 2).sum()))


def _cluster_pairs(labels: np.ndarray, max_size: int, embeddings: np.ndarray | None = None, k: int = 0) -> np.ndarray:
    """Pair keys (:func:`pair_keys`) of all pairs inside clusters of at most ``max_size``
    members; in bigger ones (an event reported at length) each member with its ``k`` nearest
    members, so pairs stay linear."""
    n = len(labels)
    keys = [np.zeros(0, dtype=np.int64)]
    big = []
    for label in np.unique(labels[labels >= 0]):
        members = np.flatnonzero(labels == label)
        if len(members) > max_size:
            big.append((members, members))
            continue
        a, b = np.triu_indices(len(members), k=1)
        keys.append(pair_keys(members[a], members[b], n))
    if big and embeddings is not None and k > 0:
        i, j, _, _ = search(np.asarray(embeddings, dtype=np.float32), big, k)
        keys.append(pair_keys(i, j, n))
    return np.unique(np.concatenate(keys))


def pair_keys(i: np.ndarray, j: np.ndarray, n: int) -> np.ndarray:
    """Unordered pairs of row positions as sorted unique int64 keys ``min * n + max`` (self pairs
    dropped): sets of pairs held, joined and sent between processes as arrays."""
    i, j = np.asarray(i, dtype=np.int64), np.asarray(j, dtype=np.int64)
    other = i != j
    i, j = i[other], j[other]
    return np.unique(np.minimum(i, j) * n + np.maximum(i, j))


def _neighbour_pairs(embeddings: np.ndarray, lo: np.ndarray, hi: np.ndarray, k: int, max_distance: float, slack_days: float,
                     found: tuple[np.ndarray, ...] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Pair keys (sorted, :func:`pair_keys`) and cosine distances of each claim's ``k`` nearest
    neighbours with compatible times."""
    graph = neighbour_graph(embeddings, lo, hi, k, max_distance, slack_days, found=found).tocoo()
    upper = graph.row < graph.col
    keys = graph.row[upper].astype(np.int64) * embeddings.shape[0] + graph.col[upper]
    order = np.argsort(keys, kind="stable")
    return keys[order], graph.data[upper][order]


def document_topics(documents: list[Document], n_keys: int) -> dict[str, frozenset]:
    """doc_id -> the entity keys the document names most often (empty: unknown, compatible with all)."""
    if n_keys <= 0:
        return {}
    return {d.doc_id: frozenset(top_keys(d.text or "", n_keys)) for d in documents}


def _same_topic(claims: pd.DataFrame, topics: dict[str, frozenset], i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Whether claim pairs come from one document or documents sharing a main entity (same event)."""
    docs = claims["doc"].astype(str).to_numpy()
    keys = [topics.get(d, frozenset()) for d in docs]
    return np.array([docs[a] == docs[b] or not keys[a] or not keys[b] or bool(keys[a] & keys[b]) for a, b in zip(i, j)], dtype=bool)


def _eligible(pairs: np.ndarray, claims: pd.DataFrame, groups: pd.Series, lo: np.ndarray, hi: np.ndarray,
              slack_days: float, copies: np.ndarray | None, topics: dict[str, frozenset] | None = None,
              events: np.ndarray | None = None, event_slack_days: float = 0.0) -> tuple[np.ndarray, dict[str, int]]:
    """Which pairs may be scored: different sources and groups, compatible times, same topic, no copies.

    Claims whose documents report one event (one of ``events``, or sharing a main entity in
    ``topics``) may be ``event_slack_days`` apart: "the company knew in March" and "it learned of
    the fault in November" disagree about one recall precisely because their times differ.
    When one of them names no time of its own (its scope is the publication date) they may be
    twice that apart: "the supplier changed the alloy without telling us" speaks of whenever
    that happened, which the other claim may date a year or two before the article.
    """
    i, j = pairs[:, 0], pairs[:, 1]
    sources, group = source_keys(claims).to_numpy(), groups.to_numpy()
    cross = sources[i] != sources[j]
    independent = group[i] != group[j]
    relayed = ~independent & _relayed(claims, group, i, j)
    timely = times_compatible(lo, hi, i, j, slack_days)
    if event_slack_days > slack_days:
        undated = _undated(claims)
        slack = np.where(undated[i] | undated[j], 2 * event_slack_days, event_slack_days)
        late = ~timely & times_compatible(lo, hi, i, j, slack)
        same = np.zeros(len(pairs), dtype=bool)
        if events is not None:
            same = (events[i] == events[j]) & (events[i] >= 0)
        if topics:
            ask = late & ~same
            same[ask] = _same_topic(claims, topics, i[ask], j[ask])
        timely |= late & same
    original = np.ones(len(pairs), dtype=bool) if copies is None else ~(copies[i] | copies[j])
    basic = cross & (independent | relayed) & timely & original
    topical = np.ones(len(pairs), dtype=bool)
    if topics:
        topical[basic] = _same_topic(claims, topics, i[basic], j[basic])
    counts = {
        "pairs_same_source": int((~cross).sum()),
        "pairs_same_group": int((cross & ~independent & ~relayed).sum()),
        "pairs_relayed": int((cross & relayed).sum()),
        "pairs_time_apart": int((cross & (independent | relayed) & ~timely).sum()),
        "pairs_with_copies": int((cross & (independent | relayed) & timely & ~original).sum()),
        "pairs_other_topic": int((basic & ~topical).sum()),
    }
    return basic & topical, counts


def _relayed(claims: pd.DataFrame, group: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Pairs whose claims one named speaker made as two outlets report them: not independent, so
    they never corroborate each other, but two outlets quoting one person differently is a
    discrepancy a reader wants to see (a misquote, or a changed story)."""
    def column(name: str) -> np.ndarray:
        return claims[name].fillna("").astype(str).to_numpy() if name in claims else np.full(len(claims), "", dtype=object)

    speaker, outlet, doc = column("speaker_id"), column("outlet"), column("doc")
    return (group[i] == speaker[i]) & (speaker[i] != "") & (outlet[i] != outlet[j]) & (doc[i] != doc[j])


def _undated(claims: pd.DataFrame) -> np.ndarray:
    """Claims whose time scope is only their publication date (no time expression of their own)."""
    if "time_text" not in claims:
        return np.zeros(len(claims), dtype=bool)
    return (claims["time_text"].fillna("").astype(str) == PUBLICATION).to_numpy()


def claim_events(claims: pd.DataFrame, embeddings: np.ndarray, settings: ClusterSettings) -> np.ndarray:
    """The document event of each claim (:func:`claims.cluster.document_events`), for pairing by question."""
    return document_events(claims, embeddings, settings.doc_threshold, settings.doc_text_weight, settings.time_window_days)


def pair_budget(n_claims: int, settings: CompareSettings) -> int:
    """How many pairs may be scored: a floor for small corpora, then linear in the claims."""
    return max(settings.min_pair_budget, settings.pairs_per_claim * n_claims)


def encoder_budget(n_claims: int, settings: CompareSettings) -> int:
    """Pairs the relation cross-encoder reads: ``max(min_encoder_pairs, encoder_pairs_per_claim * claims)``."""
    return max(settings.min_encoder_pairs, int(settings.encoder_pairs_per_claim * n_claims))


def _all_pairs_may_fit(n_claims: int, settings: CompareSettings) -> bool:
    """Whether :func:`candidate_pairs` first tries scoring every eligible pair (no searches)."""
    return n_claims * (n_claims - 1) // 2 <= settings.all_pairs_factor * pair_budget(n_claims, settings)


def candidate_pairs(claims: pd.DataFrame, embeddings: np.ndarray, labels: np.ndarray, groups: pd.Series, settings: CompareSettings,
                    copies: np.ndarray | None = None, topics: dict[str, frozenset] | None = None,
                    events: np.ndarray | None = None, near: tuple[np.ndarray, np.ndarray] | None = None,
                    wide: Callable[[], tuple[np.ndarray, np.ndarray]] | None = None) -> tuple[list[tuple[int, int]], dict[str, int]]:
    """Positional (i, j) pairs worth scoring, sorted, with counts of what was filtered out.

    A corpus small enough that all its eligible pairs fit the pair budget has every eligible
    pair scored (looked for when all pairs are at most ``all_pairs_factor`` times the budget).
    Always: pairs inside clusters of at most ``max_cluster_size`` (in bigger ones each claim's
    ``neighbours`` nearest members), each claim's
    ``neighbours`` nearest neighbours, its ``term_neighbours`` nearest by embedding joined with
    the TF-IDF of its names and rarer words (a denial shares the rumour's names more than its
    wording) and, given document ``events``, its
    ``question_neighbours`` nearest claims of its event answering the same question
    (:mod:`claims.questions`: how many died, what caused it ...). Then the closest of each claim's ``wide_neighbours``
    (different facts about one event: competing explanations rarely share wording) until the
    pair budget is spent (searched only when the others leave budget). ``copies`` marks claims repeated from another document; their
    original stands for them. ``topics`` (doc_id -> main entity keys) keeps pairs of
    documents about different events (no shared main entity) apart. ``near`` is
    :func:`near_pairs` when already computed (it does not depend on the clusters); ``wide``,
    called only when the wider neighbourhood is wanted, gives :func:`wide_pairs` (for instance
    from a process that searched it while the clusters were still being made).
    """
    lo, hi = time_bounds(claims)
    n = len(claims)
    if _all_pairs_may_fit(n, settings):
        pairs = np.column_stack(np.triu_indices(n, k=1)).astype(int).reshape(-1, 2)
        keep, counts = _eligible(pairs, claims, groups, lo, hi, settings.time_slack_days, copies, topics, events, settings.event_time_slack_days)
        if keep.sum() <= pair_budget(n, settings):
            counts.update(pairs_all=len(pairs), pair_budget=pair_budget(n, settings))
            return sorted((int(a), int(b)) for a, b in pairs[keep]), counts
    similar, asking = near if near is not None else near_pairs(claims, embeddings, settings, events)
    core = np.union1d(_cluster_pairs(labels, settings.max_cluster_size, embeddings, settings.neighbours), similar)
    n_similar = len(core)
    core = np.union1d(core, asking)
    eligible = functools.partial(_eligible, claims=claims, groups=groups, lo=lo, hi=hi, slack_days=settings.time_slack_days,
                                 copies=copies, topics=topics, events=events, event_slack_days=settings.event_time_slack_days)
    keep, counts = eligible(np.column_stack(np.divmod(core, n)))
    chosen = [core[keep]]
    budget = max(pair_budget(len(claims), settings), int(keep.sum()))
    n_wide = 0
    if keep.sum() < budget:  # the wider neighbourhood is searched only when the core leaves budget
        keys, distances = wide() if wide is not None else wide_pairs(claims, embeddings, settings)
        fresh = ~np.isin(keys, core, assume_unique=True)
        ranked = keys[fresh][np.lexsort((keys[fresh], distances[fresh]))]  # nearest first, ties by pair
        keep_wide, wide_counts = eligible(np.column_stack(np.divmod(ranked, n)))
        keep_wide &= np.cumsum(keep_wide) <= budget - keep.sum()
        n_wide = int(keep_wide.sum())
        chosen.append(ranked[keep_wide])
        counts = {k: counts[k] + wide_counts[k] for k in counts}
    counts.update(pairs_from_clusters_and_neighbours=n_similar, pairs_from_questions=len(core) - n_similar,
                  pairs_from_wide_neighbours=n_wide, pair_budget=budget)
    first, second = np.divmod(np.sort(np.concatenate(chosen)), n)
    return list(zip(first.tolist(), second.tolist())), counts


def wide_pairs(claims: pd.DataFrame, embeddings: np.ndarray, settings: CompareSettings) -> tuple[np.ndarray, np.ndarray]:
    """Pair keys (sorted) and cosine distances of each claim's ``wide_neighbours`` nearest within
    ``max_wide_distance``: the wider neighbourhood of :func:`candidate_pairs`."""
    lo, hi = time_bounds(claims)
    found = nearest(embeddings, lo, hi, max(settings.neighbours, settings.wide_neighbours), settings.time_slack_days)
    return _neighbour_pairs(embeddings, lo, hi, settings.wide_neighbours, settings.max_wide_distance, settings.time_slack_days, found)


def near_pairs(claims: pd.DataFrame, embeddings: np.ndarray, settings: CompareSettings,
               events: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The candidate pairs that need no clusters, as :func:`pair_keys`: (each claim with its
    nearest neighbours by embedding and by embedding joined with its terms, each claim with the
    nearest claims of its event that answer the same question); see :func:`candidate_pairs`."""
    lo, hi = time_bounds(claims)
    n = len(claims)
    views = [TermView(embeddings, claims, settings.term_pair_weight, settings.term_neighbours)] if settings.term_neighbours > 0 else []
    found, *joined = nearest(embeddings, lo, hi, settings.neighbours, settings.time_slack_days, views=views)
    similar = _neighbour_pairs(embeddings, lo, hi, settings.neighbours, settings.max_pair_distance, settings.time_slack_days, found)[0]
    for view, view_found in zip(views, joined):
        similar = np.union1d(similar, _neighbour_pairs(embeddings, lo, hi, view.k, 2.0, settings.time_slack_days, view_found)[0])
    asking = question_pairs(claims, embeddings, events, settings.question_neighbours) if events is not None else {}
    first, second = (np.array(side, dtype=np.int64) for side in zip(*asking)) if asking else (np.zeros(0, dtype=np.int64),) * 2
    return similar, pair_keys(first, second, n)


def score_pairs(scorer: Any, rows: list[dict], embeddings: np.ndarray, pairs: list[tuple[int, int]], batch_size: int = 2048,
                show_progress_bar: bool = False, processes: int = 1,
                keep: Callable[[Relation], bool] | None = None) -> list[Relation | None]:
    """The scorer's relation for each pair, in batches (one model call per batch); with ``keep``,
    None in place of each relation it rejects (so a large corpus holds only what it reports).

    With ``processes`` > 1 (Linux) the batches are scored in that many forked copies of this
    process, which share the scorer, its facts and the rows (only pairs and kept relations
    cross); the same batches, so the same relations. A scorer with a chat judge or an NLI model
    scores here (network calls, and torch's thread pool does not survive a fork).
    """
    from .execute import forked_map

    batches = [pairs[start:start + batch_size] for start in range(0, len(pairs), batch_size)]
    state = (scorer, rows, embeddings, keep)
    here_only = getattr(scorer, "judge", None) is not None or getattr(scorer, "nli", None) is not None
    if processes > 1 and len(batches) > 1 and sys.platform.startswith("linux") and not here_only:
        if hasattr(scorer, "prepare"):
            scorer.prepare([rows[i] for i in sorted({i for pair in pairs for i in pair})])
        results = forked_map(_score_batch, batches, state, min(processes, len(batches)), {})
    else:
        results = (_score_batch(batch, state) for batch in batches)
    if show_progress_bar:
        from tqdm.auto import tqdm

        results = tqdm(results, total=len(batches), desc="relations", unit="batch")
    relations: list[Relation | None] = []
    for batch, out in zip(batches, results):
        if len(out) != len(batch):
            raise ValueError(f"the relation scorer returned {len(out)} relations for {len(batch)} pairs; return one per pair")
        relations.extend(out)
    return relations


def encoding(scorer: Any, encode: bool) -> dict:
    """``predict``'s keyword saying whether a scorer's cross-encoder reads these pairs (none for other scorers)."""
    return {"encode": encode} if getattr(scorer, "encoder", None) is not None else {}


def _score_batch(batch: list[tuple[int, int]], state: tuple, encode: bool = False) -> list[Relation | None]:
    scorer, rows, embeddings, keep = state
    ia, ib = [i for i, _ in batch], [j for _, j in batch]
    out = list(scorer.predict([(rows[i], rows[j]) for i, j in batch], embeddings=(embeddings[ia], embeddings[ib]),
                              **encoding(scorer, encode)))
    return out if keep is None or len(out) != len(batch) else [r if keep(r) else None for r in out]


def encoder_pairs(pairs: list[tuple[int, int]], embeddings: np.ndarray, docs: np.ndarray, budget: int,
                  clusters: np.ndarray | None = None, cluster_extra: int = 0,
                  disputes: np.ndarray | None = None) -> list[int]:
    """Positions in ``pairs`` the cross-encoder reads, at most ``budget`` and up to ``cluster_extra``
    more of one cluster: first the pairs of one cluster (claims about one fact, where its verdicts
    are most often right; given ``clusters``, -1 for none), and among them first those where one
    claim disputes and the other does not (given ``disputes``, see :func:`disputing`), then the
    others; in each, each claim's closest pair with each other document (the claim that other
    account makes about the same fact), closest first, then the remaining pairs by cosine."""
    if not pairs or budget <= 0:
        return []
    if len(pairs) <= budget:
        return list(range(len(pairs)))
    arr = np.asarray(pairs)
    cos = np.einsum("ij,ij->i", embeddings[arr[:, 0]], embeddings[arr[:, 1]])
    order = np.argsort(-cos, kind="stable")
    together = np.zeros(len(pairs), dtype=bool) if clusters is None else \
        (clusters[arr[:, 0]] == clusters[arr[:, 1]]) & (clusters[arr[:, 0]] >= 0)
    uneven = np.zeros(len(pairs), dtype=bool) if disputes is None else disputes[arr[:, 0]] != disputes[arr[:, 1]]
    tier = np.where(together, np.where(uneven, 0, 1), 2)
    seen: set[tuple[int, Any]] = set()
    ranks: list[list[int]] = [[] for _ in range(6)]  # by tier, then new (closest per document) first
    for k in order:
        i, j = arr[k]
        new = (i, docs[j]) not in seen or (j, docs[i]) not in seen
        seen.update(((i, docs[j]), (j, docs[i])))
        ranks[2 * tier[k] + (not new)].append(int(k))
    budget = max(budget, min(int(together.sum()), budget + cluster_extra))
    return sorted([k for rank in ranks for k in rank][:budget])


def disputing(texts: Sequence[str]) -> np.ndarray:
    """Whether each text refutes or negates (:func:`claims.detectors.polarity.disputes`). A pair
    where one claim disputes and the other asserts plainly is where a conflict most often lies,
    so the cross-encoder reads it first."""
    return np.asarray([disputes(t.lower()) for t in texts], dtype=bool)


def _cluster_of(row: dict) -> int:
    """A row's cluster label (-1 for none, missing or unreadable: 3, 3.0, "3" all read as 3)."""
    try:
        return int(float(row.get("cluster", -1)))
    except (TypeError, ValueError, OverflowError):
        return -1


def encode_pairs(scorer: Any, rows: list[dict], embeddings: np.ndarray, pairs: list[tuple[int, int]],
                 relations: list[Relation | None], budget: int, keep: Callable[[Relation], bool] | None = None,
                 batch_size: int = 256, cluster_extra: int = 0) -> int:
    """Rescore, in this process, the pairs :func:`encoder_pairs` picks with the scorer's
    cross-encoder (replacing their relations in place); returns how many pairs it read."""
    if getattr(scorer, "encoder", None) is None:
        return 0
    docs = np.asarray([str(r.get("doc") or r.get("doc_id") or "") for r in rows], dtype=object)
    clusters = np.asarray([_cluster_of(r) for r in rows])
    disputes = disputing([str(r.get("text") or "") for r in rows])
    chosen = encoder_pairs(pairs, embeddings, docs, budget, clusters, cluster_extra, disputes)
    state = (scorer, rows, embeddings, keep)
    for start in range(0, len(chosen), batch_size):
        part = chosen[start:start + batch_size]
        for k, rel in zip(part, _score_batch([pairs[k] for k in part], state, encode=True)):
            relations[k] = rel
    return len(chosen)


def finding_id(a_id: str, b_id: str) -> str:
    """Stable id from the two claim ids (order-independent)."""
    first, second = sorted((str(a_id), str(b_id)))
    return "F" + hashlib.sha1(f"{first}|{second}".encode("utf-8")).hexdigest()[:10]


def claim_view(row: dict) -> dict[str, Any]:
    """The claim as it appears in a finding: ``doc`` is the file path, offsets index the raw file."""
    view = {name: row.get(name, "") for name in FINDING_CLAIM_FIELDS}
    view["doc_id"] = row.get("doc", "")
    view["doc"] = row.get("path") or row.get("doc", "")
    for name in ("start", "end", "cluster"):
        view[name] = int(view[name]) if view[name] not in ("", None) else -1
    return {k: (v.item() if isinstance(v, np.generic) else v) for k, v in view.items()}


def _fallback_explanation(kind: str, a: dict, b: dict) -> str:
    who = lambda c: f"{speaker_name(c) or 'the outlet'} ({c.get('outlet') or 'unknown outlet'})"
    verb = "agree" if kind == "corroboration" else f"disagree ({kind.replace('_', ' ')})"
    return f"{who(a)} and {who(b)} {verb}."


def make_finding(relation: Relation, a: dict, b: dict, distance: float) -> Finding | None:
    """A conflict or corroboration finding from one scored pair; None for other relations."""
    kind = relation.kind
    verdict = "conflict" if kind in FINDING_CONFLICT_KINDS else "corroboration" if kind == "corroboration" else None
    if verdict is None:
        return None
    a_view, b_view = claim_view(a), claim_view(b)
    cluster = a_view["cluster"] if a_view["cluster"] == b_view["cluster"] else -1
    signals = {**(relation.signals or {}), "pair_distance": round(float(distance), 4)}
    return Finding(
        id=finding_id(a_view["id"], b_view["id"]), relation=verdict, kind=kind,
        score=round(float(relation.score), 4),
        explanation=relation.explanation or _fallback_explanation(kind, a_view, b_view),
        cluster=int(cluster), a=a_view, b=b_view,
        independent_sources=sorted({a_view["group"], b_view["group"]}) if verdict == "corroboration" else [],
        signals=signals,
    )


NARRATION_PENALTY = 0.05
SELF_PENALTY = 0.1


def _importance(f: Finding) -> tuple:
    """Best first: by score, an outlet's own voice (narration, headline) ranking a little below
    attributed claims, since the product is about who said what, and an article set against its
    own headline below disagreements between sources (a report still shows them all)."""
    narration = sum(c.get("quote_type") in ("narration", "headline") for c in (f.a, f.b))
    return (-(f.score - NARRATION_PENALTY * narration - SELF_PENALTY * (f.kind == "headline_body")),
            f.relation != "conflict", f.id)


def cap_findings(findings: list[Finding], per_cluster: int | None, total: int | None,
                 per_claim_source: int = 2) -> list[Finding]:
    """The best ``total`` findings by importance, at most ``per_cluster`` for any cluster (or pair
    of clusters) and at most ``per_claim_source`` pairing one claim with claims of one other source,
    so one prolific source cannot fill a capped list with variants of the same disagreement.
    With neither ``per_cluster`` nor ``total`` nothing is left out."""
    ranked = sorted(findings, key=_importance)
    if per_cluster is None and total is None:
        return ranked
    kept, seen, partners = [], {}, {}
    for f in ranked:
        key = tuple(sorted((f.a["cluster"], f.b["cluster"])))
        sides = ((f.a["id"], f.b.get("speaker_id", "")), (f.b["id"], f.a.get("speaker_id", "")))
        if per_cluster is not None and seen.get(key, 0) >= per_cluster or any(partners.get(s, 0) >= per_claim_source for s in sides):
            continue
        seen[key] = seen.get(key, 0) + 1
        for side in sides:
            partners[side] = partners.get(side, 0) + 1
        kept.append(f)
    return kept if total is None else kept[:total]


def _claim_mask(claims: pd.DataFrame) -> np.ndarray:
    if "is_claim" not in claims:
        return np.ones(len(claims), dtype=bool)
    return claims["is_claim"].fillna(False).astype(bool).to_numpy()


def select_findings(findings: list[Finding], settings: CompareSettings) -> tuple[list[Finding], dict[str, int]]:
    """Every finding, ranked, unless the settings ask for a cap; with counts of what a cap left out."""
    conflicts = [f for f in findings if f.relation == "conflict"]
    corroborations = [f for f in findings if f.relation != "conflict"]
    per_cluster = settings.max_findings_per_cluster
    conflicts = cap_findings(conflicts, per_cluster, settings.max_conflicts, settings.max_per_claim_source)
    corroborations = cap_findings(corroborations, per_cluster, settings.max_corroborations, settings.max_per_claim_source)
    kept = cap_findings(conflicts + corroborations, None, settings.max_findings, settings.max_per_claim_source)
    counts = {
        "findings_above_threshold": len(findings), "findings_left_out": len(findings) - len(kept),
        "conflicts_left_out": sum(f.relation == "conflict" for f in findings) - sum(f.relation == "conflict" for f in kept),
    }
    return kept, counts


def reportable(relation: Relation, settings: CompareSettings) -> bool:
    """Whether a scored pair can become a finding: a conflict or corroboration above its threshold.
    A corroboration the cross-encoder read has its own, lower threshold: read by it, pairs scored
    0.5 to 0.6 corroborate about as often as those above; the trees' pairs at those scores mostly
    do not (measured on Emergent headlines and the seeds)."""
    if relation.kind in CONFLICT_KINDS:
        return relation.score >= settings.min_conflict_score
    if relation.kind != "corroboration":
        return False
    read = "encoder" in (relation.signals or {})
    return relation.score >= (settings.min_encoder_corroboration_score if read else settings.min_corroboration_score)


def _select_findings(relations: list[Relation | None], rows: list[dict], pairs: list[tuple[int, int]], embeddings: np.ndarray,
                     settings: CompareSettings, extra: list[Finding] = ()) -> tuple[list[Finding], dict[str, int]]:
    """Findings above the score thresholds (and ``extra`` ones), ranked (capped only on request)."""
    found = list(extra)
    for (i, j), relation in zip(pairs, relations):
        if relation is None or not reportable(relation, settings) \
                or relation.kind == "corroboration" and rows[i].get("group") == rows[j].get("group"):
            continue  # one speaker as two outlets report them may disagree, never corroborate
        finding = make_finding(relation, rows[i], rows[j], 1.0 - float(embeddings[i] @ embeddings[j]))
        if finding is not None:
            found.append(finding)
    return select_findings(found, settings)


def _clean_rows(frame: pd.DataFrame) -> list[dict]:
    """Row dicts with missing values as empty strings, so findings serialise identically every run."""
    rows = frame.to_dict("records")
    return [{k: ("" if isinstance(v, float) and np.isnan(v) else v) for k, v in row.items()} for row in rows]


def _cluster_or_near(part: str, state: tuple):
    """One of the independent searches of :func:`compare_claims`: the cluster labels of all
    rows, the document events of the claims with their :func:`near_pairs` (None for
    ``"events"``), or their :func:`wide_pairs` (``"wide"``)."""
    out, embeddings, mask, settings, cluster_settings, clusterer = state
    if part == "cluster":
        return cluster_claims(out, embeddings, cluster_settings, clusterer=clusterer)
    subset, sub_emb = out.loc[mask].reset_index(drop=True), embeddings[mask]
    if part == "wide":
        return wide_pairs(subset, sub_emb, settings)
    events = claim_events(subset, sub_emb, cluster_settings)
    if part == "events":  # a small corpus: candidate_pairs searches only if all pairs do not fit
        return events, None
    return events, near_pairs(subset, sub_emb, settings, events)


def compare_claims(claims: pd.DataFrame, embeddings: np.ndarray, scorer: Any, documents: list[Document],
                   settings: CompareSettings | None = None, cluster_settings: ClusterSettings | None = None,
                   clusterer: Any = None, show_progress_bar: bool = False, processes: int = 1) -> Comparison:
    """Cluster the claims, score cross-source candidate pairs, and return the findings.

    ``embeddings`` are row-aligned with ``claims`` (L2-normalised, e.g. from
    :class:`claims.embed.Embedder`); ``documents`` supply duplicates and outlets for the
    independence groups. The same input always gives the same findings in the same order,
    whatever ``processes`` (forked processes that cluster while the nearest pairs are searched,
    then score the pairs, :func:`score_pairs`).
    """
    settings = settings or CompareSettings()
    embeddings = np.asarray(embeddings, dtype=np.float32)
    if len(embeddings) != len(claims):
        raise ValueError(f"embeddings have {len(embeddings)} rows but claims {len(claims)}; embed claims['text'] row by row")
    cluster_settings = cluster_settings or ClusterSettings()
    out = claims.copy()
    mask = _claim_mask(out)
    state = (out, embeddings, mask, settings, cluster_settings, clusterer)
    parts = ("cluster",) if mask.sum() < 2 else ("cluster", "events" if _all_pairs_may_fit(int(mask.sum()), settings) else "near")
    with contextlib.ExitStack() as stack:
        if processes > 1 and clusterer is None and len(parts) > 1 and sys.platform.startswith("linux"):
            from .execute import forked_map

            # the wider neighbourhood goes to whichever process is free first; stopped unless wanted
            tasks = parts + ("wide",) if parts[-1] == "near" else parts
            results = stack.enter_context(contextlib.closing(forked_map(_cluster_or_near, list(tasks), state, 2, {})))
            found = [next(results) for _ in parts]
            wide = (lambda: next(results)) if len(tasks) > len(parts) else None
        else:
            found, wide = [_cluster_or_near(part, state) for part in parts], None
        out["cluster"] = found[0]
        out["group"] = source_groups(out, documents) if len(out) else pd.Series(dtype=str)
        subset, sub_emb = out.loc[mask].reset_index(drop=True), embeddings[mask]
        copies = is_copy(subset, documents).to_numpy() if len(subset) else np.zeros(0, dtype=bool)
        pairs, counts = ([], {}) if len(subset) < 2 else candidate_pairs(
            subset, sub_emb, subset["cluster"].to_numpy(), subset["group"], settings, copies=copies,
            topics=document_topics(documents, settings.topic_keys), events=found[1][0], near=found[1][1], wide=wide)
    rows = _clean_rows(subset)
    keep = functools.partial(reportable, settings=settings)
    relations = score_pairs(scorer, rows, sub_emb, pairs, show_progress_bar=show_progress_bar, processes=processes, keep=keep)
    encoded = encode_pairs(scorer, rows, sub_emb, pairs, relations, encoder_budget(len(rows), settings), keep=keep,
                           cluster_extra=settings.cluster_encoder_pairs)
    headline_findings = headline_body_findings(rows, sub_emb, scorer, settings, skip=copies,
                                               texts={d.doc_id: d.text for d in documents})
    findings, left_out = _select_findings(relations, rows, pairs, sub_emb, settings, extra=headline_findings)
    exhaustive = exhaustive_cross_source_pairs(subset)
    stats = {
        "claims": int(mask.sum()), "rows": len(out),
        "clusters": int(out["cluster"].max() + 1) if len(out) else 0,
        "clustered_claims": int((out["cluster"] >= 0).sum()),
        "independence_groups": int(subset["group"].nunique()) if len(subset) else 0,
        "copies": int(copies.sum()),
        "pairs_scored": len(pairs), "pairs_encoded": encoded, "exhaustive_cross_source_pairs": exhaustive,
        "scored_share": round(len(pairs) / exhaustive, 6) if exhaustive else 0.0,
        "conflicts": sum(f.relation == "conflict" for f in findings),
        "headline_body": sum(f.kind == "headline_body" for f in findings),
        "corroborations": sum(f.relation == "corroboration" for f in findings),
        **counts, **left_out,
    }
    return Comparison(claims=out, findings=findings, stats=stats)
