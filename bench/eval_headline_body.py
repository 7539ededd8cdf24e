"""Headline vs body on FNC-1: how often `headline_body` fires for each gold stance.

FNC-1 train stances pair a headline with an article body (agree / disagree / discuss /
unrelated). Only headlines the relation model never trained on are used (md5(headline) % 4 == 0,
the held-out half of bench/train_relations.py), and bodies are split by id: odd ids tune the
thresholds (``--tune`` prints a sweep), even ids measure them. The body is extracted like any
article; the headline is the article's headline claim. A finding should fire for `disagree`
(the body contradicts the headline) and `unrelated` (nothing in the body supports it) and stay
quiet for `agree`. Skips cleanly when ../shared/data/fnc1 is absent.

    .venv/bin/python bench/eval_headline_body.py [--bodies 120] [--tune] [--settings caps.toml]
"""
from __future__ import annotations

import argparse
import csv
import dataclasses
import hashlib
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FNC = ROOT.parent / "shared" / "data" / "fnc1"
STANCES = ("agree", "disagree", "discuss", "unrelated")


def held_out(headline: str) -> bool:
    return int(hashlib.md5(headline.encode("utf-8")).hexdigest(), 16) % 4 == 0


def load(split: str, n_bodies: int, unrelated_per_body: int, seed: int = 0) -> tuple[dict, dict]:
    """body id -> body text, body id -> [(headline, stance)] for one split."""
    bodies = {r["Body ID"]: r["articleBody"] for r in csv.DictReader(open(FNC / "train_bodies.csv", encoding="utf-8"))}
    rows = defaultdict(list)
    for r in csv.DictReader(open(FNC / "train_stances.csv", encoding="utf-8")):
        if held_out(r["Headline"]) and int(r["Body ID"]) % 2 == (1 if split == "tune" else 0):
            rows[r["Body ID"]].append((r["Headline"], r["Stance"]))
    rng = random.Random(seed)
    ids = sorted(i for i in rows if any(s != "unrelated" for _, s in rows[i]))
    rng.shuffle(ids)
    picked = {}
    for i in ids[:n_bodies]:
        related = [x for x in rows[i] if x[1] != "unrelated"]
        unrelated = [x for x in rows[i] if x[1] == "unrelated"][:unrelated_per_body]
        picked[i] = related + unrelated
    return {i: bodies[i] for i in picked}, picked


def document(doc_id: str, text: str):
    from claims.records import Document

    return Document(doc_id=doc_id, path=doc_id, raw=text, text=text, offsets=list(range(len(text))), outlet="Outlet")


def collect(split: str, n_bodies: int, unrelated_per_body: int, settings_path: str = ""):
    """Per (headline, body) row: gold stance, headline row, body rows, similarities, relations."""
    import numpy as np

    from claims import pipeline
    from claims.embed import Embedder
    from claims.extract import extract_claims
    from claims.headlines import headline_body_pairs, word_overlap
    from claims.models import Models
    from claims.settings import load_settings

    settings = load_settings(settings_path or None)
    models = Models.load(settings.models)
    bodies, rows = load(split, n_bodies, unrelated_per_body)
    body_docs = [document(f"b{i}", bodies[i]) for i in bodies]
    body_claims = extract_claims(body_docs, models.nlp)
    heads = sorted({h for i in rows for h, _ in rows[i]})
    head_docs = [document(f"h{n}", h.strip() + "\n\nEnd.") for n, h in enumerate(heads)]
    head_claims = extract_claims(head_docs, models.nlp)
    head_row = {}
    for n, h in enumerate(heads):
        first = head_claims[(head_claims["doc"] == f"h{n}") & head_claims["is_claim"]]
        first = first[first["quote_type"] == "headline"]
        if len(first):
            head_row[h] = first.iloc[0].to_dict()
    encoder = Embedder(models.embedder, cache_dir=pipeline.store.cache_dir(""), batch_size=64)
    body_claims = body_claims[body_claims["is_claim"]].reset_index(drop=True)
    body_emb = encoder.encode(body_claims["text"].tolist())
    head_emb = dict(zip(head_row, encoder.encode([head_row[h]["text"] for h in head_row]))) if head_row else {}
    scorer = pipeline.load_scorer(models, settings)
    items, pairs, embs = [], [], ([], [])
    k = settings.compare.headline_body_candidates
    for i in rows:
        idx = np.flatnonzero(body_claims["doc"].to_numpy() == f"b{i}")
        if not len(idx):
            continue
        idx = np.array([j for j in idx if body_claims.at[j, "quote_type"] != "headline"], dtype=int)
        if not len(idx):
            continue
        body_rows = [body_claims.iloc[j].to_dict() for j in idx]
        for h, stance in rows[i]:
            if h not in head_row:
                items.append((stance, None, None, None, None, 0.0))
                continue
            head = {**head_row[h], "doc": f"b{i}"}
            all_rows = [head] + [{**r, "doc": f"b{i}"} for r in body_rows]
            emb = np.vstack([head_emb[h][None, :], body_emb[idx]])
            chosen = next(body for h_at, body in headline_body_pairs(all_rows, emb, k) if h_at == 0)
            start = len(pairs)
            for j in chosen:
                pairs.append((all_rows[0], all_rows[j]))
                embs[0].append(emb[0])
                embs[1].append(emb[j])
            items.append((stance, all_rows[0], [all_rows[j] for j in chosen], emb[chosen] @ emb[0], (start, len(pairs)),
                          word_overlap(h, bodies[i])))
    relations = scorer.predict(pairs, embeddings=(np.array(embs[0]), np.array(embs[1]))) if pairs else []
    return [(s, h, b, sims, relations[span[0]:span[1]] if span else None, o) for s, h, b, sims, span, o in items], settings


