"""The staff desk in the browser at the three viewports (issue 11 items 4 and 9): did-you-mean
for pinyin and a one-character slip, the advanced form, 在结果中检索 (no script needed), and a
partial 发文字号. Counts are checked against the JSON API on the same index."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from .conftest import VIEWPORTS

pytestmark = pytest.mark.browser


def total(page) -> int:
    return int(page.locator("#total").inner_text())


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= innerWidth")


def query_of(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
@pytest.mark.parametrize(
    "typed, meant", [("zhengfu xinxi gongkai", "政府信息公开"), ("环境保户", "环境保护")]
)
def test_did_you_mean_leads_to_more_results(views, live_server, client, viewport, typed, meant):
    page = views(viewport)
    page.goto(live_server + "/?q=" + quote(typed))
    link = page.locator("#did-you-mean")
    assert link.inner_text() == meant and link.is_visible()
    # what was typed finds nothing, or not its words together
    assert total(page) == 0 or page.locator("#relaxed").count() == 1
    link.click()
    page.wait_for_url(re.compile("q=" + re.escape(quote(meant))))
    assert total(page) == client.get(f"/api/search?q={meant}").get_json()["total"]
    assert total(page) > 0 and page.locator("#relaxed, #did-you-mean").count() == 0


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_search_within_results_keeps_the_filter(views, live_server, client, viewport):
    page = views(viewport)
    page.goto(live_server + "/?q=" + quote("通知"))
    label = page.locator("section.facet[data-facet=department] label").first
    dept = label.get_attribute("data-value")
    page.goto(live_server + "/?q=" + quote("通知") + "&department=" + quote(dept))
    within = page.locator("#within")
    assert within.is_visible() and not within.is_checked()
    within.check()
    page.fill("#q", "阿勒泰")
    page.locator("form.searchbox button[type=submit]").click()
    page.wait_for_url(re.compile("department="))
    assert query_of(page) == {"q": ["通知 阿勒泰"], "department": [dept]}
    api = client.get("/api/search", query_string={"q": "通知 阿勒泰", "department": dept})
    assert total(page) == api.get_json()["total"] > 0
    assert no_sideways_scroll(page)
    page.fill("#q", "阿勒泰")  # unticked: a new search, the filter is gone
    page.locator("form.searchbox button[type=submit]").click()
    page.wait_for_url(lambda url: "department=" not in url)
    assert query_of(page) == {"q": ["阿勒泰"]}


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_the_advanced_form_lands_on_the_results(views, live_server, client, viewport):
    page = views(viewport)
    page.goto(live_server + "/")
    page.locator("a.advanced-link").click()
    page.wait_for_url("**/advanced")
    assert no_sideways_scroll(page)
    page.fill("#adv-title", "阿勒泰")
    page.fill("#adv-from", "2016-01-01")
    page.fill("#adv-to", "2023-12-31")
    page.select_option("#adv-sort", "date")
    page.locator("form.advanced-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/\?q="))
    q = "标题:阿勒泰 2016-01-01..2023-12-31"
    assert page.input_value("#q") == q and query_of(page)["sort"] == ["date"]
    assert total(page) == client.get("/api/search", query_string={"q": q}).get_json()["total"]
    dates = re.findall(r"成文日期：(\d{4}-\d{2}-\d{2})", page.locator("ol.hits").inner_text())
    assert dates and dates == sorted(dates, reverse=True)


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_an_impossible_date_is_explained_on_the_form(views, live_server, viewport):
    page = views(viewport)
    response = page.goto(
        live_server + "/advanced?title=" + quote("<b>公开</b>") + "&date_to=2016-02-30"
    )
    assert response.status == 400
    assert "不是有效的日期" in page.locator("#form-error").inner_text()
    assert page.input_value("#adv-title") == "<b>公开</b>"
    assert page.locator("article.advanced b").count() == 0  # shown as text, never as markup
    assert no_sideways_scroll(page)


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_a_partial_number_typed_in_the_search_box(views, live_server, client, viewport):
    every = client.get("/api/search?size=100").get_json()["hits"]
    number = next(h["doc_number"] for h in every if (h["doc_number"] or "").startswith("阿"))
    code = number.split("〔")[0]
    expected = sum((h["doc_number"] or "").startswith(code + "〔") for h in every)
    page = views(viewport)
    page.goto(live_server + "/")
    page.fill("#q", f"文号:{code}")
    page.locator("form.searchbox button[type=submit]").click()
    page.wait_for_url(re.compile("q="))
    assert total(page) == expected
