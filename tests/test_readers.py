"""Readers are released: a replaced generation's files are closed and unmapped when its last
request ends, not at the next restart."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from indexer.engine.backend import WhooshBackend
from indexer.models import SearchRequest

from .conftest import ANALYSIS
from .test_backend import make_docs


def held_by_this_process(folder: Path) -> list[str]:
    """Paths under ``folder`` that this process has open (/proc/self/fd) or mapped
    (/proc/self/maps); deleted files still show, with " (deleted)"."""
    prefix = str(folder.resolve()) + "/"
    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith(prefix):
            found.append(target)
    with open("/proc/self/maps", encoding="utf-8") as fh:
        found += [line.split(None, 5)[-1].strip() for line in fh if prefix in line]
    return found


def _search(backend: WhooshBackend) -> int:
    return backend.search(SearchRequest(q="公开", size=5), facet_limit=5).total


def test_a_pruned_generation_is_closed_when_its_last_request_ends(tmp_path):
    root = tmp_path / "index"
    writer = WhooshBackend(root, ANALYSIS, keep_generations=2)  # the weekly run's process
    server = WhooshBackend(root, ANALYSIS, keep_generations=2)  # the web server's
    first, _ = writer.rebuild(make_docs(40))
    assert _search(server) > 0
    with server.readers.use() as gen, server.readers.searcher(gen) as s:
        assert gen.name == first
        assert held_by_this_process(root / first)  # the check sees open files
        writer.rebuild(make_docs(40, seed=2))
        writer.rebuild(make_docs(40, seed=3))  # first is pruned (two kept)
        assert not (root / first).exists()
        assert _search(server) > 0  # another request switches to the newest
        assert s.doc_count() == 40  # the request that began on first still reads it
        assert held_by_this_process(root / first)
    del gen, s  # `with … as` names outlive the block; a request's do not
    assert held_by_this_process(root / first) == []


def test_many_threads_share_the_generation_and_none_keeps_the_old_one(tmp_path):
    root = tmp_path / "index"
    writer = WhooshBackend(root, ANALYSIS, keep_generations=1)
    server = WhooshBackend(root, ANALYSIS)
    first, _ = writer.rebuild(make_docs(40))
    errors: list[BaseException] = []

    def hammer() -> None:
        try:
            for _ in range(15):
                _search(server)
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=hammer) for _ in range(6)]
    for t in threads:
        t.start()
    writer.rebuild(make_docs(45, seed=2))
    for t in threads:
        t.join()
    assert errors == []
    assert server.search(SearchRequest(size=1), facet_limit=1).total == 45
    assert held_by_this_process(root / first) == []
