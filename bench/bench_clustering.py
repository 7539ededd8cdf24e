"""Clustering benchmark on ECB+ dev (event coreference across news texts) and Emergent headlines.

Usage: .venv/bin/python bench/bench_clustering.py [--data ../shared/data] [--grid] [--cache DIR]

ECB+: extracts and embeds ``ecbplus-dev/docs`` once (cached under ``--cache``), clusters with the
default :class:`claims.settings.ClusterSettings` and scores with ``tools/score_ecb.py``'s own
functions on three topic sets: the tuning half (odd topic numbers), the held-out half (even
topic numbers) and all topics. ``--grid`` searches the clustering parameters on the tuning
half only and prints the best settings with their held-out scores.
Emergent: embeds each headline as one claim of its own document and prints the ARI of the
clusters against the rumoured claims (the scorer's own ARI), before headlines become claims in
the pipeline. ``--headlines-as-claims`` counts headline rows as claims on ECB+ too (ECB+ gold
includes title sentences). Skips cleanly when the data folder is absent. Prints numbers; asserts nothing.
"""
from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import itertools
import json
import pickle
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.cluster import cluster_claims  # noqa: E402
from claims.settings import ClusterSettings  # noqa: E402

GRID = {
    "doc_threshold": [0.7, 0.75, 0.8, 0.85],
    "doc_text_weight": [0.85, 1.0],
    "event_weight": [0.3, 0.5],
    "distance_threshold": [0.45, 0.55],
}


def load_tool(data: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, data.parent / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def extracted(docs: Path, cache: Path, models=None):
    """(claims, embeddings) for every row of ``docs``, cached in ``cache`` (a pickle)."""
    if cache.exists():
        data = pickle.loads(cache.read_bytes())
        return data["claims"], data["emb"]
    from claims import pipeline
    from claims.models import Models
    from claims.settings import Settings

    corpus = pipeline.ingest([str(docs)])
    models = models or Models.load(Settings().models)
    claims = pipeline.extract(corpus.documents, models.nlp)
    emb = pipeline.embed(claims, models.embedder, claims_only=False)
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_bytes(pickle.dumps({"claims": claims, "emb": emb}))
    return claims, emb


def ecb_scores(scorer, gold: dict, claims, labels, topics: set[str]) -> dict:
    """Pairwise and B-cubed F1 of ``labels`` on the gold sentences of ``topics``, as score_ecb.py counts them."""
    sentences = [s for s in gold["sentences"] if s["topic"] in topics]
    by_doc: dict = {}
    for row, label in zip(claims.itertuples(index=False), labels):
        by_doc.setdefault(row.path, []).append({"start": int(row.start), "end": int(row.end), "cluster": int(label) if label >= 0 else -1,
                                                "is_claim": bool(row.is_claim)})
    mapped = scorer.map_sentences(sentences, by_doc)
    counts = scorer.pairwise(sentences, mapped)
    pair = scorer.prf(*counts["all"])
    gold_labels = [s["chains"][0] if s["chains"] else f"solo{i}" for i, s in enumerate(sentences)]
    pred_labels = [f"c{m['cluster']}" if m["cluster"] is not None else f"solo{i}" for i, m in enumerate(mapped)]
    b3 = scorer.bcubed(gold_labels, pred_labels)
    return {"pair_p": pair[0], "pair_r": pair[1], "pair_f1": pair[2], "b3_f1": b3[2], "sentences": len(sentences)}


def fmt(scores: dict) -> str:
    return (f"pairwise P/R/F1 {scores['pair_p']:.3f}/{scores['pair_r']:.3f}/{scores['pair_f1']:.3f}  "
            f"B-cubed F1 {scores['b3_f1']:.3f}  ({scores['sentences']} sentences)")


def run_ecb(data: Path, cache: Path, grid: bool, headlines: bool = False) -> None:
    docs = data / "ecbplus-dev" / "docs"
    if not docs.is_dir():
        print(f"skip ECB+: {docs} not found")
        return
    scorer = load_tool(data, "score_ecb")
    gold = json.loads((data / "ecbplus-dev" / "gold.json").read_text(encoding="utf-8"))
    claims, emb = extracted(docs, cache / "ecbplus-dev.pkl")
    if headlines:
        claims = claims.copy()
        claims.loc[claims["nonclaim_reason"] == "headline", "is_claim"] = True
    topics = sorted({s["topic"] for s in gold["sentences"]}, key=int)
    halves = {"tune (odd topics)": {t for t in topics if int(t) % 2}, "held out (even topics)": {t for t in topics if not int(t) % 2},
              "all topics": set(topics)}
    base = ClusterSettings()
    if grid:
        results = []
        keys = list(GRID)
        for values in itertools.product(*(GRID[k] for k in keys)):
            settings = dataclasses.replace(base, **dict(zip(keys, values)))
            labels = cluster_claims(claims, emb, settings)
            s = ecb_scores(scorer, gold, claims, labels, halves["tune (odd topics)"])
            results.append((min(s["pair_f1"], s["b3_f1"]), values, s))
            print(dict(zip(keys, values)), fmt(s), flush=True)
        best = max(results, key=lambda r: r[0])
        base = dataclasses.replace(base, **dict(zip(keys, best[1])))
        print("best on the tuning half:", dict(zip(keys, best[1])))
    t = time.process_time()
    labels = cluster_claims(claims, emb, base)
    cpu = time.process_time() - t
    rows = "headline rows counted as claims" if headlines else "rows as extracted"
    print(f"ECB+ dev, {len(claims)} rows ({rows}), clustering CPU {cpu:.1f}s, settings {dataclasses.asdict(base)}")
    for name, subset in halves.items():
        print(f"  {name:<24} {fmt(ecb_scores(scorer, gold, claims, labels, subset))}")


def run_emergent(data: Path) -> None:
    folder = data / "emergent-train"
    if not folder.is_dir():
        print(f"skip Emergent: {folder} not found")
        return
    import pandas as pd
    from sklearn.metrics import adjusted_rand_score

    from claims.embed import Embedder
    from claims.models import Models
    from claims.settings import Settings

    labels = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    claims = pd.DataFrame({"doc": [r["doc"] for r in labels], "text": [r["headline"] for r in labels],
                           "outlet": [r["doc"] for r in labels], "speaker_id": "", "is_claim": True})
    models = Models.load(Settings().models)
    emb = Embedder(models.embedder).encode(claims["text"].tolist())
    gold = [r["claim"] for r in labels]
    for name, settings in (("default settings", ClusterSettings()), ("no document events", dataclasses.replace(ClusterSettings(), event_weight=0.0))):
        pred = cluster_claims(claims, emb, settings)
        pred = [f"c{p}" if p >= 0 else f"solo{i}" for i, p in enumerate(pred)]
        print(f"Emergent train, {len(claims)} headlines, {name}: ARI {adjusted_rand_score(gold, pred):.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/claims-bench-cache"))
    parser.add_argument("--grid", action="store_true")
    parser.add_argument("--skip-emergent", action="store_true")
    parser.add_argument("--headlines-as-claims", action="store_true", help="count headline rows as claims (as issue 12 point 1 makes them)")
    args = parser.parse_args()
    run_ecb(args.data, args.cache, args.grid, args.headlines_as_claims)
    if not args.skip_emergent:
        run_emergent(args.data)


if __name__ == "__main__":
    main()
