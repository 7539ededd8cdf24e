"""Scale benchmark: ingest -> extract -> embed -> cluster -> compare on generated corpora.

Usage: .venv/bin/python bench/bench_scale.py [--sizes 100 1000] [--seed 0] [--repeat 3] [--no-encoder]
       .venv/bin/python bench/bench_scale.py --corpus DIR [--sizes 100 1383] [--workers N] [--precision int8] [--repeat 3]
       .venv/bin/python bench/bench_scale.py --fnc1 [--sizes 100 1383] [--workers N] [--repeat 3]

With ``--corpus`` (a folder of real articles) or ``--fnc1`` (the FNC-1 train bodies in
../shared/data/fnc1, written to a temporary folder, one .txt per body; skipped when absent) each
run is ``claims.pipeline.analyze`` in a fresh process, model load included, the way
``claims analyze`` runs: it prints claims/s, CPU seconds (this process and its workers), peak
memory (the largest proportional set size of the whole process tree at one moment, sampled every
0.1 s: forked parse processes share the parent's pages, which a plain RSS sum would count once per
process; that sum and this process's own peak are printed too) and each stage's wall seconds; ``--sizes`` takes the first N files
(sorted), and the time exponent between sizes is printed (log time ratio / log claims ratio).

For each size, generates a corpus with bench/make_corpus.py and runs the stages in a fresh
process (so peak memory is that size's own), with an empty embedding cache and no output caps. Prints
claims/s end to end, relation-model calls against the exhaustive cross-source pair count, peak
memory (``resource.getrusage``), how time grows between sizes, how many stories got a conflict
between two of their articles and how many conflicts wrongly pair two different stories. Prints numbers; asserts nothing.
"""
from __future__ import annotations

import argparse
import dataclasses
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


def run_one(n_articles: int, seed: int, rules_only: bool = False, no_encoder: bool = False) -> dict:
    """Generate ``n_articles`` and time every stage; returns the figures."""
    from bench_seeds import run_stages
    from make_corpus import write_corpus

    from claims.models import Models
    from claims.settings import CompareSettings, Settings

    with tempfile.TemporaryDirectory() as tmp:
        corpus_dir = Path(tmp) / "corpus"
        write_corpus(corpus_dir, n_articles, seed)
        t = time.perf_counter()
        models = Models.load(dataclasses.replace(Settings().models, relation_encoder="none") if no_encoder else Settings().models)
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
        "claims_per_s": round(stats["claims"] / total, 1), "pairs_scored": stats["pairs_scored"], "pairs_encoded": stats.get("pairs_encoded", 0),
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


def run_real(corpus: Path, n_articles: int, workers: int | None, precision: str = "auto") -> dict:
    """``pipeline.analyze`` on the first ``n_articles`` files of ``corpus``; returns the figures."""
    from claims import pipeline
    from memory import PeakMemory
    from claims.settings import CompareSettings, Settings

    files = sorted(p for p in corpus.rglob("*") if p.is_file())[:n_articles]
    settings = Settings(compare=CompareSettings(max_conflicts=10**6, max_corroborations=10**6))
    with tempfile.TemporaryDirectory() as cache:
        settings = dataclasses.replace(settings, models=dataclasses.replace(settings.models, cache_dir=cache, embedding_precision=precision))
        if workers is not None:
            settings = dataclasses.replace(settings, execute=dataclasses.replace(settings.execute, workers=workers))
        marks: list[tuple[str, float, float]] = []
        start = time.perf_counter()
        with PeakMemory() as peak:
            result = pipeline.analyze([str(f) for f in files], settings=settings,
                                      on_stage=lambda stage: marks.append((stage, time.perf_counter(), time.process_time())))
        end = time.perf_counter()
    marks.append(("end", end, time.process_time()))
    stages = {a: round(tb - ta, 1) for (a, ta, _), (_, tb, _) in zip(marks, marks[1:])}
    stage_cpu = {a: round(cb - ca, 1) for (a, _, ca), (_, _, cb) in zip(marks, marks[1:])}
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime
    n = len(result.claims)
    return {"articles": len(files), "documents": len(result.documents), "problems": len(result.problems),
            "claims": n, "seconds": round(end - start, 1), "cpu_s": round(cpu, 1), "claims_per_s": round(n / (end - start), 1),
            "claims_per_cpu_s": round(n / cpu, 1), "stages": stages, "stage_cpu": stage_cpu, "findings": len(result.findings),
            "peak_tree_mb": peak.pss_mb, "peak_tree_rss_mb": peak.rss_mb,
            "peak_self_mb": round(own.ru_maxrss / 1024)}


