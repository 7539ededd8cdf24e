"""The execution layer: one failing document is a problem row, workers never hang, and a run
gives the same findings in-process, on a local Dask cluster and on a separately started one."""
from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from spacy.language import Language

from claims import pipeline
from claims.execute import WorkerError, executor, extract_partition, stage_of
from claims.models import Models
from claims.settings import ExecuteSettings, Settings

BROKEN = """Officials said on Tuesday that the bridge over the river had been closed after an inspection found cracks in two of its supports.
The regional transport minister said repairs would take at least three months and cost about 4 million euros.
"""
MARKER = "bridge over the river"


@Language.component("claims_test_explode")
def _explode(doc):
    if MARKER in doc.text:
        raise RuntimeError("boom in a pipeline component")
    return doc


def _settings(tmp_path: Path, **execute) -> Settings:
    models = dataclasses.replace(Settings().models, cache_dir=str(tmp_path / "cache"))
    return dataclasses.replace(Settings(), models=models, execute=ExecuteSettings(**execute))


def _findings(result) -> str:
    return json.dumps([f.to_dict() for f in result.findings], sort_keys=True)


@pytest.fixture(scope="module")
def models(nlp, embedder):
    return Models(nlp=nlp, embedder=embedder)


@pytest.fixture(scope="module")
def seeds_result(models, seeds_dir, tmp_path_factory):
    """Seeds analysed in this process: the reference every other way of running must match."""
    return pipeline.analyze([seeds_dir], settings=_settings(tmp_path_factory.mktemp("ref"), workers=0), models=models)


def _seeds_plus_broken(tmp_path: Path, seeds_dir: Path) -> Path:
    corpus = tmp_path / "corpus"
    shutil.copytree(seeds_dir, corpus)
    (corpus / "zz_broken.txt").write_text(BROKEN, encoding="utf-8")
    return corpus


def test_a_document_whose_parse_raises_is_a_problem_and_the_rest_is_unchanged(models, seeds_dir, seeds_result, tmp_path):
    corpus = _seeds_plus_broken(tmp_path, seeds_dir)
    models.nlp.add_pipe("claims_test_explode", last=True)
    try:
        result = pipeline.analyze([corpus], settings=_settings(tmp_path, workers=0), models=models)
    finally:
        models.nlp.remove_pipe("claims_test_explode")
    assert [(p.path, p.stage, p.error) for p in result.problems] == [("zz_broken.txt", "parse", "RuntimeError")], result.problems[0].message
    assert "\n" not in result.problems[0].message and "--debug" in result.problems[0].message
    assert "zz_broken.txt" not in {d.doc_id for d in result.documents}
    assert _findings(result) == _findings(seeds_result)
    assert result.claims["id"].tolist() == seeds_result.claims["id"].tolist()


def test_a_document_whose_attribution_raises_is_reported_with_its_stage(models, seeds_dir, seeds_result, tmp_path, monkeypatch):
    import claims.attribute as attribute
    import claims.extract as extract

    real = attribute.attribute_span

    def attribute_span(span, memory, document, continues=False, cue_model=None):
        if document.doc_id == "zz_broken.txt":
            return real(None, memory, document, continues, cue_model)  # raises inside claims.attribute
        return real(span, memory, document, continues, cue_model)

    monkeypatch.setattr(extract, "attribute_span", attribute_span)
    corpus = _seeds_plus_broken(tmp_path, seeds_dir)
    result = pipeline.analyze([corpus], settings=_settings(tmp_path, workers=0), models=models)
    assert [(p.doc_id, p.stage) for p in result.problems] == [("zz_broken.txt", "attribute")]
    assert _findings(result) == _findings(seeds_result)
    out = tmp_path / "out"
    pipeline.write_outputs(result, out, ("csv",))
    import pandas as pd

    table = pd.read_csv(out / "documents.csv")
    row = table[table["status"] == "skipped"].iloc[0]
    assert (row["path"], row["stage"], row["error"]) == ("zz_broken.txt", "attribute", result.problems[0].error)
    assert row["error"].endswith("Error") and "--debug" in row["problem"]
    assert (table["status"] == "ok").sum() == len(seeds_result.documents)


