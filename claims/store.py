"""Writing outputs safely and deterministically: temp file then rename, stable ordering.

Nothing a run writes is ever half-written: each file goes to a temporary sibling and is moved
into place with ``os.replace`` once complete.
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any, Callable, Iterable

import pandas as pd

TABLE_FORMATS = ("csv", "parquet", "json")


def atomic_write(path: str | Path, write: Callable[[Path], None]) -> Path:
    """Call ``write(tmp_path)`` and rename the result to ``path``; on error nothing is left behind."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _umask() -> int:
    """The process umask (read by setting it and putting it back), so outputs get the
    permissions a plain ``open(path, "w")`` would give rather than mkstemp's private 0600."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_text(path: str | Path, text: str) -> Path:
    return atomic_write(path, lambda p: p.write_text(text, encoding="utf-8"))


def write_json(path: str | Path, data: Any) -> Path:
    """JSON with sorted keys and a trailing newline, so equal data gives byte-identical files."""
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True, default=str) + "\n"
    return write_text(path, text)


def write_table(df: pd.DataFrame, out_dir: str | Path, name: str, formats: Iterable[str] = ("csv", "parquet")) -> list[Path]:
    """Write ``df`` as ``name.csv`` / ``name.parquet`` / ``name.json`` under ``out_dir``."""
    out_dir = Path(out_dir)
    written = []
    for fmt in formats:
        target = out_dir / f"{name}.{fmt}"
        if fmt == "csv":
            written.append(atomic_write(target, lambda p: df.to_csv(p, index=False, lineterminator="\n")))
        elif fmt == "parquet":
            written.append(atomic_write(target, lambda p: df.to_parquet(p, index=False)))
        elif fmt == "json":
            records = json.loads(df.to_json(orient="records", force_ascii=False))
            written.append(write_json(target, records))
        else:
            raise ValueError(f"unknown table format '{fmt}'; use one of {', '.join(TABLE_FORMATS)}")
    return written


def cache_dir(configured: str = "") -> Path:
    """The cache folder: the setting, else $CLAIMS_CACHE_DIR, else ~/.cache/claims."""
    folder = Path(configured or os.environ.get("CLAIMS_CACHE_DIR") or Path.home() / ".cache" / "claims")
    folder.mkdir(parents=True, exist_ok=True)
    return folder
