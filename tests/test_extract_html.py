"""Extraction of HTML pages saved from a portal (tests/fixtures/files, made by
tests/fixtures/make_fixtures.py): the article without the site's chrome, its title, the
metadata table, and the charset rules. Split from ``test_extract.py``."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.ingest.extract import extract
from indexer.ingest.extract.html import decode_html

FILES = Path(__file__).parent / "fixtures" / "files"

ARTICLE = [
    "阿行署发〔2017〕8号",
    "各县（市）人民政府，行署各部门：",
    "为深入贯彻《中华人民共和国政府信息公开条例》，进一步加强政务公开工作，现就有关事项通知如下。",
    "一、各部门要按照“公开为常态、不公开为例外”的原则，主动公开政府信息。",
    "阿勒泰地区行政公署",
    "2017年3月15日",
]


@pytest.mark.parametrize("name", ["portal_utf8.html", "portal_gbk.html"])
def test_html_article_text_without_navigation(name: str) -> None:
    result = extract(FILES / name)
    assert result.text.split("\n") == ARTICLE
    for chrome in ("首页", "机构设置", "版权所有", "var nav", "color"):
        assert chrome not in result.text


def test_html_title_without_site_name() -> None:
    assert extract(FILES / "portal_utf8.html").title == (
        "阿勒泰地区行政公署关于进一步加强政务公开工作的通知"
    )


def test_html_metadata_table_label_value_cells() -> None:
    assert extract(FILES / "portal_utf8.html").meta == {
        "index_no": "01234567-8/2017-00008",
        "topic": "综合政务\\政务公开",
        "department": "阿勒泰地区行政公署",
        "date": "2017年03月15日",
        "title": "阿勒泰地区行政公署关于进一步加强政务公开工作的通知",
        "doc_number": "阿行署发［2017］08号",
        "published": "2017-03-20",
    }


def test_html_declared_gb2312_but_utf8_with_list_metadata() -> None:
    result = extract(FILES / "portal_declared_gb2312_utf8.htm")
    assert result.text.split("\n") == ARTICLE
    assert result.meta == {
        "index_no": "01234567-8/2017-00009",
        "topic": "综合政务\\其他",
        "department": "阿勒泰地区行政公署",
        "doc_number": "阿行署发〔2017〕9号",
        "date": "2017-04-01",
    }


def test_html_decoding_rules() -> None:
    text = "<meta charset='gb2312'><p>政务公开</p>"
    assert "政务公开" in decode_html(text.encode("gb18030"))
    assert "政务公开" in decode_html(text.encode("utf-8"))
    assert "政务公开" in decode_html(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert "䶮" in decode_html("<meta charset=gb2312><p>䶮</p>".encode("gb18030"))  # not in GB2312


def test_html_lone_label_in_a_search_box_is_not_a_title(tmp_path: Path) -> None:
    page = tmp_path / "search.html"
    page.write_text(
        "<html><body><div><label>标题</label></div><div><label>全文</label></div>"
        "<div class='TRS_Editor'><p>各有关单位：现将有关事项通知如下。</p></div></body></html>",
        encoding="utf-8",
    )
    assert "title" not in extract(page).meta