def print_real(r: dict) -> None:
    stages = ", ".join(f"{k} {v}s" for k, v in r["stages"].items())
    stages += "; this process's CPU: " + ", ".join(f"{k} {v}s" for k, v in r.get("stage_cpu", {}).items())
    print(f"{r['articles']:>5} articles  {r['claims']:>6} claims  {r['seconds']:>7.1f}s wall  {r['cpu_s']:>7.1f}s CPU  "
          f"{r['claims_per_s']:>6.1f} claims/s ({r['claims_per_cpu_s']} per CPU-second)  peak {r['peak_tree_mb']} MB "
          f"(PSS of the process tree: forked processes share pages; RSS sum {r.get('peak_tree_rss_mb', '-')} MB, "
          f"this process {r['peak_self_mb']} MB)  problems {r['problems']}  findings {r['findings']}  [{stages}]", flush=True)


def fnc1_corpus(folder: Path) -> Path | None:
    """The FNC-1 train bodies as one .txt per body under ``folder`` (None when the data is absent)."""
    import csv

    source = ROOT.parent / "shared" / "data" / "fnc1" / "train_bodies.csv"
    if not source.is_file():
        return None
    folder.mkdir(parents=True, exist_ok=True)
    with source.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            (folder / f"body_{int(row['Body ID']):05d}.txt").write_text(row["articleBody"], encoding="utf-8")
    return folder


def main_real(args) -> None:
    import math

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(args.corpus) if args.corpus else fnc1_corpus(Path(tmp) / "fnc1")
        if corpus is None:
            print("skipped: ../shared/data/fnc1/train_bodies.csv is absent")
            return
        rows = []
        for size in args.sizes:
            runs = []
            for _ in range(args.repeat):
                cmd = [sys.executable, __file__, "--real-one", str(corpus), "--one", str(size)]
                if args.workers is not None:
                    cmd += ["--workers", str(args.workers)]
                cmd += ["--precision", args.precision]
                done = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, check=True)
                runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
                print_real(runs[-1])
            rows.append(sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2])
            if args.repeat > 1:
                print(f"{size:>5} articles  median of {args.repeat}: {rows[-1]['seconds']}s, {rows[-1]['claims_per_s']} claims/s "
                      f"(runs: {', '.join(str(r['claims_per_s']) for r in runs)})", flush=True)
        for small, big in zip(rows, rows[1:]):
            exponent = math.log(big["seconds"] / small["seconds"]) / math.log(big["claims"] / small["claims"])
            cpu_exponent = math.log(big["cpu_s"] / small["cpu_s"]) / math.log(big["claims"] / small["claims"])
            print(f"{small['articles']} -> {big['articles']} articles: claims x{big['claims'] / small['claims']:.1f}, "
                  f"time x{big['seconds'] / small['seconds']:.1f} (exponent {exponent:.2f}; CPU exponent {cpu_exponent:.2f})")


def print_row(r: dict) -> None:
    print(f"{r['articles']:>5} articles  {r['claims']:>6} claims  {r['seconds']:>7.1f}s "
          f"(ingest {r['ingest_s']}s, extract {r['extract_s']}s, embed {r['embed_s']}s, compare {r['compare_s']}s; models {r['model_load_s']}s)  "
          f"{r['claims_per_s']:>6.1f} claims/s  model calls {r['pairs_scored']} ({r.get('pairs_encoded', 0)} encoded) of {r['exhaustive_pairs']} "
          f"({100 * r['scored_share']:.3f}%)  clusters {r['clusters']}  conflicts {r['conflicts']} "
          f"(stories with a conflict found {r['stories_with_conflict']}, cross-story {r['cross_story_conflicts']})  peak {r['peak_mb']} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3, help="fresh runs per size; the median is reported (timings vary ~10%% run to run)")
    parser.add_argument("--rules-only", action="store_true", help="score pairs with the detectors only (no fitted relation model)")
    parser.add_argument("--no-encoder", action="store_true", help="leave the relation cross-encoder out (its cost is the difference)")
    parser.add_argument("--corpus", default="", help="a folder of real articles to run instead of generated ones")
    parser.add_argument("--fnc1", action="store_true", help="run the FNC-1 train bodies (../shared/data/fnc1)")
    parser.add_argument("--workers", type=int, default=None, help="[execute] workers for --corpus/--fnc1 runs (default: auto)")
    parser.add_argument("--precision", default="auto", choices=("auto", "float32", "bfloat16", "int8"), help="[models] embedding_precision for --corpus/--fnc1 runs")
    parser.add_argument("--one", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--real-one", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.real_one:
        print(json.dumps(run_real(Path(args.real_one), args.one, args.workers, args.precision)))
        return
    if args.corpus or args.fnc1:
        main_real(args)
        return
    if args.one:
        print(json.dumps(run_one(args.one, args.seed, args.rules_only, args.no_encoder)))
        return
    rows = []
    for size in args.sizes:
        extra = (["--rules-only"] if args.rules_only else []) + (["--no-encoder"] if args.no_encoder else [])
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
