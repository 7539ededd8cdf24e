"""Scale benchmark: ingest -> extract -> embed -> cluster -> compare on generated corpora.

Usage: .venv/bin/python bench/bench_scale.py [--sizes 100 1000] [--seed 0] [--repeat 3]

For each size, generates a corpus with bench/make_corpus.py and runs the stages in a fresh
process (so peak memory is that size's own), with an empty embedding cache and no output caps. Prints
claims/s end to end, relation-model calls against the exhaustive cross-source pair count, peak
memory (``resource.getrusage``), how time grows between sizes, how many stories got a conflict
between two of their articles and how many conflicts wrongly pair two different stories. Prints numbers; asserts nothing.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def run_one(n_articles: int, seed: int, rules_only: bool = False) -> dict:
    """Generate ``n_articles`` and time every stage; returns the figures."""
    from bench_seeds import run_stages
    from make_corpus import write_corpus

    from claims.models import Models
    from claims.settings import CompareSettings, Settings

    with tempfile.TemporaryDirectory() as tmp:
        corpus_dir = Path(tmp) / "corpus"
        write_corpus(corpus_dir, n_articles, seed)
        t = time.perf_counter()
        models = Models.load(Settings().models)
        load_s = time.perf_counter() - t
        settings = Settings(compare=CompareSettings(max_conflicts=10**6, max_corroborations=10**6))
        scorer = None
        if rules_only:
            from claims.relations import RelationScorer

            scorer = RelationScorer(nlp=models.nlp, embedder=models.embedder)
        comparison, corpus, timings, cache = run_stages([str(corpus_dir)], models, Path(tmp) / "cache", settings=settings, scorer=scorer)
    stats = comparison.stats
    quality = story_quality(comparison.findings)
    total = sum(timings.values())
    return {
        "articles": n_articles, "documents": len(corpus.documents), "claims": stats["claims"],
        "seconds": round(total, 2), "model_load_s": round(load_s, 2), **{f"{k}_s": round(v, 2) for k, v in timings.items()},
        "claims_per_s": round(stats["claims"] / total, 1), "pairs_scored": stats["pairs_scored"],
        "exhaustive_pairs": stats["exhaustive_cross_source_pairs"], "scored_share": stats["scored_share"],
        "clusters": stats["clusters"], "conflicts": stats["conflicts"], "corroborations": stats["corroborations"],
        **quality, "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def story_quality(findings: list) -> dict:
    """Planted-conflict recall per story, and conflicts pairing two different stories (false by construction)."""
    story = lambda claim: Path(claim["doc"]).name.split("_")[0]
    conflicts = [f for f in findings if f.relation == "conflict"]
    within = {story(f.a) for f in conflicts if story(f.a) == story(f.b)}
    across = sum(story(f.a) != story(f.b) for f in conflicts)
    return {"stories_with_conflict": len(within), "cross_story_conflicts": across}


def print_row(r: dict) -> None:
    print(f"{r['articles']:>5} articles  {r['claims']:>6} claims  {r['seconds']:>7.1f}s "
          f"(ingest {r['ingest_s']}s, extract {r['extract_s']}s, embed {r['embed_s']}s, compare {r['compare_s']}s; models {r['model_load_s']}s)  "
          f"{r['claims_per_s']:>6.1f} claims/s  model calls {r['pairs_scored']} of {r['exhaustive_pairs']} "
          f"({100 * r['scored_share']:.3f}%)  clusters {r['clusters']}  conflicts {r['conflicts']} "
          f"(stories with a conflict found {r['stories_with_conflict']}, cross-story {r['cross_story_conflicts']})  peak {r['peak_mb']} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3, help="fresh runs per size; the median is reported (timings vary ~10%% run to run)")
    parser.add_argument("--rules-only", action="store_true", help="score pairs with the detectors only (no fitted relation model)")
    parser.add_argument("--one", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.seed, args.rules_only)))
        return
    rows = []
    for size in args.sizes:
        extra = ["--rules-only"] if args.rules_only else []
        runs = []
        for _ in range(args.repeat):
            done = subprocess.run([sys.executable, __file__, "--one", str(size), "--seed", str(args.seed), *extra],
                                  stdout=subprocess.PIPE, text=True, check=True)
            runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
            print_row(runs[-1])
        rows.append(sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2])
        if args.repeat > 1:
            spread = ", ".join(f"{r['claims_per_s']}" for r in runs)
            print(f"{size:>5} articles  median of {args.repeat} runs: {rows[-1]['seconds']}s, {rows[-1]['claims_per_s']} claims/s (runs: {spread})")
    for small, big in zip(rows, rows[1:]):
        growth = big["seconds"] / small["seconds"]
        print(f"{small['articles']} -> {big['articles']} articles: claims x{big['claims'] / small['claims']:.1f}, time x{growth:.1f}")


if __name__ == "__main__":
    main()
