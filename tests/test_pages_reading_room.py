"""Issue 11 items 5 and 6 without a browser: shared links with foreign parameters, the
large-text switch's cookie and redirect, repealed and superseded documents linked by title and
文号, attachments and their main document linked by title, and current versions first."""

from __future__ import annotations

import re
from html import unescape

import pytest

from indexer.service import SearchService
from search_app import create_app

from .conftest import index_texts
from .test_ingest_pipeline import NOTICE, RULES
from .test_versions import OTHER, V2010, V2018

REPEALED_DOC = "规范性文件/阿行署发〔2016〕12号.pdf"


def _text(html: str) -> str:
    """The words a reader sees, without markup or line breaks."""
    return re.sub(r"\s+", "", unescape(re.sub(r"<[^>]+>", "", html)))


def test_pages_ignore_parameters_apps_append_and_the_api_refuses_them(client):
    plain = client.get("/", query_string={"q": "通知"}).get_data(as_text=True)
    shared = client.get("/", query_string={"q": "通知", "from": "timeline", "isappinstalled": "0"})
    assert shared.status_code == 200
    html = shared.get_data(as_text=True)
    assert re.findall(r'<li class="hit">.*?href="([^"]+)"', html, re.S) == re.findall(
        r'<li class="hit">.*?href="([^"]+)"', plain, re.S
    )
    assert "from=" not in html and "isappinstalled" not in html  # links carry our own only
    api = client.get("/api/search", query_string={"q": "通知", "from": "timeline"})
    assert api.status_code == 400 and "from" in api.get_json()["message"]


def test_pages_still_refuse_bad_values_of_their_own_parameters(client):
    assert client.get("/", query_string={"page": "abc", "from": "timeline"}).status_code == 400


@pytest.mark.parametrize(
    ("back", "expected"),
    [
        ("/help", "/help"),
        ("/?q=%E9%80%9A%E7%9F%A5", "/?q=%E9%80%9A%E7%9F%A5"),
        ("//evil.example/", "/"),
        ("https://evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("", "/"),
    ],
)
def test_large_text_switch_goes_back_to_our_own_pages_only(client, back, expected):
    r = client.get("/text-size", query_string={"size": "large", "back": back})
    assert r.status_code == 303 and r.headers["Location"] == expected
    assert "text=large" in r.headers["Set-Cookie"]


def test_large_text_cookie_changes_the_page_and_the_page_says_it_varies(client):
    assert 'class="large-text"' not in client.get("/help").get_data(as_text=True)
    client.get("/text-size", query_string={"size": "large", "back": "/help"})
    r = client.get("/help")
    assert 'class="large-text"' in r.get_data(as_text=True) and "Cookie" in r.headers["Vary"]
    client.get("/text-size", query_string={"size": "normal", "back": "/help"})
    assert 'class="large-text"' not in client.get("/help").get_data(as_text=True)


def test_repealed_document_page_names_its_repealer_by_title_and_number(client):
    doc = client.get(f"/api/doc/{REPEALED_DOC}").get_json()
    assert doc["validity"] == "已废止" and doc["valid_until"] and doc["repealed_by"]
    repealer = client.get(f"/api/doc/{doc['repealed_by'][0]}").get_json()
    text = _text(client.get(f"/doc/{REPEALED_DOC}").get_data(as_text=True))
    assert f"废止它的文件是{repealer['title']}（{repealer['doc_number']}）" in text
    assert doc["repealed_by"][0].rsplit("/", 1)[-1] not in text  # never the file name
    assert "已废止（有效期至" not in text


def test_repealed_hits_carry_a_badge_and_their_repealer(client):
    api = client.get("/api/search", query_string={"validity": "已废止"}).get_json()
    html = client.get("/", query_string={"validity": "已废止"}).get_data(as_text=True)
    assert html.count('<span class="badge repealed">已废止</span>') == len(api["hits"]) > 0
    for hit in api["hits"]:
        repealer = client.get(
            f"/api/doc/{client.get('/api' + hit['url']).get_json()['repealed_by'][0]}"
        )
        assert repealer.get_json()["title"] in _text(html)


@pytest.fixture(scope="module")
def family(tmp_path_factory) -> SearchService:
    texts = {
        "v2010.txt": V2010,
        "v2018.txt": V2018,
        "other.txt": OTHER,
        "关于印发政务公开考核办法的通知.txt": NOTICE,
        "附件1：阿勒泰地区政务公开工作考核办法.txt": RULES,
    }
    return SearchService(index_texts(tmp_path_factory.mktemp("family"), texts))


def test_attachment_and_main_document_link_each_other_by_title(family):
    client = create_app(family.settings).test_client()
    notice = family.get("关于印发政务公开考核办法的通知.txt")
    rules = family.get("附件1：阿勒泰地区政务公开工作考核办法.txt")
    assert rules.parent == notice.doc_id
    main = _text(client.get(f"/doc/{notice.doc_id}").get_data(as_text=True))
    assert rules.title in main and "附件1：" not in main.split("附件")[0]
    annex = _text(client.get(f"/doc/{rules.doc_id}").get_data(as_text=True))
    assert f"本文是{notice.title}" in annex and notice.doc_id not in annex
    # the 附件 names no issuer: the build gave it its main document's, and the page says so
    assert rules.department == notice.department and rules.sources["department"] == "parent"
    assert f"{notice.department}（随主件）" in annex
    taken = "、".join(
        n
        for f, n in (("department", "发文机关"), ("date", "成文日期"))
        if rules.sources.get(f) == "parent"
    )
    assert f"{taken}随主件。" in annex


def test_superseded_version_names_the_newer_by_title(family):
    client = create_app(family.settings).test_client()
    new = family.get("v2018.txt")
    text = _text(client.get("/doc/v2010.txt").get_data(as_text=True))
    assert (
        f"本文件已失效，新版本是{new.title}（{new.date.isoformat()}）" in text
        and "v2018.txt" not in text
    )


@pytest.mark.parametrize("q", ["规范住宅物业管理活动", "常务委员会 修订"])
def test_the_current_version_ranks_above_the_one_it_replaced(family, q):
    from indexer.models import SearchRequest

    hits = family.search(SearchRequest(q=q)).hits
    ids = [h.doc.doc_id for h in hits]
    score = {h.doc.doc_id: h.score for h in hits}
    assert score["v2010.txt"] > score["v2018.txt"]  # BM25 alone prefers the shorter, older text
    assert ids.index("v2018.txt") < ids.index("v2010.txt")
    page = create_app(family.settings).test_client().get("/", query_string={"q": q})
    shown = re.findall(r'<li class="hit">.*?href="/doc/([^"]+)"', page.get_data(as_text=True), re.S)
    assert shown.index("v2018.txt") < shown.index("v2010.txt")


def test_a_clearly_better_older_version_keeps_its_place(family):
    from indexer.models import Hit
    from indexer.version_order import TOLERANCE, current_versions_first

    old, new = family.get("v2010.txt"), family.get("v2018.txt")
    near = [Hit(old, 10.0, []), Hit(new, 10.0 * (1 - TOLERANCE / 2), [])]
    far = [Hit(old, 10.0, []), Hit(new, 10.0 * (1 - 2 * TOLERANCE), [])]
    assert [h.doc.doc_id for h in current_versions_first(near)] == ["v2018.txt", "v2010.txt"]
    assert [h.doc.doc_id for h in current_versions_first(far)] == ["v2010.txt", "v2018.txt"]
