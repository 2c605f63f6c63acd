"""Issue 11 item 12: /stats, /api/stats and `xxgk stats` recounted independently from every
document's own JSON, and every count's link leads to a list of exactly that many documents."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from collections import Counter
from urllib.parse import quote

import pytest

# The definitions as the README states them, written out here rather than imported.
RULES = {"规定", "办法", "规则", "细则", "令"}
NORMATIVE = set(
    "通知 意见 决定 通告 公告 方案 规划 计划 措施 要点 指南 标准 清单 目录 守则 指引".split()
)
OFFICE = "阿勒泰地区行政公署"


@pytest.fixture(scope="module")
def app(corpus_index):
    """The shared index without a work budget: at the load of a shared test machine a search
    of every hit may outrun 2 s and answer partially, which is not what these tests check."""
    from search_app import create_app

    return create_app(corpus_index.replace(request_budget_ms=0))


@pytest.fixture(scope="module")
def documents(app) -> list[dict]:
    client = app.test_client()
    hits = client.get("/api/search?size=100").get_json()["hits"]
    return [client.get("/api/doc/" + quote(h["id"], safe="/")).get_json() for h in hits]


def kind_of(doc: dict) -> str | None:
    if doc["doc_type"] in RULES:
        return "规章"
    if doc["doc_type"] in NORMATIVE and doc["validity"] in ("有效", "已失效", "已废止"):
        return "规范性文件"
    return None


def recount(docs: list[dict], year: int, office: str) -> dict[tuple[str, str], int]:
    by_id = {d["id"]: d for d in docs}
    counts: Counter = Counter()
    for doc in docs:
        kind = kind_of(doc)
        if kind is None or office and doc["department"] != office:
            continue
        counts[kind, "issued"] += doc["year"] == year
        in_force = ("有效", "未知") if kind == "规章" else ("有效",)
        counts[kind, "in_force"] += doc["validity"] in in_force
        dates = [by_id[i]["date"] for i in doc["repealed_by"] if i in by_id and by_id[i]["date"]]
        repealed = doc["validity"] == "已废止" and dates and int(min(dates)[:4]) == year
        counts[kind, "repealed"] += bool(repealed)
    return counts


def shown_total(client, url: str) -> int:
    html = client.get(url).get_data(as_text=True)
    return int(re.search(r'<strong id="total">(\d+)</strong>', html).group(1))


CHOICES = [(y, "") for y in range(2014, 2025)] + [(2016, OFFICE), (2019, "阿勒泰地区财政局")]


def test_the_table_equals_an_independent_recount(client, documents):
    seen = 0
    for year, office in CHOICES:
        data = client.get(
            "/api/stats", query_string={"year": year, "department": office}
        ).get_json()
        expected = recount(documents, year, office)
        got = {(c["kind"], c["measure"]): c["count"] for c in data["table"]}
        assert got == {k: expected[k] for k in got}, (year, office)
        assert len(got) == 6 and data["partial"] is False
        seen += sum(got.values())
        dated = [
            d for d in documents if d["year"] == year and (not office or d["department"] == office)
        ]
        assert data["total"] == len(dated)
        months = Counter(int(d["date"][5:7]) for d in dated)
        assert [m["count"] for m in data["months"]] == [months[m] for m in range(1, 13)]
        offices = Counter(d["department"] or "（未标明）" for d in dated)
        assert {o["department"]: o["count"] for o in data["departments"]} == offices
    assert seen > 0  # the corpus has 规章 and 规范性文件 to count


def test_every_count_links_to_a_list_of_that_many_documents(client):
    for year, office in [(2016, ""), (2019, ""), (2016, OFFICE)]:
        data = client.get(
            "/api/stats", query_string={"year": year, "department": office}
        ).get_json()
        html = client.get("/stats", query_string={"year": year, "department": office}).get_data(
            as_text=True
        )
        for cell in data["table"]:
            assert f'href="{cell["list"].replace("&", "&amp;")}"' in html
            assert shown_total(client, cell["list"]) == cell["count"], cell
        for month in data["months"]:
            if month["count"]:
                link = re.search(
                    rf'<th scope="row">{int(month["month"][5:])}月</th><td><a href="([^"]+)"', html
                )
                assert shown_total(client, link.group(1).replace("&amp;", "&")) == month["count"]
        for row in data["departments"]:
            url = "/?" + f"year={year}&department={quote(row['department'])}"
            assert shown_total(client, url) == row["count"]


def test_repealed_list_names_the_documents(client, documents):
    by_id = {d["id"]: d for d in documents}
    repealed = [d for d in documents if d["validity"] == "已废止" and kind_of(d)]
    assert repealed, "the shipped corpus has a repealed 规范性文件"
    for doc in repealed:
        year = int(min(by_id[i]["date"] for i in doc["repealed_by"])[:4])
        html = client.get(
            "/stats/repealed", query_string={"year": year, "kind": kind_of(doc)}
        ).get_data(as_text=True)
        assert f'href="{doc["url"]}"' in html


def test_bad_choices_are_400(client):
    for query in ("year=abc", "year=1800", "year=2016&department=" + "局" * 300):
        assert client.get("/stats?" + query).status_code == 400
    assert client.get("/stats/repealed?year=2016&kind=通知").status_code == 400
    assert client.get("/stats").status_code == 200  # the newest year by default


def test_cli_prints_the_same_figures(corpus_index, client):
    run = subprocess.run(
        [sys.executable, "-m", "indexer", "stats", "--year", "2019", "--format", "csv",
         "--index", str(corpus_index.index), "--docs", str(corpus_index.docs)],
        capture_output=True, check=True, env={"PATH": "/usr/bin:/bin", "HOME": "/tmp"},
    )  # fmt: skip
    assert run.stdout.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(run.stdout[3:].decode("utf-8"))))
    data = client.get("/api/stats?year=2019").get_json()
    assert rows[0] == ["信息内容", "本年制发", "本年废止", "现行有效"]
    for kind, row in zip(("规章", "规范性文件"), rows[1:3], strict=True):
        expected = [str(c["count"]) for c in data["table"] if c["kind"] == kind]
        assert row == [kind, *expected]
    bad = subprocess.run(
        [sys.executable, "-m", "indexer", "stats", "--year", "abc"], capture_output=True
    )
    assert bad.returncode == 2 and b"year" in bad.stderr
