"""Running the Debian command-line readers (tesseract, pdftoppm, antiword, catdoc, soffice).

They are optional: a machine without them still indexes everything else, and the files that
need them are reported with the package to install. Each run gets a timeout taken from the
time the current file has left (``DEADLINE``, set by the worker that runs the file), so a
tool that hangs ends before the supervisor has to kill the whole worker.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import time
from contextvars import ContextVar
from pathlib import Path

from ...errors import ExtractionError

#: time.monotonic() by which the current file must be done; None: no limit (tests, the REPL).
DEADLINE: ContextVar[float | None] = ContextVar("xxgk_extract_deadline", default=None)

#: Debian package that provides each tool, for the "install …" hint in reasons.
PACKAGES = {
    "tesseract": "tesseract-ocr tesseract-ocr-chi-sim",
    "pdftoppm": "poppler-utils",
    "antiword": "antiword",
    "catdoc": "catdoc",
    "soffice": "libreoffice-writer-nogui",
}


@functools.cache
def which(tool: str) -> str | None:
    return shutil.which(tool)


def remaining(default: float = 600.0) -> float:
    """Seconds left for the current file (``default`` when there is no deadline)."""
    deadline = DEADLINE.get()
    return default if deadline is None else deadline - time.monotonic()


def run(cmd: list[str], path: Path, *, timeout: float | None = None, **kw) -> bytes:
    """Run a tool and return its stdout; a failure is an ExtractionError naming the tool.

    Single-threaded OpenMP (tesseract): the pipeline already runs one worker per core.
    """
    budget = min(timeout or remaining(), remaining())
    if budget <= 0.1:
        raise ExtractionError(str(path), f"time limit reached before {Path(cmd[0]).name} ran")
    env = {**os.environ, "OMP_THREAD_LIMIT": "1", "LC_ALL": "C.UTF-8"}
    try:
        done = subprocess.run(cmd, capture_output=True, timeout=budget, env=env, check=False, **kw)
    except subprocess.TimeoutExpired as exc:
        raise ExtractionError(
            str(path), f"{Path(cmd[0]).name} timed out after {budget:.0f} s"
        ) from exc
    except OSError as exc:
        raise ExtractionError(str(path), f"cannot run {Path(cmd[0]).name} ({exc})") from exc
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        why = detail[-1][:120] if detail else f"exit status {done.returncode}"
        raise ExtractionError(str(path), f"{Path(cmd[0]).name} failed ({why})")
    return done.stdout
