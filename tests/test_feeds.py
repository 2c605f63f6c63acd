"""Issue 11 item 11: the Atom feed of a search, OpenSearch, and the links pages carry to them."""

from __future__ import annotations

from xml.etree import ElementTree as ET

import pytest

A = "{http://www.w3.org/2005/Atom}"
OS = "{http://a9.com/-/spec/opensearch/1.1/}"
OFFICE = "阿勒泰地区财政局"


@pytest.fixture(scope="module")
def app(corpus_index):
    """The shared index without a work budget: at the load of a shared test machine a search
    of every hit may outrun 2 s and answer partially, which is not what these tests check."""
    from search_app import create_app

    return create_app(corpus_index.replace(request_budget_ms=0))


def every_hit(client, params: dict) -> list[dict]:
    data = client.get("/api/search", query_string={**params, "size": 100}).get_json()
    assert data["total"] == len(data["hits"])
    return data["hits"]


@pytest.mark.parametrize(
    "params", [{"department": OFFICE}, {"q": "通知"}, {"q": "公开", "year": "2019"}]
)
def test_feed_lists_the_search_newest_first(client, params):
    answer = client.get("/feed", query_string=params)
    assert answer.mimetype == "application/atom+xml"
    root = ET.fromstring(answer.data)
    assert root.tag == A + "feed"
    for required in ("id", "title", "updated", "author"):
        assert root.find(A + required) is not None
    entries = root.findall(A + "entry")
    hits = every_hit(client, params)
    assert 0 < len(entries) == len(hits)  # fewer than the feed's 50: all of them
    by_url = {"http://localhost" + h["url"]: h for h in hits}
    got = [e.findtext(A + "id") for e in entries]
    assert sorted(got) == sorted(by_url)
    dates = [by_url[u]["date"] or "" for u in got]
    assert dates == sorted(dates, reverse=True)  # newest first, recomputed from the API's dates
    for entry in entries:
        hit = by_url[entry.findtext(A + "id")]
        assert entry.findtext(A + "title") == hit["title"]
        assert entry.find(A + "link").get("href") == entry.findtext(A + "id")
        if hit["date"]:
            assert entry.findtext(A + "updated").startswith(hit["date"] + "T")


def test_feed_keeps_at_most_the_configured_number(corpus_index):
    from search_app import create_app

    client = create_app(corpus_index.replace(feed_entries=3)).test_client()
    entries = ET.fromstring(client.get("/feed").data).findall(A + "entry")
    newest = client.get("/api/search?sort=date&size=3").get_json()["hits"]
    assert [e.findtext(A + "id") for e in entries] == [
        "http://localhost" + h["url"] for h in newest
    ]


def test_results_pages_announce_their_feed_and_every_page_the_opensearch(client):
    html = client.get("/?q=通知&department=" + OFFICE).get_data(as_text=True)
    assert '<link rel="alternate" type="application/atom+xml" href="/feed?q=' in html
    for path in ("/", "/help", "/stats", "/api", "/?q=通知"):
        page = client.get(path).get_data(as_text=True)
        assert (
            'rel="search" type="application/opensearchdescription+xml" href="/opensearch.xml"'
            in page
        )


def test_opensearch_description_searches_this_site(client):
    answer = client.get("/opensearch.xml")
    assert answer.mimetype == "application/opensearchdescription+xml"
    root = ET.fromstring(answer.data)
    assert root.tag == OS + "OpenSearchDescription"
    assert 0 < len(root.findtext(OS + "ShortName")) <= 16
    templates = {u.get("type"): u.get("template") for u in root.findall(OS + "Url")}
    html = templates["text/html"].replace("{searchTerms}", "通知")
    assert html == "http://localhost/?q=通知"
    assert client.get(html.removeprefix("http://localhost")).status_code == 200
    feed = templates["application/atom+xml"].replace("{searchTerms}", "通知")
    assert ET.fromstring(client.get(feed.removeprefix("http://localhost")).data).tag == A + "feed"


def test_feed_escapes_what_documents_bring(tmp_path):
    import json

    from indexer.pipeline import build
    from search_app import create_app

    from .conftest import make_settings

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("关于信息公开的通知\n请做好工作。", "utf-8")
    title = '</title><script>alert("x")</script>&amp;'
    (docs / "a.txt.meta.json").write_text(json.dumps({"title": title}), "utf-8")
    settings = make_settings(tmp_path, docs=docs)
    assert build(settings).indexed == 1
    data = create_app(settings).test_client().get("/feed").data
    assert b"<script>" not in data
    assert ET.fromstring(data).find(A + "entry").findtext(A + "title") == title
