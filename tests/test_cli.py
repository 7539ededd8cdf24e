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
