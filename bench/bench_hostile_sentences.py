"""Hostile-sentence run: extraction on N generated hostile documents (default 10,000).

Usage: .venv/bin/python bench/bench_hostile_sentences.py [--examples 10000] [--seed 0] [--jobs 2]

Documents come from the strategies in ``tests/hostile_sentences.py`` (quotes, unbalanced quote
marks, empty or pronoun speakers, "said" with no subject, "According to ,", nested quotes,
non-Latin names, 300-word sentences, carry-over cues at the start, lone punctuation). Prints
how many documents and rows were checked, how many raised or broke the offset contract, and
for each distinct failure the shortest document that triggers it. Asserts nothing.
"""
from __future__ import annotations

import argparse
import multiprocessing
import sys
import time
import traceback
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


BATCH = 32


def check_batch(raws: list[str]) -> tuple[dict, dict]:
    """Extract a batch of raw documents at once (one by one if the batch raises, to name the
    failing one); returns counts and, per failure kind, its shortest trigger."""
    from claims.extract import extract_claims
    from hostile_sentences import make_document, offset_errors

    counts: dict[str, int] = defaultdict(int)
    failures: dict[str, str] = {}

    def failed(key: str, raw: str) -> None:
        if key not in failures or len(raw) < len(failures[key]):
            failures[key] = raw

    def check(docs: list, rows) -> None:
        counts["rows"] += len(rows)
        by_doc = dict(tuple(rows.groupby("doc"))) if len(rows) else {}
        for document in docs:
            errors = offset_errors(document, by_doc.get(document.doc_id, rows.iloc[:0]))
            if errors:
                counts["bad offsets"] += 1
                failed(errors[0].split(": ", 1)[1].split(" is ")[0], document.raw)

    docs = [make_document(raw, doc_id=f"hostile{i}.txt") for i, raw in enumerate(raws)]
    try:
        check(docs, extract_claims(docs, _nlp()))
    except Exception:  # noqa: BLE001 - retried one by one below to find the document
        for document in docs:
            try:
                rows = extract_claims([document], _nlp())
            except Exception as exc:  # noqa: BLE001 - recorded, the run goes on
                frame = traceback.extract_tb(exc.__traceback__)[-1]
                counts["raised"] += 1
                failed(f"{type(exc).__name__} at {Path(frame.filename).name}:{frame.lineno} ({frame.name})", document.raw)
            else:
                check([document], rows)
    counts["documents"] += len(docs)
    return dict(counts), failures


_LOADED: list = []


def _nlp():
    if not _LOADED:
        from claims.models import load_nlp

        _LOADED.append(load_nlp())
    return _LOADED[0]


def generate(examples: int, seed_value: int) -> list[str]:
    """``examples`` documents drawn by hypothesis from the strategies of ``tests/hostile_sentences.py``."""
    from hypothesis import HealthCheck, Phase, given, seed, settings

    from hostile_sentences import document_text

    raws: list[str] = []

    @seed(seed_value)
    @settings(max_examples=examples, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(raw=document_text())
    def draw(raw):
        raws.append(raw)

    draw()
    return raws


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=2, help="processes extracting batches in parallel")
    args = parser.parse_args()

    t = time.perf_counter()
    raws = generate(args.examples, args.seed)
    batches = [raws[i:i + BATCH] for i in range(0, len(raws), BATCH)]
    counts: dict[str, int] = defaultdict(int)
    failures: dict[str, str] = {}
    with multiprocessing.get_context("spawn").Pool(max(1, args.jobs)) as pool:
        for done, (part, found) in enumerate(pool.imap(check_batch, batches), 1):
            for key, value in part.items():
                counts[key] += value
            for key, raw in found.items():
                if key not in failures or len(raw) < len(failures[key]):
                    failures[key] = raw
            if done % 50 == 0:
                print(f"... {counts['documents']} documents, {counts['raised']} raised, {counts['bad offsets']} bad offsets", flush=True)
    seconds = time.perf_counter() - t
    print(f"{counts['documents']} documents, {counts['rows']} rows: {counts['raised']} raised, "
          f"{counts['bad offsets']} with invalid offsets ({seconds:.0f} s wall with {args.jobs} processes; seed {args.seed})")
    for key, raw in sorted(failures.items()):
        print(f"- {key}; shortest trigger: {raw!r}")


if __name__ == "__main__":
    main()
