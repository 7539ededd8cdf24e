"""The execution layer: per-document stages run in-process or on a Dask cluster, one failure per document.

The per-document stages (parse, segment, attribute, time scope, the facts the relation
detectors read, embeddings) run over fixed partitions of the documents, in this process
(``workers=0``, spread over ``processes`` forked copies of it on Linux, see
:func:`forked_map`), on a local Dask cluster (``workers=N``) or on an existing one
(``scheduler="tcp://host:8786"``). Partitions and embedding chunks depend only on the input,
never on how many workers or processes there are, so every way of running gives the same bytes.

An exception inside one document's work becomes a :class:`~claims.records.Problem` naming the
document, the stage and the error type, and that document is left out; anything else (a worker
killed, a bug outside a document) stops the whole run at once with one :class:`WorkerError`.
"""
from __future__ import annotations

import collections
import contextlib
import gc
import os
import sys
import traceback
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator, Sequence

import numpy as np

from .errors import ClaimsError
from .records import Claim, Document, Problem
from .settings import ExecuteSettings, ExtractSettings, ModelSettings

# The module a failing frame belongs to names the stage the user sees in documents.csv.
_STAGE_OF_MODULE = {
    "ingest": "read", "clean": "clean", "dedup": "clean", "segment": "segment", "attribute": "attribute",
    "timescope": "time scope", "extract": "extract", "detectors": "facts", "embed": "embed",
}
LONG_PARSE_CHUNKS = 8  # chunks of text from which one partition's parse is spread over processes
FORKED_FACTS_TOKENS = 12_000  # a document this long (~500 claims) has its facts read in forked processes (a fork: ~0.1 s)


class WorkerError(ClaimsError):
    """A worker died or a task failed outside any one document: the run stops."""

    exit_code = 1


@dataclass
class Partial:
    """What the per-document stages produced for one partition."""

    claims: list[Claim] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def stage_of(exc: BaseException, default: str = "extract", skip: tuple[str, ...] = ()) -> str:
    """The pipeline stage an exception came from: the innermost ``claims`` module in its traceback
    (modules in ``skip`` only drive the stage, like the chunked parser in ``extract``)."""
    stage = default
    for frame, _ in traceback.walk_tb(exc.__traceback__):
        module = frame.f_globals.get("__name__", "")
        if module.startswith("claims.") and module.split(".")[1] not in skip:
            stage = _STAGE_OF_MODULE.get(module.split(".")[1], stage)
    return stage


def document_problem(document: Document, stage: str, exc: BaseException, skip: tuple[str, ...] = ()) -> Problem:
    """The problem row for a document whose ``stage`` raised ``exc``."""
    return unexpected_problem(document.path, exc, stage, document.doc_id, skip)


def unexpected_problem(path: str, exc: BaseException, default_stage: str, doc_id: str = "",
                       skip: tuple[str, ...] = ()) -> Problem:
    """The problem row for a file or document whose processing raised ``exc`` (a bug, not bad input)."""
    _debug(exc)
    stage = stage_of(exc, default_stage, skip)
    detail = " ".join(str(exc).split())[:200] or "no message"
    message = (f"{doc_id or path}: {stage} failed ({type(exc).__name__}: {detail}); it was left out: rerun with "
               f"--debug for the traceback and report it with this file attached")
    return Problem(path=path, message=message, stage=stage, error=type(exc).__name__, doc_id=doc_id or path)


def _debug(exc: BaseException) -> None:
    if os.environ.get("CLAIMS_DEBUG"):
        traceback.print_exception(exc, file=sys.stderr)


def partitions(items: Sequence, size: int) -> list[Sequence]:
    """Consecutive slices of ``size`` items (the last may be shorter)."""
    size = max(1, int(size))
    return [items[i:i + size] for i in range(0, len(items), size)]


