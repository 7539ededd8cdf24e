"""What a Dask worker needs from claims: the plugin that loads the models once per worker.

Kept apart from :mod:`claims.execute` so that in-process runs never import ``distributed``.
Workers on other machines need ``claims`` installed (same version) to unpickle it.
"""
from __future__ import annotations

import os
import threading

from distributed import WorkerPlugin, get_worker

from .settings import ModelSettings

PLUGIN_NAME = "claims-models"


class ModelsPlugin(WorkerPlugin):
    """Keeps one :class:`claims.models.Models` per worker, loaded by its first task that needs them."""

    name = PLUGIN_NAME
    idempotent = True

    def __init__(self, settings: ModelSettings):
        self.settings = settings
        self._models = None
        self._lock = None

    def setup(self, worker) -> None:
        _threads_per_task()
        _leave_ctrl_c_to_the_client()
        self._lock = threading.Lock()

    @property
    def models(self):
        with self._lock:
            if self._models is None:
                from .models import Models

                self._models = Models.load(self.settings)
        return self._models


def _threads_per_task() -> None:
    """Each task uses ``CLAIMS_TASK_THREADS`` (default 1) BLAS/torch threads: a worker already
    runs ``--nthreads`` tasks at once, and a machine runs one worker process per core."""
    import torch
    from threadpoolctl import threadpool_limits

    threads = max(1, int(os.environ.get("CLAIMS_TASK_THREADS", "1")))
    torch.set_num_threads(threads)
    threadpool_limits(limits=threads)


def _leave_ctrl_c_to_the_client() -> None:
    """A terminal's Ctrl-C reaches the whole process group; the ``claims`` process stops its
    local workers itself, so they ignore it instead of each printing a traceback."""
    import signal

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def worker_models():
    """The models this worker loaded (the plugin must be registered)."""
    return get_worker().plugins[PLUGIN_NAME].models


class _Lazy:
    """Stands for the worker's models; loads them on first attribute access."""

    def __getattr__(self, name):
        return getattr(worker_models(), name)


def with_worker_models(item, fn, kwargs: dict):
    """Run ``fn(item, models, **kwargs)`` with this worker's models (loaded when first used)."""
    return fn(item, _Lazy(), **kwargs)
