"""Time `claims analyze seeds/`-style runs, cold and warm (embedding cache), and write findings.json.

Usage: .venv/bin/python bench/bench_seeds.py [PATHS ...] [--out DIR] [--gold GOLD.json]

Runs ingest -> extract -> embed -> cluster/compare stage by stage (the same calls
claims.pipeline makes), prints per-stage seconds for a cold run (empty cache) and a warm run
(same cache), writes DIR/findings.json and DIR/claims.csv, and, with --gold, prints the dev
scorer's numbers. Prints numbers; asserts nothing.
"""
from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims import store  # noqa: E402
from claims.compare import compare_claims  # noqa: E402
from claims.embed import Embedder  # noqa: E402
from claims.extract import extract_claims  # noqa: E402
from claims.ingest import load_corpus  # noqa: E402
from claims.models import Models  # noqa: E402
from claims.detectors import FactCache  # noqa: E402
from claims.pipeline import load_scorer  # noqa: E402
from claims.settings import Settings  # noqa: E402


def run_stages(paths, models, cache_dir, settings: Settings | None = None, scorer=None):
    """All comparison stages on ``paths``; returns (comparison, claims, timings, embedder stats)."""
    settings = settings or Settings()
    timings = {}
    t = time.perf_counter()
    corpus = load_corpus(paths, settings=settings.ingest)
    timings["ingest"] = time.perf_counter() - t
    t = time.perf_counter()
    spans: dict = {}
    claims = extract_claims(corpus.documents, models.nlp, settings=settings.extract, spans=spans)
    timings["extract"] = time.perf_counter() - t
    t = time.perf_counter()
    encoder = Embedder(models.embedder, cache_dir=cache_dir, batch_size=settings.models.batch_size, model_name="packaged:all-MiniLM-L6-v2")
    embeddings = encoder.encode(claims["text"].tolist(), only=claims["is_claim"].astype(bool).to_numpy())
    timings["embed"] = time.perf_counter() - t
    t = time.perf_counter()
    if scorer is None:
        scorer = load_scorer(models, settings, spans)  # as `claims analyze` builds it: the relation cross-encoder included
    elif getattr(scorer, "cache", False) is None:
        scorer.cache = FactCache(models.nlp, spans=spans)
    comparison = compare_claims(claims, embeddings, scorer, corpus.documents, settings.compare, cluster_settings=settings.cluster)
    timings["compare"] = time.perf_counter() - t
    return comparison, corpus, timings, dict(encoder.stats)


def write_findings(comparison, out_dir: Path) -> Path:
    store.write_table(comparison.claims, out_dir, "claims", ("csv",))
    return store.write_json(out_dir / "findings.json", {"stats": comparison.stats, "findings": [asdict(f) for f in comparison.findings]})


def print_run(label: str, timings: dict, stats: dict, comparison) -> None:
    total = sum(timings.values())
    parts = "  ".join(f"{k} {v:.2f}s" for k, v in timings.items())
    print(f"{label}: total {total:.2f}s  ({parts})  embed cache {stats}")
    s = comparison.stats
    print(f"  claims {s['claims']}  clusters {s['clusters']}  pairs scored {s['pairs_scored']} of "
          f"{s['exhaustive_cross_source_pairs']} cross-source ({100 * s['scored_share']:.2f}%)  "
          f"conflicts {s['conflicts']}  corroborations {s['corroborations']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=[str(ROOT / "seeds")])
    parser.add_argument("--out", default=str(ROOT / "bench" / "out" / "seeds"))
    parser.add_argument("--gold", default="")
    args = parser.parse_args()
    t = time.perf_counter()
    models = Models.load(Settings().models)
    print(f"models loaded in {time.perf_counter() - t:.2f}s")
    runs = []
    with tempfile.TemporaryDirectory() as cache:
        for label in ("cold", "warm"):
            comparison, corpus, timings, stats = run_stages(args.paths, models, cache)
            print_run(label, timings, stats, comparison)
            runs.append([asdict(f) for f in comparison.findings])
    print(f"cold and warm findings identical: {runs[0] == runs[1]}")
    path = write_findings(comparison, Path(args.out))
    print(f"wrote {path}; peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    if args.gold:
        score = ROOT.parent / "shared" / "tools" / "score_findings.py"
        subprocess.run([sys.executable, str(score), str(path), args.gold, args.paths[0]], check=False)


if __name__ == "__main__":
    main()
