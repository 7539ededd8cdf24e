"""Write the Emergent train headlines of the held-out claims (the 25% no relation model is trained
on: ``relation_data.is_heldout_claim``) as a corpus of their own, to measure the pipeline on them.

Usage: .venv/bin/python bench/emergent_heldout.py OUT [--data ../shared/data]
       .venv/bin/claims analyze OUT/docs --out RUN --quiet
       .venv/bin/python ../shared/tools/score_emergent.py RUN OUT/labels.json

Copies each held-out document and its manifest row into ``OUT/docs`` and their labels into
``OUT/labels.json``. Skips cleanly when the data is absent.
"""
from __future__ import annotations

import argparse
import csv
import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from relation_data import is_heldout_claim  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    source = args.data / "emergent-train"
    if not (source / "labels.json").is_file():
        print(f"skipped: {source}/labels.json not found")
        return
    labels = [r for r in json.loads((source / "labels.json").read_text(encoding="utf-8")) if is_heldout_claim(r["claim"])]
    docs = {r["doc"] for r in labels}
    (args.out / "docs").mkdir(parents=True, exist_ok=True)
    with open(source / "docs" / "manifest.csv", encoding="utf-8", newline="") as fh:
        rows = [row for row in csv.DictReader(fh) if row["path"] in docs]
    with open(args.out / "docs" / "manifest.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]) if rows else ["path"])
        writer.writeheader()
        writer.writerows(rows)
    for name in sorted(docs):
        shutil.copyfile(source / "docs" / name, args.out / "docs" / name)
    (args.out / "labels.json").write_text(json.dumps(labels, indent=1), encoding="utf-8")
    print(f"{len(docs)} documents of {len({r['claim'] for r in labels})} held-out claims -> {args.out}")


if __name__ == "__main__":
    main()
