"""Issue 15 item 3: `xxgk serve` runs several processes on one port (a real subprocess)."""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from indexer.serving import process_count, shared_settings
from tests.conftest import REPO, STAFF_PASSWORD, free_port, make_settings, staff_settings


def _children(pid: int) -> list[int]:
    """Processes whose parent is ``pid``, read from /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _wait_for_port(port: int, proc: subprocess.Popen, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("server did not start")


@pytest.mark.skipif(sys.platform != "linux", reason="reads worker processes from /proc")
def test_serve_runs_processes_that_share_staff_logins(corpus_index, tmp_path):
    """Two worker processes behind one port; a login made through one is honoured by the
    other (no secret key configured: `xxgk serve` makes one and gives it to both)."""
    port = free_port()
    settings = staff_settings(corpus_index)
    env = {k: v for k, v in os.environ.items() if not k.startswith("XXGK_")}
    env.update(
        XXGK_INDEX=str(corpus_index.index),
        XXGK_PORT=str(port),
        XXGK_PROCESSES="2",
        XXGK_THREADS="2",
        XXGK_STAFF_PASSWORD_HASH=settings.staff_password_hash,
        PYTHONPATH=str(REPO),
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "indexer", "serve"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        _wait_for_port(port, proc)
        deadline = time.monotonic() + 60
        while len(_children(proc.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert len(_children(proc.pid)) == 2
        base = f"http://127.0.0.1:{port}"
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        html = opener.open(base + "/login", timeout=60).read().decode()
        token = re.search(r'name="csrf" value="([^"]+)"', html).group(1)
        form = {"csrf": token, "password": STAFF_PASSWORD, "next": "/status"}
        with opener.open(base + "/login", urllib.parse.urlencode(form).encode(), timeout=60) as r:
            assert r.status == 200 and r.url.endswith("/status")
        for _ in range(8):  # a new connection each time: either process may answer
            with opener.open(base + "/api/status", timeout=60) as r:
                assert r.status == 200
        with urllib.request.urlopen(
            base + "/api/search?q=" + urllib.parse.quote("政府"), timeout=60
        ) as r:
            assert r.status == 200
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        proc.stdout.close()
    assert not _children(proc.pid)


def test_process_count_and_shared_key(tmp_path):
    settings = make_settings(tmp_path)
    assert process_count(settings.replace(processes=3)) == 3
    assert process_count(settings) == len(os.sched_getaffinity(0))
    one = shared_settings(settings, 1)
    assert one.secret_key == ""  # one process: Flask's own fresh key is enough
    many = shared_settings(settings, 2)
    assert len(many.secret_key) >= 32 and many.secret_key != shared_settings(settings, 2).secret_key
    assert shared_settings(settings.replace(secret_key="kept"), 4).secret_key == "kept"
