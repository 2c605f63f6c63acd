"""A whole publication folder through the real pipeline: every file is indexed or reported.

One folder holds what an office really publishes (scans, garbled PDFs, OFD, spreadsheets,
attachments) next to what it should not have (empty, oversized, truncated, encrypted and
misnamed files, an archive). A second run adds files that hang, crash or exhaust the memory
of their worker: the test doubles below are *files* handled by extractors registered for
their suffixes (our stack runs unchanged), and they prove the time and memory limits.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import time
import zipfile
from pathlib import Path

import pytest

from indexer.ingest import extract as extract_pkg
from indexer.ingest.extract import ocr
from indexer.ingest.workers import Crashed, Limits, run_isolated
from indexer.models import Extracted
from indexer.pipeline import backend_for, build

from .conftest import log_in, make_settings, staff_settings

INGEST = Path(__file__).parent / "fixtures" / "ingest"
FILES = Path(__file__).parent / "fixtures" / "files"
OCR = ocr.unavailable() is None

NOTICE = (
    "阿勒泰地区行政公署办公室关于印发政务公开考核办法的通知\n"
    "各县（市）人民政府，行署各部门：\n"
    "现将《阿勒泰地区政务公开工作考核办法》印发给你们，请认真贯彻执行。\n"
    "附件：1.阿勒泰地区政务公开工作考核办法\n"
    "阿勒泰地区行政公署办公室\n"
    "2024年3月1日\n"
)
RULES = "阿勒泰地区政务公开工作考核办法\n第一条 为做好政务公开工作考核，制定本办法。\n"
OTHER = "阿勒泰地区行政公署关于春耕备耕工作的通知\n各县（市）人民政府：请做好春耕备耕工作。\n"


# ── test doubles: extractors for files that misbehave ────────────────────────────────────────


def hang(path: Path) -> Extracted:
    time.sleep(600)
    raise AssertionError("not reached")


def abort(path: Path) -> Extracted:
    os.abort()


def leave(path: Path) -> Extracted:
    os._exit(7)


def hog(path: Path) -> Extracted:
    chunks = [bytearray(64 * 1024 * 1024) for _ in range(64)]  # 4 GB, over any test limit
    return Extracted(text=str(len(chunks)))


# ── the publication folder ───────────────────────────────────────────────────────────────────


def _publication(root: Path) -> Path:
    docs = root / "docs"
    (docs / "2024").mkdir(parents=True)
    for name in ("scanned.pdf", "cid_garbage.pdf", "mixed.pdf", "notice.ofd", "table.xlsx"):
        shutil.copy(INGEST / name, docs / "2024" / name)
    pub = docs / "考核办法"
    pub.mkdir()
    (pub / "关于印发政务公开考核办法的通知.txt").write_text(NOTICE, encoding="utf-8")
    (pub / "附件1：阿勒泰地区政务公开工作考核办法.txt").write_text(RULES, encoding="utf-8")
    (pub / "阿行署发〔2024〕7号.txt").write_text(OTHER, encoding="utf-8")
    shutil.copy(INGEST / "table.xls", pub / "阿行署发〔2024〕7号附件2-申报表.xls")
    bad = docs / "bad"
    bad.mkdir()
    (bad / "empty.pdf").write_bytes(b"")
    (bad / "big.txt").write_text("政务公开" * 200_000, encoding="utf-8")  # 2.4 MB > 1 MB
    shutil.copy(FILES / "truncated.pdf", bad / "truncated.pdf")
    shutil.copy(FILES / "encrypted_user.pdf", bad / "encrypted_user.pdf")
    shutil.copy(FILES / "encrypted_owner.pdf", bad / "encrypted_owner.pdf")
    shutil.copy(INGEST / "pdf_named.docx", bad / "pdf_named.docx")
    (bad / "<script>notes.xyz").write_text("hello", encoding="utf-8")
    with zipfile.ZipFile(bad / "archive.zip", "w") as z:
        z.writestr("a.txt", "政务公开")
    (bad / "bom.txt").write_bytes("\ufeff\ufffd\ufffd乱码".encode())
    return docs


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("ingest")
    settings = make_settings(root, docs=_publication(root), max_file_mb=1)
    report = build(settings)
    return settings, report


def _failures(report) -> dict[str, tuple[str, str]]:
    return {f.path: (f.kind, f.reason) for f in report.failures}


def test_every_file_is_indexed_or_reported_with_its_reason(built) -> None:
    settings, report = built
    failures = _failures(report)
    expected_fail = {
        "bad/empty.pdf": ("empty", "file is empty"),
        "bad/big.txt": ("too large", "larger than 1 MB"),
        "bad/encrypted_user.pdf": ("failed", "PDF is encrypted (needs a password)"),
        "bad/<script>notes.xyz": ("unsupported", "unsupported file type .xyz"),
        "bad/archive.zip": ("unsupported", "zip archive, not a document"),
        "bad/bom.txt": ("failed", "text contains undecodable characters (U+FFFD)"),
    }
    for path, want in expected_fail.items():
        assert failures.pop(path) == want, path
    kind, reason = failures.pop("bad/truncated.pdf")
    assert kind == "failed" and reason.startswith("damaged PDF")
    if not OCR:  # without Tesseract the scans are failures that say so
        assert failures.pop("2024/scanned.pdf")[1].startswith("scanned PDF: OCR not available")
        assert failures.pop("2024/cid_garbage.pdf")[1].startswith("unreadable font encoding")
    assert failures == {}
    ids = set(backend_for(settings).all_ids())
    assert {"bad/encrypted_owner.pdf", "bad/pdf_named.docx", "2024/notice.ofd"} <= ids
    assert "2024/table.xlsx" in ids and "2024/mixed.pdf" in ids
    assert report.indexed == len(ids)
    assert "bad/pdf_named.docx: named .docx but is PDF" in report.warnings


def test_summary_and_report_files_beside_the_index(built) -> None:
    settings, report = built
    summary = report.summary()
    assert summary["indexed"] == report.indexed
    assert summary["skipped"] == 4  # empty, too large, two unsupported
    assert summary["failed"] == len(report.failures) - 4
    assert summary["by_reason"]["failed: damaged PDF"] == 1
    gen = settings.index / report.generation
    meta = json.loads((gen / "meta.json").read_text(encoding="utf-8"))
    assert meta["report"]["summary"] == summary
    with open(gen / "report.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["path"] for r in rows if r["kind"] != "warning"} == {f.path for f in report.failures}


@pytest.mark.skipif(not OCR, reason="needs tesseract-ocr tesseract-ocr-chi-sim poppler-utils")
def test_ocr_documents_are_marked_stored_and_searchable(built, client_for) -> None:
    settings, report = built
    assert report.ocr == 3 and report.ocr_pages == 3  # scanned, garbled, the mixed PDF's page 2
    backend = backend_for(settings)
    scanned = backend.get("2024/scanned.pdf")
    assert scanned is not None and scanned.ocr and scanned.ocr_pages == 1
    assert "政务公开工作" in scanned.body
    garbled = backend.get("2024/cid_garbage.pdf")
    assert garbled is not None and "(cid:" not in garbled.body
    assert backend.get("2024/notice.ofd").ocr is False
    client = client_for(settings)
    api = client.get("/api/doc/2024/scanned.pdf").get_json()
    assert api["ocr"] is True and api["ocr_pages"] == 1
    assert client.get("/api/doc/2024/notice.ofd").get_json()["ocr"] is False
    page = client.get("/doc/2024/scanned.pdf").get_data(as_text=True)
    assert "本文由扫描件识别，可能有识别错误" in page
    assert "本文由扫描件识别" not in client.get("/doc/2024/notice.ofd").get_data(as_text=True)
    hits = client.get("/api/search", query_string={"q": "有关事项通知如下"}).get_json()
    assert "2024/scanned.pdf" in {h["id"] for h in hits["hits"]}


def test_attachments_are_linked_to_their_parent(built, client_for) -> None:
    settings, _ = built
    backend = backend_for(settings)
    notice = backend.get("考核办法/关于印发政务公开考核办法的通知.txt")
    rules = backend.get("考核办法/附件1：阿勒泰地区政务公开工作考核办法.txt")
    other = backend.get("考核办法/阿行署发〔2024〕7号.txt")
    form = backend.get("考核办法/阿行署发〔2024〕7号附件2-申报表.xls")
    assert rules.parent == notice.doc_id and notice.attachments == [rules.doc_id]  # by mention
    assert form.parent == other.doc_id and other.attachments == [form.doc_id]  # by prefix
    assert notice.parent is None and other.parent is None
    client = client_for(settings)
    api = client.get(f"/api/doc/{notice.doc_id}").get_json()
    assert api["attachments"] == [rules.doc_id]
    page = client.get(f"/doc/{notice.doc_id}").get_data(as_text=True)
    assert f"{rules.title}</a>" in page  # linked by title, not by file name (issue 11)
    child = client.get(f"/doc/{rules.doc_id}").get_data(as_text=True)
    assert f"{notice.title}</a>" in child and "的附件" in child


def test_staff_status_page_lists_failures_escaped(built, client_for) -> None:
    settings, report = built
    client = client_for(staff_settings(settings))
    assert log_in(client).status_code == 302
    html = client.get("/status").get_data(as_text=True)
    assert report.generation in html
    assert "&lt;script&gt;notes.xyz" in html and "<script>notes" not in html
    assert "PDF is encrypted (needs a password)" in html
    assert "larger than 1 MB" in html
    assert f"{report.ocr} 个文件" in html


@pytest.fixture(scope="module")
def client_for():
    from search_app import create_app

    def make(settings):
        app = create_app(settings)
        app.config.update(TESTING=True)
        return app.test_client()

    return make


# ── time and memory limits, crashes ──────────────────────────────────────────────────────────


def test_hang_crash_and_memory_hog_each_fail_alone(tmp_path: Path, monkeypatch) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, body in (("a.txt", OTHER), ("b.txt", RULES), ("c.txt", NOTICE)):
        (docs / name).write_text(body, encoding="utf-8")
    for name in ("hang.hang", "abort.crash", "exit.leave", "hog.hog"):
        (docs / name).write_text("x", encoding="utf-8")
    doubles = {".hang": hang, ".crash": abort, ".leave": leave, ".hog": hog}
    monkeypatch.setattr(extract_pkg, "EXTRACTORS", {**extract_pkg.EXTRACTORS, **doubles})
    # 6 s: on a loaded machine a worker's start can take seconds, and the hog must meet its
    # memory limit before its time limit
    settings = make_settings(tmp_path, docs=docs, extract_timeout_s=6, extract_memory_mb=700)
    started = time.monotonic()
    report = build(settings)
    assert time.monotonic() - started < 30
    assert report.indexed == 3
    failures = _failures(report)
    assert failures == {
        "hang.hang": ("timeout", "timed out after 6 s"),
        "abort.crash": ("crashed", "worker crashed (SIGABRT)"),
        "exit.leave": ("crashed", "worker exited unexpectedly (status 7)"),
        "hog.hog": ("crashed", "out of memory (limit 700 MB)"),
    }
    assert set(backend_for(settings).all_ids()) == {"a.txt", "b.txt", "c.txt"}


def test_results_come_back_in_task_order_despite_a_slow_task() -> None:
    tasks = [0.3, 0.0, 0.0, 0.0, 0.0]
    out = list(run_isolated(tasks, time.sleep, workers=2, limits=Limits(10, 1024), window=3))
    assert [t for t, _ in out] == tasks
    assert all(r is None for _, r in out)


def test_a_task_that_raises_is_a_value_not_a_dead_run() -> None:
    out = list(run_isolated([1, 0, 2], _invert, workers=1, limits=Limits(10, 1024)))
    assert out[0] == (1, 1.0) and out[2] == (2, 0.5)
    assert isinstance(out[1][1], Crashed)
    assert out[1][1].reason.startswith("unexpected error: ZeroDivisionError")


def _invert(x: int) -> float:
    return 1 / x
