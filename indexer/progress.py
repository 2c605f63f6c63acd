"""What a person sees while an index run works: a bar on a terminal, a line a minute in a log.

Why: the weekly run is started by hand on a terminal (counts and an ETA answer "how long?")
or by cron/systemd, whose log wants a few plain lines, not a redrawn bar.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

from tqdm import tqdm

LOG_EVERY_S = 60.0


class Progress:
    """Counts documents read (and failed) out of ``total``; draws or logs them."""

    def __init__(
        self,
        total: int,
        *,
        bar: bool = False,
        log: TextIO | None = None,
        every_s: float = LOG_EVERY_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.total, self.done, self.failed = total, 0, 0
        self._log, self._every, self._clock = log, every_s, clock
        self._start = self._last = clock()
        self._bar = tqdm(total=total, desc="reading", unit="doc", disable=not bar)

    def update(self, failed: bool = False) -> None:
        self.done += 1
        self.failed += failed
        self._bar.update()
        if failed:
            self._bar.set_postfix(failed=self.failed, refresh=False)
        now = self._clock()
        if self._log is not None and now - self._last >= self._every:
            self._last = now
            self._log.write(self.line(now) + "\n")
            self._log.flush()

    def line(self, now: float | None = None) -> str:
        """``reading 1200/5839 (20%), 3 failed, 2.1 min so far, about 8 min left``"""
        now = self._clock() if now is None else now
        spent = now - self._start
        share = self.done / self.total if self.total else 1.0
        left = spent / self.done * (self.total - self.done) if self.done else float("nan")
        eta = f"about {left / 60:.0f} min left" if self.done else "estimating"
        return (
            f"reading {self.done}/{self.total} ({share:.0%}), {self.failed} failed, "
            f"{spent / 60:.1f} min so far, {eta}"
        )

    def close(self) -> None:
        self._bar.close()


class Phases:
    """Seconds per phase of a run (scan, read, write, finish), for the closing summary."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.add(name, time.perf_counter() - start)

    def add(self, name: str, seconds: float) -> None:
        self.seconds[name] = self.seconds.get(name, 0.0) + seconds

    def timed(self, name: str, items: Iterator) -> Iterator:
        """Pass ``items`` through, counting the time spent waiting for each one as ``name``
        (the read phase overlaps the write: what the writer waits for is the reading)."""
        while True:
            start = time.perf_counter()
            try:
                item = next(items)
            except StopIteration:
                self.add(name, time.perf_counter() - start)
                return
            self.add(name, time.perf_counter() - start)
            yield item

    def rounded(self) -> dict[str, float]:
        return {k: round(v, 2) for k, v in self.seconds.items()}
