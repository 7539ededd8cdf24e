"""Atomic writes: complete files or nothing, with ordinary permissions."""
import os

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
