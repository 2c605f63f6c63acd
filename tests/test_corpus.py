"""The shipped corpus/ through the real pipeline: metadata and facets against the generator's
ground truth (tests/fixtures/corpus_truth.json, written by tools/make_corpus.py)."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from indexer.models import SearchRequest
from indexer.service import SearchService

from .conftest import REPO

TRUTH = json.loads((REPO / "tests" / "fixtures" / "corpus_truth.json").read_text(encoding="utf-8"))
DOCS: dict[str, dict] = TRUTH["documents"]
FIELDS = ("title", "department", "doc_number", "date", "doc_type", "topic")


@pytest.fixture(scope="module")
def service(corpus_index) -> SearchService:
    return SearchService(corpus_index)


def test_every_document_is_indexed_and_nothing_fails(corpus_index, corpus_report):
    assert corpus_report["failures"] == []
    assert corpus_report["indexed"] == len(DOCS)


def test_corpus_meets_the_variety_promised():
    assert len(DOCS) >= 41
    assert len({d["department"] for d in DOCS.values()}) >= 8
    assert len({d["year"] for d in DOCS.values() if d["year"]}) >= 6
    assert len({d["topic"] for d in DOCS.values() if d["topic"]}) >= 8
    assert {"pdf", "docx", "html", "txt"} <= {d["format"] for d in DOCS.values()}


@pytest.mark.parametrize("rel", sorted(DOCS))
def test_metadata_matches_the_truth(service, rel):
    doc = service.get(rel)
    assert doc is not None, rel
    truth = DOCS[rel]
    got = {
        "title": doc.title,
        "department": doc.department,
        "doc_number": doc.doc_number,
        "date": doc.date.isoformat() if doc.date else None,
        "doc_type": doc.doc_type,
        "topic": doc.topic,
    }
    if truth["topic"] is None:  # none given: the catalogue's rules may classify it
        assert doc.topic is None or doc.sources["topic"] == "rules", doc.topic
        got["topic"] = None
    assert got == {f: truth[f] for f in FIELDS}, doc.sources


def test_browse_facet_counts_equal_a_recount_of_the_truth(service):
    page = service.search(SearchRequest(size=1))
    assert page.total == len(DOCS)
    recount = {
        "year": Counter(str(d["year"]) for d in DOCS.values() if d["year"]),
        "department": Counter(d["department"] for d in DOCS.values() if d["department"]),
        "topic": Counter(_topic(service, rel) for rel in DOCS if _topic(service, rel)),
        "doc_type": Counter(d["doc_type"] for d in DOCS.values() if d["doc_type"]),
    }
    for name, counts in recount.items():
        assert {v.value: v.count for v in page.facets[name]} == dict(counts), name


def _topic(service, rel: str) -> str | None:
    """The given topic from the truth; for the others, the one the rules gave (stored)."""
    return DOCS[rel]["topic"] or service.get(rel).topic


def test_filtered_facet_counts_equal_a_recount(service):
    year = Counter(str(d["year"]) for d in DOCS.values() if d["year"]).most_common(1)[0][0]
    page = service.search(SearchRequest(filters={"year": (year,)}, size=100))
    chosen = [d for d in DOCS.values() if str(d["year"]) == year]
    assert page.total == len(chosen)
    got = {v.value: v.count for v in page.facets["department"]}
    assert got == dict(Counter(d["department"] for d in chosen if d["department"]))


SEED = "altay-2016-xxgk-annual-report.txt"


def test_seed_report_is_found_by_words_and_by_phrase(service):
    for q in ("政府信息公开 年度报告", '"政务公开"'):
        ids = [h.doc.doc_id for h in service.search(SearchRequest(q=q, size=100)).hits]
        assert SEED in ids, q
    assert service.get(SEED).title == "阿勒泰地区行政公署2016年度政府信息公开工作报告"


@pytest.mark.parametrize("rel", sorted(DOCS))
def test_each_documents_rare_phrases_find_it(service, rel):
    for phrase in DOCS[rel]["phrases"]:
        ids = [h.doc.doc_id for h in service.search(SearchRequest(q=f'"{phrase}"', size=50)).hits]
        assert rel in ids, phrase
