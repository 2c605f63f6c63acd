"""Generation folders: the completion marker, pruning, unique names, the run lock, verify."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from click.testing import CliRunner

from indexer.cli import cli
from indexer.engine import generations, runlock
from indexer.engine.backend import WhooshBackend
from indexer.errors import IndexBusy

from .conftest import ANALYSIS, REPO
from .test_backend import make_docs


@pytest.fixture()
def backend(tmp_path) -> WhooshBackend:
    return WhooshBackend(tmp_path / "index", ANALYSIS, keep_generations=2)


def test_the_marker_holds_the_sha256_of_every_index_file(backend):
    name, _ = backend.rebuild(make_docs(20))
    folder = backend.root / name
    marker = json.loads((folder / generations.MARKER).read_text(encoding="utf-8"))
    on_disk = {
        f.name: hashlib.sha256(f.read_bytes()).hexdigest()
        for f in folder.iterdir()
        if f.name not in {generations.MARKER, "meta.json", "report.csv"}
    }
    assert on_disk and {k: v["sha256"] for k, v in marker["files"].items()} == on_disk
    assert generations.verify(folder).ok


def test_an_aborted_runs_folder_never_costs_the_previous_good_generation(backend, tmp_path):
    """The bug: a killed run's newer, partial folder was kept and the good one deleted."""
    good, _ = backend.rebuild(make_docs(20))
    partial = generations.new_folder(backend.root)  # what kill -9 mid-write leaves
    (partial / "_MAIN_1.toc").write_bytes(b"half")
    other = WhooshBackend(tmp_path / "other", ANALYSIS)
    sealed, _ = other.rebuild(make_docs(12))  # complete, but killed right before its switch
    orphan = generations.new_folder(backend.root)
    orphan.rmdir()
    os.rename(other.root / sealed, orphan)
    assert generations.is_complete(orphan) and not generations.is_complete(partial)
    name, _ = backend.rebuild(make_docs(25, seed=3))
    left = {p.name for p in generations.folders(backend.root)}
    assert left == {good, name}, left
    assert backend.current_name() == name


def test_folder_names_are_unique_when_runs_start_in_the_same_second(tmp_path):
    made: list[str] = []
    threads = [
        threading.Thread(target=lambda: made.append(generations.new_folder(tmp_path).name))
        for _ in range(8)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(made)) == 8 == len(generations.folders(tmp_path))


def _hold_lock(index) -> subprocess.Popen:
    code = (
        "import sys, time\n"
        "from indexer.engine.runlock import run_lock\n"
        "with run_lock(sys.argv[1]):\n"
        "    print('held', flush=True)\n"
        "    time.sleep(60)\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code, str(index)], stdout=subprocess.PIPE, text=True, cwd=REPO
    )
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_a_second_run_exits_at_once_and_a_killed_holder_leaves_no_lock(tmp_path):
    index = tmp_path / "index"
    holder = _hold_lock(index)
    try:
        with pytest.raises(IndexBusy):
            with runlock.run_lock(index):
                pass
        result = CliRunner().invoke(cli, ["index", "--index", str(index), "--quiet"])
        assert result.exit_code == 1 and "another index run" in result.output
        assert f"pid {holder.pid}" in result.output
        assert not generations.folders(index)  # it wrote nothing
        assert runlock.state(index)["running"]["pid"] == holder.pid
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
        holder.stdout.close()
    assert runlock.state(index)["aborted"][0]["pid"] == holder.pid  # seen before the next run
    with runlock.run_lock(index) as facts:  # the kernel released the lock with the process
        facts["note"] = "after the kill"
    runs = runlock.state(index)["runs"]
    assert [r["status"] for r in runs[:2]] == ["ok", "aborted"]
    assert runs[1]["pid"] == holder.pid and runs[0]["note"] == "after the kill"
    assert runlock.state(index)["aborted"] == []


def test_a_failed_run_is_recorded_with_its_reason(backend):
    with pytest.raises(Exception, match="no documents"):
        backend.rebuild([])
    last = runlock.state(backend.root)["runs"][0]
    assert last["status"] == "failed" and "no documents" in last["reason"]
    assert any("失败" in w for w in backend.status()["warnings"])


@pytest.mark.parametrize("damage", ["truncate", "overwrite", "extra", "missing"])
def test_verify_finds_every_kind_of_damage(backend, damage):
    name, _ = backend.rebuild(make_docs(30))
    folder = backend.root / name
    assert generations.verify(folder).ok
    big = max((f for f in folder.iterdir() if f.suffix != ".json"), key=lambda f: f.stat().st_size)
    if damage == "truncate":
        os.truncate(big, big.stat().st_size // 2)
    elif damage == "overwrite":
        with open(big, "r+b") as fh:
            fh.seek(big.stat().st_size // 2)
            flipped = bytes(b ^ 0xFF for b in fh.read(16))
            fh.seek(big.stat().st_size // 2)
            fh.write(flipped)
    elif damage == "extra":
        (folder / "stray.seg").write_bytes(b"x")
    else:
        big.unlink()
    assert not generations.verify(folder).ok
    result = CliRunner().invoke(cli, ["verify", "--index", str(backend.root)])
    assert result.exit_code == 1 and name in result.output and "broken" in result.output


def test_verify_command_says_ok_for_good_generations(backend):
    first, _ = backend.rebuild(make_docs(20))
    time.sleep(0.01)
    second, _ = backend.rebuild(make_docs(20, seed=2))
    result = CliRunner().invoke(cli, ["verify", "--index", str(backend.root)])
    assert result.exit_code == 0, result.output
    assert f"* {second}: ok" in result.output and f"  {first}: ok" in result.output
