"""The ``claims`` command line: a thin typer layer over :mod:`claims.pipeline`.

Each command parses options, makes one library call, and turns library errors into one-line
messages with a non-zero exit code (see "Exit codes" in the README).
"""
from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Iterator, Optional

import typer
from rich.console import Console

from claims.errors import ClaimsError

app = typer.Typer(
    name="claims",
    help="Source criticism toolkit: claims with attribution, cross-source conflicts, source grades.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

Paths = Annotated[list[Path], typer.Argument(help="Files, folders or globs (txt, md, html, pdf, jsonl, csv).")]
Out = Annotated[Path, typer.Option("--out", "-o", help="Output folder (created if missing).")]
Manifest = Annotated[Optional[Path], typer.Option(help="Metadata manifest (CSV/JSON/YAML: path, outlet, published, url, author, kind).")]
SettingsFile = Annotated[Optional[Path], typer.Option("--settings", help="TOML file overriding default settings.")]
Strict = Annotated[bool, typer.Option(help="Stop at the first unreadable file instead of skipping it.")]
Registry = Annotated[Optional[Path], typer.Option("--registry", help="SQLite file keeping each source's track record across analyses (opt-in; created if missing). Each run adds its counts; later runs grade with them.")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars or status lines (same as `claims --quiet ...`).")]


@dataclass
class Ctx:
    """Options shared by every command (set in the callback, kept on ctx.obj)."""

    quiet: bool
    console: Console
    debug: bool = False

    @property
    def show_progress(self) -> bool:
        return not self.quiet and self.console.is_terminal


@app.callback()
def main(ctx: typer.Context,
         quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars or status lines.")] = False,
         debug: Annotated[bool, typer.Option("--debug", help="Show the traceback of errors and of documents left out.")] = False) -> None:
    """Read several accounts of one event and show where they disagree, with who said what."""
    import os

    if debug:
        os.environ["CLAIMS_DEBUG"] = "1"
    ctx.obj = Ctx(quiet=quiet, console=Console(stderr=True), debug=debug)


def _fail(exc: Exception, code: int) -> None:
    import os
    import traceback

    if os.environ.get("CLAIMS_DEBUG"):
        traceback.print_exception(exc, file=sys.stderr)
    Console(stderr=True).print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


@contextmanager
def _errors() -> Iterator[None]:
    try:
        yield
    except ClaimsError as exc:
        _fail(exc, exc.exit_code)
    except ValueError as exc:
        _fail(exc, 2)
    except KeyboardInterrupt:
        import os

        Console(stderr=True).print("[bold red]interrupted:[/] stopped; nothing was written", highlight=False)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(130)  # workers are already stopped; interpreter teardown (torch, Dask threads) takes seconds
    except OSError as exc:  # a write refused mid-run (disk full, permissions changed): one line, not a traceback
        _fail(f"{exc.filename or 'output'}: {exc.strerror or exc}; free space or choose another --out", 2)


@contextmanager
def _stages(state: Ctx, total: int) -> Iterator:
    """A rich progress bar over pipeline stages on a terminal; silent when piped or --quiet."""
    if not state.show_progress:
        yield lambda stage: None
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description:<10}"), BarColumn(), TimeElapsedColumn(),
                  console=state.console, transient=True) as progress:
        task = progress.add_task("start", total=total)

        def hook(stage: str) -> None:
            progress.update(task, description=stage, advance=1)

        yield hook


def _state(ctx: typer.Context, quiet: bool) -> Ctx:
    state: Ctx = ctx.obj
    state.quiet = state.quiet or quiet
    return state


def _settings(path: Optional[Path], judge: Optional[Path] = None, judge_url: Optional[str] = None,
              registry: Optional[Path] = None, max_findings: Optional[int] = None):
    import dataclasses

    from claims.settings import load_settings

    settings = load_settings(path)
    if judge is not None:
        settings = dataclasses.replace(settings, models=dataclasses.replace(settings.models, judge=str(judge)))
    if judge_url:
        settings = dataclasses.replace(settings, models=dataclasses.replace(settings.models, judge_url=judge_url))
    if registry is not None:
        from claims.registry import Registry

        Registry(registry).record()  # a bad path fails here, before any work
        settings = dataclasses.replace(settings, reliability=dataclasses.replace(settings.reliability, registry=str(registry)))
    if max_findings is not None:
        settings = dataclasses.replace(settings, compare=dataclasses.replace(settings.compare, max_findings=max_findings))
    return settings


