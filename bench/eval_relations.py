"""Evaluate relation scoring on held-out data and print per-kind precision/recall/F1 tables.

Held-out sets (never trained on): the test split of bench/data/news_pairs.jsonl; FNC-1 test
claims (related rows, disagree vs agree): a frozen-embedding LogisticRegression baseline and the
scorer's learned component, both fitted on the same FNC-1 train claims, plus the shipped scorer;
ClaimDiff (weak) test; the SNLI test subset; SICK test (evaluation only). Also the dev gold
(../shared/dev/seeds_withdrawal.json) and a speed check printing pairs/s. Sets whose files are
absent are skipped. Ends with a markdown summary table.

    .venv/bin/python bench/eval_relations.py [--model claims/data/relation_model.joblib] [--rules] [--skip emergent,fnc,claimdiff,nli,speed]
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

from train_relations import claim, fit_scorer, load_fnc, load_news, load_snli, prepare  # noqa: E402

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


def news_eval(scorer) -> list[tuple]:
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
    mp_, mr, mf, _ = prf(mg, mp, "m")
    print(f"numeric+date mismatch: P {mp_:.2f} R {mr:.2f} F1 {mf:.2f}")
    missing = [o for o in out if o.kind != "unrelated" and "'" not in o.explanation]
    print(f"non-unrelated verdicts without a quoted explanation: {len(missing)}")
    n = len(pairs)
    return [(f"own news pairs, test split (n={n})", "contradiction+competing P / R", f"{p:.2f} / {r:.2f}"),
            (f"own news pairs, test split (n={n})", "numeric+date mismatch F1", f"{mf:.2f}"),
            (f"own news pairs, test split (n={n})", "accuracy (7 kinds)", f"{np.mean([g == q for g, q in zip(gold, pred)]):.2f}")]


def three_way(kind: str) -> str:
    """conflict (any conflict kind) / corroboration / neither."""
    return "conflict" if kind in CONFLICT_KINDS or kind == "conflict" else "corroboration" if kind == "corroboration" else "neither"


def emergent_eval(scorer, data: Path) -> list[tuple]:
    """Emergent held-out claims (split by claim id): for vs against = conflict, for vs for = corroboration."""
    import relation_data as rd

    pairs = rd.load_emergent(data, heldout=True)
    if not pairs:
        print("\nEmergent: data absent, skipped")
        return []
    out = scorer.predict([(a, b) for a, b, _, _ in pairs])
    gold, pred = [three_way(p[2]) for p in pairs], [three_way(o.kind) for o in out]
    table("Emergent held-out claims, all pairs (3-way)", gold, pred, ["conflict", "corroboration", "neither"])
    keep = [i for i, p in enumerate(pairs) if p[2] in ("contradiction", "corroboration")]
    g2, p2 = [gold[i] for i in keep], [pred[i] for i in keep]
    table("Emergent held-out claims, for-vs-against and same-stance pairs only", g2, p2, ["conflict", "corroboration"])
    n = len({p[3] for p in pairs})
    return [(f"Emergent held-out claims ({n} claims, {len(keep)} for/against pairs)", "conflict F1 / corroboration F1",
             f"{prf(g2, p2, 'conflict')[2]:.2f} / {prf(g2, p2, 'corroboration')[2]:.2f}"),
            (f"Emergent held-out claims, all {len(pairs)} pairs (with observing and unrelated)", "conflict P / R",
             "{:.2f} / {:.2f}".format(*prf(gold, pred, "conflict")[:2]))]


CORPORA = ROOT / "tests" / "corpora"


def corpora_eval(scorer) -> list[tuple]:
    """Labelled claim pairs (gold quotes) of the test corpora written for new stories (election,
    recall, doping...): never trained on. conflict / corroborate / elaborate -> 3-way."""
    rows = []
    for gold_path in sorted(CORPORA.glob("*/gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        docs = gold.get("documents", {})
        for topic in gold["topics"]:
            claims = {c["id"]: c for c in topic["claims"]}
            for rel in topic["relations"]:
                a, b = (_dev_claim(claims[rel[k]], docs) for k in ("a", "b"))
                rows.append((a, b, {"conflict": "conflict", "corroborate": "corroboration"}.get(rel["label"], "neither"), gold_path.parent.name))
    if not rows:
        print("\ntests/corpora: no gold, skipped")
        return []
    out = scorer.predict([(a, b) for a, b, _, _ in rows])
    gold, pred = [r[2] for r in rows], [three_way(o.kind) for o in out]
    table(f"test corpora gold pairs ({', '.join(sorted({r[3] for r in rows}))})", gold, pred, ["conflict", "corroboration", "neither"])
    p, r, _, _ = prf(gold, pred, "conflict")
    return [(f"test corpora gold pairs, new stories (n={len(rows)})", "conflict P / R; corroboration R",
             f"{p:.2f} / {r:.2f}; {prf(gold, pred, 'corroboration')[1]:.2f}")]


HELDOUT = ROOT / "bench" / "data" / "heldout_pairs.jsonl"


def heldout_eval(scorer) -> list[tuple]:
    """Pairs written for new domains (never trained on): conflict P / R and corroboration recall."""
    if not HELDOUT.is_file():
        print(f"\n{HELDOUT.relative_to(ROOT)}: absent (git merge main), skipped")
        return []
    rows = [json.loads(line) for line in HELDOUT.read_text(encoding="utf-8").splitlines() if line.strip()]
    side = lambda x: x if isinstance(x, dict) else claim(str(x))  # noqa: E731
    out = scorer.predict([(side(r["a"]), side(r["b"])) for r in rows])
    gold, pred = [three_way(str(r["label"])) for r in rows], [three_way(o.kind) for o in out]
    table("held-out written pairs, new domains (3-way)", gold, pred, ["conflict", "corroboration", "neither"])
    p, r, _, _ = prf(gold, pred, "conflict")
    return [(f"held-out written pairs (n={len(rows)})", "conflict P / R; corroboration R",
             f"{p:.2f} / {r:.2f}; {prf(gold, pred, 'corroboration')[1]:.2f}")]


def fnc_eval(scorer, embedder, data: Path, shipped_only: bool = False) -> dict:
    """FNC-1 related rows, disagree vs agree, all trained on the same train claims, tested on held-out claims.

    Baseline: frozen MiniLM [u, v, |u-v|, u*v] + LogisticRegression. Ours: the scorer's learned
    component (detector + stance + embedding features) fitted on the same rows; also the shipped
    scorer (trained on more data, detectors mixed in) on the same test rows.
    """
    from sklearn.linear_model import LogisticRegression

    keep = {"agree", "disagree"}
    train = [p for p in load_fnc(data, test=False) if p[3] in keep]
    test = [p for p in load_fnc(data, test=True) if p[3] in keep]
    if not test:
        print("\nFNC-1: data absent, skipped")
        return {}
    nlp = scorer.nlp
    cache, (ute, vte) = prepare(test, nlp, embedder)
    gold, ytr = [p[3] for p in test], [p[3] for p in train]
    print(f"\nFNC-1 related rows: train {len(train)} ({ytr.count('disagree')} disagree), held-out claims {len(test)} ({gold.count('disagree')} disagree)")
    results = {}
    if not shipped_only:
        results.update(_fnc_refits(train, ytr, test, (ute, vte), nlp, embedder))
    scorer.cache = cache
    proba, *_ = scorer.predict_proba([(a, b) for a, b, _, _ in test], embeddings=(ute, vte))
    scorer.cache = None
    results["shipped"] = _stance(proba)
    names = {"baseline": "baseline: frozen MiniLM [u,v,|u-v|,u*v] + LogisticRegression (same train rows)",
             "ours_learned": "RelationScorer learned component, fitted on the same train rows",
             "shipped": "shipped RelationScorer (detectors + model trained on the wider mix)"}
    for key, pred in results.items():
        table(f"FNC-1 held-out claims, {names[key]}", gold, pred, ["disagree", "agree"])
    label = f"FNC-1 held-out claims, related rows (n={len(test)})"
    return [(label, f"{names[k].split(':')[0].split(',')[0]}: disagree F1 / agree F1",
             f"{prf(gold, v, 'disagree')[2]:.2f} / {prf(gold, v, 'agree')[2]:.2f}") for k, v in results.items()]


def _fnc_refits(train: list, ytr: list, test: list, emb: tuple, nlp, embedder) -> dict:
    """The frozen-embedding baseline and the scorer's learned component, fitted on the FNC-1 train rows only."""
    from sklearn.linear_model import LogisticRegression

    ute, vte = emb
    _, (utr, vtr) = prepare(train, nlp, embedder)
    results = {}
    base = LogisticRegression(max_iter=3000, class_weight="balanced").fit(np.hstack([utr, vtr, np.abs(utr - vtr), utr * vtr]), ytr)
    results["baseline"] = list(base.predict(np.hstack([ute, vte, np.abs(ute - vte), ute * vte])))
    ours = fit_scorer(train, ["contradiction" if y == "disagree" else "corroboration" for y in ytr], nlp, embedder,
                      class_weight="balanced", calibration="sigmoid")
    _, base_feats, emb, _, _ = ours.signals([(a, b) for a, b, _, _ in test], embeddings=(ute, vte))
    learned = ours.learned_proba(base_feats, emb)
    results["ours_learned"] = _stance(learned)
    return results


