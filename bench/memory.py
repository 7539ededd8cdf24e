"""Peak memory of this process and every process it starts, sampled while a block runs.

Forked processes share their parent's pages until they write them, so the peak is the largest
sum of proportional set sizes (each shared page counted once, split between its sharers); the
plain resident-set sum, which counts shared pages once per process, is kept beside it.
"""
from __future__ import annotations

import threading


class PeakMemory:
    """``with PeakMemory() as peak: ...`` then ``peak.pss_mb`` and ``peak.rss_mb``."""

    def __init__(self, interval: float = 0.1):
        self.interval = interval
        self.pss = self.rss = 0

    def _sample(self) -> None:
        import psutil

        me = psutil.Process()
        while not self._done.wait(self.interval):
            pss = rss = 0
            for proc in [me, *me.children(recursive=True)]:
                try:
                    full = proc.memory_full_info()
                except psutil.Error:
                    continue
                pss += getattr(full, "pss", full.rss)
                rss += full.rss
            self.pss, self.rss = max(self.pss, pss), max(self.rss, rss)

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