def evaluate(data, compare) -> dict:
    from claims.headlines import judge

    fired = Counter()
    total = Counter()
    for stance, head, body, sims, relations, overlap in data:
        total[stance] += 1
        if head is not None and judge(head, body, sims, relations, compare, overlap) is not None:
            fired[stance] += 1
    rate = {s: fired[s] / total[s] if total[s] else 0.0 for s in STANCES}
    positive = ("disagree", "unrelated")
    tp = sum(fired[s] for s in positive)
    fp = sum(fired[s] for s in STANCES if s not in positive)
    fn = sum(total[s] - fired[s] for s in positive)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    # related rows only: disagree is the positive class
    rel_tp, rel_fp = fired["disagree"], fired["agree"] + fired["discuss"]
    rp = rel_tp / (rel_tp + rel_fp) if rel_tp + rel_fp else 0.0
    rr = rel_tp / total["disagree"] if total["disagree"] else 0.0
    return {"rate": rate, "n": dict(total), "p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "disagree_p": rp, "disagree_r": rr, "disagree_f1": 2 * rp * rr / (rp + rr) if rp + rr else 0.0}


def show(label: str, m: dict) -> None:
    rates = "  ".join(f"{s} {m['rate'][s]:.2f} (n={m['n'].get(s, 0)})" for s in STANCES)
    print(f"{label}: fires on {rates}")
    print(f"{label}: unsupported-or-contradicted P/R/F1 {m['p']:.2f}/{m['r']:.2f}/{m['f1']:.2f}; "
          f"related rows, disagree P/R/F1 {m['disagree_p']:.2f}/{m['disagree_r']:.2f}/{m['disagree_f1']:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bodies", type=int, default=120)
    parser.add_argument("--unrelated", type=int, default=2, help="unrelated headlines kept per body")
    parser.add_argument("--tune", action="store_true", help="sweep the thresholds on the tune split")
    parser.add_argument("--settings", default="", help="TOML settings file, as for `claims analyze` (e.g. another relation_model)")
    args = parser.parse_args()
    if not FNC.is_dir():
        print(f"skipped: {FNC} not found")
        return
    split = "tune" if args.tune else "test"
    data, settings = collect(split, args.bodies, args.unrelated, args.settings)
    base = settings.compare
    show(f"{split} split, shipped thresholds", evaluate(data, base))
    if args.tune:
        grid = [(c, u, o, sp) for c in (0.7, 0.75, 0.8) for u in (0.25, 0.3, 0.35) for o in (0.3, 0.5, 0.7, 1.01) for sp in (0.7,)]
        for conflict, unsupported, overlap, support in grid:
            c = dataclasses.replace(base, min_headline_conflict_score=conflict, headline_unsupported_similarity=unsupported,
                                    headline_unsupported_overlap=overlap, headline_support_similarity=support)
            m = evaluate(data, c)
            print(f"conflict {conflict} unsupported {unsupported} overlap {overlap} support {support}: F1 {m['f1']:.3f} "
                  f"(P {m['p']:.2f} R {m['r']:.2f}) disagree F1 {m['disagree_f1']:.3f} agree-rate {m['rate']['agree']:.2f}")


if __name__ == "__main__":
    main()
