"""Run one function over many tasks in worker processes that a bad file cannot take down.

``concurrent.futures.ProcessPoolExecutor`` breaks for good when one worker dies (a segfault
in a PDF library, the kernel's OOM killer) and cannot stop a task that hangs. Here each worker
is a plain ``multiprocessing`` process with its own pipe, its own process group (so its
tesseract/antiword children die with it) and an address-space limit (``RLIMIT_AS``). The
supervisor gives each task a deadline; a task that overruns is killed with its worker, a
worker that dies is replaced, and either way the task comes back as a ``Crashed`` value and
the run goes on. Results are yielded in task order (a bounded window lets fast workers run
ahead of a slow file), so an index built twice from the same folder is the same.

As with any non-fork start method, workers import the caller's main module: a script that
calls ``build()`` needs the usual ``if __name__ == "__main__":`` guard (``xxgk``,
``python -m indexer`` and pytest have it).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import resource
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from ..errors import XxgkError

# forkserver: workers fork from a clean, single-threaded server process that has imported
# the pipeline once, instead of from the caller (which may run server threads: fork there is
# unsafe) or from scratch (spawn: a second of imports per restart). ``preload`` is the server's
# start: it loads jieba there, once.
_CTX = multiprocessing.get_context("forkserver")
_CTX.set_forkserver_preload(["indexer.pipeline", "indexer.ingest.preload"])


START_TIMEOUT_S = 120  # loading jieba takes about a second; a worker silent this long is stuck
_POLL_S = 5.0  # longest sleep while no task runs (workers starting up)


@dataclass(frozen=True)
class Limits:
    timeout_s: float
    memory_mb: int


@dataclass(frozen=True)
class Crashed:
    """A task that produced no result: it ran out of time or memory, or its worker died."""

    reason: str
    kind: str  # "timeout" | "crashed"


class _Worker:
    """One worker process and the task it is running (if any)."""

    def __init__(self, fn: Callable, init: Callable | None, initargs: tuple, limits: Limits):
        self.conn, child = _CTX.Pipe()
        self.proc = _CTX.Process(
            target=_worker_main,
            args=(child, fn, init, initargs, limits),
            daemon=True,
            name="xxgk-extract",
        )
        self.proc.start()
        child.close()
        self.ready = False
        self.started = time.monotonic()
        self.task: int | None = None
        self.deadline = 0.0

    def kill(self) -> None:
        """End the worker and everything it started (its process group)."""
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except (OSError, ValueError):
            pass
        self.proc.join(2)
        if self.proc.is_alive():
            self.kill()
        else:
            self.conn.close()


def run_isolated(
    tasks: Iterable[Any],
    fn: Callable[[Any], Any],
    *,
    workers: int,
    limits: Limits,
    init: Callable | None = None,
    initargs: tuple = (),
    window: int | None = None,
) -> Iterator[tuple[Any, Any]]:
    """Yield ``(task, fn(task) or Crashed)`` in task order. ``fn``, ``init`` and the tasks
    must pickle (module-level functions, plain data)."""
    window = window or max(64, 16 * workers)
    pool = [_Worker(fn, init, initargs, limits) for _ in range(max(1, workers))]
    source = enumerate(tasks)
    waiting: dict[int, Any] = {}  # task number -> task, until its result is yielded
    results: dict[int, Any] = {}
    next_out, queued, exhausted, failed_starts = 0, 0, False, 0
    try:
        while True:
            # Hand out work before handing back: a worker whose result just came in starts its
            # next task while the caller writes that result, instead of waiting for it.
            for w in pool:  # at most `window` tasks ahead of the oldest not handed back
                if w.ready and w.task is None and not exhausted and queued - next_out < window:
                    item = next(source, None)
                    if item is None:
                        exhausted = True
                        break
                    waiting[item[0]] = item[1]
                    queued += 1
                    w.task, w.deadline = item[0], time.monotonic() + limits.timeout_s
                    w.conn.send(item)
            handed_back = next_out
            while next_out in results:  # hand back, in order
                yield waiting.pop(next_out), results.pop(next_out)
                next_out += 1
            if exhausted and next_out == queued:
                return
            if next_out > handed_back:
                continue  # the window moved on: more work may go out before waiting
            busy = [w.deadline for w in pool if w.task is not None]
            timeout = max(0.0, min(busy) - time.monotonic()) if busy else _POLL_S
            wait([w.conn for w in pool] + [w.proc.sentinel for w in pool], timeout)
            for i, w in enumerate(pool):
                crash = _collect(w, results, limits)
                if crash is None:
                    continue
                if w.task is not None:
                    results[w.task] = crash
                    w.task = None
                if not w.ready:
                    failed_starts += 1
                    if failed_starts >= 3:
                        raise XxgkError(f"extraction workers cannot start: {crash.reason}")
                w.kill()
                pool[i] = _Worker(fn, init, initargs, limits)
    finally:
        for w in pool:
            w.stop()


def _collect(w: _Worker, results: dict[int, Any], limits: Limits) -> Crashed | None:
    """Take what a worker sent; a Crashed value when the worker has to be replaced."""
    try:
        while w.conn.poll():
            message = w.conn.recv()
            if message == "ready":
                w.ready = True
            elif message[0] == w.task:
                results[message[0]] = message[1]
                w.task = None
    except (EOFError, OSError):
        pass  # the worker died; its exit status says how
    if not w.proc.is_alive():
        w.proc.join()
        return Crashed(_death(w.proc.exitcode, limits), "crashed")
    if w.task is not None and time.monotonic() > w.deadline:
        return Crashed(f"timed out after {limits.timeout_s:g} s", "timeout")
    if not w.ready and time.monotonic() - w.started > START_TIMEOUT_S:
        return Crashed(f"worker did not start within {START_TIMEOUT_S} s", "crashed")
    return None


def _death(exitcode: int | None, limits: Limits) -> str:
    """A person's reading of how a worker ended."""
    if exitcode is not None and exitcode < 0:
        name = signal.Signals(-exitcode).name if -exitcode in signal.valid_signals() else ""
        if -exitcode == signal.SIGKILL:
            return f"worker was killed (SIGKILL; out of memory? limit {limits.memory_mb} MB)"
        return f"worker crashed ({name or f'signal {-exitcode}'})"
    return f"worker exited unexpectedly (status {exitcode})"


def _worker_main(
    conn: Connection, fn: Callable, init: Callable | None, initargs: tuple, limits: Limits
) -> None:
    """A worker: own process group, memory limit, then tasks until told to stop."""
    with contextlib.suppress(OSError):
        os.setpgid(0, 0)  # without a group of its own, a kill still ends the worker itself
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the supervisor's to handle
    limit = limits.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    if init is not None:
        init(*initargs)
    conn.send("ready")
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return  # the supervisor is gone
        if message is None:
            return
        number, task = message
        try:
            result: Any = fn(task)
        except MemoryError:
            result = Crashed(f"out of memory (limit {limits.memory_mb} MB)", "crashed")
        except Exception as exc:  # noqa: BLE001 - reported as the task's result
            result = Crashed(f"unexpected error: {type(exc).__name__}: {exc}"[:200], "crashed")
        try:
            conn.send((number, result))
        except MemoryError:
            result = None
            conn.send((number, Crashed(f"out of memory (limit {limits.memory_mb} MB)", "crashed")))
