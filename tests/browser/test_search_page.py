"""A citizen at the reading-room terminal: Playwright driving Debian's chromium against the
app served by waitress, as `make run` serves it."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser


def total(page) -> int:
    return int(page.locator("#total").inner_text())


def test_search_click_facet_open_document(page, live_server, client):
    page.goto(live_server + "/")
    assert total(page) > 40
    page.fill("#q", "政府信息公开 年度报告")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"q="))
    before = total(page)
    assert before > 0
    assert page.locator("ol.hits li.hit").count() > 0
    assert page.locator("ol.hits mark").count() > 0  # matched words are highlighted

    facet = page.locator("section.facet[data-facet=year] label").first
    year = facet.get_attribute("data-value")
    facet.click()
    page.wait_for_url(re.compile(r"year="))
    after = total(page)
    api = client.get(
        "/api/search", query_string={"q": "政府信息公开 年度报告", "year": year}
    ).get_json()
    assert after == api["total"] and 0 < after <= before
    assert page.locator("section.facet[data-facet=year] label.selected").count() == 1
    assert page.locator("section.facet[data-facet=year] input:checked").count() == 1

    first = page.locator("ol.hits li.hit h2 a").first
    title = first.inner_text()
    first.click()
    page.wait_for_selector("article.document")
    assert page.locator("article.document h1").inner_text() == title
    assert page.locator("table.docmeta").inner_text().count("成文日期") == 1
    assert len(page.locator(".fulltext").inner_text()) > 100


def test_no_results_page_offers_a_way_on(page, live_server):
    page.goto(live_server + "/?q=" + "量子引力弦论")
    assert total(page) == 0
    assert page.locator(".empty a[href='/']").count() == 1


def test_bad_page_number_shows_a_friendly_page(page, live_server):
    response = page.goto(live_server + "/?q=通知&page=abc")
    assert response.status == 400
    assert page.locator("text=回到首页").count() == 1
