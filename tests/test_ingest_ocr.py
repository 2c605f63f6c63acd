"""Scanned and garbled PDFs: pages without a usable text layer are read by Tesseract.

The fixtures are real PDFs (tests/fixtures/ingest, see make_ingest_fixtures.py): an
image-only scan, a PDF with one text page and one scanned page, and a PDF whose embedded font
lost its ToUnicode map (pdfminer reads only "(cid:N)"). OCR tests skip where Tesseract is
not installed; CI installs it (`make test`).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from indexer.errors import ExtractionError
from indexer.ingest.extract import extract, ocr, pdf, textcheck

INGEST = Path(__file__).parent / "fixtures" / "ingest"
FILES = Path(__file__).parent / "fixtures" / "files"

needs_ocr = pytest.mark.skipif(
    ocr.unavailable() is not None,
    reason=f"{ocr.unavailable()} (apt-get install tesseract-ocr tesseract-ocr-chi-sim "
    "poppler-utils)",
)


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


@needs_ocr
def test_scanned_pdf_is_read_by_ocr() -> None:
    result = extract(INGEST / "scanned.pdf")
    assert result.ocr_pages == 1 and result.pages == 1
    text = _squeezed(result.text)
    for phrase in ("政务公开工作", "人民政府", "行署各部门", "有关事项通知如下", "政府信息公开"):
        assert phrase in text, (phrase, result.text)


@needs_ocr
def test_only_the_scanned_page_of_a_mixed_pdf_is_ocrd() -> None:
    result = extract(INGEST / "mixed.pdf")
    assert result.ocr_pages == 1 and result.pages == 2
    lines = result.text.split("\n")
    # Page 1 keeps its exact text layer, in order, before page 2's OCR.
    assert lines[:4] == [
        "阿勒泰地区财政局文件",
        "关于印发资金管理办法的通知",
        "各县市财政局：",
        "现将办法印发给你们，请认真执行。",
    ]
    assert "认真贯彻" in _squeezed("".join(lines[4:]))


@needs_ocr
def test_garbled_font_is_ocrd_never_indexed_as_cid_garbage() -> None:
    result = extract(INGEST / "cid_garbage.pdf")
    assert result.ocr_pages == 1
    assert "(cid:" not in result.text and "\ufffd" not in result.text
    text = _squeezed(result.text)
    for phrase in ("政务公开工作", "人民政府", "有关事项通知如下"):
        assert phrase in text, (phrase, result.text)


def test_without_ocr_a_scan_is_a_failure_with_that_reason(monkeypatch) -> None:
    monkeypatch.setattr(ocr, "unavailable", lambda: "OCR not available (install tesseract-ocr)")
    with pytest.raises(ExtractionError) as caught:
        extract(INGEST / "scanned.pdf")
    assert caught.value.reason == "scanned PDF: OCR not available (install tesseract-ocr)"
    with pytest.raises(ExtractionError) as garbled:
        extract(INGEST / "cid_garbage.pdf")
    assert garbled.value.reason.startswith("unreadable font encoding: OCR not available")


def test_without_ocr_the_text_pages_of_a_mixed_pdf_are_kept(monkeypatch) -> None:
    monkeypatch.setattr(ocr, "unavailable", lambda: "OCR not available (install tesseract-ocr)")
    result = extract(INGEST / "mixed.pdf")
    assert result.ocr_pages == 0
    assert result.text.split("\n")[0] == "阿勒泰地区财政局文件"
    assert result.warnings == ["1 of 2 pages not read: OCR not available (install tesseract-ocr)"]


@needs_ocr
def test_image_only_page_without_text_is_reported() -> None:
    """A page with only a black rectangle: OCR runs and finds nothing."""
    with pytest.raises(ExtractionError) as caught:
        extract(FILES / "image_only.pdf")
    assert caught.value.reason == "scanned PDF: OCR found no text"


def test_ocr_unavailable_names_the_packages(monkeypatch) -> None:
    ocr.unavailable.cache_clear()
    monkeypatch.setattr(ocr.tools, "which", lambda name: None)
    try:
        assert ocr.unavailable() == (
            "OCR not available (install tesseract-ocr tesseract-ocr-chi-sim poppler-utils)"
        )
    finally:
        ocr.unavailable.cache_clear()


@needs_ocr
def test_ocr_respects_the_files_deadline(tmp_path) -> None:
    """Page 1 of a 4-page scan is timed alone first (t, on this machine at its present
    load); then with 2t + 1 s left, OCR stops before the deadline: a page starts only while
    twice the slowest page so far plus a second still fits. Tied to the measured page time,
    not to a guess of it, so a loaded machine keeps the same margins; the exact number of
    pages read depends on how the load moves, the contract does not: page 1 is read, the
    pages read are a prefix, the rest are counted as unread, and nothing failed."""
    from tools.scan_fixtures import multipage

    path = tmp_path / "scan.pdf"
    multipage(path, 4, dpi=150, lines=2, size_mm=(210, 60))
    pages = [(n, 595.3, 60 / 25.4 * 72, 150.0) for n in range(4)]
    options = ocr.Options(("grayscale",), workers=1)
    started = ocr.time.monotonic()
    ocr.pdf_pages(path, pages[:1], options)
    alone = ocr.time.monotonic() - started
    deadline = ocr.time.monotonic() + 2 * alone + 1
    token = ocr.tools.DEADLINE.set(deadline)
    try:
        result = ocr.pdf_pages(path, pages, options)
    finally:
        ocr.tools.DEADLINE.reset(token)
    assert ocr.time.monotonic() < deadline + 1  # a tool still running at the deadline is ended
    read = len(result.lines)
    assert 1 <= read < 4 and list(result.lines) == list(range(read))
    assert result.unread == 4 - read and result.errors == []
    assert result.lines[0] and result.confidence[0] > 50


# ── text-layer checks (no OCR needed) ────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("text", "garbled"),
    [
        ("(cid:12)(cid:13)(cid:14)(cid:15) 通知", True),
        ("各县（市）人民政府：现将有关事项通知如下。(cid:3)", False),  # one stray glyph
        ("\ue001\ue002\ue003\ue004 政务", True),  # private-use code points
        ("\ufffd\ufffd\ufffd政务", True),
        ("!\"#$%&'()*+,-./!\"#$%&'()*+", True),  # glyph ids in the ASCII range
        ("各县（市）人民政府：现将有关事项通知如下。", False),
        ("Notice on the 2024 work plan, issued 5 March.", False),
    ],
)
def test_garbled_text_layer_detection(text: str, garbled: bool) -> None:
    assert textcheck.is_garbled(text) is garbled


def test_index_guard_and_stripping() -> None:
    assert textcheck.index_guard("政务公开") is None
    assert "cid" in (textcheck.index_guard("政务(cid:3)公开") or "")
    assert "U+FFFD" in (textcheck.index_guard("政务\ufffd公开") or "")
    assert textcheck.strip_unreadable("政务(cid:3)\ue000公开") == "政务公开"


def test_tesseract_tsv_lines_keep_boxes_and_drop_noise() -> None:
    tsv = (
        "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
        "5\t1\t1\t1\t1\t1\t100\t100\t200\t50\t95\t政务\n"
        "5\t1\t1\t1\t1\t2\t310\t100\t100\t50\t92\t公开\n"
        "5\t1\t1\t1\t1\t3\t420\t100\t20\t50\t90\t,\n"
        "5\t1\t1\t1\t1\t4\t450\t100\t100\t50\t91\t工作\n"
        "5\t1\t2\t1\t1\t1\t900\t900\t30\t30\t12\t>\n"
        "5\t1\t3\t1\t1\t1\t900\t990\t30\t30\t20\t当\n"
    )
    lines = ocr.parse_tsv(tsv, 72 / 300)
    assert [line.text for line in lines] == ["政务公开，工作"]
    assert lines[0].x0 == pytest.approx(24.0) and lines[0].size == pytest.approx(12.0)


def test_pdf_module_keeps_its_page_number_patterns() -> None:
    assert pdf.PAGE_NUMBER_RE.match("— 3 —") and pdf.EDGE_PAGE_NUMBER_RE.match("3/12")
