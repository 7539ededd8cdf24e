"""Fine-tune the relation cross-encoder (claims/data/relation_encoder.pt) on CPU.

The packaged all-MiniLM-L6-v2 reads both claims at once; its top ``--layers`` transformer layers
and a classification head are trained on the relation training mix of ``train_relations.py
--mix factcc`` (FNC-1 train claims, Emergent train claims, SNLI dev, the own news pairs' train
split, cause templates, FactCC-style edits of PolNeAR-train / FNC-1 sentences; never a held-out
split). The frozen lower layers run once per pair (their output is cached in memory), so an
epoch costs about one forward pass of the full model. Then it prints the held-out tables of
``eval_relations.py`` (Emergent held-out claims, the written held-out pairs, the test corpora's
gold pairs) and FNC-1 held-out agree/disagree for the encoder alone.

    .venv/bin/python bench/train_encoder.py [--out claims/data/relation_encoder.pt] [--epochs 3] [--no-fnc] [--no-emergent] [--no-snli]
"""
from __future__ import annotations

import argparse
import math
import random
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from train_relations import load_fnc, training_pairs  # noqa: E402

from claims.pairencoder import LABELS, PairEncoder, label_of  # noqa: E402


def cache_lower(enc: PairEncoder, pairs: list[tuple[str, str]], batch: int, seed: int) -> list[tuple]:
    """Batches of (frozen lower-layer states float16, attention mask, row indices), by length."""
    import torch

    order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
    out = []
    t0 = time.time()
    for start in range(0, len(order), batch):
        idx = order[start:start + batch]
        toks = enc.tokenize([pairs[i] for i in idx])
        hidden = enc.lower(toks)
        out.append((hidden.to(torch.float16), toks["attention_mask"], np.array(idx)))
        if (start // batch) % 100 == 0:
            print(f"  cached {start + len(idx)}/{len(pairs)} pairs, {time.time() - t0:.0f} s", flush=True)
    return out


def fit(enc: PairEncoder, batches: list[tuple], y: np.ndarray, epochs: int, lr: float, seed: int) -> None:
    """AdamW with linear warm-up and decay; classes weighted by inverse square-root frequency."""
    import torch

    torch.manual_seed(seed)
    counts = np.bincount(y, minlength=len(enc.labels)).astype(float)
    weights = torch.tensor((counts.sum() / np.maximum(counts, 1)) ** 0.5, dtype=torch.float32)
    loss_fn = torch.nn.CrossEntropyLoss(weight=weights / weights.mean())
    params = [{"params": [p for layer in enc.top_layers for p in layer.parameters()], "lr": lr},
              {"params": list(enc.head_.parameters()), "lr": lr * 10}]
    opt = torch.optim.AdamW(params, weight_decay=0.01)
    total = epochs * len(batches)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, s / max(1, total // 20)) * max(0.0, 1 - s / total))
    rng = random.Random(seed)
    for layer in enc.top_layers:
        layer.train()
    enc.head_.train()
    for epoch in range(epochs):
        order = list(range(len(batches)))
        rng.shuffle(order)
        t0, run = time.time(), []
        for step, b in enumerate(order):
            hidden, mask, idx = batches[b]
            logits = enc.upper(hidden.float(), mask)
            loss = loss_fn(logits, torch.as_tensor(y[idx]))
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_([p for g in params for p in g["params"]], 1.0)
            opt.step()
            sched.step()
            run.append(float(loss.detach()))
            if step % 100 == 0:
                print(f"  epoch {epoch + 1} step {step}/{len(batches)} loss {np.mean(run[-100:]):.3f} {time.time() - t0:.0f} s", flush=True)
        print(f"epoch {epoch + 1}: loss {np.mean(run):.3f} in {time.time() - t0:.0f} s", flush=True)
    for layer in enc.top_layers:
        layer.eval()
    enc.head_.eval()


class EncoderVerdicts:
    """``predict`` in RelationScorer's shape (objects with ``.kind``) for eval_relations' tables."""

    def __init__(self, enc: PairEncoder, threshold: float = 0.5):
        self.enc, self.threshold = enc, threshold

    def predict(self, pairs):
        from types import SimpleNamespace

        proba = self.enc.predict_proba([(a["text"], b["text"]) for a, b in pairs])
        conflict = self.enc.conflict_probability(proba)
        kinds = []
        for p, c in zip(proba, conflict):
            if c >= self.threshold:
                kinds.append(max(((p[self.enc.labels.index(k)], k) for k in self.enc.labels[2:]))[1])
            else:
                kinds.append("corroboration" if p[1] >= p[0] else "elaboration")
        return [SimpleNamespace(kind=k) for k in kinds]


def evaluate(enc: PairEncoder, data: Path) -> list[tuple]:
    import eval_relations as er

    judge = EncoderVerdicts(enc)
    rows = er.emergent_eval(judge, data) + er.heldout_eval(judge) + er.corpora_eval(judge)
    test = [p for p in load_fnc(data, test=True) if p[3] in ("agree", "disagree")]
    if test:
        pred = ["disagree" if v.kind not in ("corroboration", "elaboration") else "agree"
                for v in judge.predict([(a, b) for a, b, _, _ in test])]
        gold = [p[3] for p in test]
        er.table("FNC-1 held-out claims, encoder alone", gold, pred, ["disagree", "agree"])
        rows.append((f"FNC-1 held-out claims, related rows (n={len(test)})", "encoder: disagree F1 / agree F1",
                     f"{er.prf(gold, pred, 'disagree')[2]:.2f} / {er.prf(gold, pred, 'agree')[2]:.2f}"))
    print("\n| set (held out) | metric | encoder |\n|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--out", default=str(ROOT / "claims" / "data" / "relation_encoder.pt"))
    parser.add_argument("--layers", type=int, default=4, help="top transformer layers fine-tuned (the rest stay packaged)")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--lr", type=float, default=1e-4)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--max-length", type=int, default=128)
    parser.add_argument("--limit", type=int, default=0, help="train on this many pairs only (a quick trial)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-fnc", action="store_true", help="leave FNC-1 (research-use data) out")
    parser.add_argument("--no-emergent", action="store_true", help="leave the Emergent headline pairs out")
    parser.add_argument("--no-snli", action="store_true", help="leave the SNLI pairs (CC BY-SA 4.0) out")
    parser.add_argument("--eval-only", action="store_true", help="evaluate the encoder at --out, no training")
    args = parser.parse_args()
    import torch

    torch.set_num_threads(2)
    from claims.models import load_nlp, packaged_embedding_path

    data = Path(args.data)
    if args.eval_only:
        evaluate(PairEncoder.load(args.out, packaged_embedding_path()), data)
        return
    t0 = time.time()
    pairs = training_pairs(data, load_nlp(), with_fnc=not args.no_fnc, with_emergent=not args.no_emergent,
                           with_snli=not args.no_snli, seed=args.seed)
    rng = random.Random(args.seed)
    texts = [(a["text"], b["text"]) if rng.random() < 0.5 else (b["text"], a["text"]) for a, b, _, _ in pairs]
    y = np.array([LABELS.index(label_of(p[2])) for p in pairs])
    if args.limit:
        keep = rng.sample(range(len(texts)), min(args.limit, len(texts)))
        texts, y = [texts[i] for i in keep], y[keep]
    print(f"training pairs: {len(texts)} {dict(Counter(LABELS[i] for i in y))} ({time.time() - t0:.0f} s)", flush=True)
    enc = PairEncoder(packaged_embedding_path(), trainable_layers=args.layers, max_length=args.max_length).build()
    batches = cache_lower(enc, texts, args.batch, args.seed)
    print(f"lower layers cached in {time.time() - t0:.0f} s", flush=True)
    fit(enc, batches, y, args.epochs, args.lr, args.seed)
    path = enc.save(args.out)
    print(f"trained in {time.time() - t0:.0f} s; wrote {path} ({path.stat().st_size / 1e6:.1f} MB)", flush=True)
    evaluate(enc, data)


if __name__ == "__main__":
    main()