def _execution(settings, workers: Optional[int], scheduler: Optional[str]):
    """Settings with --workers / --scheduler applied."""
    import dataclasses

    changes = {}
    if workers is not None:
        changes["workers"] = workers
    if scheduler:
        if not scheduler.startswith(("tcp://", "tls://", "inproc://", "ucx://")):
            raise ValueError(f"--scheduler {scheduler}: give the address `dask scheduler` printed, e.g. tcp://10.0.0.5:8786")
        changes["scheduler"] = scheduler
    return dataclasses.replace(settings, execute=dataclasses.replace(settings.execute, **changes)) if changes else settings


def _say(state: Ctx, message: str) -> None:
    if not state.quiet:
        state.console.print(message, highlight=False, soft_wrap=True)


def _report_problems(state: Ctx, problems) -> None:
    for problem in problems:
        if " row " in problem.path and problem.message.startswith(problem.path):  # a manifest row: says itself what happened
            state.console.print(f"[yellow]manifest[/] {problem.message}", highlight=False, soft_wrap=True)
        else:
            message = problem.message if problem.message.startswith(f"{problem.path}") else f"{problem.path}: {problem.message}"
            state.console.print(f"[yellow]skipped[/] {message}", highlight=False, soft_wrap=True)


def _skipped_documents(state: Ctx, problems, strict: bool, where: str = "documents.csv") -> None:
    """The closing line when files or documents were left out; under --strict, exit 2."""
    left_out = list(problems)
    if not left_out:
        return
    state.console.print(f"[yellow]{len(left_out)} document{'s' if len(left_out) > 1 else ''} skipped[/] (see {where})",
                        highlight=False, soft_wrap=True)
    if strict:
        raise typer.Exit(2)


def _written(state: Ctx, paths: list[Path]) -> None:
    for path in paths:
        typer.echo(f"wrote {path}")


@app.command()
def ingest(ctx: typer.Context, paths: Paths, out: Out, manifest: Manifest = None,
           settings: SettingsFile = None, strict: Strict = False) -> None:
    """Read and clean documents; write documents.csv/.parquet and cleaned texts.

    Example: claims ingest seeds/ --out reports/seeds
    """
    from claims import ingest as ingest_mod
    from claims import store
    from claims.pipeline import ingest as run_ingest

    state: Ctx = ctx.obj
    with _errors():
        store.check_out_dir(out)
        corpus = run_ingest(paths, manifest=manifest, strict=strict, settings=_settings(settings))
        _report_problems(state, corpus.problems)
        _written(state, ingest_mod.write_documents(corpus, out))


@app.command()
def extract(ctx: typer.Context, paths: Paths, out: Out, manifest: Manifest = None,
            settings: SettingsFile = None, strict: Strict = False, quiet: Quiet = False) -> None:
    """Split documents into claims with speaker, cue, relay chain, hedges and time scope; write claims.csv/.parquet.

    Example: claims extract seeds/ --out reports/seeds
    """
    from claims import pipeline, store
    from claims.models import load_nlp

    state = _state(ctx, quiet)
    with _errors(), _stages(state, 3) as hook:
        store.check_out_dir(out)
        config = _settings(settings)
        hook("ingest")
        corpus = pipeline.ingest(paths, manifest=manifest, strict=strict, settings=config)
        hook("extract")
        table, failed = pipeline.extract_isolated(corpus.documents, load_nlp(config.models.spacy_model, config.models.spacy_blas), config)
        hook("write")
        with store.output_set(out) as tmp:
            written = [out / p.name for p in store.write_table(table, tmp, "claims", ("csv", "parquet"))]
    _report_problems(state, corpus.problems + failed)
    _written(state, written)
    _skipped_documents(state, corpus.problems + failed, strict, where="the lines above")


