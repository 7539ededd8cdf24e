"""Write the Emergent train headlines of the held-out claims (the 25% no relation model is trained
on: ``relation_data.is_heldout_claim``) as a corpus of their own, to measure the pipeline on them.

Usage: .venv/bin/python bench/emergent_heldout.py OUT [--data ../shared/data]
       .venv/bin/claims analyze OUT/docs --out RUN --quiet
       .venv/bin/python ../shared/tools/score_emergent.py RUN OUT/labels.json
       .venv/bin/python bench/emergent_heldout.py OUT --corroboration RUN

Copies each held-out document and its manifest row into ``OUT/docs`` and their labels into
``OUT/labels.json``. Skips cleanly when the data is absent. ``--corroboration RUN`` instead prints
the for-vs-for corroboration precision / recall / F1 of ``RUN/findings.json`` against
``OUT/labels.json`` (the shipped scorer counts conflicts only): a pair of two headlines of one claim
both reporting it "for" is gold; found pairs are judged where both headlines are for or against.
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
    parser.add_argument("--corroboration", type=Path, metavar="RUN", help="score RUN/findings.json's corroborations")
    args = parser.parse_args()
    if args.corroboration is not None:
        print(corroboration_scores(args.corroboration / "findings.json", args.out / "labels.json"))
        return
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


def corroboration_scores(findings: Path, labels_path: Path) -> str:
    """For-vs-for corroboration precision, recall and F1 of a run's findings, one line."""
    labels = {r["doc"]: r for r in json.loads(labels_path.read_text(encoding="utf-8"))}
    docs = sorted(labels)
    gold = {(a, b) for i, a in enumerate(docs) for b in docs[i + 1:]
            if labels[a]["claim"] == labels[b]["claim"] and labels[a]["stance"] == labels[b]["stance"] == "for"}
    found = set()
    for f in json.loads(findings.read_text(encoding="utf-8"))["findings"]:
        pair = tuple(sorted(Path(str(side.get("doc", ""))).name for side in (f["a"], f["b"])))
        if f["relation"] == "corroboration" and pair[0] != pair[1]:
            found.add(pair)
    judged = {p for p in found if all(d in labels and labels[d]["stance"] in ("for", "against") for d in p)}
    hits = len(found & gold)
    precision, recall = hits / max(1, len(judged)), hits / max(1, len(gold))
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return (f"corroboration gold pairs {len(gold)}, found {len(found)}, judged {len(judged)}: "
            f"precision {precision:.3f} recall {recall:.3f} F1 {f1:.3f}")


if __name__ == "__main__":
    main()
