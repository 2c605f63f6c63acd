"""Where a search's time goes (issue 9.5), and how often it touches the index (issue 13.3).

Timings are checked for shape and consistency, never against a clock: the phases are parts of
the total, the staff page shows what the requests recorded.
"""

from __future__ import annotations

import re
import threading

import pytest

from indexer.latency import LatencyLog
from indexer.models import PHASES, SearchRequest, Timing

KEYS = {*PHASES, "total", "passes"}


def test_explain_adds_a_timing_whose_phases_fit_in_the_total(client):
    data = client.get("/api/search?q=政务公开&explain=1").get_json()
    timing = data["timing"]
    assert set(timing) == KEYS
    assert all(timing[k] >= 0 for k in KEYS) and timing["total"] > 0
    assert sum(timing[p] for p in PHASES) <= timing["total"] * 1.01 + 0.05
    assert timing["passes"] >= 2  # matched, then scored
    assert data["total"] > 0 and timing["match"] > 0 and timing["snippets"] > 0
    assert "timing" not in client.get("/api/search?q=政务公开").get_json()


def test_status_shows_p50_and_p95_of_the_requests_made(corpus_index):
    from search_app import create_app

    from .conftest import log_in, staff_settings

    app = create_app(staff_settings(corpus_index))  # its own service: nothing recorded yet
    c = app.test_client()
    assert log_in(c).status_code == 302  # /status is a staff page
    assert 'id="latency-count">0<' in c.get("/status").get_data(as_text=True)
    queries = ["政务公开", "通知", "2016", '"行署"', "", "公积金 提取"]
    for q in queries:
        assert c.get("/api/search", query_string={"q": q}).status_code == 200
    c.get("/", query_string={"q": "教育"})
    html = c.get("/status").get_data(as_text=True)
    assert f'id="latency-count">{len(queries) + 1}<' in html
    for phase in ("total", *PHASES):
        row = re.search(
            rf'id="latency-{phase}"><td>[^<]+</td><td>([\d.]+)</td><td>([\d.]+)</td>', html
        )
        assert row, phase
        p50, p95 = map(float, row.groups())
        assert 0 <= p50 <= p95
    summary = app.extensions["xxgk"].latency()
    assert summary["phases"]["total"]["p95"] >= summary["phases"]["match"]["p95"]


def test_the_log_keeps_the_last_requests_and_counts_nearest_rank_percentiles():
    log = LatencyLog(keep=100)
    for ms in range(1, 151):  # 1..150 ms: the last 100 are 51..150
        log.record(Timing(total=float(ms)))
    summary = log.summary()
    assert summary["count"] == 100
    assert summary["phases"]["total"] == {"p50": 100.0, "p95": 145.0}
    assert summary["phases"]["parse"] == {"p50": 0.0, "p95": 0.0}
    assert LatencyLog().summary()["count"] == 0


def test_the_log_is_safe_to_share_between_threads():
    log = LatencyLog(keep=10_000)
    threads = [
        threading.Thread(target=lambda: [log.record(Timing(total=1.0)) for _ in range(500)])
        for _ in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert log.summary()["count"] == 2000


@pytest.mark.parametrize("q", ['"量子色动力学"', "“工作政务公开加强”", '"公开政务工作加强通知"'])
def test_a_phrase_that_finds_nothing_touches_the_index_at_most_three_times(corpus_index, q):
    """Before one context and one fallback function, such a phrase was matched four times and
    searched once more across two layers (service and engine): 5 passes. Now: the phrase's
    words (the phrase check is skipped when they find nothing), and its words unquoted, all
    and then any of them, for the did-you-mean."""
    from indexer.service import SearchService

    page = SearchService(corpus_index).search(SearchRequest(q=q))
    assert page.total == 0 and page.timing is not None
    assert 1 <= page.timing.passes <= 3


def test_each_fallback_runs_once(corpus_index):
    """A word no document has is left out: matched once as typed, once literally on the
    character field (engine/fragments.py), once without the word, then scored."""
    from indexer.service import SearchService

    page = SearchService(corpus_index).search(SearchRequest(q="政务公开 量子力学"))
    assert page.relaxed is not None and page.relaxed.dropped == "量子力学"
    assert page.relaxed.to_json() == {
        "dropped": "量子力学",
        "query": "政务公开",
        "all_words_matched": 0,
    }
    assert page.timing is not None and page.timing.passes == 4


def test_the_relaxed_notice_and_its_json(client):
    """The page says which word was left out, or that any of the words were accepted; the API
    keeps its shape ({"dropped", "query", "mode"?, "all_words_matched"?})."""
    html = client.get("/", query_string={"q": "政务公开 量子力学"}).get_data(as_text=True)
    assert 'id="relaxed"' in html and "去掉“<b>量子力学</b>”" in html
    data = client.get("/api/search", query_string={"q": "政务公开 量子力学"}).get_json()
    assert data["relaxed"] == {"dropped": "量子力学", "query": "政务公开", "all_words_matched": 0}
    q = "政务公开 义务教育 环境保护 公积金"  # four words, each in some document, none in all
    data = client.get("/api/search", query_string={"q": q}).get_json()
    assert data["total"] > 0 and data["relaxed"]["mode"] == "any"
    assert data["relaxed"]["query"] == " OR ".join(q.split())
    html = client.get("/", query_string={"q": q}).get_data(as_text=True)
    assert "包含其中部分词语" in html or "包含部分词语" in html
    assert client.get("/api/search?q=政务公开").get_json()["relaxed"] is None
