"""Print how source grades spread on the seeds and the labelled corpora, and whether named,
corroborated speakers outrank anonymous sources and reader comments (numbers only; the tests in
tests/test_grades_corpora.py assert the properties).

    PYTHONPATH=$PWD .venv/bin/python bench/bench_grades.py
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPORA = {
    "seeds": ROOT / "seeds",
    "election": ROOT / "tests" / "corpora" / "election" / "docs",
    "recall": ROOT / "tests" / "corpora" / "recall" / "docs",
    "doping": ROOT / "tests" / "corpora" / "doping" / "docs",
}
STANDING = "ABCFDE"
LOW = ("anonymous", "reader_comment", "social_media")


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from claims.models import Models
    from claims.pipeline import analyze
    from claims.reliability import sources_table

    models = Models.load()
    print("| corpus | sources | A | B | C | D | E | F | largest share | named-corroborated vs anonymous/UGC pairs ranked above | grading CPU s |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for name, folder in CORPORA.items():
        if not folder.is_dir():
            print(f"| {name} | (absent) |")
            continue
        result = analyze([folder], models=models)
        from claims.reliability import assess

        start = time.process_time()
        assess(result.claims.drop(columns=["source_grade", "claim_grade", "grade_factors"]), result.findings, result.documents)
        cpu = time.process_time() - start
        src = sources_table(result)
        counts = src["grade"].value_counts()
        named = src[~src["kind"].isin([*LOW, "outlet"]) & (src["n_corroborated"] > src["n_contradicted_by_better"])]
        low = src[src["kind"].isin(LOW)]
        pairs = [(n.grade, lo.grade) for n in named.itertuples() for lo in low.itertuples() if lo.n_corroborated <= n.n_corroborated]
        above = sum(STANDING.index(a) < STANDING.index(b) for a, b in pairs)
        letters = " | ".join(str(counts.get(g, 0)) for g in "ABCDEF")
        print(f"| {name} | {len(src)} | {letters} | {counts.max() / len(src):.0%} | {above}/{len(pairs)} | {cpu:.2f} |")


if __name__ == "__main__":
    main()
