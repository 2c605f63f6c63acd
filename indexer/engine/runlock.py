"""One index run at a time, and a record of every run, aborted ones included.

The lock is ``flock`` on ``INDEX/index.lock``: the kernel releases it when the holder dies,
so a run killed with ``kill -9`` never leaves a lock behind. While a run holds it,
``run.json`` says who started it and when; a finished run (ok or failed) appends a line to
``runs.jsonl`` and removes ``run.json``. A ``run.json`` found with the lock free therefore
belongs to a run that was killed: the next run records it as aborted, and ``/status`` shows
it meanwhile.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import IndexBusy

LOCK = "index.lock"
RUN = "run.json"
RUNS = "runs.jsonl"
KEEP_RUNS = 200  # lines of history kept in runs.jsonl: a few years of weekly runs
_HELD: dict[Path, dict[str, Any]] = {}  # lock files this process holds → the run's facts


@contextlib.contextmanager
def run_lock(root: Path, *, wait_s: float = 0.5) -> Iterator[dict[str, Any]]:
    """Hold the index folder's run lock for the block; yields a dict the caller may fill with
    facts (generation, counts) that go into the run's record. Re-entrant within a process, so
    the pipeline can hold it around a build whose backend takes it again. Raises IndexBusy at
    once (after ``wait_s``, which only covers a `/status` page probing the lock) when another
    run holds it."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    path = (root / LOCK).resolve()
    if path in _HELD:
        yield _HELD[path]
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        _acquire(fd, root, wait_s)
        facts: dict[str, Any] = {}
        _HELD[path] = facts
        try:
            yield from _recorded(root, facts)
        finally:
            del _HELD[path]
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _acquire(fd: int, root: Path, wait_s: float) -> None:
    deadline = time.monotonic() + wait_s
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                holder = _read(root / RUN) or {}
                raise IndexBusy(
                    f"另一个建立索引的任务正在运行 (another index run is in progress in {root}: "
                    f"pid {holder.get('pid', '?')}, started {holder.get('started_at', '?')}); "
                    "this one exits without changing anything. Run it again when that one ends."
                ) from None
            time.sleep(0.05)


def _recorded(root: Path, facts: dict[str, Any]) -> Iterator[dict[str, Any]]:
    stale = _read(root / RUN)
    if stale is not None:
        _append(root, {**stale, "status": "aborted", "found_at": _now()})
    started = time.monotonic()
    run = {"pid": os.getpid(), "started_at": _now()}
    _write(root / RUN, run)
    status, reason = "failed", None
    try:
        yield facts
        status = "ok"
    except BaseException as exc:
        reason = f"{type(exc).__name__}: {exc}"[:300]
        raise
    finally:
        record = {**run, "status": status, "finished_at": _now()}
        record["seconds"] = round(time.monotonic() - started, 1)
        _append(root, {**record, **facts, **({"reason": reason} if reason else {})})
        with contextlib.suppress(OSError):
            (root / RUN).unlink()


def state(root: Path, last: int = 10) -> dict[str, Any]:
    """What staff need to see: a run in progress, a killed run not yet recorded, and the last
    runs (newest first) with the aborted and failed ones since the last good run."""
    root = Path(root)
    history = _history(root)[-last:][::-1]
    out: dict[str, Any] = {"runs": history, "running": None, "aborted": []}
    current = _read(root / RUN)
    if current is not None:
        if _locked(root):
            out["running"] = current
        else:
            out["aborted"].append({**current, "status": "aborted"})
    for rec in history:
        if rec.get("status") == "ok":
            break
        out["aborted"].append(rec)
    return out


def _locked(root: Path) -> bool:
    """Whether a run holds the lock (a shared probe, released at once; a starting run that
    meets it retries for ``wait_s``)."""
    try:
        fd = os.open(root / LOCK, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    except BlockingIOError:
        return True
    finally:
        os.close(fd)


def _history(root: Path) -> list[dict[str, Any]]:
    try:
        lines = (root / RUNS).read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    out = []
    for line in lines:
        with contextlib.suppress(ValueError):
            rec = json.loads(line)
            if isinstance(rec, dict):
                out.append(rec)
    return out


def _append(root: Path, record: dict[str, Any]) -> None:
    lines = [json.dumps(r, ensure_ascii=False, default=str) for r in _history(root)]
    lines = [*lines, json.dumps(record, ensure_ascii=False, default=str)][-KEEP_RUNS:]
    _write_text(root / RUNS, "\n".join(lines) + "\n")


def _read(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _write(path: Path, data: dict[str, Any]) -> None:
    _write_text(path, json.dumps(data, ensure_ascii=False, default=str))


def _write_text(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _now() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")
