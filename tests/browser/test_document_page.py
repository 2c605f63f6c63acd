"""Issue 11 items 7 and 8 in the browser: the document page reads like the gov.cn policy
library (metadata table first, a heading before the text, links after it) and prints as a
document with its source, not as a web page."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

import pytest

from .conftest import VIEWPORTS

pytestmark = pytest.mark.browser

DOC = "规范性文件/阿行署发〔2016〕12号.pdf"
ORDER = ["主题分类", "发文机关", "成文日期", "标题", "发文字号", "公文种类", "时效性"]


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_metadata_table_then_text_then_links(views, live_server, client, viewport):
    page = views(viewport)
    page.goto(live_server + "/doc/" + quote(DOC))
    labels = page.locator("table.docmeta th").all_inner_texts()
    assert [label for label in labels if label in ORDER] == ORDER
    api = client.get(f"/api/doc/{DOC}").get_json()
    title_row = page.locator("table.docmeta tr", has=page.locator("th", has_text="标题"))
    assert title_row.locator("td").inner_text() == api["title"]
    order = page.evaluate(
        """() => [...document.querySelectorAll(
            'table.docmeta, #fulltext-heading, .fulltext, .citations, .cited-by, .related')]
            .map(e => e.id || e.className)"""
    )
    assert order[:3] == ["docmeta", "fulltext-heading", "fulltext"]
    assert page.locator("#fulltext-heading").inner_text() == "正文"
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")


def test_print_shows_the_document_and_where_it_came_from(views, live_server):
    page = views("kiosk")
    url = live_server + "/doc/" + quote(DOC)
    page.goto(url)
    assert not page.locator(".print-cover").is_visible()  # on screen: no cover
    page.emulate_media(media="print")
    try:
        for hidden in ("header.site", "footer.site", ".back", "form", ".related", ".skip-link"):
            assert not page.locator(hidden).first.is_visible(), hidden
        for shown in ("article.document h1", "table.docmeta", ".fulltext", "#validity-banner"):
            assert page.locator(shown).first.is_visible(), shown
        cover = page.locator(".print-cover").inner_text()
        assert "来源：政府信息公开检索" in cover
        assert page.locator(".print-cover .permalink").inner_text() == url
        assert dt.date.today().isoformat() in cover
    finally:
        page.emulate_media(media="screen")
