"""Hostile input and interrupted output: long documents, interrupted writes, bad manifests,
odd encodings and markup. Each case ends in a one-line message or a problem row, never a traceback."""
from __future__ import annotations

import pytest

from claims import store
from claims.pipeline import AnalysisResult, write_outputs
from claims.records import Claim, to_frame


def _result(root: str) -> AnalysisResult:
    return AnalysisResult(root=root, documents=[], problems=[], claims=to_frame([], Claim), findings=[])


def test_an_interrupt_midway_through_write_outputs_leaves_the_old_set(tmp_path, monkeypatch):
    from claims import report

    out = tmp_path / "run"
    write_outputs(_result("old-corpus"), out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(report, "write_reports", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_outputs(_result("new-corpus"), out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert b"old-corpus" in before["findings.json"]
    assert [p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")] == ["run"]
    monkeypatch.undo()
    written = write_outputs(_result("new-corpus"), out)
    assert all(p.parent == out and p.is_file() for p in written)
    assert b"new-corpus" in (out / "findings.json").read_bytes()
