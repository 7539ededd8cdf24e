"""What a Dask worker needs from claims: the plugin that loads the models once per worker.

Kept apart from :mod:`claims.execute` so that in-process runs never import ``distributed``.
Workers on other machines need ``claims`` installed (same version) to unpickle it.
"""
from __future__ import annotations

import os

from distributed import WorkerPlugin, get_worker

from .settings import ModelSettings

PLUGIN_NAME = "claims-models"


class ModelsPlugin(WorkerPlugin):
    """Loads :class:`claims.models.Models` when a worker joins and keeps them for its tasks."""

    name = PLUGIN_NAME
    idempotent = True

    def __init__(self, settings: ModelSettings):
        self.settings = settings
        self.models = None

    def setup(self, worker) -> None:
        from .models import Models

        _threads_per_task()
        self.models = Models.load(self.settings)


def _threads_per_task() -> None:
    """Each task uses ``CLAIMS_TASK_THREADS`` (default 1) BLAS/torch threads: a worker already
    runs ``--nthreads`` tasks at once, and a machine runs one worker process per core."""
    import torch
    from threadpoolctl import threadpool_limits

    threads = max(1, int(os.environ.get("CLAIMS_TASK_THREADS", "1")))
    torch.set_num_threads(threads)
    threadpool_limits(limits=threads)


def worker_models():
    """The models this worker loaded (the plugin must be registered)."""
    return get_worker().plugins[PLUGIN_NAME].models


def with_worker_models(item, fn, kwargs: dict):
    """Run ``fn(item, models, **kwargs)`` with this worker's models."""
    return fn(item, worker_models(), **kwargs)
