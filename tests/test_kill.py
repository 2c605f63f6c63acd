"""kill -9 a real `python -m indexer index` at several moments: the current generation keeps
serving, the next run completes normally, pruning keeps the previous good generation, and the
aborted run is recorded and shown on /status.

The run pauses at the chosen moment through tests/fixtures/killhooks/sitecustomize.py (loaded
via PYTHONPATH), which writes its pid to a signal file: the kill lands exactly there.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from indexer.cli import cli
from indexer.engine import generations, runlock
from indexer.engine.backend import WhooshBackend
from indexer.models import SearchRequest
from search_app import create_app

from .conftest import CORPUS, REPO, log_in, make_settings, staff_settings
from .test_backend import make_docs


def _staff_client(settings):
    """The real app with a staff login: /status and /api/status are staff pages."""
    client = create_app(staff_settings(settings)).test_client()
    assert log_in(client).status_code == 302
    return client


HOOKS = REPO / "tests" / "fixtures" / "killhooks"


def _docs(tmp_path: Path, n: int) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir(exist_ok=True)
    for src in sorted(CORPUS.rglob("*.txt"))[:n]:
        (docs / src.name).write_bytes(src.read_bytes())
    return docs


def _paused_run(settings, moment: str, signal_file: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(HOOKS), str(REPO)]),
        "KILLHOOK_PAUSE_AT": moment,
        "KILLHOOK_SIGNAL": str(signal_file),
    }
    args = ["index", "--docs", str(settings.docs), "--index", str(settings.index), "--quiet"]
    return subprocess.Popen(
        [sys.executable, "-m", "indexer", *args],
        env=env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its workers share its process group: cleaned up below
    )


def _wait_for(proc: subprocess.Popen, signal_file: Path, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while not signal_file.exists():
        if proc.poll() is not None:
            pytest.fail(f"the run ended before pausing: {proc.stderr.read().decode()[-2000:]}")
        if time.monotonic() > deadline:
            pytest.fail("the run never reached the pause")
        time.sleep(0.05)


def _kill(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)  # orphaned extraction workers, if any
    proc.stderr.close()


def _total(settings) -> int:
    backend = WhooshBackend.from_settings(settings)
    return backend.search(SearchRequest(size=1), facet_limit=1).total


@pytest.mark.parametrize("moment", ["extract", "write", "switch"])
def test_kill_9_mid_run_costs_nothing(tmp_path, moment):
    settings = make_settings(tmp_path, docs=_docs(tmp_path, 6))
    backend = WhooshBackend.from_settings(settings)
    good, _ = backend.rebuild(make_docs(4))  # the good generation that serves
    signal_file = tmp_path / "paused"
    proc = _paused_run(settings, moment, signal_file)
    try:
        _wait_for(proc, signal_file)
        if moment == "extract":  # while it runs, a second run exits at once
            result = CliRunner().invoke(cli, ["index", "--index", str(settings.index)])
            assert result.exit_code == 1 and "another index run" in result.output
            assert f"pid {proc.pid}" in result.output
    finally:
        _kill(proc)

    assert WhooshBackend.from_settings(settings).current_name() == good
    assert _total(settings) == 4  # the old generation still serves
    left = {p.name for p in generations.folders(settings.index)} - {good}
    assert len(left) == 1  # what the killed run left: partial, or sealed but never current
    assert generations.is_complete(settings.index / left.pop()) == (moment == "switch")
    client = _staff_client(settings)
    assert "上次建立索引中断" in client.get("/status").get_data(as_text=True)
    assert any(str(proc.pid) in w for w in client.get("/api/status").get_json()["warnings"])

    newest, count = backend.rebuild(make_docs(6, seed=2))  # the next run completes normally
    assert count == 6 and _total(settings) == 6
    assert {p.name for p in generations.folders(settings.index)} == {good, newest}
    runs = runlock.state(settings.index)["runs"]
    assert [r["status"] for r in runs[:2]] == ["ok", "aborted"] and runs[1]["pid"] == proc.pid
    assert runlock.state(settings.index)["aborted"] == []