def _stance(proba: np.ndarray) -> list[str]:
    """disagree when the conflict kinds together outweigh corroboration."""
    conflict = proba[:, [RELATION_KINDS.index(k) for k in CONFLICT_KINDS]].sum(axis=1)
    agree = proba[:, RELATION_KINDS.index("corroboration")]
    return ["disagree" if c > a else "agree" for c, a in zip(conflict, agree)]


def claimdiff_eval(scorer, data: Path, limit: int = 600) -> list[tuple]:
    path = data / "claimdiff" / "ClaimDiff-weak-test.json"
    if not path.is_file():
        print("\nClaimDiff: data absent, skipped")
        return []
    rows = json.loads(path.read_text(encoding="utf-8"))["data"][:limit]
    out = scorer.predict([(claim(r["claim_a"]), claim(r["claim_b"])) for r in rows])
    gold = ["differs" if r["relation"] == 1 else "same" for r in rows]
    pred = ["differs" if o.kind in CONFLICT_KINDS else "same" for o in out]
    table("ClaimDiff weak test (relation 1 = a notable difference; predicted = any conflict kind)", gold, pred, ["differs"])
    p, r, f, _ = prf(gold, pred, "differs")
    return [(f"ClaimDiff weak test (first {len(rows)})", "differs P / R / F1", f"{p:.2f} / {r:.2f} / {f:.2f}")]


