"""Issue 11 items 1, 2, 5, 6 in the real browser at the kiosk, the phone and 200 % zoom:
results before facets, no sideways scrolling, compact facets, the keyboard path, the
large-text switch, shared links with foreign parameters, and repealed documents."""

from __future__ import annotations

from urllib.parse import parse_qs, quote, urlsplit

import pytest

from search_app.pages import FACET_TOP

from .conftest import VIEWPORTS

pytestmark = pytest.mark.browser

QUERY = "政府信息公开 年度报告"
RESULTS = "/?q=" + quote(QUERY)
REPEALED = "已废止"


def _box(page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_results_come_first_and_nothing_scrolls_sideways(views, live_server, viewport):
    page = views(viewport)
    page.goto(live_server + RESULTS)
    width, height = page.viewport_size["width"], page.viewport_size["height"]
    first_hit, facets = _box(page, "ol.hits li.hit"), _box(page, "section.facets")
    assert first_hit["y"] + first_hit["height"] < height  # a result on the first screen
    if width < 960:  # one column: the facets follow the results
        assert facets["y"] > first_hit["y"] + first_hit["height"]
    button = _box(page, "form.searchbox button")
    assert 0 <= button["x"] and button["x"] + button["width"] <= width  # 搜索 not clipped
    scroll = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    assert scroll[0] <= scroll[1]


def test_nothing_scrolls_sideways_at_320_px(browser, live_server):
    context = browser.new_context(locale="zh-CN", viewport={"width": 320, "height": 640})
    page = context.new_page()
    doc = page.context.request.get(live_server + "/api/search?q=" + quote(QUERY)).json()
    for path in (RESULTS, doc["hits"][0]["url"], "/help", "/?q=" + quote("政府信息公开 火箭")):
        page.goto(live_server + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path
    context.close()


def test_facets_show_their_top_values_and_a_filter_box(views, live_server, client):
    page = views("kiosk")
    page.goto(live_server + "/")
    facets = client.get("/api/search").get_json()["facets"]
    for name, values in facets.items():
        section = page.locator(f"section.facet[data-facet={name}]")
        assert section.locator("label[data-value]").count() == len(values)
        assert section.locator("label[data-value]:visible").count() == min(FACET_TOP, len(values))
    departments = [v["value"] for v in facets["department"]]
    assert len(departments) > 12, "the shipped corpus has a long 发文机关 list"
    section = page.locator("section.facet[data-facet=department]")
    section.locator("summary").click()
    needle = "局"
    section.locator("input.facet-filter").fill(needle)
    shown = section.locator("li:visible label").evaluate_all(
        "labels => labels.map(l => l.dataset.value)"
    )
    assert sorted(shown) == sorted(d for d in departments if needle in d)
    assert 0 < len(shown) < len(departments)


def _headings(page) -> list[int]:
    return page.locator("h1, h2, h3, h4").evaluate_all("hs => hs.map(h => Number(h.tagName[1]))")


@pytest.mark.parametrize("path", [RESULTS, "/", "/help", "/?q=" + quote("量子引力弦论")])
def test_one_h1_and_no_skipped_heading_level(views, live_server, path):
    page = views("kiosk")
    page.goto(live_server + path)
    levels = _headings(page)
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    if page.locator("li.hit").count():
        assert page.locator("li.hit > h2").count() == page.locator("li.hit").count()


def test_skip_link_then_results_before_facets_with_a_visible_focus(browser, live_server):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 1024})
    page = context.new_page()
    page.goto(live_server + RESULTS)
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "跳到主要内容"
    ring = page.evaluate("parseFloat(getComputedStyle(document.activeElement).outlineWidth)")
    assert ring >= 3  # a clear ring, not the thin default
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    first_result = page.locator("ol.hits li.hit h2 a").first.get_attribute("href")
    presses = 0
    while page.evaluate("document.activeElement.getAttribute('href')") != first_result:
        assert not page.evaluate("!!document.activeElement.closest('section.facets')")
        assert presses < 3, "three Tab presses after the skip link did not reach the result"
        page.keyboard.press("Tab")
        presses += 1
    context.close()


def test_large_text_switch_works_without_javascript(browser, live_server):
    size = "parseFloat(getComputedStyle(document.body).fontSize)"
    # evaluate runs through the devtools, not the page's scripts: it works with JS disabled
    context = browser.new_context(locale="zh-CN", java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server + RESULTS)
    normal = page.evaluate(size)
    page.click("#text-size")
    page.wait_for_load_state()
    assert parse_qs(urlsplit(page.url).query) == {"q": [QUERY]}  # back on the same search
    assert page.evaluate(size) == pytest.approx(normal * 1.25)
    page.goto(live_server + "/help")  # the choice persists (a cookie)
    assert page.evaluate(size) == pytest.approx(normal * 1.25)
    page.click("#text-size")
    assert page.evaluate(size) == pytest.approx(normal)
    context.close()


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_a_shared_link_with_foreign_parameters_still_searches(views, live_server, client, viewport):
    page = views(viewport)
    response = page.goto(live_server + RESULTS + "&from=timeline&isappinstalled=0")
    assert response.status == 200
    expected = client.get("/api/search", query_string={"q": QUERY}).get_json()["total"]
    assert int(page.locator("#total").inner_text()) == expected
    hrefs = page.locator("main a").evaluate_all("links => links.map(a => a.href)")
    assert not [h for h in hrefs if "from=" in h or "isappinstalled" in h]


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_repealed_documents_wear_a_badge_and_name_their_repealer(
    views, live_server, client, viewport
):
    page = views(viewport)
    page.goto(live_server + "/?validity=" + quote(REPEALED))
    api = client.get("/api/search", query_string={"validity": REPEALED}).get_json()
    assert page.locator("li.hit").count() == len(api["hits"]) > 0
    assert page.locator("li.hit h2 .badge.repealed").all_inner_texts() == [REPEALED] * len(
        api["hits"]
    )
    first = client.get("/api" + api["hits"][0]["url"]).get_json()
    repealer = client.get("/api/doc/" + quote(first["repealed_by"][0])).get_json()
    page.goto(live_server + api["hits"][0]["url"])
    banner = page.locator("#validity-banner")
    assert banner.is_visible() and REPEALED in banner.inner_text()
    assert banner.bounding_box()["y"] < page.viewport_size["height"]  # seen without scrolling
    link = banner.locator("a")
    assert link.inner_text() == repealer["title"]
    assert repealer["doc_number"] in banner.inner_text()
    cell = page.locator("td.validity").inner_text()
    assert cell.startswith(REPEALED) and "已废止（有效期至" not in cell.replace(" ", "")
