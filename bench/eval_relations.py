"""Evaluate relation scoring on held-out data and print per-kind precision/recall/F1 tables.

Held-out sets (never trained on): the test split of bench/data/news_pairs.jsonl; FNC-1 test
claims (related rows, disagree vs agree), against a frozen-embedding LogisticRegression baseline
trained on the FNC-1 train claims; ClaimDiff (weak) test; the SNLI test subset; SICK test
(evaluation only). Also the dev gold (../shared/dev/seeds_withdrawal.json) and a speed check.
Sets whose files are absent are skipped.

    .venv/bin/python bench/eval_relations.py [--model claims/data/relation_model.joblib] [--rules]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from train_relations import claim, load_fnc, load_news, load_snli  # noqa: E402

from claims.records import CONFLICT_KINDS, RELATION_KINDS  # noqa: E402

DEV = ROOT.parent / "shared" / "dev" / "seeds_withdrawal.json"


def prf(gold: list[str], pred: list[str], label: str) -> tuple[float, float, float, int]:
    tp = sum(g == label and p == label for g, p in zip(gold, pred))
    fp = sum(g != label and p == label for g, p in zip(gold, pred))
    fn = sum(g == label and p != label for g, p in zip(gold, pred))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0), tp + fn


def table(title: str, gold: list[str], pred: list[str], labels: list[str]) -> None:
    print(f"\n{title} (n={len(gold)})\n| kind | P | R | F1 | support |\n|---|---|---|---|---|")
    for label in labels:
        p, r, f, n = prf(gold, pred, label)
        print(f"| {label} | {p:.2f} | {r:.2f} | {f:.2f} | {n} |")
    print(f"accuracy {np.mean([g == p for g, p in zip(gold, pred)]):.3f}")


def news_eval(scorer) -> None:
    pairs = load_news("test")
    out = scorer.predict([(a, b) for a, b, _, _ in pairs])
    gold, pred = [p[2] for p in pairs], [o.kind for o in out]
    table("own news pairs, test split", gold, pred, list(RELATION_KINDS))
    conflict = {"contradiction", "competing_explanation"}
    cg = ["c" if g in conflict else "x" for g in gold]
    cp = ["c" if p in conflict else "x" for p in pred]
    p, r, f, _ = prf(cg, cp, "c")
    print(f"contradiction+competing_explanation: P {p:.2f} R {r:.2f} F1 {f:.2f}")
    mg = ["m" if g in ("numeric_mismatch", "date_mismatch") else "x" for g in gold]
    mp = ["m" if q in ("numeric_mismatch", "date_mismatch") else "x" for q in pred]
    print("numeric+date mismatch: P {:.2f} R {:.2f} F1 {:.2f}".format(*prf(mg, mp, "m")[:3]))
    missing = [o for o in out if o.kind != "unrelated" and "'" not in o.explanation]
    print(f"non-unrelated verdicts without a quoted explanation: {len(missing)}")


def fnc_eval(scorer, embedder, data: Path) -> None:
    from sklearn.linear_model import LogisticRegression

    keep = {"agree", "disagree"}
    train = [p for p in load_fnc(data, test=False) if p[3] in keep]
    test = [p for p in load_fnc(data, test=True) if p[3] in keep]
    if not test:
        print("\nFNC-1: data absent, skipped")
        return

    def feats(rows):
        u = embedder.encode([a["text"] for a, _, _, _ in rows], batch_size=64, normalize_embeddings=True)
        v = embedder.encode([b["text"] for _, b, _, _ in rows], batch_size=64, normalize_embeddings=True)
        return np.hstack([u, v, np.abs(u - v), u * v]), (u, v)

    xtr, _ = feats(train)
    xte, emb = feats(test)
    base = LogisticRegression(max_iter=2000, class_weight="balanced").fit(xtr, [p[3] for p in train])
    gold = [p[3] for p in test]
    table("FNC-1 held-out claims, baseline: frozen MiniLM [u,v,|u-v|,u*v] + LogisticRegression",
          gold, list(base.predict(xte)), ["disagree", "agree"])
    proba, *_ = scorer.predict_proba([(a, b) for a, b, _, _ in test], embeddings=emb)
    conflict = proba[:, [RELATION_KINDS.index(k) for k in CONFLICT_KINDS]].sum(axis=1)
    agree = proba[:, RELATION_KINDS.index("corroboration")]
    pred = ["disagree" if c > a else "agree" for c, a in zip(conflict, agree)]
    table("FNC-1 held-out claims, RelationScorer (conflict kinds vs corroboration)", gold, pred, ["disagree", "agree"])


def claimdiff_eval(scorer, data: Path, limit: int = 600) -> None:
    path = data / "claimdiff" / "ClaimDiff-weak-test.json"
    if not path.is_file():
        print("\nClaimDiff: data absent, skipped")
        return
    rows = json.loads(path.read_text(encoding="utf-8"))["data"][:limit]
    out = scorer.predict([(claim(r["claim_a"]), claim(r["claim_b"])) for r in rows])
    gold = ["differs" if r["relation"] == 1 else "same" for r in rows]
    pred = ["differs" if o.kind in CONFLICT_KINDS else "same" for o in out]
    table("ClaimDiff weak test (relation 1 = a notable difference; predicted = any conflict kind)", gold, pred, ["differs"])


def nli_eval(scorer, data: Path) -> None:
    rows = load_snli(data, "test")
    if rows:
        out = scorer.predict([(a, b) for a, b, _, _ in rows])
        table("SNLI test subset (entailment=corroboration, neutral=elaboration)", [r[2] for r in rows],
              [o.kind if o.kind in ("corroboration", "elaboration") else "contradiction" if o.kind in CONFLICT_KINDS else o.kind for o in out],
              ["contradiction", "corroboration", "elaboration"])
    sick = data / "nli" / "SICK_test_annotated.txt"
    if sick.is_file():
        rows = [line.split("\t") for line in sick.read_text(encoding="utf-8").splitlines()]
        col = rows[0].index("entailment_label") if "entailment_label" in rows[0] else 3
        lines = [[x[0], x[1], x[2], x[col]] for x in rows[1:1001]]
        mapping = {"ENTAILMENT": "corroboration", "CONTRADICTION": "contradiction", "NEUTRAL": "elaboration"}
        out = scorer.predict([(claim(x[1]), claim(x[2])) for x in lines])
        table("SICK test, first 1000 (evaluation only)", [mapping[x[3]] for x in lines],
              ["contradiction" if o.kind in CONFLICT_KINDS else o.kind for o in out], ["contradiction", "corroboration", "elaboration"])


def dev_eval(scorer) -> None:
    if not DEV.is_file():
        print("\ndev gold absent, skipped")
        return
    gold = json.loads(DEV.read_text(encoding="utf-8"))
    docs = gold["documents"]
    print("\ndev gold (seeds_withdrawal.json): label -> predicted kind (score) | explanation")
    hits = 0
    total = 0
    for topic in gold["topics"]:
        claims = {c["id"]: c for c in topic["claims"]}
        for rel in topic["relations"]:
            a, b = (_dev_claim(claims[rel[k]], docs) for k in ("a", "b"))
            verdict = scorer.predict([(a, b)])[0]
            ok = (verdict.kind in CONFLICT_KINDS) == (rel["label"] == "conflict")
            hits += ok
            total += 1
            print(f"  {'ok ' if ok else 'MISS'} {rel['label']:<11} {rel.get('strength') or '':<4} -> {verdict.kind} ({verdict.score:.2f}) | {verdict.explanation}")
    print(f"dev gold agreement (conflict vs non-conflict): {hits}/{total}")


def _dev_claim(c: dict, docs: dict) -> dict:
    text = " ".join(c["quote"].split())
    meta = docs.get(c["doc"], {})
    return {"text": text, "sentence": text, "speaker": c["speaker"], "speaker_id": c["speaker"].split(",")[0].lower(),
            "outlet": c["outlet"], "published": meta.get("published", "")}


def speed(scorer_factory, n: int = 1000) -> None:
    rows = load_news("test") + load_news("train")
    texts = list(dict.fromkeys([r[0]["text"] for r in rows] + [r[1]["text"] for r in rows]))
    rng = np.random.default_rng(0)
    pairs = [(claim(texts[i]), claim(texts[j])) for i, j in rng.integers(0, len(texts), size=(n, 2))]
    scorer = scorer_factory()
    t0 = time.time()
    scorer.predict(pairs)
    print(f"\nspeed: {n} pairs over {len(texts)} distinct texts, cold caches, embeddings included: {time.time() - t0:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--model", default="", help="fitted model file (default: the shipped one)")
    parser.add_argument("--rules", action="store_true", help="detectors only, no learned model")
    parser.add_argument("--skip", default="", help="comma list of sets to skip: fnc,claimdiff,nli,speed")
    args = parser.parse_args()
    import torch

    torch.set_num_threads(2)
    from claims.models import load_embedder, load_nlp
    from claims.relations import RelationScorer, load_scorer

    nlp, embedder = load_nlp(), load_embedder()

    def factory():
        return RelationScorer(nlp=nlp, embedder=embedder) if args.rules else load_scorer(nlp, embedder, path=args.model)

    scorer = factory()
    print("scorer:", "detectors only" if getattr(scorer, "model_", None) is None else "learned model")
    skip = set(args.skip.split(","))
    data = Path(args.data)
    news_eval(scorer)
    dev_eval(scorer)
    if "fnc" not in skip:
        fnc_eval(scorer, embedder, data)
    if "claimdiff" not in skip:
        claimdiff_eval(scorer, data)
    if "nli" not in skip:
        nli_eval(scorer, data)
    if "speed" not in skip:
        speed(factory)


if __name__ == "__main__":
    main()
