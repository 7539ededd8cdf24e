"""Attribution accuracy: PolNeAR dev first (news nobody here wrote), then bench/attribution_set.jsonl.

Usage: .venv/bin/python bench/bench_attribution.py [--errors] [--polnear DIR]

PolNeAR (../shared/data/polnear-dev, skipped when absent): `claims extract` on its docs, scored
by ../shared/tools/score_attribution.py as shipped (speaker, cue, speech-act speaker, content
found, attributed-claim precision; targets 0.80 / 0.85 / 0.90 / 0.95 / 0.95).

Each item is a sentence with the expected speaker, cue, relay chain and source kind. Seed items
name their file (the whole file is extracted once, with a comment region after a bullet line);
written items are a small document: optional context paragraph, then the sentence.
Prints speaker, chain, kind and cue accuracy (targets: speaker >= 0.92, chain >= 0.85).
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.extract import extract_claims  # noqa: E402
from claims.models import load_nlp  # noqa: E402
from claims.records import Document, Region  # noqa: E402


def norm(text: str) -> str:
    text = re.sub(r"\s+", " ", text.lower()).strip()
    return " > ".join(re.sub(r"^the ", "", link.strip()) for link in text.split(">"))


def make_doc(doc_id: str, text: str, outlet: str, published: str) -> Document:
    bullet = text.find("  \u2022 ")
    regions = [Region(bullet, len(text), "comment")] if bullet >= 0 else []
    return Document(doc_id=doc_id, path=doc_id, raw=text, text=text, offsets=list(range(len(text))),
                    outlet=outlet, published=published, regions=regions)


def build(items: list[dict]) -> tuple[list[Document], dict[str, str]]:
    docs, where = {}, {}
    for item in items:
        if item["source"]:
            text = (ROOT / item["source"]).read_text(encoding="utf-8")
            docs.setdefault(item["source"], make_doc(item["source"], text, item["outlet"], item["published"]))
            where[item["id"]] = item["source"]
        else:
            text = (item["context"] + "\n\n" if item["context"] else "") + item["text"]
            docs[item["id"]] = make_doc(item["id"], text, item["outlet"], item["published"])
            where[item["id"]] = item["id"]
    return list(docs.values()), where


def find_row(frame, doc_id: str, text: str):
    rows = frame[(frame.doc == doc_id) & frame.is_claim]
    key = norm(text)[:60]
    for row in rows.itertuples():
        if norm(row.text).startswith(key) or key in norm(row.text) or key.startswith(norm(row.text)[:40]):
            return row
    return None


POLNEAR_KEYS = ("polnear_speaker_acc", "polnear_cue_acc", "polnear_speech_speaker_acc_all",
                "polnear_content_found", "polnear_attributed_claim_precision")


def polnear(data: Path) -> None:
    """Extract the PolNeAR dev docs with the CLI and print the shipped scorer's figures."""
    scorer = ROOT.parent / "shared" / "tools" / "score_attribution.py"
    if not (data / "gold.json").exists() or not scorer.exists():
        print(f"polnear      skipped ({data} or {scorer} not found)")
        return
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory() as run:
        subprocess.run([sys.executable, "-m", "cli", "extract", str(data / "docs"), "--out", run, "--quiet"],
                       check=True, cwd=ROOT, env=env)
        child = os.times()
        out = subprocess.run([sys.executable, str(scorer), run, str(data / "gold.json")], check=True,
                             capture_output=True, text=True, env=env).stdout
    print(f"polnear dev  ({data}; extraction CPU {child.children_user + child.children_system:.1f} s)")
    for line in out.splitlines():
        if line.split(":")[0] in POLNEAR_KEYS:
            print("  " + line)


def main(show_errors: bool = False) -> None:
    data = Path(sys.argv[sys.argv.index("--polnear") + 1]) if "--polnear" in sys.argv \
        else ROOT.parent / "shared" / "data" / "polnear-dev"
    polnear(data)
    print("seeds + written set (bench/attribution_set.jsonl; the rules were written on the seeds)")
    items = [json.loads(line) for line in (ROOT / "bench" / "attribution_set.jsonl").read_text().splitlines() if line]
    nlp = load_nlp()
    docs, where = build(items)
    frame = extract_claims(docs, nlp)
    scores = {"speaker": 0, "chain": 0, "source_kind": 0, "cue": 0}
    for item in items:
        row = find_row(frame, where[item["id"]], item["text"])
        got = {k: getattr(row, k) if row is not None else "<missing>" for k in scores}
        for key in scores:
            ok = norm(got[key]) == norm(item[key])
            scores[key] += ok
            if not ok and show_errors:
                print(f"{item['id']:12} {key:11} want {item[key]!r:45} got {got[key]!r}")
    n = len(items)
    print(f"items {n} (seeds {sum(1 for i in items if i['source'])}, written {sum(1 for i in items if not i['source'])})")
    for key, hits in scores.items():
        print(f"{key:12} accuracy {hits / n:.3f}")
    speed(nlp)


def speed(nlp) -> None:
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    docs = [make_doc(p.name, p.read_text(encoding="utf-8"), "Outlet", "2013-06-05") for p in seeds]
    start = time.perf_counter()
    frame = extract_claims(docs, nlp)
    elapsed = time.perf_counter() - start
    print(f"speed        {len(frame) / elapsed:.0f} segments/s ({len(frame)} segments, {elapsed:.2f} s, incl. parsing)")


if __name__ == "__main__":
    main("--errors" in sys.argv)
