"""Extraction on real files (tests/fixtures/files, made by tests/fixtures/make_fixtures.py); the
HTML pages saved from a portal are in ``test_extract_html.py``."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from indexer.errors import ExtractionError, UnsupportedFile
from indexer.ingest.extract import EXTRACTORS, extract, pdf
from indexer.ingest.extract.text import decode_bytes
from indexer.textnorm import CJK

from .conftest import REPO, require_shared

FILES = Path(__file__).parent / "fixtures" / "files"
SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "originals"
CJK_GAP = re.compile(rf"[{CJK}][ \t]+[{CJK}]")


def test_registry_covers_the_promised_suffixes() -> None:
    assert {".pdf", ".docx", ".html", ".htm", ".txt"} <= set(EXTRACTORS)


# ── PDF ──────────────────────────────────────────────────────────────────────────────────────


@pytest.fixture(scope="module")
def two_pages():
    return extract(FILES / "two_pages.pdf")


def test_pdf_joins_wrapped_lines_without_spaces(two_pages) -> None:
    # "财政专|项资金" wraps on page 1; "绩效评|价结果" wraps across the page break.
    assert "制定了《阿勒泰地区财政专项资金管理办法》，现印发给你们" in two_pages.text
    assert "并将绩效评价结果作为安排以后年度预算的重要依据" in two_pages.text
    assert not CJK_GAP.search(two_pages.text)


def test_pdf_keeps_paragraphs_one_per_line(two_pages) -> None:
    lines = two_pages.text.split("\n")
    assert lines[:4] == [
        "阿勒泰地区财政局文件",
        "阿地财发〔2017〕12号",
        "关于印发《阿勒泰地区财政专项资金",
        "管理办法》的通知",
    ]
    assert "各县（市）财政局，地区各有关单位：" in lines
    assert any(
        line.startswith("为加强和规范") and line.endswith("请认真贯彻执行。") for line in lines
    )
    assert any(line.startswith("各单位要建立健全") and line.endswith("反映。") for line in lines)


def test_pdf_drops_page_number_footers(two_pages) -> None:
    assert "—" not in two_pages.text
    assert not re.search(r"^\W*\d+\W*$", two_pages.text, re.M)


@pytest.mark.parametrize(
    ("line", "anywhere", "at_edge"),
    [
        ("— 3 —", True, True),
        ("- 12 -", True, True),
        ("第3页", True, True),
        ("第 3 页 共 12 页", True, True),
        ("3/12", False, True),
        ("7", False, True),
        ("第3条", False, False),
        ("2017", False, True),
        ("—— 2021年3月5日", False, False),
    ],
)
def test_page_number_patterns(line: str, anywhere: bool, at_edge: bool) -> None:
    assert bool(pdf.PAGE_NUMBER_RE.match(line)) is anywhere
    assert bool(pdf.PAGE_NUMBER_RE.match(line) or pdf.EDGE_PAGE_NUMBER_RE.match(line)) is at_edge


def test_pdf_reports_pages_and_rejects_converter_titles(two_pages) -> None:
    assert two_pages.pages == 2
    assert two_pages.title is None  # /Info Title is "Microsoft Word - 12.doc"
    assert all(line == line.strip() for line in two_pages.text.split("\n"))


def test_pdf_running_header_and_footer_dropped_and_paragraph_rejoined() -> None:
    text = extract(FILES / "running_header.pdf").text
    lines = text.split("\n")
    assert lines[0] == "阿勒泰地区行政公署规章"  # the first page keeps it as the header
    assert text.count("阿勒泰地区行政公署规章") == 1
    assert "行署办公室印制" not in text
    assert len(lines) == 3  # header, one paragraph over three pages, the closing article
    assert lines[1].endswith(
        "本规定。第一条为了规范政务公开工作，提高政府工作透明度，根据有关法律法规，结合本地区实际，制定本规定。"
    )
    assert lines[2] == "本规定自发布之日起施行。"


def test_pdf_owner_password_only_is_still_read() -> None:
    result = extract(FILES / "encrypted_owner.pdf")
    assert result.text.split("\n")[:2] == [
        "阿勒泰地区行政公署关于加强政务公开工作的意见",
        "各县（市）人民政府，行署各部门：",
    ]
    assert result.title == "阿勒泰地区行政公署关于加强政务公开工作的意见"


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("encrypted_user.pdf", "PDF is encrypted (needs a password)"),
        ("empty.pdf", "file is empty"),
        ("plain_text.docx", "not a valid DOCX (zip) file"),
    ],
)
def test_broken_files_give_a_reason(name: str, reason: str) -> None:
    with pytest.raises(ExtractionError) as caught:
        extract(FILES / name)
    assert type(caught.value) is ExtractionError
    assert caught.value.reason == reason
    assert caught.value.path == str(FILES / name)


@pytest.mark.parametrize(
    ("name", "prefix"),
    [("truncated.pdf", "damaged PDF"), ("not_a_pdf.pdf", "not a valid PDF")],
)
def test_corrupt_pdfs_are_reported(name: str, prefix: str) -> None:
    with pytest.raises(ExtractionError) as caught:
        extract(FILES / name)
    assert caught.value.reason.startswith(prefix)


def test_unsupported_suffix(tmp_path: Path) -> None:
    notes = tmp_path / "notes.xyz"
    notes.write_text("hello", encoding="utf-8")
    with pytest.raises(UnsupportedFile) as caught:
        extract(notes)
    assert caught.value.reason == "unsupported file type .xyz"
    assert isinstance(caught.value, ExtractionError)  # one except clause catches both


def test_fake_ofd_is_a_damaged_package() -> None:
    with pytest.raises(ExtractionError, match="damaged zip container"):
        extract(FILES / "document.ofd")


def test_suffix_is_case_insensitive(tmp_path: Path) -> None:
    upper = tmp_path / "NOTICE.TXT"
    shutil.copy(FILES / "utf8.txt", upper)
    assert extract(upper).text.startswith("阿勒泰地区行政公署办公室")


def test_whitespace_only_file_has_no_text(tmp_path: Path) -> None:
    blank = tmp_path / "blank.txt"
    blank.write_text(" \n\u3000\n", encoding="utf-8")
    with pytest.raises(ExtractionError, match="no text found"):
        extract(blank)


def test_missing_file_is_an_extraction_error(tmp_path: Path) -> None:
    with pytest.raises(ExtractionError, match="cannot read file"):
        extract(tmp_path / "gone.pdf")


# ── DOCX ─────────────────────────────────────────────────────────────────────────────────────


def test_docx_paragraphs_and_table_rows_in_document_order() -> None:
    result = extract(FILES / "table.docx")
    assert result.text.split("\n") == [
        "阿勒泰地区2016年政府信息公开工作年度报告",
        "一、主动公开政府信息情况",
        "主动公开情况统计",  # the merged header cell, once
        "指标 单位 数量",
        "公开文件 条 1523",
        "二、依申请公开政府信息情况",
    ]
    assert result.title == "阿勒泰地区2016年政府信息公开工作年度报告"


# ── TXT ──────────────────────────────────────────────────────────────────────────────────────

TXT_LINES = [
    "阿勒泰地区行政公署办公室关于做好2017年政务公开工作的通知",
    "",
    "各县（市）人民政府办公室：",
    "现将有关事项通知如下。",
]


@pytest.mark.parametrize("name", ["utf8.txt", "utf8_bom.txt", "gb18030.txt", "utf16.txt"])
def test_txt_encodings_and_newlines(name: str) -> None:
    text = extract(FILES / name).text
    assert text.split("\n") == TXT_LINES
    assert "\r" not in text and "\ufeff" not in text


def test_decode_bytes_short_gbk_text() -> None:
    assert decode_bytes("公开".encode("gbk")) == "公开"
    assert decode_bytes("政府信息公开".encode("utf-16-le")) == "政府信息公开"


# ── real documents from ../shared (skipped where absent) ─────────────────────────────────────


def _sample() -> list[dict]:
    lines = (SHARED / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines if line.strip()]
    picked: list[dict] = []
    for fmt in ("pdf", "docx", "html"):
        titled = sorted((r for r in rows if r["format"] == fmt and r.get("title")), key=_key)
        picked += titled[:3]
    return picked


def _key(row: dict) -> str:
    return row["file"]


@pytest.mark.shared
def test_real_originals_sample() -> None:
    if not SHARED.is_dir():
        pytest.skip("needs ../shared/corpus/originals beside the repository (not in user clones)")
    for row in _sample():
        path = SHARED / row["file"]
        try:
            result = extract(path)
        except ExtractionError:
            continue  # reported, not raised further: that is the contract
        text = result.text
        assert text.strip(), row["file"]
        visible = [c for c in text if not c.isspace()]
        cjk = sum(1 for c in visible if re.match(f"[{CJK}]", c))
        assert cjk >= 0.5 * len(visible), row["file"]
        wanted = _core_title(row["title"])
        found = f"{result.title or ''}\n{text}"
        if wanted and len(wanted) >= 6:
            assert wanted in re.sub(r"\s+", "", found), (row["file"], wanted)


def _core_title(title: str) -> str:
    """The crawler's title without a file extension, site suffix or spaces."""
    title = re.sub(r"\.(pdf|docx?|html?)$", "", title)
    title = re.split(r"[_|]| - ", title)[0]
    return re.sub(r"\s+", "", title)


def test_a_table_pdf_reads_the_same_in_every_process():
    """pdfminer broke ties between evenly spaced table cells by memory address: a real
    74,000-character table of parks read back in another order in each process, so a rebuild
    changed a document nobody edited (stable_layout.py)."""
    import subprocess
    import sys

    pdf = (
        require_shared()
        / "originals"
        / "realestate_docs"
        / ("ac2a2f026bace14949a44cca1c8f3827402fc1aef6702d3679d2f2bc94d47069.pdf")
    )
    code = (
        "import hashlib, sys; from pathlib import Path; from indexer.ingest import extract; "
        "print(hashlib.sha256(extract.extract(Path(sys.argv[1])).text.encode()).hexdigest())"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", code, str(pdf)],
            capture_output=True,
            text=True,
            check=True,
            cwd=REPO,
        ).stdout.strip()
        for _ in range(2)  # three runs of the old code gave three different texts
    }
    assert len(digests) == 1, digests
