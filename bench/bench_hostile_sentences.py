"""Hostile-sentence run: extraction on N generated hostile documents (default 10,000).

Usage: .venv/bin/python bench/bench_hostile_sentences.py [--examples 10000] [--seed 0]

Documents come from the strategies in ``tests/hostile_sentences.py`` (quotes, unbalanced quote
marks, empty or pronoun speakers, "said" with no subject, "According to ,", nested quotes,
non-Latin names, 300-word sentences, carry-over cues at the start, lone punctuation). Prints
how many documents and rows were checked, how many raised or broke the offset contract, and
for each distinct failure the shortest document that triggers it. Asserts nothing.
"""
from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    from hypothesis import HealthCheck, Phase, given, seed, settings

    from claims.extract import extract_claims
    from claims.models import load_nlp
    from hostile_sentences import document_text, make_document, offset_errors

    nlp = load_nlp()
    counts = defaultdict(int)
    failures: dict[str, str] = {}

    @seed(args.seed)
    @settings(max_examples=args.examples, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(raw=document_text())
    def run(raw):
        counts["documents"] += 1
        if counts["documents"] % 500 == 0:
            print(f"... {counts['documents']} documents, {counts['raised']} raised, {counts['bad offsets']} bad offsets", flush=True)
        try:
            document = make_document(raw)
            claims = extract_claims([document], nlp)
        except Exception as exc:  # recorded, not raised: the run goes on and reports every kind
            frame = traceback.extract_tb(exc.__traceback__)[-1]
            key = f"{type(exc).__name__} at {Path(frame.filename).name}:{frame.lineno} ({frame.name})"
            counts["raised"] += 1
        else:
            counts["rows"] += len(claims)
            errors = offset_errors(document, claims)
            if not errors:
                return
            counts["bad offsets"] += 1
            key = errors[0].split(": ", 1)[1].split(" is ")[0]
        if key not in failures or len(raw) < len(failures[key]):
            failures[key] = raw

    t, cpu = time.perf_counter(), time.process_time()
    run()
    seconds, cpu_s = time.perf_counter() - t, time.process_time() - cpu
    print(f"{counts['documents']} documents, {counts['rows']} rows: {counts['raised']} raised, "
          f"{counts['bad offsets']} with invalid offsets ({seconds:.0f} s wall, {cpu_s:.0f} s CPU; seed {args.seed})")
    for key, raw in sorted(failures.items()):
        print(f"- {key}; shortest trigger: {raw!r}")


if __name__ == "__main__":
    main()
