"""The whole job, stage by stage: ingest, extract, embed, cluster and compare, grade, report.

Each function here is one call into a stage module, so a notebook user can run the pipeline
step by step and stop after any stage; :func:`analyze` runs them all and
:func:`write_outputs` writes the files.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

import pandas as pd

from .models import Models, embedding_label
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


def extract_isolated(documents: list[Document], nlp, settings: Settings | None = None) -> tuple[pd.DataFrame, list[Problem]]:
    """As :func:`extract`, but a document whose extraction raises is left out and returned as a problem."""
    from .execute import InProcess, choose_processes, run_extract
    from .records import Claim, to_frame

    settings = settings or Settings()
    runner = InProcess(Models(nlp=nlp, embedder=None), processes=choose_processes(settings.execute))
    part = run_extract(runner, documents, settings.extract,
                       settings.execute.partition_documents, with_facts=False)
    return to_frame(part.claims, Claim), part.problems


def embed(claims: pd.DataFrame, embedder, settings: Settings | None = None, show_progress_bar: bool = False,
          claims_only: bool = True):
    """Sentence embeddings of the claim texts, row-aligned, through the on-disk cache.

    With ``claims_only`` the rows that are neither claims nor clustered beside them (captions,
    boilerplate, body fragments: never compared) are not embedded and get zero vectors; headlines,
    questions and short titles are embedded (:func:`claims.cluster.clustered_rows`).
    """
    from .cluster import clustered_rows
    from .embed import Embedder

    settings = settings or Settings()
    cache = store.cache_dir(settings.models.cache_dir)
    encoder = Embedder(embedder, cache_dir=cache, batch_size=settings.models.batch_size,
                       model_name=embedding_label(settings.models))
    mask = clustered_rows(claims) if claims_only and "is_claim" in claims else None
    return encoder.encode(claims["text"].tolist(), show_progress_bar=show_progress_bar, only=mask)


def load_scorer(models: Models, settings: Settings | None = None, spans: dict | None = None):
    """The relation scorer: shipped artifact if present, else detectors only; ``spans`` (from
    :func:`extract`) lets its detectors reuse the extraction parse."""
    from .detectors import FactCache
    from .relations import load_scorer as _load

    settings = settings or Settings()
    scorer = _load(models.nlp, embedder=models.embedder, nli=models.nli, path=settings.models.relation_model)
    scorer.judge = getattr(models, "chat", None)
    scorer.encoder = getattr(models, "encoder", None)
    scorer.encoder_weight = settings.models.encoder_weight
    scorer.cache = FactCache(models.nlp, spans=spans or {})
    return scorer


def analyze(paths: Sequence[str | Path], manifest: str | Path | None = None, settings: Settings | None = None,
            models: Models | None = None, scorer=None, strict: bool = False,
            show_progress_bar: bool = False, on_stage: StageHook = _noop) -> AnalysisResult:
    """Run every stage on ``paths`` and return the result (nothing is written).

    The per-document stages run where ``settings.execute`` says (in-process, a local Dask
    cluster or a running one; see :mod:`claims.execute`); a document whose work raises is left
    out and listed in ``problems`` with its stage, and the others are analysed as if it were
    not there.
    """
    settings = settings or Settings()
    on_stage("ingest")
    corpus = ingest(paths, manifest=manifest, strict=strict, settings=settings)
    on_stage("models")
    documents, claims, embeddings, facts, problems, models = run_document_stages(
        corpus.documents, settings, models, show_progress_bar, on_stage)
    on_stage("compare")
    return compare_and_grade(corpus.root, documents, claims, embeddings, facts, corpus.problems + problems,
                             settings, models, scorer, show_progress_bar, on_stage)


def run_document_stages(documents: list[Document], settings: Settings, models: Models | None = None,
                        show_progress_bar: bool = False, on_stage: StageHook = _noop):
    """Extract and embed every document where ``settings.execute`` says, isolating failures per document.

    Returns the documents kept, their claims, the float32 embeddings (row-aligned), the
    detectors' facts per claim text, the problems of the documents left out, and the models
    for the comparison stage, always without the embedder: the comparison is given the vectors
    (so with workers this process never loads torch, and in-process the weights are freed).
    """
    from .execute import settled_heap

    with settled_heap() as settle:
        return _document_stages(documents, settings, models, show_progress_bar, on_stage, settle)


def _document_stages(documents: list[Document], settings: Settings, models: Models | None,
                     show_progress_bar: bool, on_stage: StageHook, settle: Callable[[], None]):
    from .cluster import clustered_rows
    from .execute import executor, release_memory, run_embed, run_extract
    from .extract import Claim
    from .records import to_frame

    loaded: list[Models] = [models] if models is not None else []

    def load(embedder: bool = True) -> Models:
        if not loaded:
            loaded.append(Models.load(settings.models, need_embedder=embedder))
            settle()
        return loaded[0]

    run = settings.execute
    with executor(run, settings.models, len(documents), load) as runner:
        on_stage("extract")
        part = run_extract(runner, documents, settings.extract, run.partition_documents)
        claims = to_frame(part.claims, Claim)
        del part.claims
        release_memory()
        on_stage("embed")
        encoder = _encoder(settings, loaded[0].embedder if loaded else None)
        mask = clustered_rows(claims) if "is_claim" in claims else None
        embeddings = encoder.encode(claims["text"].tolist(), show_progress_bar=show_progress_bar, only=mask,
                                    compute=lambda texts: run_embed(runner, texts, run.embed_chunk, settings.models.batch_size))
    problems = part.problems + _embedding_problems(claims, encoder.failed, documents)
    if len(problems) > len(part.problems):
        keep = ~claims["doc"].isin({p.doc_id for p in problems}).to_numpy()
        claims, embeddings = claims[keep].reset_index(drop=True), embeddings[keep]
    left_out = {p.doc_id for p in problems}
    kept = [d for d in documents if d.doc_id not in left_out]
    models = dataclasses.replace(load(embedder=False), embedder=None)  # the comparison is given the vectors
    del loaded[:], encoder
    release_memory()
    return kept, claims, embeddings, part.facts, problems, models


def _encoder(settings: Settings, embedder=None):
    """The cache and text order of the embedding stage; the vectors are computed where the runner
    says. It orders texts with the loaded ``embedder``'s tokenizer, else loads the tokenizer alone."""
    from .embed import Embedder
    from .models import load_tokenizer

    tokenizer = getattr(embedder, "tokenizer", None) or load_tokenizer(settings.models.embedding_model)
    return Embedder(None, cache_dir=store.cache_dir(settings.models.cache_dir), batch_size=settings.models.batch_size,
                    model_name=embedding_label(settings.models), tokenizer=tokenizer)


