"""Sidecar metadata: FILE.meta.json and per-folder metadata.csv, written as a CMS would."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from indexer.ingest.sidecar import SidecarReader, is_sidecar

CSV_EN = (
    "file,title,department,doc_number,date,doc_type,topic,index_no\n"
    "a.pdf,关于印发《资金管理办法》的通知,阿勒泰地区财政局,阿地财发〔2017〕12号,"
    "2017-03-15,通知,财政、金融、审计\\财政,01234567-8/2017-00012\n"
    "b.docx,,阿勒泰地区行政公署,,,,,\n"
)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for name in ("a.pdf", "b.docx", "c.html"):
        (tmp_path / name).write_bytes(b"x")
    return tmp_path


def test_csv_row_by_file_name(folder: Path) -> None:
    (folder / "metadata.csv").write_text(CSV_EN, encoding="utf-8")
    reader = SidecarReader()
    assert reader.for_file(folder / "a.pdf") == {
        "title": "关于印发《资金管理办法》的通知",
        "department": "阿勒泰地区财政局",
        "doc_number": "阿地财发〔2017〕12号",
        "date": "2017-03-15",
        "doc_type": "通知",
        "topic": "财政、金融、审计\\财政",
        "index_no": "01234567-8/2017-00012",
    }
    assert reader.for_file(folder / "b.docx") == {"department": "阿勒泰地区行政公署"}
    assert reader.for_file(folder / "c.html") == {}
    assert reader.warnings == []


def test_csv_gb18030_with_bom_less_chinese_headers(folder: Path) -> None:
    text = (
        "文件,标题,发文机关,发文字号,成文日期,公文种类,主题分类,索引号\n"
        "b.docx,年度报告,阿勒泰地区行政公署,,2017年3月1日,报告,,\n"
    )
    (folder / "metadata.csv").write_bytes(text.encode("gb18030"))
    values = SidecarReader().for_file(folder / "b.docx")
    assert values == {
        "title": "年度报告",
        "department": "阿勒泰地区行政公署",
        "date": "2017年3月1日",
        "doc_type": "报告",
    }


def test_csv_utf8_with_bom(folder: Path) -> None:
    (folder / "metadata.csv").write_bytes(codecs.BOM_UTF8 + CSV_EN.encode("utf-8"))
    assert SidecarReader().for_file(folder / "a.pdf")["doc_type"] == "通知"


def test_csv_is_read_once_per_folder(folder: Path) -> None:
    (folder / "metadata.csv").write_text(CSV_EN, encoding="utf-8")
    reader = SidecarReader()
    assert reader.for_file(folder / "a.pdf")["doc_type"] == "通知"
    (folder / "metadata.csv").write_text("file,doc_type\na.pdf,意见\n", encoding="utf-8")
    assert reader.for_file(folder / "a.pdf")["doc_type"] == "通知"  # cached
    assert SidecarReader().for_file(folder / "a.pdf")["doc_type"] == "意见"


def test_json_beside_the_file_wins_over_csv_per_key(folder: Path) -> None:
    (folder / "metadata.csv").write_text(CSV_EN, encoding="utf-8")
    sidecar = {"title": "阿勒泰地区财政专项资金管理办法", "date": "2017-03-20", "pages": 3}
    (folder / "a.pdf.meta.json").write_text(json.dumps(sidecar, ensure_ascii=False), "utf-8")
    values = SidecarReader().for_file(folder / "a.pdf")
    assert values["title"] == "阿勒泰地区财政专项资金管理办法"
    assert values["date"] == "2017-03-20"
    assert values["department"] == "阿勒泰地区财政局"  # from the CSV
    assert "pages" not in values  # not a metadata field


def test_json_by_stem(folder: Path) -> None:
    (folder / "c.meta.json").write_text('{"doc_number": "阿行署发[2017]8号", "topic": ""}', "utf-8")
    assert SidecarReader().for_file(folder / "c.html") == {"doc_number": "阿行署发[2017]8号"}


def test_broken_sidecars_warn_and_yield_nothing(folder: Path) -> None:
    (folder / "a.pdf.meta.json").write_text('{"title": "未闭合', encoding="utf-8")
    (folder / "b.docx.meta.json").write_text('["not", "an", "object"]', encoding="utf-8")
    (folder / "metadata.csv").write_bytes(b"name,title\nc.html,x\n")
    reader = SidecarReader()
    assert reader.for_file(folder / "a.pdf") == {}
    assert reader.for_file(folder / "b.docx") == {}
    assert reader.for_file(folder / "c.html") == {}
    assert len(reader.warnings) == 3
    assert any("a.pdf.meta.json" in w and "unreadable" in w for w in reader.warnings)
    assert any("expected a JSON object" in w for w in reader.warnings)
    assert any("no 'file'" in w for w in reader.warnings)


def test_undecodable_csv_warns(folder: Path) -> None:
    (folder / "metadata.csv").write_bytes(b"file,title\na.pdf,\xff\xfe\xfd\n")
    reader = SidecarReader()
    assert reader.for_file(folder / "a.pdf") == {}
    assert reader.warnings and "metadata.csv" in reader.warnings[0]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("x.pdf.meta.json", True),
        ("x.meta.json", True),
        ("metadata.csv", True),
        ("METADATA.CSV", True),
        ("x.pdf", False),
        ("metadata.csv.bak", False),
        ("data.json", False),
    ],
)
def test_is_sidecar(name: str, expected: bool) -> None:
    assert is_sidecar(Path("docs") / name) is expected
