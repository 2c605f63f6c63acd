"""Issue 11 item 11: /api/openapi.json describes what the API really answers. Real responses of
every JSON route (and its errors) are validated against the document's own schemas, and every
route the app serves under /api is in the document."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from jsonschema import Draft202012Validator

from .conftest import log_in, staff_settings


@pytest.fixture(scope="module")
def app(corpus_index):
    """The shared index without a work budget: at the load of a shared test machine a search
    of every hit may outrun 2 s and answer partially, which is not what these tests check."""
    from search_app import create_app

    return create_app(corpus_index.replace(request_budget_ms=0))


@pytest.fixture(scope="module")
def spec(app) -> dict:
    return app.test_client().get("/api/openapi.json").get_json()


def check(spec: dict, path: str, status: str, body) -> None:
    """Validate ``body`` against the schema the document gives for ``path`` and ``status``."""
    schema = spec["paths"][path]["get"]["responses"][status]["content"]["application/json"]
    root = {**schema["schema"], "components": spec["components"]}
    errors = sorted(Draft202012Validator(root).iter_errors(body), key=str)
    assert errors == [], [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]


def test_the_document_is_openapi_3_with_valid_schemas(spec):
    assert spec["openapi"].startswith("3.")
    for schema in spec["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)


def test_every_api_route_is_described(app, spec):
    served = {
        r.rule.replace("<path:doc_id>", "{id}")
        for r in app.url_map.iter_rules()
        if r.rule.startswith("/api/") and r.rule != "/api/openapi.json"
    }
    assert served | {"/healthz"} == set(spec["paths"])


SEARCHES = [
    "/api/search?q=" + quote("政府信息公开"),
    "/api/search?q=" + quote("通知") + "&explain=1&size=3",
    "/api/search?q=" + quote("政府信息公开 火箭"),  # relaxed
    "/api/search?q=" + quote("量子引力弦论"),  # nothing
    "/api/search?department=" + quote("阿勒泰地区财政局") + "&sort=date&page=2&size=2",
    "/api/search?q=" + quote("zhengfu xinxi gongkai"),
]


@pytest.mark.parametrize("url", SEARCHES)
def test_search_responses_match(client, spec, url):
    answer = client.get(url)
    assert answer.status_code == 200
    check(spec, "/api/search", "200", answer.get_json())


def test_document_suggest_stats_and_health_responses_match(client, spec):
    ids = [h["id"] for h in client.get("/api/search?size=100").get_json()["hits"]]
    for doc_id in ids:
        check(spec, "/api/doc/{id}", "200", client.get("/api/doc/" + quote(doc_id)).get_json())
    for prefix in ("政府", "zhengfu", ""):
        check(spec, "/api/suggest", "200", client.get("/api/suggest?q=" + quote(prefix)).get_json())
    for query in ("", "?year=2016", "?year=2019&department=" + quote("阿勒泰地区财政局")):
        check(spec, "/api/stats", "200", client.get("/api/stats" + query).get_json())
    check(spec, "/healthz", "200", client.get("/healthz").get_json())


def test_error_responses_match(client, spec):
    cases = [
        ("/api/search", "/api/search?from=timeline", 400),
        ("/api/search", "/api/search?page=abc", 400),
        ("/api/doc/{id}", "/api/doc/" + quote("没有这份文件.txt"), 404),
        ("/api/stats", "/api/stats?year=abc", 400),
        ("/api/status", "/api/status", 403),
    ]
    for path, url, status in cases:
        answer = client.get(url)
        assert answer.status_code == status, url
        check(spec, path, str(status), answer.get_json())


def test_staff_answers_match(corpus_index, spec):
    from search_app import create_app

    client = create_app(staff_settings(corpus_index)).test_client()
    check(spec, "/api/status", "401", client.get("/api/status").get_json())
    log_in(client)
    assert client.get("/api/status").status_code == 200
    doc_id = client.get("/api/search?size=1").get_json()["hits"][0]["id"]
    body = client.get("/api/doc/" + quote(doc_id)).get_json()
    assert "path" in body  # staff see where the file lies
    check(spec, "/api/doc/{id}", "200", body)


def test_api_page_shows_every_route_and_structure(client, spec):
    html = client.get("/api").get_data(as_text=True)
    assert "<script" not in html.split("</main>")[0]  # plain HTML
    for path in spec["paths"]:
        assert f"<code>GET {path}</code>" in html
    for name, schema in spec["components"]["schemas"].items():
        assert f'id="schema-{name}"' in html
        for field in schema.get("properties", {}):
            assert f"<code>{field}</code>" in html
