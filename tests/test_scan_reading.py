"""Reading scans (issue 12, class 2): look-alike glyphs on OCR'd header lines, one-column pages
read as one block, and cached scans OCR'd again when the steps or the OCR code change.

The look-alike cases are lines Tesseract gave for the generated scans of
``tools/scan_fixtures.py`` (and lines a real document has, where the correction must not
fire). The scan tests read two generated scans the way ``make index`` does (the build door's
``_from_file``: real pdftoppm and tesseract) and compare with the text they were typeset from.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest

from indexer.ingest.cache import ExtractCache, version_for
from indexer.ingest.extract import ocr, preprocess
from indexer.ingest.metadata import describe
from indexer.ingest.metadata.lookalike import (
    correct_header,
    fix_date,
    fix_number,
    fix_org,
    fix_red_header,
    fix_title,
    garbled_number,
    strip_specks,
)
from indexer.models import SourceFile
from indexer.pipeline import _from_file, build
from tools import scan_fixtures

from .conftest import make_settings

needs_ocr = pytest.mark.skipif(ocr.unavailable() is not None, reason=f"{ocr.unavailable()}")
SCANNED = Path(__file__).parent / "fixtures" / "ingest" / "scanned.pdf"

# A fax as Tesseract read it (fax7 of the fixtures, its 署名 as phone4's): specks at the line
# ends, 某 read as 基 and 其, the 文号's opening bracket as "1" and a speck after the year.
FAX = """某某区教育局文件
“基教发12023].5号-
”关于做好秋季学期开学工作的通知
各县区人民政府，市政府各部门：
为切实做好今年各项工作，确保人民群众生命财产安全，
经市政府同意，现将有关事项通知如下。
四、加强信息报送，重要情况及时报告。
“，，，其某区教育局
2023年8月25日."""


def test_a_misread_header_is_read_right_and_the_body_is_kept_as_read() -> None:
    doc = describe("fax.pdf", FAX, ocr=True)
    assert (doc.title, doc.doc_number, doc.department) == (
        "关于做好秋季学期开学工作的通知",
        "某教发〔2023〕5号",
        "某某区教育局",
    )
    assert doc.date.isoformat() == "2023-08-25" and doc.doc_type == "通知"
    assert doc.body == FAX  # indexed as read
    # the body lines keep their punctuation, only header and signature lines change
    fixed = correct_header(FAX).split("\n")
    assert fixed[3:7] == FAX.split("\n")[3:7]


def test_born_digital_text_is_not_corrected() -> None:
    """Without ``ocr`` the same text is read literally: the corrections are for scans."""
    doc = describe("fax.txt", FAX)
    assert doc.doc_number != "某教发〔2023〕5号"
    assert doc.title != "关于做好秋季学期开学工作的通知"


def test_a_title_does_not_start_with_the_number_line() -> None:
    doc = describe("fax.pdf", FAX, ocr=True)
    assert not doc.title.startswith(("基", "某", "“"))


@pytest.mark.parametrize(
    ("line", "after", "want"),
    [
        ("天于加强建筑工地安全管理的通知", "", "关于加强建筑工地安全管理的通知"),
        ("美于印发预算绩效管理办法的通知", "", "关于印发预算绩效管理办法的通知"),
        ("天于印发预算绩效", "管理办法的通知", "关于印发预算绩效"),  # a title over two lines
        ("某某市人民政府天于做好防汛工作的通知", "", "某某市人民政府关于做好防汛工作的通知"),
        # must not fire: no title follows, or the words are real
        ("天于是下起了雨", "", "天于是下起了雨"),
        ("今天于会议室召开的通知", "", "今天于会议室召开的通知"),
        ("关于做好防汛工作的通知", "", "关于做好防汛工作的通知"),
    ],
)
def test_title_lookalikes_fire_only_where_a_title_results(line, after, want) -> None:
    assert fix_title(line, after) == want


def test_number_lookalikes_need_the_issuer_to_license_them() -> None:
    assert fix_number("革教发【2023]5号", "某某区教育局") == "某教发【2023]5号"
    assert fix_number("基教发12023].5号", "某某区教育局") == "某教发12023].5号"
    # the issuer's name has 基 itself, or no 某: the code is left as read
    assert fix_number("基教发〔2023〕5号", "某某市基础教育局") == "基教发〔2023〕5号"
    assert fix_number("基教发〔2023〕5号", "北京市教育委员会") == "基教发〔2023〕5号"
    assert fix_number("其他事项", "某某区教育局") == "其他事项"  # no year: no number


def test_a_signature_is_the_issuer_only_when_it_differs_by_lookalikes() -> None:
    assert fix_org("其某市人民政府办公室", "某某市人民政府办公室") == "某某市人民政府办公室"
    assert fix_org("某某市人民政府", "某某市人民政府办公室") == "某某市人民政府"
    assert fix_org("其某市财政局", "某某市教育局") == "其某市财政局"  # 财 is no look-alike


def test_strays_after_a_red_header_or_a_date_go_only_where_licensed() -> None:
    assert fix_red_header("江苏省交通运输厅文件本", ["江苏省交通运输厅"]) == "江苏省交通运输厅文件"
    assert fix_red_header("江苏省交通运输厅文件本", ["某某市财政局"]) == "江苏省交通运输厅文件本"
    assert fix_date("2020年9月30日1") == "2020年9月30日"
    assert fix_date("2020年9月30日印发") == "2020年9月30日印发"  # a word, not a speck


def test_a_garbled_number_line_is_no_title_line() -> None:
    assert garbled_number("“基教发12023门.5与")
    assert not garbled_number("基建发120211.7号")  # read as a number after all
    assert not garbled_number("关于2021年第3号提案的答复")
    assert not garbled_number("某某市人民政府2021年第3号令")


def test_specks_go_and_quotes_that_pair_stay() -> None:
    assert strip_specks("“基教发12023].5号-") == "基教发12023].5号"
    assert strip_specks("关于加强建筑工地安全管理的通知|") == "关于加强建筑工地安全管理的通知"
    assert strip_specks("“十四五”规划编制工作方案") == "“十四五”规划编制工作方案"
    assert strip_specks("关于印发“十四五”规划的“通知”") == "关于印发“十四五”规划的“通知”"


def test_a_page_in_two_columns_keeps_tesseracts_layout_analysis() -> None:
    column = ["全年全市地区生产总值达到五千二百亿", "元，按不变价格计算，比上年增长百分"] * 8
    two = scan_fixtures.columns_page(column, column, "某某市国民经济和社会发展统计公报")
    one = scan_fixtures.typeset(scan_fixtures.BODY, dpi=150)
    assert preprocess.has_columns(two, 150) and not preprocess.has_columns(one, 150)
    assert "columns" in preprocess.parse_steps(preprocess.DEFAULT_STEPS)


def _read(path: Path):
    data = path.read_bytes()
    src = SourceFile(path, path.name, ".pdf", len(data), hashlib.sha256(data).hexdigest())
    return _from_file(src, {})[0]


@needs_ocr
def test_generated_scans_read_their_header_and_body(tmp_path) -> None:
    """A faint copy (its 关于 read as 天于 before) and a fax (某 read as 革 in its 文号): every
    header field right, and the body lines found word for word."""
    cases = scan_fixtures.write(tmp_path, 4)
    for case in (c for c in cases if c.kind in ("faint", "fax")):
        doc = _read(tmp_path / case.name)
        assert doc.ocr_pages == 1
        got = (doc.title, doc.department, doc.doc_number, doc.date.isoformat())
        assert got == (case.title, case.department, case.doc_number, case.date), case.name
        body = re.sub(r"\s+", "", doc.body)
        missing = [line for line in case.lines[3:-2] if line.rstrip("，：") not in body]
        assert len(missing) <= 1, case.name  # Tesseract's own slips ("人民和群众") aside
        # the numbered items, which its layout analysis cut off as a column and lost
        assert not [line for line in missing if re.match("[一二三四]、", line)], case.name


def test_the_cache_key_names_the_ocr_code_and_the_steps(tmp_path) -> None:
    code = hashlib.sha256()
    for name in ("ocr.py", "preprocess.py"):
        code.update((Path(ocr.__file__).parent / name).read_bytes())
    assert ocr.cache_key("otsu,grayscale") == f"ocr-{code.hexdigest()[:8]}-grayscale.otsu"
    shutil.copy(SCANNED, tmp_path / "a.pdf")
    (tmp_path / "a.txt").write_text("关于做好防汛工作的通知", encoding="utf-8")
    assert version_for(tmp_path / "a.pdf", "grayscale") != version_for(tmp_path / "a.pdf")
    assert version_for(tmp_path / "a.txt", "grayscale") == version_for(tmp_path / "a.txt")


@needs_ocr
def test_new_ocr_steps_read_cached_scans_again_and_keep_the_notice(tmp_path) -> None:
    """Full rebuilds: the same steps take the scan from the cache (with its per-page
    confidence, so the document page keeps its notice); other steps OCR it again, while the
    text file is still served from the cache."""
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(SCANNED, docs / "scan.pdf")
    (docs / "note.txt").write_text("关于做好防汛工作的通知\n请做好准备。", encoding="utf-8")
    runs = []
    for steps in ("grayscale", "grayscale", "grayscale,otsu"):
        settings = make_settings(tmp_path, docs=docs, ocr_steps=steps)
        assert build(settings, full=True).indexed == 2
        with ExtractCache.in_index(settings.index, steps) as cache:
            facts = cache.status()
        runs.append((facts["last_run_hits"], facts["last_run_misses"]))
        from search_app import create_app

        got = create_app(settings).test_client().get("/api/doc/scan.pdf").get_json()
        assert set(got["extra"]["ocr_confidence"]) == {"1"}
    assert runs == [(0, 2), (2, 0), (1, 1)]


def test_a_law_does_not_cite_the_order_that_published_it() -> None:
    """Class 8: "2005年3月1日某某省人民政府令第112号公布" names the law's own 令; the 日 of the
    date is no part of the issuer (the amendments' 令 stay: they are other orders)."""
    law = "\n".join(
        [
            "某某省物业管理条例",
            "2005年3月1日某某省人民政府令第112号公布",
            "2019年9月20日某某省人民政府令第205号修订",
            "第一条 为了规范物业管理活动，制定本条例。",
        ]
    )
    doc = describe("law.txt", law)
    assert doc.doc_number == "某某省人民政府令第112号"
    assert doc.cites == ["某某省人民政府令第205号"]
    assert describe("r", "依据日照市人民政府令第3号，制定本办法。").cites == [
        "日照市人民政府令第3号"
    ]


def _tsv(conf: float) -> str:
    head = "\t".join(
        "level page_num block_num par_num line_num word_num left top width height conf text".split()
    )
    return f"{head}\n5\t1\t1\t1\t1\t1\t10\t10\t40\t20\t{conf}\t通知\n"


def test_an_unsure_one_block_reading_yields_to_the_layout_analysis() -> None:
    """Below the notice threshold a one-block reading is compared with Tesseract's layout
    analysis and the surer one kept; at or above it, it is not read twice (``_page``)."""
    assert ocr._better(_tsv(60), _tsv(88)) == _tsv(88)
    assert ocr._better(_tsv(70), _tsv(40)) == _tsv(70)
    assert ocr.page_confidence(_tsv(88)) == 88.0
