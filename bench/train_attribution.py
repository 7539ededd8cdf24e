"""Train the attribution cue model (claims/data/cue_model.json) on the PolNeAR train split.

Usage: .venv/bin/python bench/train_attribution.py [--docs N] [--data ../shared/data/polnear-train]

Each (verb, subject) candidate of claims.cuemodel.candidates in a train article is labelled 1
when a gold PolNeAR cue overlaps the verb. A logistic regression (scikit-learn) over the
candidate's dependency features is fitted and written as plain JSON weights; the threshold is
the lowest that keeps precision >= --precision on a held-out fifth of the articles, for verbs of
the lexicon (reporting and stance verbs), and >= --precision-other for any other verb.
Skips cleanly when the data is absent.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.cuemodel import MODEL_PATH, CueModel, candidates, features, in_lexicon  # noqa: E402
from claims.models import load_nlp  # noqa: E402
from claims.segment import parse_text, sentences  # noqa: E402


def rows(nlp, data: Path, names: list[str], gold: dict) -> list[tuple[dict, int, str, bool]]:
    texts = [(data / "docs" / n).read_text(encoding="utf-8") for n in names]
    out = []
    for name, doc in zip(names, nlp.pipe((parse_text(t) for t in texts), batch_size=16)):
        cues = [tuple(f) for g in gold[name] for f in g["cue_fragments"]]
        for sent in sentences(doc):
            for verb, subject in candidates(sent):
                a, b = verb.idx, verb.idx + len(verb.text)
                label = int(any(s < b and a < e for s, e in cues))
                out.append((features(verb, subject, sent), label, name, in_lexicon(verb)))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data" / "polnear-train"))
    ap.add_argument("--docs", type=int, default=0, help="use only this many articles (0 = all)")
    ap.add_argument("--precision", type=float, default=0.85)
    ap.add_argument("--precision-other", type=float, default=0.78)
    ap.add_argument("--out", default=str(MODEL_PATH))
    a = ap.parse_args()
    data = Path(a.data)
    if not (data / "gold.json").exists():
        print(f"skipped: {data}/gold.json not found")
        return
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    gold = defaultdict(list)
    for g in json.loads((data / "gold.json").read_text(encoding="utf-8")):
        if g.get("source") is not None:
            gold[g["doc"]].append(g)
    names = sorted(gold)
    random.Random(0).shuffle(names)
    if a.docs:
        names = names[:a.docs]
    held = set(names[: len(names) // 5])
    table = rows(load_nlp(), data, names, gold)
    train = [r for r in table if r[2] not in held]
    test = [r for r in table if r[2] in held]
    vec = DictVectorizer()
    x = vec.fit_transform([r[0] for r in train])
    clf = LogisticRegression(C=0.5, max_iter=2000, class_weight=None)
    clf.fit(x, [r[1] for r in train])
    probs = clf.predict_proba(vec.transform([r[0] for r in test]))[:, 1]
    labels = [r[1] for r in test]
    thresholds, report = {}, []
    for group, target in ((True, a.precision), (False, a.precision_other)):
        pairs = [(p, y) for p, y, r in zip(probs, labels, test) if r[3] == group]
        thresholds[group] = 0.9
        for t in [i / 100 for i in range(20, 91)]:
            chosen = [y for p, y in pairs if p >= t]
            if chosen and sum(chosen) / len(chosen) >= target:
                thresholds[group] = t
                break
        chosen = [y for p, y in pairs if p >= thresholds[group]]
        report.append({"verbs": "lexicon" if group else "other", "threshold": thresholds[group],
                       "precision": round(sum(chosen) / max(1, len(chosen)), 3),
                       "recall": round(sum(chosen) / max(1, sum(y for _, y in pairs)), 3)})
    print(f"candidates train {len(train)} held-out {len(test)}: {report}")
    weights = {name: round(float(w), 4) for name, w in zip(vec.get_feature_names_out(), clf.coef_[0]) if abs(w) >= 0.01}
    weights["bias"] = round(weights.get("bias", 0.0) + float(clf.intercept_[0]), 4)
    CueModel(weights=weights, threshold=thresholds[True], threshold_other=thresholds[False]).save(a.out, {
        "data": f"PolNeAR train split, {len(names)} articles ({len(names) - len(held)} fitted, {len(held)} held out)",
        "held_out": report,
    })
    print(f"wrote {a.out} ({len(weights)} weights)")


if __name__ == "__main__":
    main()
