"""The whole job, stage by stage: ingest, extract, embed, cluster and compare, grade, report.

Each function here is one call into a stage module, so a notebook user can run the pipeline
step by step and stop after any stage; :func:`analyze` runs them all and
:func:`write_outputs` writes the files.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

import pandas as pd

from .models import Models
from .records import Corpus, Document, Finding, Problem
from .settings import Settings
from . import store

OUTPUT_FORMATS = ("html", "md", "json", "csv", "parquet")
StageHook = Callable[[str], None]


@dataclass
class AnalysisResult:
    """Everything one analysis produced; the reports render this."""

    root: str
    documents: list[Document]
    problems: list[Problem]
    claims: pd.DataFrame
    findings: list[Finding]
    sources: pd.DataFrame = field(default_factory=pd.DataFrame)
    groups: pd.DataFrame = field(default_factory=pd.DataFrame)
    stats: dict = field(default_factory=dict)


def _noop(stage: str) -> None:
    return None


def ingest(paths: Sequence[str | Path], manifest: str | Path | None = None, strict: bool = False,
           settings: Settings | None = None) -> Corpus:
    """Read and clean the documents (see :mod:`claims.ingest`)."""
    from .ingest import load_corpus

    settings = settings or Settings()
    return load_corpus(paths, manifest=manifest, strict=strict, settings=settings.ingest)


def extract(documents: list[Document], nlp, settings: Settings | None = None,
            show_progress_bar: bool = False, spans: dict | None = None) -> pd.DataFrame:
    """One row per claim with attribution and time scope (see :mod:`claims.extract`)."""
    from .extract import extract_claims

    settings = settings or Settings()
    return extract_claims(documents, nlp, settings=settings.extract, show_progress_bar=show_progress_bar, spans=spans)


def embed(claims: pd.DataFrame, embedder, settings: Settings | None = None, show_progress_bar: bool = False,
          claims_only: bool = True):
    """Sentence embeddings of the claim texts, row-aligned, through the on-disk cache.

    With ``claims_only`` the rows that are not claims (headlines, captions: never compared)
    are not embedded and get zero vectors, which saves about a tenth of the embedding time.
    """
    from .embed import Embedder

    settings = settings or Settings()
    cache = store.cache_dir(settings.models.cache_dir)
    encoder = Embedder(embedder, cache_dir=cache, batch_size=settings.models.batch_size,
                       model_name=settings.models.embedding_model or "packaged:all-MiniLM-L6-v2")
    mask = claims["is_claim"].fillna(False).astype(bool).to_numpy() if claims_only and "is_claim" in claims else None
    return encoder.encode(claims["text"].tolist(), show_progress_bar=show_progress_bar, only=mask)


def load_scorer(models: Models, settings: Settings | None = None, spans: dict | None = None):
    """The relation scorer: shipped artifact if present, else detectors only; ``spans`` (from
    :func:`extract`) lets its detectors reuse the extraction parse."""
    from .detectors import FactCache
    from .relations import load_scorer as _load

    settings = settings or Settings()
    scorer = _load(models.nlp, embedder=models.embedder, nli=models.nli, path=settings.models.relation_model)
    scorer.cache = FactCache(models.nlp, spans=spans)
    return scorer


def analyze(paths: Sequence[str | Path], manifest: str | Path | None = None, settings: Settings | None = None,
            models: Models | None = None, scorer=None, strict: bool = False,
            show_progress_bar: bool = False, on_stage: StageHook = _noop) -> AnalysisResult:
    """Run every stage on ``paths`` and return the result (nothing is written)."""
    from .compare import compare_claims
    from .reliability import annotate_findings, assess

    settings = settings or Settings()
    on_stage("ingest")
    corpus = ingest(paths, manifest=manifest, strict=strict, settings=settings)
    on_stage("models")
    models = models or Models.load(settings.models)
    on_stage("extract")
    spans: dict = {}
    claims = extract(corpus.documents, models.nlp, settings, show_progress_bar, spans=spans)
    on_stage("embed")
    embeddings = embed(claims, models.embedder, settings, show_progress_bar)
    on_stage("compare")
    scorer = scorer or load_scorer(models, settings, spans)
    comparison = compare_claims(claims, embeddings, scorer, corpus.documents, settings.compare,
                                cluster_settings=settings.cluster, show_progress_bar=show_progress_bar)
    on_stage("grade")
    reliability = assess(comparison.claims, comparison.findings, corpus.documents, settings.reliability)
    findings = annotate_findings(comparison.findings, reliability)
    stats = {**comparison.stats, "documents": len(corpus.documents), "problems": len(corpus.problems)}
    return AnalysisResult(root=corpus.root, documents=corpus.documents, problems=corpus.problems,
                          claims=reliability.claims, findings=findings, sources=reliability.sources,
                          groups=reliability.groups, stats=stats)


def findings_payload(result: AnalysisResult) -> dict:
    """The ``findings.json`` object (schema in the README); deterministic for equal input."""
    return {
        "schema": "claims.findings/1",
        "corpus": Path(result.root).name,
        "stats": result.stats,
        "findings": [f.to_dict() for f in result.findings],
    }


def write_outputs(result: AnalysisResult, out_dir: str | Path, formats: Sequence[str] = OUTPUT_FORMATS,
                  on_stage: StageHook = _noop) -> list[Path]:
    """Write findings, tables and reports under ``out_dir`` as one set: all of them go to a
    temporary folder that replaces the old set only once complete (:func:`store.output_set`)."""
    from .ingest import documents_frame
    from .reliability import sources_table
    from .report import write_reports

    unknown = sorted(set(formats) - set(OUTPUT_FORMATS))
    if unknown:
        raise ValueError(f"unknown format {', '.join(unknown)}; use {', '.join(OUTPUT_FORMATS)}")
    on_stage("write")
    out_dir = Path(out_dir)
    with store.output_set(out_dir) as tmp:
        written = [store.write_json(tmp / "findings.json", findings_payload(result))]
        tables = [fmt for fmt in ("csv", "parquet", "json") if fmt in formats]
        if tables:
            written += store.write_table(result.claims, tmp, "claims", tables)
            written += store.write_table(sources_table(result), tmp, "sources", tables)
            written += store.write_table(documents_frame(result.documents), tmp, "documents", tables)
        reports = [fmt for fmt in ("html", "md") if fmt in formats]
        if reports:
            written += write_reports(result, tmp, formats=reports)
    return [out_dir / path.relative_to(tmp) for path in written]
