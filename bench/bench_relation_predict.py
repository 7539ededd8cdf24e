"""CPU time of RelationScorer.predict_proba for relation model files, on the same real pairs.

Pairs are sentence pairs from FNC-1 train bodies (neighbouring sentences of one body, as the
comparison engine pairs claims of one cluster). Texts are parsed and embedded once up front;
each model then scores all pairs with the facts warm and the embeddings given, as compare.py
does, so the times are the detectors, the features and the model. Prints process CPU seconds
(best of ``--repeat``) of predict_proba and of the learned model alone.

    .venv/bin/python bench/bench_relation_predict.py [--pairs 5000] [--repeat 3] MODEL [MODEL...]
"""
from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from train_relations import _sentences, claim  # noqa: E402

FNC_BODIES = ROOT.parent / "shared" / "data" / "fnc1" / "train_bodies.csv"


def body_pairs(n: int) -> list[tuple]:
    """n (a, b) claim pairs: sentences 1 and 2 apart within each FNC-1 body, bodies in file order."""
    csv.field_size_limit(10_000_000)
    pairs = []
    with open(FNC_BODIES, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            sents = _sentences(row["articleBody"])
            pairs += [(claim(sents[i]), claim(sents[j])) for i in range(len(sents)) for j in (i + 1, i + 2) if j < len(sents)]
            if len(pairs) >= n:
                return pairs[:n]
    return pairs


def cpu(run, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        run()
        best = min(best, time.process_time() - t0)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs="+")
    parser.add_argument("--pairs", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    import numpy as np
    import torch

    torch.set_num_threads(1)
    from claims.detectors import FactCache
    from claims.models import load_embedder, load_nlp
    from claims.relations import RelationScorer

    nlp, embedder = load_nlp(), load_embedder()
    pairs = body_pairs(args.pairs)
    texts = list(dict.fromkeys(c["text"] for pair in pairs for c in pair))
    cache = FactCache(nlp)
    cache.get(texts)
    vec = dict(zip(texts, embedder.encode(texts, batch_size=64, normalize_embeddings=True)))
    emb = (np.stack([vec[a["text"]] for a, _ in pairs]), np.stack([vec[b["text"]] for _, b in pairs]))
    print(f"{len(pairs)} pairs over {len(texts)} FNC-1 body sentences")
    print("| model | trees per pair | predict_proba CPU s | learned model alone CPU s |\n|---|---|---|---|")
    for path in args.models:
        scorer = RelationScorer.load(path, nlp=nlp, embedder=embedder)
        scorer.cache = cache
        _, base, e, _, _ = scorer.signals(pairs, embeddings=emb)
        full = cpu(lambda: scorer.predict_proba(pairs, embeddings=emb), args.repeat)
        learned = cpu(lambda: scorer.learned_proba(base, e), args.repeat)
        print(f"| {path} | {n_trees(scorer.model_)} | {full:.2f} | {learned:.2f} |", flush=True)


def n_trees(model) -> int:
    """Trees evaluated per pair by a (calibrated) HistGradientBoostingClassifier."""
    inner = [c.estimator for c in model.calibrated_classifiers_] if hasattr(model, "calibrated_classifiers_") else [model]
    return sum(sum(len(it) for it in m._predictors) for m in inner)


if __name__ == "__main__":
    main()
