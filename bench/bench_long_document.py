"""Long-document benchmark: time and peak memory of one article of 100 KB .. 1 MB, end to end.

Usage: .venv/bin/python bench/bench_long_document.py [--sizes 100 250 500 1000] [--stage analyze|extract] [--precision int8]

Each size is one .txt file built from real news bodies (``../shared/data/fnc1`` when present,
else the seed texts) joined as paragraphs, analysed alone in a fresh process (so peak memory
is that size's own; model load excluded from the time, included in the memory; an empty
embedding cache). Prints seconds, claims, peak resident memory and how time grows with size
(log-log slope: 1.0 is linear).
Wall times depend on machine load: compare sizes taken in the same run. Asserts nothing.
"""
from __future__ import annotations

import argparse
import json
import math
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
FNC1 = ROOT.parent / "shared" / "data" / "fnc1" / "train_bodies.csv"


def article_text(n_chars: int) -> str:
    """A single long article: real bodies as paragraphs until ``n_chars``."""
    if FNC1.is_file():
        import pandas as pd

        bodies = pd.read_csv(FNC1)["articleBody"].dropna().tolist()
    else:
        bodies = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    parts, size, i = [], 0, 0
    while size < n_chars:
        body = bodies[i % len(bodies)].strip()
        parts.append(body)
        size += len(body) + 2
        i += 1
    return "\n\n".join(parts)[:n_chars]


def run_one(kb: int, stage: str, precision: str = "auto") -> dict:
    import dataclasses

    from claims import pipeline
    from claims.models import Models
    from claims.settings import Settings
    from memory import PeakMemory

    with tempfile.TemporaryDirectory() as tmp:
        models_settings = dataclasses.replace(Settings().models, cache_dir=str(Path(tmp) / "cache"), embedding_precision=precision)
        settings = dataclasses.replace(Settings(), models=models_settings)
        models = Models.load(settings.models)
        path = Path(tmp) / "long.txt"
        path.write_text(article_text(kb * 1000), encoding="utf-8")
        marks: list[tuple[str, float]] = []
        t, cpu = time.perf_counter(), _cpu()
        with PeakMemory() as peak:
            if stage == "extract":
                corpus = pipeline.ingest([path], settings=settings)
                n = len(pipeline.extract_isolated(corpus.documents, models.nlp, settings)[0])
            else:
                n = len(pipeline.analyze([path], settings=settings, models=models,
                                         on_stage=lambda name: marks.append((name, time.perf_counter()))).claims)
        seconds, cpu_s = time.perf_counter() - t, _cpu() - cpu
    marks.append(("end", t + seconds))
    stages = {a: round(tb - ta, 1) for (a, ta), (_, tb) in zip(marks, marks[1:])}
    return {"kb": kb, "seconds": round(seconds, 1), "cpu_s": round(cpu_s, 1), "rows": n, "stages": stages,
            "peak_mb": peak.pss_mb, "peak_rss_mb": peak.rss_mb, "peak_self_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}


def _cpu() -> float:
    """CPU seconds of this process and of its finished child processes (the forked parsers)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 250, 500, 1000], help="sizes in KB")
    parser.add_argument("--stage", choices=("analyze", "extract"), default="analyze")
    parser.add_argument("--precision", default="auto", choices=("auto", "float32", "bfloat16", "int8"), help="[models] embedding_precision")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.stage, args.precision)))
        return
    rows = []
    print("source:", FNC1 if FNC1.is_file() else "seeds/ (../shared/data/fnc1 absent)")
    for kb in args.sizes:
        out = subprocess.run([sys.executable, __file__, "--one", str(kb), "--stage", args.stage, "--precision", args.precision],
                             capture_output=True, text=True, check=True)
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(rows[-1], flush=True)
    if len(rows) > 1:
        a, b = rows[0], rows[-1]
        slope = math.log(b["cpu_s"] / a["cpu_s"]) / math.log(b["kb"] / a["kb"])
        print(f"time exponent {a['kb']}->{b['kb']} KB (CPU seconds, log-log slope; 1.0 = linear): {slope:.2f}")


if __name__ == "__main__":
    main()
