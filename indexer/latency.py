"""The last requests' timings, kept in process: p50/p95 per phase for the staff page.

A slow query in production is found without a profiler: /status shows where the time of the
last 1,000 searches went, and ``explain=1`` shows one search's phases.
"""

from __future__ import annotations

import math
import threading
from collections import deque

from .models import PHASES, Timing

#: Requests remembered: enough for stable percentiles, small enough to forget (~100 kB).
KEEP = 1000


class LatencyLog:
    """A bounded ring of per-request timings; safe to share between server threads."""

    def __init__(self, keep: int = KEEP) -> None:
        self._ring: deque[tuple[float, ...]] = deque(maxlen=keep)
        self._lock = threading.Lock()

    def record(self, timing: Timing) -> None:
        row = (timing.total, *(timing.ms.get(p, 0.0) for p in PHASES))
        with self._lock:
            self._ring.append(row)

    def summary(self) -> dict[str, object]:
        """{"count": n, "phases": {"total"|phase: {"p50", "p95"}}} in milliseconds."""
        with self._lock:
            rows = list(self._ring)
        phases: dict[str, dict[str, float]] = {}
        for i, name in enumerate(("total", *PHASES)):
            values = sorted(r[i] for r in rows)
            phases[name] = {"p50": _pct(values, 0.50), "p95": _pct(values, 0.95)}
        return {"count": len(rows), "phases": phases}


def _pct(values: list[float], q: float) -> float:
    """Nearest-rank percentile of sorted values (0.0 for none)."""
    if not values:
        return 0.0
    return round(values[max(0, math.ceil(len(values) * q) - 1)], 2)