def nli_eval(scorer, data: Path) -> list[tuple]:
    rows = load_snli(data, "test")
    summary = []
    if rows:
        out = scorer.predict([(a, b) for a, b, _, _ in rows])
        gold = [r[2] for r in rows]
        pred = [o.kind if o.kind in ("corroboration", "elaboration") else "contradiction" if o.kind in CONFLICT_KINDS else o.kind for o in out]
        table("SNLI test subset (entailment=corroboration, neutral=elaboration)", gold, pred, ["contradiction", "corroboration", "elaboration"])
        summary.append((f"SNLI test subset (n={len(rows)})", "accuracy / contradiction F1",
                        f"{np.mean([g == q for g, q in zip(gold, pred)]):.2f} / {prf(gold, pred, 'contradiction')[2]:.2f}"))
    sick = data / "nli" / "SICK_test_annotated.txt"
    if sick.is_file():
        rows = [line.split("\t") for line in sick.read_text(encoding="utf-8").splitlines()]
        col = next((i for i, name in enumerate(rows[0]) if name.startswith("entailment")), 4)
        lines = [[x[0], x[1], x[2], x[col]] for x in rows[1:1001]]
        mapping = {"ENTAILMENT": "corroboration", "CONTRADICTION": "contradiction", "NEUTRAL": "elaboration"}
        out = scorer.predict([(claim(x[1]), claim(x[2])) for x in lines])
        gold = [mapping[x[3]] for x in lines]
        pred = ["contradiction" if o.kind in CONFLICT_KINDS else o.kind for o in out]
        table("SICK test, first 1000 (evaluation only)", gold, pred, ["contradiction", "corroboration", "elaboration"])
        summary.append(("SICK test, first 1000 (evaluation only)", "accuracy / contradiction F1",
                        f"{np.mean([g == q for g, q in zip(gold, pred)]):.2f} / {prf(gold, pred, 'contradiction')[2]:.2f}"))
    return summary


def dev_eval(scorer) -> list[tuple]:
    if not DEV.is_file():
        print("\ndev gold absent, skipped")
        return []
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
    return [("dev gold pairs (seeds_withdrawal.json)", "conflict vs non-conflict agreement", f"{hits}/{total}")]


def _dev_claim(c: dict, docs: dict) -> dict:
    text = " ".join(c["quote"].split())
    meta = docs.get(c["doc"], {})
    return {"text": text, "sentence": text, "speaker": c["speaker"], "speaker_id": c["speaker"].split(",")[0].lower(),
            "outlet": c["outlet"], "published": meta.get("published", "")}


