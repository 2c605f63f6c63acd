"""Issue 11 item 10: /export (CSV with BOM, XLSX) holds every hit of the search, in its order,
cut at the configured cap with a note; cells never become formulas; 复制引用 on a document."""

from __future__ import annotations

import csv
import io
import json
from urllib.parse import unquote, urlsplit

import pytest

from indexer.export import COLUMNS

from .conftest import make_settings

QUERY = {"q": "通知"}
TEXT = {"s", "inlineStr"}  # openpyxl's string cell types (a formula would be "f")


@pytest.fixture(scope="module")
def app(corpus_index):
    """The shared index without a work budget: at the load of a shared test machine a search
    of every hit may outrun 2 s and answer partially, which is not what these tests check."""
    from search_app import create_app

    return create_app(corpus_index.replace(request_budget_ms=0))


def api_all(client, params: dict) -> list[dict]:
    """Every hit of a search, read page by page from the JSON API (a different path)."""
    hits, page = [], 1
    while True:
        body = client.get("/api/search", query_string={**params, "size": 3, "page": page})
        data = body.get_json()
        hits += data["hits"]
        if page * 3 >= data["total"]:
            return hits
        page += 1


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8"))))


def expected_row(hit: dict) -> list[str]:
    fields = ("title", "department", "doc_number", "date", "doc_type", "topic", "validity")
    return [hit[f] or "" for f in fields] + ["http://localhost" + hit["url"]]


@pytest.mark.parametrize(
    "params", [QUERY, {"department": "阿勒泰地区财政局"}, {"q": "通知", "sort": "date"}]
)
def test_csv_holds_every_hit_of_the_search_in_its_order(client, params):
    rows = read_csv(client.get("/export", query_string={**params, "format": "csv"}).data)
    hits = api_all(client, params)
    assert len(hits) > 3  # more than the page of size=3 below: not the page on screen
    assert rows[0] == list(COLUMNS)
    assert rows[1:] == [expected_row(h) for h in hits]


def test_xlsx_has_the_same_rows_as_text_cells(client):
    from openpyxl import load_workbook

    answer = client.get("/export", query_string={**QUERY, "format": "xlsx"})
    assert answer.status_code == 200 and answer.mimetype.endswith("spreadsheetml.sheet")
    assert "attachment" in answer.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(answer.data)).active
    values = [[c.value or "" for c in row] for row in sheet.iter_rows()]
    assert values == read_csv(client.get("/export", query_string=QUERY).data)
    assert {c.data_type for row in sheet.iter_rows() for c in row} <= TEXT  # never "f"


def test_the_cap_cuts_the_list_and_the_file_says_so(corpus_index):
    from search_app import create_app

    client = create_app(corpus_index.replace(export_max_rows=5)).test_client()
    rows = read_csv(client.get("/export", query_string=QUERY).data)
    total = client.get("/api/search", query_string=QUERY).get_json()["total"]
    assert len(rows) == 1 + 5 + 1
    assert rows[-1] == [f"共 {total} 份，仅导出前 5 份；请缩小检索范围后再导出。"]
    assert rows[1:6] == [expected_row(h) for h in api_all(client, QUERY)[:5]]


def test_cells_that_look_like_formulas_stay_text(tmp_path):
    from openpyxl import load_workbook

    from indexer.pipeline import build
    from search_app import create_app

    docs = tmp_path / "docs"
    docs.mkdir()
    title = '=HYPERLINK("http://evil","点我")'
    (docs / "a.txt").write_text("关于做好信息公开工作的通知\n各单位：请做好工作。", "utf-8")
    sidecar = {"title": title, "department": "@SUM(1+1)", "doc_number": "-2+3"}
    (docs / "a.txt.meta.json").write_text(json.dumps(sidecar, ensure_ascii=False), "utf-8")
    settings = make_settings(tmp_path, docs=docs)
    assert build(settings).indexed == 1
    client = create_app(settings).test_client()
    row = read_csv(client.get("/export").data)[1]
    assert row[:3] == ["'" + title, "'@SUM(1+1)", "'-2+3"]
    book = load_workbook(io.BytesIO(client.get("/export?format=xlsx").data))
    cells = list(book.active.iter_rows(min_row=2, max_row=2))[0]
    assert [c.value for c in cells[:3]] == row[:3]
    assert {c.data_type for c in cells} <= TEXT


def test_bad_format_is_a_400_and_unknown_parameters_are_ignored(client):
    assert client.get("/export?format=pdf").status_code == 400
    assert client.get("/export?q=通知&from=timeline").status_code == 200


def test_results_page_links_both_exports_with_the_search_parameters(client):
    html = client.get("/?q=通知&year=2019&page=2&from=timeline").get_data(as_text=True)
    for fmt in ("csv", "xlsx"):
        start = html.index(f'id="export-{fmt}"')
        href = html[html.rindex("href=", 0, start) + 6 : start - 2].replace("&amp;", "&")
        query = unquote(urlsplit(href).query)
        assert f"format={fmt}" in query and "q=通知" in query and "year=2019" in query
        assert "page=" not in query and "from=" not in query


def test_document_page_offers_a_citation_without_script(client):
    hit = client.get("/api/search?q=通知&size=1").get_json()["hits"][0]
    html = client.get(hit["url"]).get_data(as_text=True)
    block = html[
        html.index('<details class="cite"') : html.index("</details>", html.index('class="cite"'))
    ]
    assert "<summary>复制引用</summary>" in block
    for value in (hit["title"], hit["doc_number"], hit["department"], hit["date"]):
        assert value in block
    assert "http://localhost" + hit["url"] in block
    assert 'id="cite-copy" hidden' in block  # the button appears only where script runs
