"""Timed index runs for bench/reindex.py: wall-clock and CPU seconds, and the load average.

CPU seconds are this process's and all its descendants', from /proc (Linux).

Why: on a machine shared with other people's jobs, wall-clock time depends on their load; the
CPU time a run needs mostly does not. Counted: user+system of this process, of every live
descendant, and of the children each of them has reaped (a finished worker of the forkserver
is counted in the forkserver's children times).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

_TICK = os.sysconf("SC_CLK_TCK")


def _stats() -> dict[int, list[str]]:
    out = {}
    for p in Path("/proc").iterdir():
        if not p.name.isdigit():
            continue
        try:
            text = (p / "stat").read_text()
        except OSError:
            continue
        out[int(p.name)] = text[text.rfind(")") + 2 :].split()
    return out


def tree_cpu_seconds(root: int | None = None) -> float:
    """utime+stime+cutime+cstime over ``root`` (default: this process) and its descendants."""
    stats = _stats()
    children: dict[int, list[int]] = {}
    for pid, f in stats.items():
        children.setdefault(int(f[1]), []).append(pid)
    total, todo = 0, [root or os.getpid()]
    while todo:
        pid = todo.pop()
        if pid in stats:
            total += sum(int(x) for x in stats[pid][11:15])
            todo.extend(children.get(pid, ()))
    return total / _TICK


#: Each timed run's figures, for the closing JSON: label → wall s, CPU s, load average.
RUNS: dict[str, dict] = {}


def timed(label: str, fn, *args, **kw):
    start, cpu = time.perf_counter(), tree_cpu_seconds()
    report = fn(*args, **kw)
    seconds, cpu = time.perf_counter() - start, tree_cpu_seconds() - cpu
    load = Path("/proc/loadavg").read_text().split()[:3]
    RUNS[label] = {"wall_s": round(seconds, 1), "cpu_s": round(cpu, 1), "load": load}
    run = report.run
    print(
        f"  {label:<26} {seconds:8.1f} s  cpu {cpu:7.1f} s  load {' '.join(load)}  "
        f"{run['mode']:<6} new {run['new']} changed {run['changed']} removed "
        f"{run['removed']} unchanged {run['unchanged']} read {run['read']} "
        f"phases {run['phases']}",
        flush=True,
    )
    return seconds, report


def speedups(full: str, *runs: str) -> dict:
    """Full / incremental, wall-clock and CPU, from RUNS."""
    out = {}
    for r in runs:
        for k in ("wall_s", "cpu_s"):
            out[f"{r} {k[:-2]}"] = round(RUNS[full][k] / max(RUNS[r][k], 0.01), 1)
    return out
