"""The extraction cache: keyed by content and extractor version, safe when its writer is killed,
and what `xxgk cache status|prune` say about it; plus the progress lines of a logged run."""

from __future__ import annotations

import dataclasses
import io
import json
import signal
import sqlite3
import subprocess
import sys
import time

from click.testing import CliRunner

from indexer.cli import cli
from indexer.ingest import cache as cache_mod
from indexer.ingest.cache import ExtractCache, version_for
from indexer.ingest.extract import pdf
from indexer.ingest.extract import text as text_extractor
from indexer.models import Extracted
from indexer.progress import Progress

from .conftest import REPO, index_texts

WRITER = """
import sys
from indexer.ingest.cache import ExtractCache
from indexer.models import Extracted
cache = ExtractCache(sys.argv[1])
n = 0
while True:
    batch = [(f"{n + i:064x}", "1:.txt:1", Extracted(text="正文" * 2000 + str(n + i)))
             for i in range(50)]
    cache.put_many(batch)
    n += 50
    print(n, flush=True)
"""


def test_a_killed_writer_loses_nothing_committed(tmp_path) -> None:
    path = tmp_path / "cache.sqlite"
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True, cwd=REPO
    )
    committed = 0
    deadline = time.monotonic() + 60
    while committed < 500 and time.monotonic() < deadline:
        committed = int(proc.stdout.readline())
    proc.send_signal(signal.SIGKILL)  # in the middle of a later batch
    proc.wait()
    proc.stdout.close()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    count = db.execute("SELECT count(*) FROM extracted").fetchone()[0]
    db.close()
    assert committed >= 500 and count >= committed and count % 50 == 0
    with ExtractCache(path) as cache:
        got = cache.get(f"{committed - 1:064x}", "1:.txt:1")
    assert got is not None and got.text.endswith(str(committed - 1))


def test_a_new_extractor_version_misses(tmp_path, monkeypatch) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text("关于做好防汛工作的通知\n各单位：请做好防汛准备。", encoding="utf-8")
    version = version_for(doc)
    with ExtractCache(tmp_path / "c.sqlite") as cache:
        cache.put_many([("abc", version, Extracted(text="x", ocr_pages=2, warnings=["w"]))])
        got = cache.get("abc", version_for(doc))
        assert (got.text, got.ocr_pages, got.warnings) == ("x", 2, ["w"])
        monkeypatch.setattr(text_extractor, "VERSION", 2, raising=False)
        assert version_for(doc) != version and cache.get("abc", version_for(doc)) is None
        monkeypatch.setattr(cache_mod, "GLOBAL_VERSION", 9)
        assert cache.status()["stale"] == 1  # the entry no current extractor would write
        assert (cache.hits, cache.misses) == (1, 1)


def test_cache_status_and_prune(tmp_path) -> None:
    settings = index_texts(
        tmp_path,
        {"a.txt": "关于做好防汛工作的通知\n请做好准备。", "b.txt": "关于开展植树活动的通知"},
    )
    env = {"XXGK_INDEX": str(settings.index), "XXGK_DOCS": str(settings.docs)}
    runner = CliRunner()
    status = json.loads(runner.invoke(cli, ["cache", "status", "--json"], env=env).output)
    assert status["entries"] == 2 and status["last_run_misses"] == 2 and status["mb"] > 0
    (settings.docs / "b.txt").unlink()
    out = runner.invoke(cli, ["index", "--quiet"], env=env).output
    assert "1 removed" in out and "1 unchanged" in out
    # status says what prune would free: the entry of b.txt, which no indexed file uses now
    status = json.loads(runner.invoke(cli, ["cache", "status", "--json"], env=env).output)
    assert (status["entries"], status["unused"]) == (2, 1)
    assert "1 used by no file" in runner.invoke(cli, ["cache", "status"], env=env).output
    pruned = runner.invoke(cli, ["cache", "prune"], env=env)
    assert pruned.exit_code == 0 and "removed 1 entries" in pruned.output
    status = json.loads(runner.invoke(cli, ["cache", "status", "--json"], env=env).output)
    assert (status["entries"], status["unused"]) == (1, 0)


def test_a_log_gets_one_progress_line_a_minute() -> None:
    now = [0.0]
    log = io.StringIO()
    meter = Progress(120, log=log, clock=lambda: now[0])
    for i in range(120):
        now[0] = i * 2.0  # one document every 2 s: 4 minutes in all
        meter.update(failed=i == 5)
    meter.close()
    lines = log.getvalue().splitlines()
    assert len(lines) == 3  # at 60, 120 and 180 s
    assert lines[0].startswith("reading 31/120 (26%), 1 failed, 1.0 min so far")
    assert "about 3 min left" in lines[0]


def test_every_field_of_an_extraction_survives_the_cache(tmp_path) -> None:
    """Found by `make bench-reindex` on the originals: a scan rebuilt from the cache lost its
    per-page OCR confidence (the document page's warning), so it differed from a fresh read."""
    ext = Extracted(
        text="正文",
        title="关于印发办法的通知",
        meta={"doc_number": "东建〔2024〕4号"},
        pages=3,
        warnings=["页面模糊"],
        ocr_pages=2,
        ocr_confidence={1: 29.0, 3: 88.6},
    )
    version = "1:.pdf:1"
    with ExtractCache(tmp_path / "c.sqlite") as cache:
        cache.put_many([("ab" * 32, version, ext)])
    with ExtractCache(tmp_path / "c.sqlite") as cache:
        back = cache.get("ab" * 32, version)
    assert back is not None
    for f in dataclasses.fields(Extracted):
        assert getattr(back, f.name) == getattr(ext, f.name), f.name


def test_ocr_cut_short_by_the_time_limit_is_not_cached(tmp_path) -> None:
    """Which pages a file's time limit leaves unread depends on the machine's load (the
    originals bench: 2 of 6 pages in one run, 4 of 6 in the next): such a result is kept for
    this run only, so the next run OCRs the file again instead of keeping the gap for good."""
    warning = f"{pdf.OCR_CUT_SHORT}: 4 of 6 pages not read"
    cut = Extracted(text="正文", pages=6, warnings=[warning], ocr_pages=2)
    whole = Extracted(text="正文", pages=6, ocr_pages=6)
    with ExtractCache(tmp_path / "c.sqlite") as cache:
        cache.put_many([("aa" * 32, "1:.pdf:1", cut), ("bb" * 32, "1:.pdf:1", whole)])
        assert cache.get("aa" * 32, "1:.pdf:1") is None
        assert cache.get("bb" * 32, "1:.pdf:1") == whole
