"""Candidate recall: how many gold conflict pairs reach the relation scorer at all.

Usage: .venv/bin/python bench/bench_candidates.py [--data ../shared] [--corpora tests/corpora] [--no-emergent]

A gold conflict pair is a candidate when :func:`claims.compare.candidate_pairs` returns a pair of
claims covering its two quotes (same file, overlapping at least half of each quote, as
``tools/score_findings.py`` judges a finding). Sets: the seeds topic
(``dev/seeds_withdrawal.json``), every labelled corpus under ``--corpora`` (``NAME/gold.json`` of the
same format, texts in ``NAME/docs``), and Emergent train for-vs-against headline pairs (the
headline rows are counted as claims here, as they will be once headlines are claims).
Prints recall, the pairs scored and their share of the exhaustive cross-source pairs, for the
pipeline as configured and without question pairs. Skips sets whose data is absent. Asserts nothing.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from itertools import combinations
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims import pipeline  # noqa: E402
from claims.cluster import cluster_claims  # noqa: E402
from claims.compare import candidate_pairs, claim_events, document_topics, exhaustive_cross_source_pairs  # noqa: E402
from claims.independence import is_copy, source_groups  # noqa: E402
from claims.settings import Settings  # noqa: E402

MAX_CLAIM = 600


def gold_conflicts(gold: dict, docs: Path) -> list[tuple[tuple, tuple]]:
    """Gold conflict pairs as ((path, start, end), (path, start, end)) spans into the raw files."""
    texts: dict[str, str] = {}

    def span(doc: str, quote: str) -> tuple | None:
        if doc not in texts:
            texts[doc] = (docs / doc).read_text(encoding="utf-8")
        i = texts[doc].find(quote)
        return (doc, i, i + len(quote)) if i >= 0 else None

    out = []
    for topic in gold.get("topics", []):
        spans = {c["id"]: span(c["doc"], c["quote"]) for c in topic["claims"]}
        out += [(spans[r["a"]], spans[r["b"]]) for r in topic["relations"]
                if r["label"] == "conflict" and spans.get(r["a"]) and spans.get(r["b"])]
    return out


def covering(claims, gold_span: tuple) -> list[int]:
    doc, gs, ge = gold_span
    rows = claims.index[(claims["path"] == doc) & (claims["end"] - claims["start"] <= MAX_CLAIM)]
    return [i for i in rows if min(claims.at[i, "end"], ge) - max(claims.at[i, "start"], gs) >= 0.5 * (ge - gs)]


def candidates(corpus, models, settings: Settings, headlines_as_claims: bool = False):
    """(claim rows, candidate pair set, exhaustive cross-source pairs) as compare_claims builds them."""
    claims = pipeline.extract(corpus.documents, models.nlp, settings)
    if headlines_as_claims:
        claims.loc[claims["nonclaim_reason"] == "headline", "is_claim"] = True
    mask = claims["is_claim"].fillna(False).astype(bool).to_numpy()
    emb = pipeline.embed(claims, models.embedder, settings, claims_only=False)
    claims["cluster"] = cluster_claims(claims, emb, settings.cluster)
    claims["group"] = source_groups(claims, corpus.documents)
    subset, sub_emb = claims.loc[mask].reset_index(drop=True), emb[mask]
    copies = is_copy(subset, corpus.documents).to_numpy()
    events = claim_events(subset, sub_emb, settings.cluster) if settings.compare.question_neighbours > 0 else None
    pairs, _ = candidate_pairs(subset, sub_emb, subset["cluster"].to_numpy(), subset["group"], settings.compare, copies=copies,
                               topics=document_topics(corpus.documents, settings.compare.topic_keys), events=events)
    return subset, set(pairs), exhaustive_cross_source_pairs(subset)


def recall(subset, pairs: set, gold: list) -> tuple[int, int, int]:
    """(found, covered by claims at all, total) gold pairs."""
    found = covered = 0
    for a, b in gold:
        ra, rb = covering(subset, a), covering(subset, b)
        covered += bool(ra and rb)
        found += any((min(x, y), max(x, y)) in pairs for x in ra for y in rb)
    return found, covered, len(gold)


def emergent_gold(folder: Path) -> tuple[Path, list]:
    labels = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    docs = folder / "docs"
    by_claim: dict[str, dict[str, list]] = {}
    for r in labels:
        text = (docs / r["doc"]).read_text(encoding="utf-8")
        line = text.strip().splitlines()[0] if text.strip() else ""
        start = text.find(line)
        by_claim.setdefault(r["claim"], {}).setdefault(r["stance"], []).append((r["doc"], start, start + len(line)))
    gold = [(a, b) for stances in by_claim.values() for a in stances.get("for", []) for b in stances.get("against", [])]
    return docs, gold


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--corpora", type=Path, default=ROOT / "tests" / "corpora")
    parser.add_argument("--no-emergent", action="store_true")
    args = parser.parse_args()
    from claims.models import Models

    base = Settings()
    models = Models.load(base.models)
    sets = []
    if (args.data / "dev" / "seeds_withdrawal.json").exists():
        sets.append(("seeds topic", ROOT / "seeds", json.loads((args.data / "dev" / "seeds_withdrawal.json").read_text()), False))
    for gold_file in sorted(args.corpora.glob("*/gold.json")) if args.corpora.is_dir() else []:
        docs = gold_file.parent / "docs"
        sets.append((f"corpus {gold_file.parent.name}", docs if docs.is_dir() else gold_file.parent, json.loads(gold_file.read_text()), False))
    if not args.no_emergent and (args.data / "data" / "emergent-train").is_dir():
        sets.append(("emergent-train for/against", *emergent_gold(args.data / "data" / "emergent-train"), True))
    variants = {"with question pairs": base,
                "without question pairs": dataclasses.replace(base, compare=dataclasses.replace(base.compare, question_neighbours=0))}
    for name, docs, gold, headlines in sets:
        corpus = pipeline.ingest([str(docs)], settings=base)
        pairs_gold = gold if isinstance(gold, list) else gold_conflicts(gold, docs)
        for variant, settings in variants.items():
            subset, pairs, exhaustive = candidates(corpus, models, settings, headlines)
            found, covered, total = recall(subset, pairs, pairs_gold)
            print(f"{name:<28} {variant:<24} candidate recall {found}/{total} = {found / max(total, 1):.3f} "
                  f"(of pairs whose quotes are claims: {found}/{covered})  pairs {len(pairs)} of {exhaustive} "
                  f"cross-source ({100 * len(pairs) / max(exhaustive, 1):.2f}%)", flush=True)


if __name__ == "__main__":
    main()