def test_stage_of_names_the_innermost_claims_module(nlp):
    from claims.records import Document

    text = "He said the talks had failed."
    document = Document(doc_id="a.txt", path="a.txt", raw=text, text=text, offsets=list(range(len(text) - 1)))
    part = extract_partition([document], nlp)
    assert [(p.doc_id, p.stage, p.error) for p in part.problems] == [("a.txt", "extract", "InputError")]
    try:
        int("x")
    except ValueError as exc:
        assert stage_of(exc, "embed") == "embed"


@pytest.mark.slow
def test_two_local_workers_give_byte_identical_findings(models, seeds_dir, seeds_result, tmp_path):
    result = pipeline.analyze([seeds_dir], settings=_settings(tmp_path, workers=2), models=models)
    assert _findings(result) == _findings(seeds_result)
    assert result.claims.equals(seeds_result.claims)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_a_separately_started_scheduler_and_worker_give_byte_identical_findings(models, seeds_dir, seeds_result, tmp_path):
    dask = Path(sys.executable).with_name("dask")
    if not dask.exists():
        pytest.skip("the dask command is not installed")
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    procs = [subprocess.Popen([str(dask), "scheduler", "--port", str(port), "--dashboard-address", ":0"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        time.sleep(2)
        procs.append(subprocess.Popen([str(dask), "worker", address, "--nworkers", "1", "--nthreads", "1",
                                       "--dashboard-address", ":0"], env=env,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        result = pipeline.analyze([seeds_dir], settings=_settings(tmp_path, scheduler=address), models=models)
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=30)
    assert _findings(result) == _findings(seeds_result)


def _raises(item, models):
    raise MemoryError("cannot allocate")


def _kills_itself(item, models):
    if item == 3:
        os.kill(os.getpid(), signal.SIGKILL)
    time.sleep(0.2)
    return item


@pytest.mark.slow
@pytest.mark.parametrize("task,words", [(_raises, "MemoryError"), (_kills_itself, "worker process died")])
def test_a_failing_or_killed_worker_stops_the_run_with_one_line(task, words):
    import cloudpickle

    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    try:
        with pytest.raises(WorkerError) as caught:
            with executor(ExecuteSettings(workers=2), Settings().models, 100, load_models=lambda: None) as runner:
                list(runner.map(task, range(8)))
    finally:
        cloudpickle.unregister_pickle_by_value(sys.modules[__name__])
    message = str(caught.value)
    assert words in message and "\n" not in message and "stopped" in message


@pytest.mark.parametrize("task,words", [(_raises, None), (_kills_itself, "forked process died")])
def test_a_failing_or_killed_forked_process_stops_the_run(task, words):
    with executor(ExecuteSettings(workers=0, processes=2), Settings().models, 100, load_models=lambda: None) as runner:
        if words is None:  # a task's own exception reaches the caller as it would in one process
            with pytest.raises(MemoryError):
                list(runner.map_documents(task, range(8)))
            return
        with pytest.raises(WorkerError) as caught:
            list(runner.map_documents(task, range(8)))
    message = str(caught.value)
    assert words in message and "\n" not in message and "stopped" in message


def _inherited_frozen(item, models):
    import gc

    return gc.get_freeze_count()


def test_forked_processes_leave_the_inherited_heap_to_the_parent():
    """A child freezes what it inherits before its collector runs, so it never walks (copies) shared pages."""
    import gc

    from claims.execute import forked_map

    before = gc.get_freeze_count()
    counts = list(forked_map(_inherited_frozen, [0, 1], None, 2, {}))
    assert all(n > 10_000 for n in counts) and gc.get_freeze_count() == before


def test_settled_heap_leaves_loaded_objects_out_of_collections_until_exit():
    import gc

    from claims.execute import settled_heap

    assert gc.get_freeze_count() == 0
    with settled_heap() as settle:
        assert gc.get_freeze_count() > 0
        loaded = [[i] for i in range(5_000)]
        settle()
        tracked = {id(o) for o in gc.get_objects()}  # frozen objects are in no generation
        assert id(loaded) not in tracked and not any(id(item) in tracked for item in loaded)
    assert gc.get_freeze_count() == 0
    gc.freeze()  # a process that froze its heap itself is left as it is
    try:
        frozen = gc.get_freeze_count()
        with settled_heap() as settle:
            settle()
            assert gc.get_freeze_count() <= frozen  # nothing more frozen (freed objects leave the count)
        assert 0 < gc.get_freeze_count() <= frozen
    finally:
        gc.unfreeze()


def test_forked_processes_give_the_same_claims_and_findings(models, seeds_dir, tmp_path):
    one = pipeline.analyze([seeds_dir], settings=_settings(tmp_path / "a", workers=0, processes=1), models=models)
    two = pipeline.analyze([seeds_dir], settings=_settings(tmp_path / "b", workers=0, processes=2, partition_documents=2),
                           models=models)
    assert _findings(one) == _findings(two) and one.claims.equals(two.claims)


def test_one_long_document_parsed_in_forked_processes_gives_the_same_claims(nlp, seeds_dir):
    from claims.ingest import load_corpus
    from claims.settings import ExtractSettings

    document = max(load_corpus([seeds_dir]).documents, key=lambda d: len(d.text))
    settings = ExtractSettings(chunk_chars=max(500, len(document.text) // 12))
    one = extract_partition([document], nlp, settings, parse_processes=1)
    two = extract_partition([document], nlp, settings, parse_processes=2)
    assert len(one.claims) > 20 and not one.problems
    assert one.claims == two.claims and one.facts == two.facts


def test_facts_read_in_forked_processes_as_claims_are_found_are_the_same(nlp, seeds_dir):
    from claims.execute import DocumentFacts
    from claims.extract import claims_of, parse_chunked
    from claims.ingest import load_corpus
    from claims.segment import parse_text

    document = max(load_corpus([seeds_dir]).documents, key=lambda d: len(d.text))
    doc = next(parse_chunked(nlp, [parse_text(document.text)]))
    with DocumentFacts(doc) as reader:
        claims = claims_of(document, doc, nlp, each=reader.add)
        one = reader.facts()
    with DocumentFacts(doc, processes=2, group=7) as reader:
        for claim in claims:
            reader.add(claim)
        two = reader.facts()
    assert len(one) > 20 and one == two and list(one) == list(two)


def _sleep(item, models):
    time.sleep(item)
    return item


def test_a_forked_pool_left_with_results_unread_stops_its_processes():
    import psutil

    from claims.execute import ForkedPool

    before = set(psutil.Process().children())
    with ForkedPool(_sleep, None, 2) as pool:
        for item in (0, 30, 30):
            pool.submit(item)
        assert next(pool.results()) == 0
        children = set(psutil.Process().children()) - before
    assert len(children) == 2 and not any(c.is_running() and c.status() != psutil.STATUS_ZOMBIE for c in children)


def _start_analyze(tmp_path: Path, documents: int, seed: int, *options: str) -> tuple[subprocess.Popen, Path]:
    """``claims analyze`` on a generated corpus in its own process group (so Ctrl-C can reach all of it)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from make_corpus import write_corpus

    write_corpus(tmp_path / "corpus", documents, seed=seed)
    out = tmp_path / "out"
    claims = Path(sys.executable).with_name("claims")
    env = {**os.environ, "CLAIMS_CACHE_DIR": str(tmp_path / "cache"),
           "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    proc = subprocess.Popen([str(claims), "analyze", str(tmp_path / "corpus"), "--out", str(out), *options],
                            env=env, start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    return proc, out


def _interrupt_and_check(proc: subprocess.Popen, out: Path, children: list) -> None:
    """Ctrl-C as a terminal sends it (the whole process group): exit 130, one line, no output, no child left."""
    import psutil

    os.killpg(proc.pid, signal.SIGINT)
    try:
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130
    assert "interrupted: stopped; nothing was written" in err and "Traceback" not in err
    assert not (out / "findings.json").exists()
    time.sleep(1)
    assert not [c for c in children if c.is_running() and c.status() != psutil.STATUS_ZOMBIE]


@pytest.mark.slow
def test_ctrl_c_stops_the_workers_and_writes_nothing(tmp_path):
    import psutil

    proc, out = _start_analyze(tmp_path, 40, 1, "--workers", "2")
    workers: list = []
    for _ in range(1200):  # until both workers have joined the scheduler (connected), then a little longer
        try:
            workers = [p for p in psutil.Process(proc.pid).children(recursive=True) if "spawn_main" in " ".join(p.cmdline())]
            joined = [w for w in workers if any(c.status == "ESTABLISHED" for c in w.net_connections("tcp"))]
        except psutil.Error:
            joined = []
        if len(joined) >= 2 or proc.poll() is not None:
            break
        time.sleep(0.1)
    assert len(workers) >= 2 and proc.poll() is None, "the local cluster did not start"
    time.sleep(5)
    _interrupt_and_check(proc, out, workers)


@pytest.mark.slow
def test_ctrl_c_stops_the_forked_parse_processes_and_writes_nothing(tmp_path):
    import psutil

    (tmp_path / "fork.toml").write_text("[execute]\nworkers = 0\nprocesses = 2\npartition_documents = 2\n")
    proc, out = _start_analyze(tmp_path, 60, 2, "--settings", str(tmp_path / "fork.toml"))
    forked: list = []
    for _ in range(1200):
        with contextlib.suppress(psutil.Error):
            forked = psutil.Process(proc.pid).children(recursive=True)
        if len(forked) >= 2 or proc.poll() is not None:
            break
        time.sleep(0.05)
    assert len(forked) >= 2 and proc.poll() is None, "the parse processes did not start"
    _interrupt_and_check(proc, out, forked)


@pytest.mark.slow
def test_a_200_article_corpus_gives_the_same_findings_in_process_and_on_two_workers(models, tmp_path):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from make_corpus import write_corpus

    write_corpus(tmp_path / "corpus", 200, seed=3)
    here = pipeline.analyze([tmp_path / "corpus"], settings=_settings(tmp_path / "a", workers=0), models=models)
    there = pipeline.analyze([tmp_path / "corpus"], settings=_settings(tmp_path / "b", workers=2), models=models)
    assert len(here.documents) == 200 and len(here.findings) > 10
    assert _findings(here) == _findings(there)
    assert here.claims.equals(there.claims)


def test_cli_reports_a_skipped_document_in_one_line_and_exits_2_only_under_strict(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    import claims.extract as extract
    from cli import app

    real = extract.attribute_span

    def attribute_span(span, memory, document, continues=False, cue_model=None):
        if document.doc_id == "zz_broken.txt":
            raise IndexError("list index out of range")
        return real(span, memory, document, continues, cue_model)

    monkeypatch.setattr(extract, "attribute_span", attribute_span)
    monkeypatch.setenv("CLAIMS_CACHE_DIR", str(tmp_path / "cache"))
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("The mayor said on Monday that 12 people were hurt in the fire at the market.\n", encoding="utf-8")
    (corpus / "b.txt").write_text("Police said 30 people were hurt in the market fire on Monday, a spokesman told reporters.\n", encoding="utf-8")
    (corpus / "zz_broken.txt").write_text(BROKEN, encoding="utf-8")
    for strict, code in ((False, 0), (True, 2)):
        out = tmp_path / f"out{int(strict)}"
        args = ["analyze", str(corpus), "--out", str(out), "--workers", "0", "-f", "csv"] + (["--strict"] if strict else [])
        result = CliRunner().invoke(app, args)
        assert result.exit_code == code, result.output
        lines = [line for line in result.output.splitlines() if "zz_broken.txt" in line]
        assert len(lines) == 1 and "extract failed (IndexError" in lines[0]
        assert "1 document skipped (see documents.csv)" in result.output
        assert "Traceback" not in result.output
        assert (out / "findings.json").exists()


def test_auto_workers_run_in_process_on_small_corpora_and_small_machines():
    from claims.execute import choose_workers
    from claims.settings import ExecuteSettings

    auto = ExecuteSettings()
    assert choose_workers(auto, 50, cores=8) == 0
    assert choose_workers(auto, 1000, cores=2) == 0
    assert choose_workers(auto, 1000, cores=8) == 4
    assert choose_workers(auto, 1000, cores=3) == 3
    assert choose_workers(ExecuteSettings(workers=2), 10, cores=1) == 2
