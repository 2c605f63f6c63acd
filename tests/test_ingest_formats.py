"""More formats and misnamed files: OFD, spreadsheets, slides, RTF, .doc/.wps, encodings.

Fixtures are real files in tests/fixtures/ingest (made by make_ingest_fixtures.py); the
.doc and .wps checks use real published files from ../shared and skip where it is absent.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from indexer.errors import ExtractionError, UnsupportedFile
from indexer.ingest.extract import EXTRACTORS, choose, extract, tools
from indexer.ingest.extract.sniff import sniff

INGEST = Path(__file__).parent / "fixtures" / "ingest"
FILES = Path(__file__).parent / "fixtures" / "files"
ORIGINALS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "originals"


def test_registry_reads_the_new_formats() -> None:
    assert {".doc", ".wps", ".ofd", ".xlsx", ".xls", ".pptx", ".rtf", ".ppt"} <= set(EXTRACTORS)


# ── OFD ──────────────────────────────────────────────────────────────────────────────────────


def test_ofd_text_in_reading_order_with_paragraphs_rejoined() -> None:
    result = extract(INGEST / "notice.ofd")
    lines = result.text.split("\n")
    assert lines[:3] == [
        "阿勒泰地区行政公署办公室",
        "关于印发政务公开工作要点的通知",
        "各县（市）人民政府，行署各部门：",
    ]
    # One paragraph over three lines, wrapped mid-word: joined without spaces.
    assert lines[3] == (
        "为深入贯彻政府信息公开条例，进一步做好政务公开工作，现将二〇二四年政务公开工作要点"
        "印发给你们，请结合实际认真抓好落实。"
    )
    # Page 2 is stored bottom-up; reading order comes from positions: signature, then date.
    assert lines.index("阿勒泰地区行政公署办公室", 1) < lines.index("2024年3月1日")
    assert result.title == "关于印发2024年政务公开工作要点的通知"
    assert result.pages == 2
    assert "阿勒泰地区行政公署办公室印发" in lines  # the template page's footer


def test_ofd_broken_package_is_a_reason(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ofd"
    with zipfile.ZipFile(broken, "w") as z:
        z.writestr("OFD.xml", "<ofd:OFD xmlns:ofd='http://www.ofdspec.org/2016'><ofd:DocBody>")
    with pytest.raises(ExtractionError, match="OFD part is not valid XML"):
        extract(broken)
    missing = tmp_path / "missing.ofd"
    with zipfile.ZipFile(missing, "w") as z:
        z.writestr(
            "OFD.xml",
            "<OFD><DocBody><DocRoot>Doc_0/Document.xml</DocRoot></DocBody></OFD>",
        )
    with pytest.raises(ExtractionError, match="OFD part missing"):
        extract(missing)


# ── spreadsheets, slides, RTF ────────────────────────────────────────────────────────────────

SHEET_TEXT = [
    "资金分配表",
    "序号 项目名称 金额（万元） 下达日期",
    "1 农村公路养护 1523.5 2024-03-05",
    "2 学校校舍维修 800 2024-04-01",
    "说明",
    "本表由阿勒泰地区财政局编制。",
]


@pytest.mark.parametrize("name", ["table.xlsx", "table.xls"])
def test_spreadsheet_cells_sheet_by_sheet(name: str) -> None:
    assert extract(INGEST / name).text.split("\n") == SHEET_TEXT


def test_xlsx_title_from_properties() -> None:
    assert extract(INGEST / "table.xlsx").title == "2024年专项资金分配表"


def test_pptx_slides_tables_and_notes_in_order() -> None:
    result = extract(INGEST / "slides.pptx")
    assert result.text.split("\n") == [
        "2024年政务公开工作要点解读",
        "一、推进决策公开",
        "二、深化政策解读",
        "解读人：阿勒泰地区行政公署办公室",
        "主要指标",
        "指标 数量",
        "主动公开文件 1523",
    ]
    assert result.pages == 2
    assert result.title == "政务公开工作要点解读"


def test_rtf_gbk_escapes_unicode_escapes_and_cells() -> None:
    assert extract(INGEST / "notice.rtf").text.split("\n") == [
        "阿勒泰地区行政公署关于做好政务公开工作的通知",
        "各县（市）人民政府：",
        "现将有关事项通知如下。䶮",
        "指标 数量",
    ]


def test_rtf_with_raw_gbk_bytes(tmp_path: Path) -> None:
    """WPS writes the code-page bytes unescaped."""
    raw = tmp_path / "raw.rtf"
    raw.write_bytes(
        b"{\\rtf1\\ansi\\ansicpg936{\\fonttbl{\\f0\\fcharset134 SimSun;}}\\f0 "
        + "政务公开".encode("gbk")
        + b"\\par}"
    )
    assert extract(raw).text == "政务公开"


# ── content sniffing ─────────────────────────────────────────────────────────────────────────


def test_pdf_named_docx_is_read_as_pdf_with_a_warning() -> None:
    result = extract(INGEST / "pdf_named.docx")
    assert result.text.startswith("阿勒泰地区财政局文件\n关于印发资金管理办法的通知")
    assert result.warnings == ["named .docx but is PDF"]


def test_docx_named_doc_and_html_saved_as_doc(tmp_path: Path) -> None:
    docx_as_doc = tmp_path / "table.doc"
    shutil.copy(FILES / "table.docx", docx_as_doc)
    assert extract(docx_as_doc).text.startswith("阿勒泰地区2016年政府信息公开工作年度报告")
    html_as_doc = tmp_path / "page.doc"
    html_as_doc.write_bytes(
        "<html><head><meta charset='gbk'></head><body><p>各单位：现将有关事项通知如下。</p>"
        "</body></html>".encode("gbk")
    )
    assert extract(html_as_doc).text == "各单位：现将有关事项通知如下。"


@pytest.mark.parametrize(
    ("suffix", "kind", "expected"),
    [
        (".docx", ".pdf", ".pdf"),
        (".doc", ".rtf", ".rtf"),
        (".wps", ".doc", ".wps"),
        (".pdf", None, ".pdf"),  # unknown content: the suffix decides (and reports damage)
        (".txt", ".html", ".txt"),  # a text file about HTML stays text
        (".shtml", ".html", ".html"),
        (".xyz", None, None),
        (".zip", ".zip", None),
        (".docx", ".zip", ".docx"),  # a zip that is not a DOCX: the DOCX reader says so
    ],
)
def test_choose_extractor(suffix: str, kind: str | None, expected: str | None) -> None:
    assert choose(suffix, kind) == expected


def test_sniff_real_files() -> None:
    assert sniff(INGEST / "pdf_named.docx") == ".pdf"
    assert sniff(INGEST / "notice.ofd") == ".ofd"
    assert sniff(INGEST / "table.xlsx") == ".xlsx"
    assert sniff(INGEST / "table.xls") == ".xls"
    assert sniff(INGEST / "slides.pptx") == ".pptx"
    assert sniff(INGEST / "notice.rtf") == ".rtf"
    assert sniff(FILES / "table.docx") == ".docx"
    assert sniff(FILES / "portal_utf8.html") == ".html"
    assert sniff(FILES / "utf8.txt") is None


def test_zip_archive_and_unknown_ole_are_unsupported(tmp_path: Path) -> None:
    archive = tmp_path / "attachments.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("a.txt", "x")
    with pytest.raises(UnsupportedFile, match="zip archive, not a document"):
        extract(archive)
    ole = tmp_path / "thing.bin"
    ole.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(UnsupportedFile, match="OLE2 file of unknown type"):
        extract(ole)


# ── encodings ────────────────────────────────────────────────────────────────────────────────


def test_html_declared_utf8_but_gbk(tmp_path: Path) -> None:
    page = tmp_path / "gbk.html"
    page.write_bytes(
        "<html><head><meta charset='utf-8'><title>通知</title></head><body>"
        "<div id='zoom'><p>各县（市）人民政府：为进一步加强政务公开工作，现通知如下。</p></div>"
        "</body></html>".encode("gbk")
    )
    assert extract(page).text == "各县（市）人民政府：为进一步加强政务公开工作，现通知如下。"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig"])
def test_html_with_bom(tmp_path: Path, encoding: str) -> None:
    page = tmp_path / "bom.html"
    body = "<html><body><div id='zoom'><p>各县（市）人民政府：现将有关事项通知如下。</p></div>"
    page.write_bytes((body + "</body></html>").encode(encoding))
    text = extract(page).text
    assert text == "各县（市）人民政府：现将有关事项通知如下。"


UYGHUR = "شىنجاڭ ئۇيغۇر ئاپتونوم رايونلۇق خەلق ھۆكۈمىتى"
KAZAKH = "ىلە قازاق اۆتونوميالى وبلىسى"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_arabic_script_and_traditional_text_kept_intact(tmp_path: Path, encoding: str) -> None:
    text = f"{UYGHUR}\n{KAZAKH}\n新疆維吾爾自治區人民政府關於政務公開的通知\n"
    path = tmp_path / "ug.txt"
    path.write_bytes(text.encode(encoding))
    assert extract(path).text.split("\n") == text.strip().split("\n")
    page = tmp_path / "ug.html"
    page.write_bytes(
        f"<html><head><meta charset='gb2312'></head><body><div id='zoom'><p dir='rtl'>{UYGHUR}"
        f"</p><p>{KAZAKH}</p><p>關於政務公開的通知</p></div></body></html>".encode()
    )
    assert extract(page).text.split("\n") == [UYGHUR, KAZAKH, "關於政務公開的通知"]


# ── .doc and .wps: real published files (../shared) ──────────────────────────────────────────


def _originals(fmt: str) -> list[dict]:
    if not ORIGINALS.is_dir():
        pytest.skip("needs ../shared/corpus/originals beside the repository")
    rows = [json.loads(x) for x in (ORIGINALS / "manifest.jsonl").read_text("utf-8").splitlines()]
    return sorted((r for r in rows if r["format"] == fmt), key=lambda r: r["file"])


@pytest.mark.shared
@pytest.mark.parametrize("fmt", ["doc", "wps"])
def test_real_word97_and_wps_files(fmt: str) -> None:
    if not (tools.which("antiword") or tools.which("catdoc")):
        pytest.skip("needs antiword or catdoc (apt-get install antiword catdoc)")
    rows = _originals(fmt)
    texts = [extract(ORIGINALS / r["file"]).text for r in rows]
    assert all(len(t) > 100 for t in texts)
    joined = "\n".join(texts)
    for phrase in ("政府信息公开申请表", "住房公积金", "起草说明"):
        assert phrase in joined or fmt == "wps"
    if fmt == "wps":
        assert "海南省住房公积金管理局" in joined
        assert "སྣུམ་འཆོས" in joined  # Tibetan text that antiword drops and catdoc keeps


def test_doc_without_readers_is_unsupported(tmp_path: Path, monkeypatch) -> None:
    doc = tmp_path / "old.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le"))
    monkeypatch.setattr(tools, "which", lambda name: None)
    with pytest.raises(UnsupportedFile, match=r"no reader installed \(install antiword catdoc\)"):
        extract(doc)
    wps = tmp_path / "old.wps"
    wps.write_bytes(doc.read_bytes())
    with pytest.raises(UnsupportedFile, match="WPS file"):
        extract(wps)