@app.command()
def analyze(ctx: typer.Context, paths: Paths, out: Out, manifest: Manifest = None,
            settings: SettingsFile = None, strict: Strict = False,
            judge: Annotated[Optional[Path], typer.Option("--judge", help="Local cross-encoder folder (an NLI model you have on disk): an extra signal for every pair.")] = None,
            nli_model: Annotated[Optional[Path], typer.Option("--nli-model", hidden=True, help="Old name of --judge.")] = None,
            judge_url: Annotated[Optional[str], typer.Option("--judge-url", help="OpenAI-compatible chat endpoint (local llama.cpp / Ollama server) asked about the top candidate pairs; its answer and reason go into the findings' signals. Off by default.")] = None,
            format: Annotated[Optional[list[str]], typer.Option("--format", "-f", help="Outputs to write: html, md, json, csv, parquet (repeatable; default all). findings.json is always written.")] = None,
            max_findings: Annotated[Optional[int], typer.Option("--max-findings", min=1, help="Keep only the N most important findings (default: every finding above the thresholds; the stats count those left out).")] = None,
            workers: Annotated[Optional[int], typer.Option(help="Processes for the per-document stages: 0 = this process; N = a local Dask cluster (default: 0 for small corpora or on 2 cores, else one per core).", min=0)] = None,
            scheduler: Annotated[Optional[str], typer.Option(help="Run on a running Dask cluster, e.g. tcp://HOST:8786 (see README, Running on a cluster).")] = None,
            registry: Registry = None, quiet: Quiet = False) -> None:
    """The main job: find conflicts and corroborations across sources; write findings.json, tables and report.html/.md.

    Example: claims analyze seeds/ --out reports/seeds
    """
    from claims import pipeline, store

    state = _state(ctx, quiet)
    formats = tuple(format) if format else pipeline.OUTPUT_FORMATS
    with _errors():
        store.check_out_dir(out)
        unknown = sorted(set(formats) - set(pipeline.OUTPUT_FORMATS))
        if unknown:
            raise ValueError(f"--format {', '.join(unknown)} is unknown; use {', '.join(pipeline.OUTPUT_FORMATS)}")
        with _stages(state, 8) as hook:
            config = _execution(_settings(settings, judge or nli_model, judge_url, registry, max_findings), workers, scheduler)
            result = pipeline.analyze(paths, manifest=manifest, settings=config, strict=strict, on_stage=hook)
            written = pipeline.write_outputs(result, out, formats, on_stage=hook)
    _report_problems(state, result.problems)
    conflicts = sum(f.relation == "conflict" for f in result.findings)
    _say(state, f"{len(result.documents)} documents, {len(result.claims)} claims, "
                f"{conflicts} conflicts, {len(result.findings) - conflicts} corroborations")
    _written(state, written)
    _skipped_documents(state, result.problems, strict)


@app.command()
def sources(ctx: typer.Context, paths: Paths, manifest: Manifest = None, settings: SettingsFile = None,
            strict: Strict = False,
            out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Also write sources.csv here.")] = None,
            registry: Registry = None, quiet: Quiet = False) -> None:
    """Grade every source (A-F) with the factors behind the grade, and print the table.

    Example: claims sources seeds/
    """
    from rich.table import Table

    from claims import pipeline, store
    from claims.reliability import sources_table

    state = _state(ctx, quiet)
    with _errors(), _stages(state, 8) as hook:
        if out:
            store.check_out_dir(out)
        result = pipeline.analyze(paths, manifest=manifest, settings=_settings(settings, registry=registry), strict=strict, on_stage=hook)
        table = sources_table(result)
        written = store.write_table(table, out, "sources", ("csv",)) if out else []
    view = Table(show_lines=False)
    for column in ("source", "outlet", "kind", "grade", "factors"):
        view.add_column(column, overflow="fold")
    for row in table.itertuples(index=False):
        view.add_row(*(str(getattr(row, c)) for c in ("source", "outlet", "kind", "grade", "factors")))
    Console(width=160).print(view)
    _written(state, written)


@app.command()
def show(ctx: typer.Context,
         finding_id: Annotated[str, typer.Argument(help="A finding id from findings.json, e.g. F1a2b3c4.")],
         out: Annotated[Path, typer.Option("--out", "-o", help="The folder an analyze run wrote.")] = Path("reports/seeds")) -> None:
    """Print one finding: both claims with speaker, relay chain, outlet, grades and the explanation.

    Example: claims show F1a2b3c4 --out reports/seeds
    """
    from claims.report import render_finding_text

    path = out / "findings.json"
    if not path.is_file():
        _fail(FileNotFoundError(f"{path}: not found; run `claims analyze PATHS --out {out}` first"), 2)
    findings = json.loads(path.read_text(encoding="utf-8"))["findings"]
    match = [f for f in findings if f["id"] == finding_id]
    if not match:
        _fail(KeyError(f"{path}: no finding '{finding_id}'; ids are listed in findings.json and report.md"), 2)
    typer.echo(render_finding_text(match[0]))


if __name__ == "__main__":
    app(prog_name="claims")
