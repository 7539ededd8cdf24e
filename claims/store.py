"""Writing outputs safely and deterministically: temp file then rename, stable ordering.

Nothing a run writes is ever half-written: each file goes to a temporary sibling and is moved
into place with ``os.replace`` once complete, and a run's whole set of files is written to a
temporary folder beside ``--out`` and swapped in at the end (:func:`output_set`), so readers
see the old set or the new one, never a mix.
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from .errors import InputError

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


def check_out_dir(path: str | Path, option: str = "--out") -> Path:
    """Raise a one-line :class:`InputError` unless ``path`` is a folder this process can create
    or write into; called before any work so a bad ``--out`` never wastes a run."""
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise InputError(f"{path}: {option} is an existing file, not a folder; choose a folder path or remove the file")
    existing = path
    while not existing.exists():
        if existing.parent == existing:
            break
        existing = existing.parent
    if not existing.is_dir():
        raise InputError(f"{path}: {option} is inside {existing}, which is a file; choose another folder")
    targets = [existing] + ([existing.parent] if existing == path else [])
    for folder in targets:
        if not os.access(folder, os.W_OK | os.X_OK):
            raise InputError(f"{path}: {option} cannot be written ({folder} is read-only for you); choose a writable folder")
    return path


@contextlib.contextmanager
def output_set(out_dir: str | Path) -> Iterator[Path]:
    """A temporary folder beside ``out_dir`` to write a whole output set into.

    On normal exit the set replaces ``out_dir`` at once: files already in ``out_dir`` that the
    set does not rewrite are kept (hard-linked across), then the folders are swapped by two
    renames under a lock. On any exception, Ctrl-C included, the temporary folder is removed
    and ``out_dir`` is left exactly as it was.
    """
    out_dir = Path(out_dir)
    out_dir = out_dir.resolve() if out_dir.is_symlink() else out_dir.parent.resolve() / out_dir.name
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.partial-", dir=out_dir.parent))
    try:
        os.chmod(tmp, out_dir.stat().st_mode & 0o7777 if out_dir.is_dir() else 0o777 & ~_umask())
        yield tmp
        with _lock(out_dir):
            _swap_in(tmp, out_dir)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _swap_in(new: Path, out_dir: Path) -> None:
    if not out_dir.is_dir():
        os.replace(new, out_dir)
        return
    _keep_others(out_dir, new)
    old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
    os.rmdir(old)
    os.replace(out_dir, old)
    try:
        os.replace(new, out_dir)
    except BaseException:
        os.replace(old, out_dir)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _keep_others(old: Path, new: Path) -> None:
    """Link (or copy) into ``new`` every file of ``old`` that ``new`` does not have."""
    for folder, dirs, files in os.walk(old):
        rel = Path(folder).relative_to(old)
        if (new / rel).is_file():
            dirs[:] = []
            continue
        (new / rel).mkdir(exist_ok=True)
        for name in files:
            target = new / rel / name
            if not os.path.lexists(target):
                try:
                    os.link(Path(folder) / name, target, follow_symlinks=False)
                except OSError:
                    shutil.copy2(Path(folder) / name, target, follow_symlinks=False)


@contextlib.contextmanager
def _lock(out_dir: Path) -> Iterator[None]:
    """An exclusive lock beside ``out_dir`` (POSIX), so two runs never swap the same folder at once."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; the swap is still two renames
        yield
        return
    with open(out_dir.parent / f".{out_dir.name}.lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