def speed(scorer_factory, embedder, n: int = 1000) -> list[tuple]:
    """Pairs/s for n candidate pairs: drawn from the news-pair texts (as within clusters), and all distinct.

    The comparison engine passes the embeddings it already has; the last row times that case.
    """
    rows = load_news("test") + load_news("train")
    texts = list(dict.fromkeys([r[0]["text"] for r in rows] + [r[1]["text"] for r in rows]))
    rng = np.random.default_rng(0)
    pooled = [(claim(texts[i]), claim(texts[j])) for i, j in rng.integers(0, len(texts), size=(n, 2))]
    distinct = [f"{t} The figure was revised on day {k}." for k, t in enumerate(texts * (2 * n // len(texts) + 1))][: 2 * n]
    spread = [(claim(distinct[2 * i]), claim(distinct[2 * i + 1])) for i in range(n)]
    print()
    summary = []
    for name, pairs in ((f"{len(texts)} distinct texts", pooled), (f"{2 * n} distinct texts", spread)):
        scorer = scorer_factory()
        for state in ("cold", "warm"):
            summary.append(_timed(f"{n} pairs over {name}", f"{state} (parse + embed + score)", lambda: scorer.predict(pairs), n))
    t0 = time.perf_counter()
    vecs = embedder.encode(distinct, batch_size=64, normalize_embeddings=True)
    summary.append((f"embedding {2 * n} texts alone", "", f"{time.perf_counter() - t0:.1f} s"))
    given = (vecs[0::2], vecs[1::2])
    distinct = [f"{t} The figure was corrected on day {k}." for k, t in enumerate(distinct)]
    spread = [(claim(distinct[2 * i]), claim(distinct[2 * i + 1])) for i in range(n)]
    scorer = scorer_factory()
    summary.append(_timed(f"{n} pairs over {2 * n} new distinct texts", "cold, embeddings given (parse + score)",
                          lambda: scorer.predict(spread, embeddings=given), n))
    return summary


def _timed(name: str, state: str, run, n: int) -> tuple:
    t0 = time.perf_counter()
    run()
    took = time.perf_counter() - t0
    print(f"speed: {name}, {state}: {took:.1f} s, {n / took:.0f} pairs/s")
    return (f"speed, {name}", state, f"{took:.1f} s ({n / took:.0f} pairs/s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--model", default="", help="fitted model file (default: the shipped one)")
    parser.add_argument("--rules", action="store_true", help="detectors only, no learned model")
    parser.add_argument("--fnc-shipped-only", action="store_true", help="FNC-1: score the shipped scorer only (no baseline refits)")
    parser.add_argument("--skip", default="", help="comma list of sets to skip: emergent,fnc,claimdiff,nli,speed")
    parser.add_argument("--silent-rule-weight", type=float, default=None, help="override the scorer's silent_rule_weight")
    parser.add_argument("--encoder", default="", help="relation cross-encoder file (default: the shipped one; 'none': without)")
    parser.add_argument("--encoder-weight", type=float, default=None, help="override the scorer's encoder_weight")
    args = parser.parse_args()
    import torch

    torch.set_num_threads(2)
    from claims.models import load_embedder, load_nlp, load_relation_encoder
    from claims.relations import RelationScorer, load_scorer

    nlp, embedder = load_nlp(), load_embedder()
    encoder = None if args.rules else load_relation_encoder(args.encoder)

    def factory():
        scorer = RelationScorer(nlp=nlp, embedder=embedder) if args.rules else load_scorer(nlp, embedder, path=args.model)
        scorer.encoder = encoder
        if args.silent_rule_weight is not None:
            scorer.silent_rule_weight = args.silent_rule_weight
        if args.encoder_weight is not None:
            scorer.encoder_weight = args.encoder_weight
        return scorer

    scorer = factory()
    print("scorer:", "detectors only" if getattr(scorer, "model_", None) is None else "learned model",
          "with the cross-encoder" if encoder is not None else "")
    skip = set(args.skip.split(","))
    data = Path(args.data)
    summary = news_eval(scorer) + dev_eval(scorer) + heldout_eval(scorer) + corpora_eval(scorer)
    if "emergent" not in skip:
        summary += emergent_eval(scorer, data)
    if "fnc" not in skip:
        summary += fnc_eval(scorer, embedder, data, shipped_only=args.fnc_shipped_only)
    if "claimdiff" not in skip:
        summary += claimdiff_eval(scorer, data)
    if "nli" not in skip:
        summary += nli_eval(scorer, data)
    if "speed" not in skip:
        summary += speed(factory, embedder)
    print("\n| set | metric | value |\n|---|---|---|")
    for row in summary:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
