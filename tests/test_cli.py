"""CLI behaviour: clean one-line errors, exit codes, nothing half-written, full runs on small corpora."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def test_unknown_option_is_a_usage_error(tmp_path):
    result = runner.invoke(app, ["analyze", str(tmp_path), "--out", str(tmp_path / "o"), "--frobnicate"])
    assert result.exit_code == 2
    assert "frobnicate" in result.output


def test_unknown_format_is_rejected_before_any_work(tmp_path):
    result = runner.invoke(app, ["analyze", str(tmp_path), "--out", str(tmp_path / "o"), "--format", "docx"])
    assert result.exit_code == 2
    assert "docx" in result.output
    assert not (tmp_path / "o").exists()


def test_empty_file_gives_one_line_error_and_writes_nothing(tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["--quiet", "ingest", str(tmp_path / "empty.txt"), "--out", str(out)])
    assert result.exit_code == 2
    assert "empty.txt" in result.output
    assert not out.exists() or not any(out.iterdir())


def test_show_without_a_run_says_what_to_do(tmp_path):
    result = runner.invoke(app, ["show", "F0000", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "claims analyze" in result.output


def test_python_dash_m_runs_the_app():
    done = subprocess.run([sys.executable, "-m", "claims", "--help"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0
    assert "analyze" in done.stdout


def test_quiet_is_accepted_after_the_command(tmp_path):
    result = runner.invoke(app, ["analyze", str(tmp_path), "--out", str(tmp_path / "o"), "--quiet", "--format", "docx"])
    assert result.exit_code == 2
    assert "docx" in result.output


def test_bad_registry_is_refused_in_one_line_before_any_work(tmp_path):
    bad = tmp_path / "desk.sqlite"
    bad.write_text("not a database", encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(tmp_path), "--out", str(tmp_path / "o"), "--registry", str(bad)])
    assert result.exit_code == 2
    assert "desk.sqlite" in result.output and len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "o").exists()


ARTICLES = {
    "gazette.txt": "The Harbour Gazette\n\nThe factory fire on Monday killed twelve workers, the fire chief said. "
                   "Chief Ana Ruiz said the fire was caused by a faulty boiler.\n",
    "courier.txt": "The Evening Courier\n\nThree workers died in Monday's factory fire, police said. "
                   "Union leader Tom Reed said the fire was caused by a blocked gas vent.\n",
}


@pytest.mark.slow
def test_analyze_writes_every_output_and_skips_a_bad_file(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in ARTICLES.items():
        (corpus / name).write_text(text, encoding="utf-8")
    (corpus / "scan.txt").write_bytes(b"\x00\x01\x02binary\x00")
    out = tmp_path / "out"
    registry = tmp_path / "desk.sqlite"
    result = runner.invoke(app, ["analyze", str(corpus), "--out", str(out), "--quiet", "--registry", str(registry)])
    assert result.exit_code == 0, result.output
    assert "scan.txt" in result.output
    from claims.registry import Registry

    assert Registry(registry).record()["claims"].sum() > 0, "the run's counts were added to the registry"
    for name in ("findings.json", "claims.csv", "sources.csv", "documents.csv", "report.html", "report.md"):
        assert (out / name).is_file(), name
    findings = json.loads((out / "findings.json").read_text(encoding="utf-8"))["findings"]
    kinds = {f["kind"] for f in findings}
    assert kinds & {"numeric_mismatch", "competing_explanation"}
    assert not list(out.glob(".*.tmp"))


@pytest.mark.slow
def test_max_findings_caps_and_the_stats_say_how_many_were_left_out(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in ARTICLES.items():
        (corpus / name).write_text(text, encoding="utf-8")
    runs = {}
    for label, extra in (("all", []), ("one", ["--max-findings", "1"])):
        result = runner.invoke(app, ["analyze", str(corpus), "--out", str(tmp_path / label), "--quiet", "--format", "json", *extra])
        assert result.exit_code == 0, result.output
        runs[label] = json.loads((tmp_path / label / "findings.json").read_text(encoding="utf-8"))
    every, capped = runs["all"], runs["one"]
    assert every["stats"]["findings_left_out"] == 0 and len(every["findings"]) >= 2
    assert [f["id"] for f in capped["findings"]] == [every["findings"][0]["id"]]
    assert capped["stats"]["findings_left_out"] == len(every["findings"]) - 1
    bad = runner.invoke(app, ["analyze", str(corpus), "--out", str(tmp_path / "x"), "--max-findings", "0"])
    assert bad.exit_code == 2


@pytest.mark.parametrize("command", ["ingest", "extract", "analyze", "sources"])
def test_an_existing_file_as_out_is_refused_before_any_work(tmp_path, command, monkeypatch):
    from claims import pipeline

    (tmp_path / "good.txt").write_text(ARTICLES["gazette.txt"], encoding="utf-8")
    target = tmp_path / "x"
    target.write_text("keep me", encoding="utf-8")
    monkeypatch.setattr(pipeline, "ingest", lambda *a, **k: pytest.fail("work started before --out was checked"))
    monkeypatch.setattr(pipeline, "analyze", lambda *a, **k: pytest.fail("work started before --out was checked"))
    result = runner.invoke(app, ["--quiet", command, str(tmp_path / "good.txt"), "--out", str(target)])
    assert result.exit_code == 2, result.output
    assert "existing file" in result.output and str(target) in result.output
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert target.read_text(encoding="utf-8") == "keep me"


def test_a_read_only_parent_of_out_is_refused(tmp_path, monkeypatch):
    import os

    (tmp_path / "good.txt").write_text(ARTICLES["gazette.txt"], encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, m: real(p, m) and Path(p).stat().st_mode & 0o200 != 0)
    try:
        result = runner.invoke(app, ["--quiet", "ingest", str(tmp_path / "good.txt"), "--out", str(locked / "out")])
    finally:
        locked.chmod(0o755)
    assert result.exit_code == 2, result.output
    assert "read-only" in result.output and len(result.output.strip().splitlines()) == 1


def test_ingest_into_a_folder_with_an_older_run_replaces_it_as_a_whole(tmp_path):
    for name, text in ARTICLES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    first = runner.invoke(app, ["--quiet", "ingest", str(tmp_path / "gazette.txt"), "--out", str(out)])
    assert first.exit_code == 0, first.output
    second = runner.invoke(app, ["--quiet", "ingest", str(tmp_path / "courier.txt"), "--out", str(out)])
    assert second.exit_code == 0, second.output
    assert (out / "documents.csv").read_text(encoding="utf-8").count("courier.txt") >= 1
    assert "gazette.txt" not in (out / "documents.csv").read_text(encoding="utf-8")
    assert not [p for p in tmp_path.iterdir() if ".partial-" in p.name or ".old-" in p.name]