def _embedding_problems(claims: pd.DataFrame, failed: dict, documents: list[Document]) -> list[Problem]:
    from .execute import document_problem

    if not failed:
        return []
    by_id = {d.doc_id: d for d in documents}
    out: dict[str, Problem] = {}
    for doc_id, text in zip(claims["doc"], claims["text"]):
        if text in failed and doc_id not in out:
            out[doc_id] = document_problem(by_id[doc_id], "embed", failed[text])
    return list(out.values())


def compare_and_grade(root: str, documents: list[Document], claims: pd.DataFrame, embeddings, facts: dict,
                      problems: list[Problem], settings: Settings, models: Models, scorer=None,
                      show_progress_bar: bool = False, on_stage: StageHook = _noop) -> AnalysisResult:
    """Cluster, compare and grade the extracted claims (the stages that see the whole corpus)."""
    from .execute import settled_heap

    with settled_heap():
        return _compare_and_grade(root, documents, claims, embeddings, facts, problems, settings, models, scorer,
                                  show_progress_bar, on_stage)


def _compare_and_grade(root: str, documents: list[Document], claims: pd.DataFrame, embeddings, facts: dict,
                       problems: list[Problem], settings: Settings, models: Models, scorer,
                       show_progress_bar: bool, on_stage: StageHook) -> AnalysisResult:
    from .compare import compare_claims
    from .detectors import FactCache
    from .execute import choose_processes
    from .reliability import annotate_findings, assess
    from .topics import name_topics

    if scorer is None:
        scorer = load_scorer(models, settings)
        scorer.cache = FactCache(models.nlp, facts=dict(facts))
    elif getattr(scorer, "cache", False) is None:
        scorer.cache = FactCache(models.nlp, facts=dict(facts))
    comparison = compare_claims(claims, embeddings, scorer, documents, settings.compare,
                                cluster_settings=settings.cluster, show_progress_bar=show_progress_bar,
                                processes=choose_processes(settings.execute))
    on_stage("grade")
    reliability = assess(comparison.claims, comparison.findings, documents, settings.reliability)
    findings = annotate_findings(comparison.findings, reliability)
    known = getattr(getattr(scorer, "cache", None), "facts", None) or facts
    claims, findings = name_topics(reliability.claims, findings, models.nlp, known=known)
    stats = {**comparison.stats, "documents": len(documents), "problems": len(problems)}
    return AnalysisResult(root=root, documents=documents, problems=problems,
                          claims=claims, findings=findings, sources=reliability.sources,
                          groups=reliability.groups, stats=stats)


def findings_payload(result: AnalysisResult) -> dict:
    """The ``findings.json`` object (schema in the README); deterministic for equal input."""
    return {
        "schema": "claims.findings/1",
        "corpus": Path(result.root).name,
        "stats": result.stats,
        "findings": [f.to_dict() for f in result.findings],
    }


def documents_table(result: AnalysisResult) -> pd.DataFrame:
    """``documents.csv``: one row per document analysed (``status`` ok) and one per file or
    document left out (``status`` skipped, with the ``stage`` that failed, the ``error`` type and
    the ``problem`` line saying what to do)."""
    from .ingest import documents_frame

    table = documents_frame(result.documents)
    table["status"], table["stage"], table["error"], table["problem"] = "ok", "", "", ""
    skipped = pd.DataFrame([{"doc_id": p.doc_id or p.path, "path": p.path, "status": "skipped", "stage": p.stage,
                             "error": p.error, "problem": p.message} for p in result.problems],
                           columns=["doc_id", "path", "status", "stage", "error", "problem"])
    if skipped.empty:
        return table
    return pd.concat([table, skipped], ignore_index=True)[table.columns]


def write_outputs(result: AnalysisResult, out_dir: str | Path, formats: Sequence[str] = OUTPUT_FORMATS,
                  on_stage: StageHook = _noop) -> list[Path]:
    """Write findings, tables and reports under ``out_dir`` as one set: all of them go to a
    temporary folder that replaces the old set only once complete (:func:`store.output_set`)."""
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
            written += store.write_table(documents_table(result), tmp, "documents", tables)
        reports = [fmt for fmt in ("html", "md") if fmt in formats]
        if reports:
            written += write_reports(result, tmp, formats=reports)
    return [out_dir / path.relative_to(tmp) for path in written]
