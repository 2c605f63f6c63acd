"""The cheap paths of a search keep the one total order (issue 9.4, issue 15.3).

Browsing and filters alone are not scored: their pages come from the generation's date order.
A query's ranked list is kept per generation, so paging does not score every match again. Both
are pinned here through the service, against orders recomputed from each document's own
stored date and id; the cache's bound is checked on its own.
"""

from __future__ import annotations

import numpy as np
import pytest

from indexer.engine.rankcache import RankCache
from indexer.models import SearchRequest
from indexer.service import SearchService


@pytest.fixture(scope="module")
def service(corpus_index) -> SearchService:
    return SearchService(corpus_index)


def _newest_first(service: SearchService, ids: list[str]) -> list[str]:
    """Date newest first (undated last), then id ascending: from each stored document."""
    dates = {i: (d.date.isoformat() if (d := service.get(i)).date else "") for i in ids}
    by_id = sorted(ids)
    return sorted(by_id, key=dates.__getitem__, reverse=True)  # stable within a date


def _paged(service: SearchService, size: int, **kw) -> tuple[list[str], set[int]]:
    ids, totals, page = [], set(), 1
    while True:
        got = service.search(SearchRequest(size=size, page=page, **kw))
        totals.add(got.total)
        if not got.hits:
            return ids, totals
        ids += [h.doc.doc_id for h in got.hits]
        page += 1


def test_browsing_pages_are_every_document_newest_first(service):
    everything = service.backend.all_ids()
    ids, totals = _paged(service, 7)
    assert totals == {len(everything)}
    assert ids == _newest_first(service, everything)


def test_filter_only_pages_are_the_filtered_documents_newest_first(service):
    facets = service.search(SearchRequest(size=1)).facets
    for name in ("year", "department", "doc_type"):
        value = facets[name][0].value
        ids, totals = _paged(service, 4, filters={name: (value,)})
        every = service.backend.all_ids()
        chosen = [i for i in every if _value(service.get(i), name) == value]
        assert totals == {len(chosen)} and len(chosen) == facets[name][0].count, name
        assert ids == _newest_first(service, chosen), name


def _value(doc, name: str) -> str:
    return str(doc.date.year) if name == "year" and doc.date else str(getattr(doc, name) or "")


@pytest.mark.parametrize("q, sort", [("通知", "relevance"), ("工作 通知", "date")])
def test_paging_a_query_reuses_its_ranking_and_keeps_the_order(service, q, sort):
    whole = service.search(SearchRequest(q=q, sort=sort, size=30, explain=True))
    assert whole.total > 12
    first = service.search(SearchRequest(q=q, sort=sort, size=6, page=2, explain=True))
    again = service.search(SearchRequest(q=q, sort=sort, size=6, page=2, explain=True))
    pages = [first.hits] + [
        service.search(SearchRequest(q=q, sort=sort, size=6, page=p)).hits for p in (1, 3)
    ]
    assert [h.doc.doc_id for h in again.hits] == [h.doc.doc_id for h in first.hits]
    assert [h.score for h in again.hits] == [h.score for h in first.hits]
    assert again.timing.passes < whole.timing.passes  # matched again, not scored again
    paged = pages[1] + pages[0] + pages[2]
    assert [h.doc.doc_id for h in paged] == [h.doc.doc_id for h in whole.hits[:18]]
    assert [h.score for h in paged] == [h.score for h in whole.hits[:18]]


def test_the_rank_cache_is_bounded_and_forgets_the_least_recently_used():
    cache = RankCache(max_docs=100, max_entries=3)
    docs = {k: np.arange(n) for k, n in (("a", 40), ("b", 40), ("c", 30))}
    for key, d in docs.items():
        cache.put(key, d, d * 1.0)
    assert cache.held == 110 - 40 and cache.get("a") is None  # over 100 documents: a left
    assert cache.get("b") is not None  # b is now the most recently used
    cache.put("d", np.arange(35), np.zeros(35))
    assert cache.get("c") is None and cache.get("b") is not None and cache.held == 75
    cache.put("huge", np.arange(101), np.zeros(101))  # larger than the whole cache: not kept
    assert cache.get("huge") is None and cache.held <= 100
    for key in "efg":
        cache.put(key, np.arange(1), np.zeros(1))
    assert len(cache) == 3
