"""Issue 11 items 10-12 in the real browser at the kiosk, the phone and 200 % zoom: the export
links download the result list, 复制引用 opens and copies, /stats and /api fit the screen, and a
count on /stats clicked leads to a list of that many documents."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from .conftest import VIEWPORTS

pytestmark = pytest.mark.browser

RESULTS = "/?q=" + quote("通知")


def _no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= innerWidth")


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_stats_and_api_pages_fit_and_counts_lead_to_their_lists(views, live_server, viewport):
    page = views(viewport)
    for path in (
        "/stats?year=2019",
        "/api",
        "/stats/repealed?year=2019&kind=" + quote("规范性文件"),
    ):
        page.goto(live_server + path)
        assert _no_sideways_scroll(page), path
    page.goto(live_server + "/stats?year=2019")
    links = page.locator("table.stats-table a.count")
    assert links.count() == 6
    for i in range(links.count()):
        page.goto(live_server + "/stats?year=2019")
        link = page.locator("table.stats-table a.count").nth(i)
        box = link.bounding_box()
        assert box["width"] >= 40 and box["height"] >= 40  # a finger can hit it
        count = int(link.inner_text())
        link.click()
        page.wait_for_load_state()
        assert int(page.locator("#total").inner_text()) == count, page.url


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_export_links_download_the_result_list(views, live_server, viewport):
    page = views(viewport)
    page.goto(live_server + RESULTS)
    total = int(page.locator("#total").inner_text())
    link = page.locator("#export-csv")
    assert link.is_visible()
    with page.expect_download() as info:
        link.click()
    data = info.value.path().read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 1 + total  # every hit, not the page on screen
    assert page.locator("#feed-link").is_visible()


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_citation_opens_by_keyboard_and_fits(views, live_server, viewport):
    page = views(viewport)
    hit = page.context.request.get(live_server + "/api/search?q=" + quote("通知")).json()["hits"][0]
    page.goto(live_server + hit["url"])
    page.locator("details.cite summary").focus()
    page.keyboard.press("Enter")
    text = page.locator("#cite-text")
    assert text.is_visible()
    assert hit["title"] in text.inner_text() and hit["doc_number"] in text.inner_text()
    assert page.locator("#cite-copy").is_visible()  # script runs here: the button shows
    assert _no_sideways_scroll(page)


def test_copy_button_puts_the_citation_on_the_clipboard(browser, live_server):
    context = browser.new_context(locale="zh-CN", **VIEWPORTS["kiosk"])
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    page = context.new_page()
    hit = page.context.request.get(live_server + "/api/search?size=1").json()["hits"][0]
    page.goto(live_server + hit["url"])
    page.click("details.cite summary")
    page.click("#cite-copy")
    page.wait_for_function("document.getElementById('cite-done').textContent !== ''")
    assert page.locator("#cite-done").inner_text() == "已复制"
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.locator("#cite-text").inner_text().strip()
    context.close()
