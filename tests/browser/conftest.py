"""One chromium per test session, and one page per viewport shared by the tests: starting a
browser costs seconds on this machine, a page navigation milliseconds."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import chromium_path, serving, staff_settings

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# The three ways of reading: a kiosk, a phone, and the kiosk at 200 % browser zoom
# (zoom halves the CSS viewport and doubles the device pixels, which is what this does).
VIEWPORTS = {
    "kiosk": {"viewport": {"width": 1280, "height": 1024}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    "zoom200": {"viewport": {"width": 640, "height": 512}, "device_scale_factor": 2},
}
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_URL = "/__test__/axe.min.js"  # answered by the browser context, never by the app
RUN_AXE = """() => axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map(
  v => v.id + ' (' + v.impact + '): '
    + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')))"""


def axe_violations(page) -> list[str]:
    """axe-core's violations on the page. The script is loaded as a same-origin file that the
    browser context serves itself: the pages' CSP forbids inline script, and a cached script
    tag costs 0.1 s where evaluating 650 kB of source costs 1 s per page."""
    origin = page.url.split("/", 3)[:3]
    page.add_script_tag(url="/".join(origin) + AXE_URL)
    return page.evaluate(RUN_AXE)


def _serve_axe(context) -> None:
    body = AXE.read_bytes()
    headers = {"Cache-Control": "max-age=3600"}
    context.route(
        "**" + AXE_URL,
        lambda route: route.fulfill(body=body, content_type="text/javascript", headers=headers),
    )


@pytest.fixture(scope="session")
def browser():
    exe = chromium_path()
    if exe is None:
        pytest.skip("Debian's chromium is not installed (make test installs it as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture(scope="session")
def views(browser):
    """One page per viewport, opened on first use and shared by every test."""
    opened: dict[str, object] = {}

    def view(name: str):
        if name not in opened:
            context = browser.new_context(locale="zh-CN", **VIEWPORTS[name])
            _serve_axe(context)
            opened[name] = context.new_page()
        return opened[name]

    yield view
    for pg in opened.values():
        pg.context.close()


@pytest.fixture(scope="session")
def staff_server(corpus_index):
    """The same index served with a staff password, so the status page can be reached."""
    from search_app import create_app

    app = create_app(staff_settings(corpus_index))
    with serving(app) as url:
        yield url
