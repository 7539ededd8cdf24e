"""Peak memory of this process and every process it starts, sampled while a block runs.

Forked processes share their parent's pages until they write them, so the peak is the largest
sum of proportional set sizes (each shared page counted once, split between its sharers); the
plain resident-set sum, which counts shared pages once per process, is kept beside it.

Reading the proportional sizes walks every page table (``smaps_rollup``): at ten reads a second
it took about a fifth of one core from a 1,383-article run and slowed what it measured (finding
the child processes scans all of ``/proc`` too). So they are read every ``pss_interval`` seconds,
the cheap resident sizes every ``interval``, and the PSS read is skipped while the resident sum
(an upper bound of the PSS sum) is below the PSS peak. The stages' peaks last seconds.
"""
from __future__ import annotations

import threading
import time


class PeakMemory:
    """``with PeakMemory() as peak: ...`` then ``peak.pss_mb`` and ``peak.rss_mb``."""

    def __init__(self, interval: float = 0.25, pss_interval: float = 1.0):
        self.interval = interval
        self.pss_interval = pss_interval
        self.pss = self.rss = 0

    def _sample(self) -> None:
        import psutil

        me = psutil.Process()
        last_pss = 0.0
        while not self._done.wait(self.interval):
            procs = [me, *me.children(recursive=True)]
            rss = sum(_safe(lambda p=p: p.memory_info().rss) for p in procs)
            self.rss = max(self.rss, rss)
            if rss > self.pss and time.monotonic() - last_pss >= self.pss_interval:
                last_pss = time.monotonic()
                self.pss = max(self.pss, sum(_safe(lambda p=p: getattr(p.memory_full_info(), "pss", 0)) for p in procs))

    def __enter__(self) -> "PeakMemory":
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._done.set()
        self._thread.join()

    @property
    def pss_mb(self) -> int:
        return round(self.pss / 2**20)

    @property
    def rss_mb(self) -> int:
        return round(self.rss / 2**20)


def _safe(read) -> int:
    import psutil

    try:
        return read()
    except psutil.Error:
        return 0
