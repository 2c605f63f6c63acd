"""The Flask app: JSON API contract, pages, errors and escaping, on the real corpus index."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from indexer.pipeline import build
from search_app import create_app

from .conftest import make_settings

HIT_KEYS = {
    "id",
    "title",
    "department",
    "doc_number",
    "date",
    "year",
    "doc_type",
    "topic",
    "url",
    "snippet",
}


def test_search_api_contract(client):
    r = client.get("/api/search", query_string={"q": "政府信息公开"})
    assert r.status_code == 200
    assert "政府信息公开".encode() in r.data  # Chinese is not \u-escaped
    data = r.get_json()
    assert {"query", "total", "page", "size", "hits", "facets"} <= set(data)
    assert data["query"] == "政府信息公开" and data["total"] >= len(data["hits"]) > 0
    assert set(data["facets"]) == {"year", "department", "topic", "doc_type", "validity"}
    for hit in data["hits"]:
        assert HIT_KEYS <= set(hit)
        if hit["date"]:
            assert dt.date.fromisoformat(hit["date"]).year == hit["year"]
        assert all(set(s) == {"text", "match"} for s in hit["snippet"])
        assert any(s["match"] for s in hit["snippet"]) or "政府" in hit["title"]
    for values in data["facets"].values():
        assert all({"value", "count", "selected"} == set(v) for v in values)


def test_page_and_api_return_the_same_documents(client):
    params = {"q": "通知", "sort": "date", "page": "1"}
    api_ids = [h["url"] for h in client.get("/api/search", query_string=params).get_json()["hits"]]
    html = client.get("/", query_string=params).get_data(as_text=True)
    page_ids = re.findall(r'<li class="hit">\s*<h2>.*?<a href="([^"]+)"', html, re.S)
    assert page_ids == api_ids and api_ids


def test_repeatable_filters_combine(client):
    facets = client.get("/api/search").get_json()["facets"]
    years = [v["value"] for v in facets["year"][:2]]
    counts = {v["value"]: v["count"] for v in facets["year"]}
    data = client.get("/api/search", query_string=[("year", y) for y in years]).get_json()
    assert data["total"] == sum(counts[y] for y in years)
    assert all(str(h["year"]) in years for h in data["hits"])


@pytest.mark.parametrize(
    "params",
    [
        {"page": "abc"},
        {"page": "-1"},
        {"page": "0"},
        {"size": "100000"},
        {"sort": "price"},
        {"q": "字" * 500},
        {"q": "-"},
        {"q": "，。、"},
    ],
)
def test_bad_parameters_are_400_with_a_message(client, params):
    r = client.get("/api/search", query_string=params)
    assert r.status_code == 400
    assert r.get_json()["message"]
    page = client.get("/", query_string=params)
    assert page.status_code == 400 and "回到首页" in page.get_data(as_text=True)


@pytest.mark.parametrize("q", ['"政务公开', "(教育", "OR 通知", "政务 AND", "NOT 通知", "a" * 150])
def test_odd_queries_never_500(client, q):
    r = client.get("/api/search", query_string={"q": q})
    assert r.status_code in (200, 400)
    assert client.get("/", query_string={"q": q}).status_code in (200, 400)


def test_past_the_end_and_unknown_facet_are_empty_not_errors(client):
    r = client.get("/api/search", query_string={"page": "9999"})
    assert r.status_code == 200 and r.get_json()["hits"] == []
    r = client.get("/api/search", query_string={"department": "没有这个机关"})
    assert r.status_code == 200 and r.get_json()["total"] == 0


def test_empty_query_lists_newest_first(client):
    hits = client.get("/api/search", query_string={"size": "50"}).get_json()["hits"]
    dates = [h["date"] for h in hits if h["date"]]
    assert dates == sorted(dates, reverse=True) and dates


def test_document_api_page_and_original_download(client):
    hit = client.get("/api/search", query_string={"q": "通知"}).get_json()["hits"][0]
    doc = client.get("/api" + hit["url"].replace("/doc/", "/doc/", 1)).get_json()
    assert doc["id"] == hit["id"] and doc["body"]
    page = client.get(hit["url"])
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "发文机关" in html and "成文日期" in html
    with client.get("/original/" + hit["id"]) as original:
        assert original.status_code == 200 and len(original.data) > 100
    assert client.get("/doc/does/not/exist").status_code == 404
    assert client.get("/api/doc/nope").status_code == 404


def test_one_shape_of_a_document_everywhere(client):
    """A hit, the document's own JSON, its citations and "cited by" share one summary: the
    same keys with the same values, and every url opens that document's page."""
    hits = client.get("/api/search", query_string={"size": "100"}).get_json()["hits"]
    summary_keys = set(hits[0]) - {"score", "snippet", "explain", "articles"}
    linked = []
    for hit in hits:
        doc = client.get("/api" + hit["url"]).get_json()
        assert {k: doc[k] for k in summary_keys} == {k: hit[k] for k in summary_keys}
        linked += [d for c in doc["citations"] for d in c["documents"]] + doc["cited_by"]
    assert linked, "the sample corpus has documents that cite each other"
    for entry in linked:
        assert set(entry) == summary_keys
        assert client.get("/api" + entry["url"]).get_json()["id"] == entry["id"]


def test_healthz(client):
    data = client.get("/healthz").get_json()
    assert data["status"] == "ok" and data["doc_count"] > 40


def test_missing_index_is_a_503_page(tmp_path):
    app = create_app(make_settings(tmp_path))
    c = app.test_client()
    assert c.get("/api/search").status_code == 503
    r = c.get("/")
    assert r.status_code == 503 and "索引" in r.get_data(as_text=True)
    assert c.get("/healthz").status_code == 503


def test_everything_shown_from_a_document_is_escaped(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    evil = '<script>alert("x")</script>关于<b>测试</b>的通知'
    (docs / "evil.txt").write_text(
        f"{evil}\n各单位：\n正文<img src=x onerror=alert(1)>通知内容。\n", encoding="utf-8"
    )
    (docs / "ok.txt").write_text("关于正常文件的通知\n各单位：\n正文通知内容。\n", encoding="utf-8")
    settings = make_settings(tmp_path, docs=docs)
    build(settings)
    c = create_app(settings).test_client()
    for url in ("/?q=通知", "/doc/evil.txt"):
        html = c.get(url).get_data(as_text=True)
        assert "<script>alert" not in html and "<img src=x" not in html and "<b>测试" not in html
        assert "&lt;script&gt;" in html or "&lt;img" in html


def test_a_phrase_nobody_wrote_links_the_words_without_quotes(client):
    html = client.get("/?q=“工作政务公开加强”").get_data(as_text=True)
    assert "去掉引号再找" in html and 'id="did-you-mean"' in html
    data = client.get("/api/search?q=“工作政务公开加强”").get_json()
    assert data["total"] == 0 and data["did_you_mean"] == "工作政务公开加强"
    assert client.get("/api/search?q=工作政务公开加强").get_json()["total"] > 0
