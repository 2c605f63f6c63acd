"""axe-core (vendored from the npm package, see vendor/README.md) on every page type at the
three viewports: zero violations of any impact, best-practice rules included."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from ..conftest import STAFF_PASSWORD
from .conftest import VIEWPORTS, axe_violations

pytestmark = pytest.mark.browser

REPEALED_DOC = "/doc/" + quote("规范性文件/阿行署发〔2016〕12号.pdf")
PUBLIC_PAGES = {
    "home": "/",
    "results": "/?q=" + quote("政府信息公开 年度报告"),
    "filtered": "/?q=" + quote("通知") + "&validity=" + quote("已废止") + "&year=2016",
    "relaxed": "/?q=" + quote("政府信息公开 火箭"),
    "no results": "/?q=" + quote("量子引力弦论"),
    "document": REPEALED_DOC,
    "help": "/help",
    "advanced": "/advanced",
    "advanced, bad date": "/advanced?date_from=2016-13-01",
    "stats": "/stats?year=2016",
    "stats repealed": "/stats/repealed?year=2019&kind=" + quote("规范性文件"),
    "api": "/api",
    "login": "/login",
    "error 400": "/?page=abc",
    "error 404": "/doc/" + quote("没有这份文件.txt"),
}


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_every_page_type_has_no_axe_violation(views, staff_server, viewport):
    page = views(viewport)
    found = {}
    for name, path in PUBLIC_PAGES.items():
        page.goto(staff_server + path)
        found[name] = axe_violations(page)
    page.goto(staff_server + "/login?next=/status")
    page.fill("#password", STAFF_PASSWORD)
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_url("**/status")
    found["status"] = axe_violations(page)
    page.click("form.logout button")
    assert {k: v for k, v in found.items() if v} == {}
    assert len(found) == len(PUBLIC_PAGES) + 1
