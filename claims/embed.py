"""Sentence embeddings with an on-disk SQLite cache, so a re-run only embeds new texts.

The model is passed in: any object with ``encode(list[str]) -> ndarray`` works (a
sentence-transformers model, or a TF-IDF embedder in tests). Vectors are L2-normalised
float32 so a dot product is the cosine similarity. The cache is keyed by (model name, sha1
of the text); adding a document to a corpus embeds only that document's claims.
"""
from __future__ import annotations

import hashlib
import sqlite3
from contextlib import closing, nullcontext
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np

from .store import cache_dir as default_cache_dir

CACHE_FILE = "embeddings.sqlite"
_QUERY_CHUNK = 500


def text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def model_label(model: Any) -> str:
    """A stable name for a model: its folder or hub-style name, else its class name."""
    tokenizer = getattr(model, "tokenizer", None)
    name = getattr(tokenizer, "name_or_path", None) or getattr(model, "name_or_path", None)
    return str(name) if name else type(model).__qualname__


def l2_normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim != 2:
        raise ValueError(f"the model returned an array of shape {vectors.shape}; expected (n_texts, dim)")
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms > 0, norms, 1.0)


def text_lengths(texts: Sequence[str], tokenizer: Any = None) -> list[int]:
    """Token counts of ``texts`` under ``tokenizer`` (a Hugging Face tokenizer), else characters."""
    if tokenizer is not None and texts:
        try:
            return [len(ids) for ids in tokenizer(list(texts), add_special_tokens=False)["input_ids"]]
        except Exception:  # noqa: BLE001 - any tokenizer trouble falls back to characters
            pass
    return [len(t) for t in texts]


class Embedder:
    """Batched, cached sentence embeddings.

    ``cache_dir=None`` uses :func:`claims.store.cache_dir`; ``cache_dir=False`` disables the
    cache. ``stats`` counts cache ``hits`` and ``misses`` (texts sent to the model).
    ``tokenizer`` (default: the model's own) orders the texts to embed by token count.
    """

    def __init__(self, model: Any, cache_dir: str | Path | bool | None = None, batch_size: int = 64, model_name: str | None = None,
                 tokenizer: Any = None):
        self.model = model
        self.cache_dir = cache_dir
        self.batch_size = batch_size
        self.model_name = model_name
        self.tokenizer = tokenizer
        self.stats = {"hits": 0, "misses": 0}

    @property
    def name(self) -> str:
        return self.model_name or model_label(self.model)

    def _db_path(self) -> Path | None:
        if self.cache_dir is False:
            return None
        folder = default_cache_dir() if self.cache_dir in (None, True) else Path(self.cache_dir)
        folder.mkdir(parents=True, exist_ok=True)
        return folder / CACHE_FILE

    def _connect(self, path: Path) -> sqlite3.Connection:
        con = sqlite3.connect(path, timeout=30)
        con.execute("CREATE TABLE IF NOT EXISTS vectors (model TEXT, key TEXT, vec BLOB, PRIMARY KEY (model, key))")
        return con

    def _read(self, con: sqlite3.Connection, keys: list[str]) -> dict[str, np.ndarray]:
        found = {}
        for i in range(0, len(keys), _QUERY_CHUNK):
            chunk = keys[i:i + _QUERY_CHUNK]
            marks = ",".join("?" * len(chunk))
            rows = con.execute(f"SELECT key, vec FROM vectors WHERE model = ? AND key IN ({marks})", [self.name, *chunk])
            found.update((key, np.frombuffer(blob, dtype=np.float32)) for key, blob in rows)
        return found

    def _write(self, con: sqlite3.Connection, vectors: dict[str, np.ndarray]) -> None:
        with con:
            con.executemany(
                "INSERT OR REPLACE INTO vectors (model, key, vec) VALUES (?, ?, ?)",
                [(self.name, key, vec.astype(np.float32).tobytes()) for key, vec in vectors.items()],
            )

    def _embed(self, texts: list[str], show_progress_bar: bool) -> np.ndarray:
        kwargs = {"batch_size": self.batch_size}
        if show_progress_bar:
            kwargs["show_progress_bar"] = True
        try:
            return l2_normalise(self.model.encode(texts, **kwargs))
        except TypeError:
            return l2_normalise(self.model.encode(texts))

    def encode(self, texts: Sequence[str], show_progress_bar: bool = False, only: Sequence[bool] | None = None,
               compute: Callable[[list[str]], tuple[np.ndarray | None, dict[int, BaseException]]] | None = None) -> np.ndarray:
        """Embeddings of ``texts`` (row-aligned, L2-normalised float32), from the cache when known.

        With a boolean mask ``only``, just those rows are embedded; the others are zero vectors.
        ``compute`` embeds the texts the cache lacks (default: the model here, in one call) and
        returns their vectors and the exception of each one that failed (see
        :func:`claims.execute.run_embed`); failed texts get zero vectors, are listed in
        ``self.failed`` and are never cached. Missing texts are embedded fewest tokens first, so
        fixed chunks hold texts of similar length and their batches little padding (ordered by
        characters, 1,383 news bodies padded 862,000 tokens to 619,000 real ones; by tokens,
        662,000).
        """
        if only is not None:
            only = np.asarray(only, dtype=bool)
            chosen = self.encode([t for t, keep in zip(texts, only) if keep], show_progress_bar, compute=compute)
            out = np.zeros((len(only), chosen.shape[1]), dtype=np.float32)
            out[only] = chosen
            return out
        texts = [str(t) for t in texts]
        keys = [text_key(t) for t in texts]
        unique = dict(zip(keys, texts))
        path = self._db_path()
        con = self._connect(path) if path else None
        self.failed: dict[str, BaseException] = {}
        with closing(con) if con else nullcontext():
            known = self._read(con, list(unique)) if con else {}
            missing = [k for k in unique if k not in known]
            lengths = dict(zip(missing, text_lengths([unique[k] for k in missing], self.tokenizer or getattr(self.model, "tokenizer", None))))
            missing.sort(key=lengths.__getitem__)
            if missing:
                if compute is None:
                    fresh, failed = self._embed([unique[k] for k in missing], show_progress_bar), {}
                else:
                    fresh, failed = compute([unique[k] for k in missing])
                new = {k: v for i, (k, v) in enumerate(zip(missing, fresh)) if i not in failed}
                if con:
                    self._write(con, new)
                known.update(new)
                for i, exc in failed.items():
                    self.failed[unique[missing[i]]] = exc
                    known[missing[i]] = np.zeros(fresh.shape[1], dtype=np.float32)
        self.stats["hits"] += len(unique) - len(missing)
        self.stats["misses"] += len(missing)
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        out = np.empty((len(keys), len(known[keys[0]])), dtype=np.float32)
        for i, key in enumerate(keys):
            out[i] = known[key]
        return out