def _parse(nlp, texts: list[str], batch_size: int, chunk_chars: int = 10_000, n_process: int = 1) -> list[Any]:
    """Parse ``texts`` (long ones in chunks, :func:`claims.extract.parse_chunked`; with
    ``n_process`` > 1 the chunks are spread over that many forked processes); if the batch
    raises, parse one by one here so only the bad text fails (its slot holds the exception)."""
    from .extract import parse_chunked

    try:
        if n_process > 1:
            return _parse_forked(nlp, texts, batch_size, chunk_chars, n_process)
        return list(parse_chunked(nlp, texts, chunk_chars, batch_size))
    except WorkerError:
        raise
    except Exception:  # noqa: BLE001 - isolated below, document by document
        out: list[Any] = []
        for text in texts:
            try:
                out.append(next(parse_chunked(nlp, [text], chunk_chars, 1)))
            except Exception as exc:  # noqa: BLE001
                out.append(exc)
        return out


def _parse_forked(nlp, texts: list[str], batch_size: int, chunk_chars: int, n_process: int) -> list[Any]:
    """As :func:`claims.extract.parse_chunked`, the chunks parsed in forked processes (a few
    groups per process, so they finish together) and sent back as bytes."""
    from spacy.tokens import Doc

    from .extract import chunk_bounds

    pieces = [(i, text[a:b]) for i, text in enumerate(texts) for a, b in chunk_bounds(text, chunk_chars)]
    groups = partitions(pieces, max(1, -(-len(pieces) // (4 * n_process))))
    docs: dict[int, list] = {}
    for group, blobs in zip(groups, forked_map(_parse_pieces, groups, nlp, n_process, {"batch_size": batch_size})):
        for (i, _), blob in zip(group, blobs):
            docs.setdefault(i, []).append(Doc(nlp.vocab).from_bytes(blob))
    return [parts[0] if len(parts) == 1 else Doc.from_docs(parts, ensure_whitespace=False)
            for parts in (docs[i] for i in range(len(texts)))]


def _parse_pieces(group: list[tuple[int, str]], nlp, batch_size: int) -> list[bytes]:
    return [doc.to_bytes(exclude=["tensor"]) for doc in nlp.pipe([text for _, text in group], batch_size=batch_size)]


class DocumentFacts:
    """The detectors' facts of one document's claims (keyed by stripped text), read from the
    document's own parse as :meth:`add` is given its claims. With ``processes`` > 1 (one long
    document) groups of ``group`` claims are read in forked processes while the caller is still
    finding the rest (attribution runs through a document in order, on one core)."""

    def __init__(self, doc, processes: int = 1, group: int = 256):
        from .extract import SpanDocs

        self.spans, self.processes, self.group = SpanDocs(doc), processes, group
        self.wanted: dict[str, tuple[int, int]] = {}
        self._pending: list[tuple[str, tuple[int, int]]] = []
        self._pool: ForkedPool | None = None

    def __enter__(self) -> "DocumentFacts":
        if self.processes > 1:
            self._pool = ForkedPool(_facts_of, self.spans, self.processes).__enter__()
        return self

    def add(self, claim: Claim) -> None:
        key = claim.text.strip()
        if claim.is_claim and key not in self.wanted:
            self.wanted[key] = (claim.cstart, claim.cend)
            self._pending.append((key, self.wanted[key]))
            if self._pool is not None and len(self._pending) >= self.group:
                self._pool.submit(self._pending)
                self._pending = []

    def facts(self) -> dict[str, Any]:
        """The facts of every claim added (each text once, as first added)."""
        if self._pool is None:
            return _facts_of(self._pending, self.spans)
        if self._pending:
            self._pool.submit(self._pending)
            self._pending = []
        found: dict[str, Any] = {}
        for part in self._pool.results():
            found.update(part)
        return found

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            self._pool.__exit__(*exc)


def _facts_of(items: list[tuple[str, tuple[int, int]]], spans) -> dict[str, Any]:
    from .detectors import extract_facts

    docs = spans([bounds for _, bounds in items])
    return {key: extract_facts(small) for (key, _), small in zip(items, docs) if small is not None}


def extract_partition(documents: Sequence[Document], nlp, settings: ExtractSettings | None = None,
                      with_facts: bool = True, parse_processes: int = 1) -> Partial:
    """Claims (and detector facts) of ``documents``; a document whose work raises becomes a problem.

    ``parse_processes`` > 1 parses the chunks of long texts (together at least
    ``LONG_PARSE_CHUNKS`` chunks) in that many forked processes: one long document alone.
    """
    from . import extract as ex
    from .segment import parse_text

    settings = settings or ExtractSettings()
    out = Partial()
    texts = []
    for document in documents:
        try:
            texts.append(parse_text(document.text))
        except Exception as exc:  # noqa: BLE001
            texts.append(exc)
    ready = [t for t in texts if isinstance(t, str)]
    long = sum(len(t) for t in ready) >= LONG_PARSE_CHUNKS * settings.chunk_chars
    n_process = parse_processes if long and sys.platform.startswith("linux") else 1
    parsed = iter(_parse(nlp, ready, settings.batch_size, settings.chunk_chars, n_process)) if ready else iter(())
    for document, text in zip(documents, texts):
        doc = next(parsed) if isinstance(text, str) else text
        if isinstance(doc, BaseException):
            out.problems.append(document_problem(document, "parse", doc, skip=("extract",)))
            continue
        forked = with_facts and len(doc) >= FORKED_FACTS_TOKENS
        with DocumentFacts(doc, n_process if forked else 1) as reader:
            try:
                ex.check_document(document)
                found = ex.claims_of(document, doc, nlp, settings, each=reader.add if with_facts else None)
            except Exception as exc:  # noqa: BLE001
                out.problems.append(document_problem(document, "extract", exc))
                continue
            if with_facts:
                try:
                    facts = reader.facts()
                except Exception as exc:  # noqa: BLE001
                    out.problems.append(document_problem(document, "facts", exc))
                    continue
                for key, value in facts.items():
                    out.facts.setdefault(key, value)
        out.claims.extend(found)
    return out


def embed_chunk(texts: Sequence[str], model, batch_size: int = 64) -> np.ndarray | list:
    """L2-normalised float32 vectors of ``texts``; if the chunk raises, each text alone (a failing one is an exception in the list)."""
    from .embed import l2_normalise

    texts = list(texts)
    try:
        return l2_normalise(model.encode(texts, batch_size=batch_size))
    except Exception:  # noqa: BLE001 - isolated below, text by text
        out: list = []
        for text in texts:
            try:
                out.append(l2_normalise(model.encode([text], batch_size=1))[0])
            except Exception as exc:  # noqa: BLE001
                out.append(exc)
        return out


# --- running tasks -------------------------------------------------------------------------

class InProcess:
    """Runs tasks here, one after the other, with the models already loaded in this process.

    :meth:`map_documents` (the per-document stages) also fans out to ``processes`` forked copies
    of this process on Linux: they share the loaded models copy-on-write, so nothing is loaded
    again, while the embedder keeps this process's threads (parsing is single-threaded).
    """

    def __init__(self, models, processes: int = 1):
        self.models = models
        self.processes = processes

    def map(self, fn: Callable, items: Iterable, **kwargs) -> Iterator:
        for item in items:
            yield fn(item, self.models, **kwargs)

    def map_documents(self, fn: Callable, items: Iterable, **kwargs) -> Iterator:
        items = list(items)
        processes = min(self.processes, len(items))
        if processes < 2 or not sys.platform.startswith("linux"):
            return self.map(fn, items, **kwargs)
        return forked_map(fn, items, self.models, processes, kwargs)

    def close(self) -> None:
        return None


_ADOPTED: Any = None  # the models of a forked process (set in the child only, by _adopt)


@contextlib.contextmanager
def _sigint_deferred() -> Iterator[None]:
    """Ctrl-C held back while forked processes start: the parent gets it right after (and stops
    them); the processes, which start with it blocked, ignore it (:func:`_adopt`)."""
    import signal

    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


def _adopt(models) -> None:
    import signal

    global _ADOPTED
    gc.freeze()  # first thing: the child's collector then never walks (and so never copies) the inherited pages
    _ADOPTED = models
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    with contextlib.suppress(Exception):
        from threadpoolctl import threadpool_limits

        threadpool_limits(1)


@contextlib.contextmanager
def settled_heap() -> Iterator[Callable[[], None]]:
    """Leave what is alive on entry, and what is alive when the yielded ``settle()`` is called
    (after loading models: half a million objects), out of the garbage collector's full passes
    until exit, so each pass walks only what the stage allocates. A process that froze its heap
    itself is left as it is."""
    if gc.get_freeze_count():
        yield lambda: None
        return
    gc.freeze()
    try:
        yield _settle
    finally:
        gc.unfreeze()


def _settle() -> None:
    gc.collect()
    gc.freeze()


def release_memory() -> None:
    """Collect garbage and hand freed heap pages back to the system (glibc keeps them otherwise),
    so later stages start lower and forked processes share fewer dirty pages."""
    gc.collect()
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            import ctypes

            ctypes.CDLL("libc.so.6").malloc_trim(0)


def _run_adopted(fn: Callable, item, kwargs: dict):
    return fn(item, _ADOPTED, **kwargs)


def forked_map(fn: Callable, items: list, models, processes: int, kwargs: dict) -> Iterator:
    """``fn(item, models, **kwargs)`` for each item in forked processes, results in item order
    (:class:`ForkedPool` with every item submitted at once)."""
    with ForkedPool(fn, models, processes, kwargs) as pool:
        for item in items:
            pool.submit(item)
        yield from pool.results()


class ForkedPool:
    """Runs ``fn(item, models, **kwargs)`` in forked processes for items submitted one by one
    (work can start while the caller is still finding items); :meth:`results` gives the results
    in submission order.

    ``models`` (any state: loaded models, a scorer and its rows, a parsed document) is shared
    copy-on-write, never pickled; only items and results cross. The processes fork at the first
    submit. Linux only (fork); callers check the platform.

    A process that dies stops the run with one :class:`WorkerError`; on any exit (done, error,
    Ctrl-C, results not wanted) the processes are stopped before the ``with`` block ends.
    """

    def __init__(self, fn: Callable, models, processes: int, kwargs: dict | None = None):
        self.fn, self.models, self.processes, self.kwargs = fn, models, processes, kwargs or {}
        self._pool: Any = None
        self._futures: collections.deque = collections.deque()
        self._forked = False

    def __enter__(self) -> "ForkedPool":
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        release_memory()
        self._pool = ProcessPoolExecutor(self.processes, mp_context=multiprocessing.get_context("fork"),
                                         initializer=_adopt, initargs=(self.models,))
        return self

    def submit(self, item) -> None:
        with self._died(), contextlib.nullcontext() if self._forked else _sigint_deferred():  # the first forks
            self._futures.append(self._pool.submit(_run_adopted, self.fn, item, self.kwargs))
        self._forked = True

    def results(self) -> Iterator:
        """The results of the items submitted so far, in order (each given once)."""
        while self._futures:
            with self._died():
                result = self._futures[0].result()
            self._futures.popleft()  # the caller holds the result now; keep no second reference
            yield result

    @contextlib.contextmanager
    def _died(self) -> Iterator[None]:
        from concurrent.futures.process import BrokenProcessPool

        try:
            yield
        except BrokenProcessPool as exc:
            raise WorkerError(f"a forked process died (killed, or out of memory) while running {self.fn.__name__.strip('_')}; "
                              "the run was stopped: set [execute] processes = 1 or free memory") from exc

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None or self._futures:
            for process in list((getattr(self._pool, "_processes", None) or {}).values()):
                with contextlib.suppress(Exception):
                    process.kill()
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._futures.clear()


class OnDask:
    """Runs tasks on a Dask cluster: a local one started here (``workers``) or one at ``scheduler``.

    Results come back in submission order. The first task that fails, or the first worker that
    dies while running one, stops the run: remaining tasks are cancelled and a one-line
    :class:`WorkerError` is raised.
    """

    def __init__(self, settings: ModelSettings, workers: int = 2, scheduler: str = "", memory_limit: str = "auto"):
        self.settings = settings
        self.workers = workers
        self.scheduler = scheduler
        self.memory_limit = memory_limit
        self.client = None
        self.cluster = None

    def start(self) -> "OnDask":
        import dask
        from distributed import Client, LocalCluster

        # A task that kills its worker is not retried on the next one: the run stops at once.
        dask.config.set({"distributed.scheduler.allowed-failures": 0, "distributed.admin.tick.limit": "1h",
                         "distributed.worker.daemon": True})
        try:
            if self.scheduler:
                self.client = Client(self.scheduler, timeout="10s")
            else:
                import warnings

                with warnings.catch_warnings():  # "port 8787 in use": we start no dashboard anyway
                    warnings.filterwarnings("ignore", message="Port .* is already in use")
                    self.cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                                                dashboard_address=None, memory_limit=self.memory_limit,
                                                silence_logs=50)
                self.client = Client(self.cluster)
        except OSError as exc:
            self.close()
            where = self.scheduler or "a local cluster"
            raise WorkerError(f"cannot reach {where} ({' '.join(str(exc).split())[:160]}); check --scheduler "
                              "and that `dask scheduler` is running, or use --workers") from exc
        from .dask_worker import PLUGIN_NAME, ModelsPlugin

        self.client.register_plugin(ModelsPlugin(self.settings), name=PLUGIN_NAME)
        return self

    def map(self, fn: Callable, items: Iterable, **kwargs) -> Iterator:
        from distributed import as_completed

        from .dask_worker import with_worker_models

        items = list(items)
        futures = [self.client.submit(with_worker_models, item, fn, kwargs, pure=False,
                                      key=f"{fn.__name__}-{i}-{os.getpid()}-{id(items)}") for i, item in enumerate(items)]
        position = {f.key: i for i, f in enumerate(futures)}
        done: dict[int, Any] = {}
        next_out = 0
        try:
            for future in as_completed(futures):
                if future.status != "finished":
                    raise _worker_error(future)
                done[position[future.key]] = future.result()
                future.release()
                while next_out in done:
                    yield done.pop(next_out)
                    next_out += 1
        except BaseException:
            self.client.cancel(futures, force=True)
            raise

    def map_documents(self, fn: Callable, items: Iterable, **kwargs) -> Iterator:
        return self.map(fn, items, **kwargs)

    def close(self, now: bool = False) -> None:
        """Shut down; ``now`` kills a local cluster's workers first (after a failure or Ctrl-C)."""
        import logging

        wait = 0.5 if now else 2
        if now:  # the comm errors of workers being killed are expected: not for the user's screen
            logging.disable(logging.CRITICAL)
        with contextlib.suppress(Exception):
            if self.cluster is not None and now:
                _kill_workers(self.cluster)
        with contextlib.suppress(BaseException):
            if self.client is not None:
                self.client.close(timeout=wait)
        with contextlib.suppress(BaseException):
            if self.cluster is not None:
                self.cluster.close(timeout=wait)
        self.client = self.cluster = None
        if now:
            logging.disable(logging.NOTSET)


def _kill_workers(cluster) -> None:
    """Stop a local cluster's worker processes now (a clean shutdown can wait on a busy task)."""
    import signal

    for nanny in list(getattr(cluster, "workers", {}).values()):
        process = getattr(getattr(nanny, "process", None), "process", None)
        pid = getattr(process, "pid", None)
        if pid:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)


def _worker_error(future) -> WorkerError:
    exc = future.exception()
    name = type(exc).__name__
    if name == "KilledWorker":
        return WorkerError("a worker process died (killed, or out of memory) while running "
                           f"{str(future.key).split('-')[0]}; the run was stopped: lower --workers or give each worker more memory")
    detail = " ".join(str(exc).split())[:200]
    return WorkerError(f"a worker task failed ({name}: {detail}); the run was stopped: rerun with --debug for the traceback")


def choose_workers(settings: ExecuteSettings, n_documents: int, cores: int | None = None) -> int:
    """``settings.workers``, or when it is -1 (auto): 0 for a small corpus or a machine of at most
    ``auto_inprocess_cores`` cores, else one per core (at most 4).

    On 2 cores one process beats two single-thread workers (300 FNC-1 bodies: 64.8 against 45.9
    claims/s, 1.42 against 2.41 GB): each worker loads its own models and the parent waits.
    """
    if settings.workers >= 0:
        return settings.workers
    cores = cores or os.cpu_count() or 1
    if n_documents < settings.auto_min_documents or cores <= settings.auto_inprocess_cores:
        return 0
    return min(4, cores)


def choose_processes(settings: ExecuteSettings, cores: int | None = None) -> int:
    """Forked processes for the per-document stages of an in-process run: ``settings.processes``,
    or when it is -1 one per core, at most 4 (on 2 cores extraction takes half the time)."""
    if settings.processes >= 1:
        return settings.processes
    return max(1, min(4, cores or os.cpu_count() or 1))


@contextlib.contextmanager
def executor(settings: ExecuteSettings, models_settings: ModelSettings, n_documents: int,
             load_models: Callable[[], Any]) -> Iterator[InProcess | OnDask]:
    """The executor the settings ask for; a Dask one is shut down on the way out, whatever happens."""
    workers = choose_workers(settings, n_documents)
    if not settings.scheduler and workers == 0:
        yield InProcess(load_models(), processes=choose_processes(settings))
        return
    runner = OnDask(models_settings, workers=workers, scheduler=settings.scheduler,
                    memory_limit=settings.memory_limit)
    try:
        yield runner.start()
    except BaseException:
        runner.close(now=True)
        raise
    runner.close()


# --- the per-document stages over a whole corpus --------------------------------------------

def _extract_task(documents, models, settings: ExtractSettings, with_facts: bool, parse_processes: int = 1) -> Partial:
    return extract_partition(documents, models.nlp, settings, with_facts, parse_processes)


def _embed_task(texts, models, batch_size: int):
    return embed_chunk(texts, models.embedder, batch_size)


def run_extract(runner, documents: Sequence[Document], settings: ExtractSettings, partition_size: int,
                with_facts: bool = True, progress: Callable[[int], None] | None = None) -> Partial:
    """Claims, facts and problems of all documents, partition by partition, merged in document order.

    A single partition (one long document, say) in a runner with forked processes parses its
    chunks in those processes instead."""
    merged = Partial()
    parts = partitions(list(documents), partition_size)
    parse_processes = getattr(runner, "processes", 1) if len(parts) == 1 else 1
    for part in runner.map_documents(_extract_task, parts, settings=settings, with_facts=with_facts,
                                     parse_processes=parse_processes):
        merged.claims.extend(part.claims)
        merged.problems.extend(part.problems)
        for key, value in part.facts.items():
            merged.facts.setdefault(key, value)
        if progress:
            progress(1)
    return merged


def run_embed(runner, texts: Sequence[str], chunk_size: int, batch_size: int) -> tuple[np.ndarray | None, dict[int, BaseException]]:
    """Vectors of ``texts`` computed in fixed chunks, and the exception of each text that failed."""
    vectors: list[np.ndarray] = []
    failed: dict[int, BaseException] = {}
    offset = 0
    for chunk in runner.map(_embed_task, partitions(list(texts), chunk_size), batch_size=batch_size):
        if isinstance(chunk, list):
            for i, item in enumerate(chunk):
                if isinstance(item, BaseException):
                    failed[offset + i] = item
            dim = next((len(v) for v in chunk if not isinstance(v, BaseException)), 0)
            chunk = np.stack([np.zeros(dim, np.float32) if isinstance(v, BaseException) else v for v in chunk]) if dim else np.zeros((len(chunk), 0), np.float32)
        vectors.append(np.asarray(chunk, dtype=np.float32))
        offset += len(chunk)
    if not vectors:
        return None, failed
    return np.concatenate(vectors), failed
