"""Atomic writes: complete files or nothing, with ordinary permissions."""
import os
from pathlib import Path

import pytest

from claims import store


def test_written_files_get_the_umask_permissions_not_private(tmp_path):
    path = store.write_json(tmp_path / "findings.json", {"b": 1, "a": [2]})
    mask = os.umask(0)
    os.umask(mask)
    assert (path.stat().st_mode & 0o777) == 0o666 & ~mask
    assert path.read_text(encoding="utf-8").index('"a"') < path.read_text(encoding="utf-8").index('"b"')


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temp(tmp_path):
    path = store.write_text(tmp_path / "report.md", "old")

    def broken(tmp):
        tmp.write_text("half", encoding="utf-8")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        store.atomic_write(path, broken)
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]


def _set(folder, **files):
    for name, text in files.items():
        store.write_text(folder / name, text)


def test_output_set_replaces_the_old_set_and_keeps_unrelated_files(tmp_path):
    out = tmp_path / "run"
    _set(out, **{"findings.json": "old", "report.md": "old", "notes.txt": "mine"})
    with store.output_set(out) as tmp:
        _set(tmp, **{"findings.json": "new", "report.md": "new"})
        assert (out / "findings.json").read_text() == "old"
    assert {p.name: p.read_text() for p in out.iterdir()} == {"findings.json": "new", "report.md": "new", "notes.txt": "mine"}
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")) == ["run"]


@pytest.mark.parametrize("error", [KeyboardInterrupt, OSError])
def test_an_interrupt_while_writing_the_set_leaves_the_old_set_intact(tmp_path, error):
    out = tmp_path / "run"
    _set(out, **{"findings.json": "old", "report.html": "old"})
    with pytest.raises(error):
        with store.output_set(out) as tmp:
            _set(tmp, **{"findings.json": "new"})
            raise error("interrupted before report.html")
    assert {p.name: p.read_text() for p in out.iterdir()} == {"findings.json": "old", "report.html": "old"}
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")) == ["run"]


def test_an_interrupt_during_the_swap_puts_the_old_set_back(tmp_path, monkeypatch):
    out = tmp_path / "run"
    _set(out, **{"findings.json": "old"})
    real = os.replace
    calls = []

    def replace(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(src, dst)

    monkeypatch.setattr(store.os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        with store.output_set(out) as tmp:
            (tmp / "findings.json").write_text("new")
    assert (out / "findings.json").read_text() == "old"


def test_output_set_creates_a_missing_folder(tmp_path):
    out = tmp_path / "a" / "b"
    with store.output_set(out) as tmp:
        _set(tmp, **{"x.csv": "1"})
    assert (out / "x.csv").read_text() == "1" and out.is_dir()


def test_check_out_dir_rejects_a_file_and_a_read_only_parent(tmp_path, monkeypatch):
    (tmp_path / "x").write_text("")
    with pytest.raises(store.InputError, match="existing file"):
        store.check_out_dir(tmp_path / "x")
    with pytest.raises(store.InputError, match="which is a file"):
        store.check_out_dir(tmp_path / "x" / "sub")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        if os.access(locked, os.W_OK):  # root ignores mode bits: judge by them as a normal user would
            real = os.access
            monkeypatch.setattr(store.os, "access", lambda p, m: real(p, m) and Path(p).stat().st_mode & 0o200 != 0)
        with pytest.raises(store.InputError, match="read-only"):
            store.check_out_dir(locked / "out")
    finally:
        locked.chmod(0o755)
    assert store.check_out_dir(tmp_path / "new" / "deeper") == tmp_path / "new" / "deeper"


def test_output_set_through_a_symlinked_folder_updates_the_target(tmp_path):
    real = tmp_path / "real"
    _set(real, **{"findings.json": "old"})
    link = tmp_path / "link"
    link.symlink_to(real, target_is_directory=True)
    with store.output_set(link) as tmp:
        _set(tmp, **{"findings.json": "new"})
    assert link.is_symlink() and (real / "findings.json").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")) == ["link", "real"]
