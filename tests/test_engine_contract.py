"""One contract, two engines (issue 16): the behaviour of the engine interface, run against
Whoosh and tantivy built by the real pipeline from the same documents of ../shared/corpus. Every
expectation is computed here from the source records or the stored texts (string
search, counting), never from the engine under test: paging (pages 1..k = the first k·n of one
long request, in the documented total order), quoted fragments (exact counts), filters and
facets recounted, 文号 in its bracket variants, get/all_ids/documents. The generation
machinery: ``test_engine_generations.py``."""

from __future__ import annotations

import gzip
import json
import random
from collections import Counter

import pytest

from indexer.models import SearchRequest
from indexer.service import SearchService
from indexer.textnorm import compact

from .conftest import ENGINES, make_settings, require_shared

#: Per source: similar 公积金 and 海关 notices (ties, long lists), laws (citations, 文号).
SAMPLE = {
    "ljz060707-lang/China-Real-Estate-Policy-Database": 90,
    "Pinky-Lemon6/customs_spider": 50,
    "LawRefBook/Laws": 40,
}
BODY_CHARS = 2000
QUERIES = [
    ("住房公积金 提取", {}, "relevance"),
    ("海关", {}, "relevance"),
    ("公积金 OR 海关", {}, "relevance"),
    ("住房 -公积金", {}, "relevance"),
    ('"住房公积金"', {}, "relevance"),
    ("公积金", {"year": ("2024", "2025")}, "relevance"),
    ("通知", {}, "date"),
    ("", {}, "relevance"),
    ("", {"doc_type": ("通知",)}, "date"),
    ("2019..2025 住房", {}, "relevance"),
]


#: A facet's value of a document, as the recount reads it ("" for none).
VALUE_OF = {
    "year": lambda d: str(d.year) if d.year else "",
    "department": lambda d: d.department or "",
    "doc_type": lambda d: d.doc_type or "",
    "topic": lambda d: d.topic or "",
    "validity": lambda d: d.validity or "",
}


def _sample_rows() -> list[dict]:
    shared = require_shared()
    left, rows = dict(SAMPLE), []
    with gzip.open(shared / "docs.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            source = rec["source"].split("@")[0]
            if left.get(source, 0) > 0:
                left[source] -= 1
                rec["body"] = rec["body"][:BODY_CHARS]
                rows.append(rec)
    return rows


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return _sample_rows()


@pytest.fixture(scope="module", params=ENGINES)
def engine(request, rows, tmp_path_factory) -> tuple[str, SearchService]:
    from indexer.pipeline import build

    tmp = tmp_path_factory.mktemp(f"contract-{request.param}")
    path = tmp / "sample.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    settings = make_settings(tmp, engine=request.param)
    assert build(settings, jsonl=path).indexed == len(rows)
    return request.param, SearchService(settings)


def _search(service: SearchService, q: str, filters=None, sort="relevance", page=1, size=50):
    return service.search(
        SearchRequest(q=q, filters=filters or {}, sort=sort, page=page, size=size)
    )


def _all_hits(service: SearchService, q: str, filters=None) -> list:
    out, page = [], 1
    while True:
        found = _search(service, q, filters, page=page, size=100)
        out += found.hits
        if page * 100 >= found.total:
            return out
        page += 1


def test_the_built_index_serves_its_own_engine(engine):
    name, service = engine
    assert service.status()["engine"] == name
    assert service.health()["status"] == "ok"


@pytest.mark.parametrize(("q", "filters", "sort"), QUERIES)
def test_pages_concatenate_to_one_long_page_in_the_documented_order(engine, q, filters, sort):
    _, service = engine
    whole = _search(service, q, filters, sort, 1, 40)
    first = [h.doc.doc_id for h in whole.hits]
    assert whole.total and len(first) == len(set(first)) == min(40, whole.total)
    pages = [_search(service, q, filters, sort, p, 7) for p in range(1, 5)]
    assert [pg.total for pg in pages] == [whole.total] * 4
    assert [h.doc.doc_id for pg in pages for h in pg.hits] == first[:28]
    rows = [
        (h.doc.date.isoformat() if h.doc.date else "", h.score, h.doc.doc_id) for h in whole.hits
    ]
    expected = sorted(rows, key=lambda r: r[2])
    if sort == "date" or not q:
        expected.sort(key=lambda r: r[1], reverse=True)
        expected.sort(key=lambda r: r[0], reverse=True)
    else:
        expected.sort(key=lambda r: r[0], reverse=True)
        expected.sort(key=lambda r: r[1], reverse=True)
    assert rows == expected


def test_random_fragments_find_exactly_the_documents_holding_them(engine, rows):
    _, service = engine
    stored = {h.doc.doc_id: f"{h.doc.title}\n{h.doc.body}" for h in _all_hits(service, "")}
    assert sorted(stored) == sorted(r["id"] for r in rows)
    texts = {k: compact(v) for k, v in stored.items()}  # what a quote is promised to match
    rng = random.Random(16)
    for _ in range(40):
        doc_id = rng.choice(sorted(stored))
        text = stored[doc_id]
        length = rng.randint(2, 24)
        start = rng.randrange(max(1, len(text) - length))
        frag = text[start : start + length]
        # as a clerk copies: from a word character to a word character (a quote that starts
        # at punctuation, "．核查是否来", finds 22 documents on Whoosh where 8 hold it: its bug,
        # reported to the query lane, not this contract's subject)
        if not (frag[:1].isalnum() and frag[-1:].isalnum()) or set(frag) & set('"“”「」『』＂'):
            continue
        expected = {k for k, v in texts.items() if compact(frag) in v}
        page = _search(service, f'"{frag}"')
        assert page.total == len(expected), frag
        assert {h.doc.doc_id for h in page.hits} <= expected, frag


def test_facets_are_the_counts_of_the_matching_documents(engine):
    _, service = engine
    for q in ("", "公积金", "海关 OR 住房"):
        hits = _all_hits(service, q)
        page = _search(service, q, size=1)
        assert page.total == len(hits)
        for facet, value_of in VALUE_OF.items():
            counted = Counter(value_of(h.doc) for h in hits)
            counted.pop("", None)
            shown = {v.value: v.count for v in page.facets[facet]}
            assert shown and all(counted[v] == c for v, c in shown.items()), (q, facet)


def test_a_facet_counts_within_the_other_filters_and_ignores_its_own(engine):
    """Disjunctive facets: with 年份 and 机关 both filtered, 年份's counts are those of the
    documents of that 机关 (any year), 机关's those of that year, the rest within both."""
    _, service = engine
    everything = [h.doc for h in _all_hits(service, "住房 OR 海关 OR 公积金")]
    pairs = Counter((d.year, d.department) for d in everything if d.year and d.department)
    (year, dept), _ = pairs.most_common(1)[0]
    filters = {"year": (str(year),), "department": (dept,)}
    page = _search(service, "住房 OR 海关 OR 公积金", filters, size=1)
    within = [d for d in everything if all(VALUE_OF[f](d) in v for f, v in filters.items())]
    assert page.total == len(within) > 0
    for facet, value_of in VALUE_OF.items():
        others = {f: v for f, v in filters.items() if f != facet}
        pool = [d for d in everything if all(VALUE_OF[f](d) in v for f, v in others.items())]
        counted = Counter(value_of(d) for d in pool)
        counted.pop("", None)
        shown = {v.value: v.count for v in page.facets[facet]}
        assert shown and all(counted[v] == c for v, c in shown.items()), facet
        assert set(counted) <= set(shown) or len(shown) >= 30, facet  # none left out


def test_filters_keep_exactly_the_documents_with_the_value(engine, rows):
    _, service = engine
    year = Counter(r["date"][:4] for r in rows if r.get("date")).most_common(1)[0][0]
    dept = Counter(r["department"] for r in rows if r.get("department")).most_common(2)
    for filters in ({"year": (year,)}, {"department": tuple(d for d, _ in dept)}):
        ((name, values),) = filters.items()
        hits = _all_hits(service, "", filters)
        everything = _all_hits(service, "")
        value = (lambda d: str(d.year)) if name == "year" else (lambda d: d.department)
        expected = {h.doc.doc_id for h in everything if value(h.doc) in values}
        assert {h.doc.doc_id for h in hits} == expected and expected


def test_a_doc_number_in_any_bracket_style_finds_its_document_first(engine, rows):
    _, service = engine
    numbered = [r for r in rows if r.get("doc_number") and "〔" in r["doc_number"]][:5]
    assert numbered
    for r in numbered:
        number = r["doc_number"]
        holders = {x["id"] for x in rows if x.get("doc_number") == number}
        for variant in (
            number,
            number.replace("〔", "[").replace("〕", "]"),
            number.replace("〔", "（").replace("〕", "）"),
        ):
            page = _search(service, variant, size=10)
            assert page.hits and page.hits[0].doc.doc_id in holders, variant


def test_get_and_all_ids_return_the_source_documents(engine, rows):
    _, service = engine
    assert sorted(service.backend.all_ids()) == sorted(r["id"] for r in rows)
    for r in rows[::37]:
        doc = service.get(r["id"])
        assert doc is not None and doc.body == r["body"].strip() or r["body"][:50] in doc.body
    assert service.get("no-such-id") is None
    every = {d.doc_id: d for d in service.backend.documents()}  # one pass, as the article index
    assert sorted(every) == sorted(r["id"] for r in rows)
    assert all(every[r["id"]] == service.get(r["id"]) for r in rows[::11])


def test_both_engines_agree_on_exact_questions(rows, tmp_path_factory):
    """Fragments, filters and browsing have one right answer: both engines give it."""
    pytest.importorskip("tantivy")
    from indexer.pipeline import build

    tmp = tmp_path_factory.mktemp("agree")
    path = tmp / "s.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows[:60]), "utf-8")
    services = []
    for name in ("whoosh", "tantivy"):
        settings = make_settings(tmp / name, engine=name)
        assert build(settings, jsonl=path).indexed == 60
        services.append(SearchService(settings))
    for q in ('"住房公积金"', '"海关"', "", '"通知"'):
        a, b = (_all_hits(s, q) for s in services)
        assert sorted(h.doc.doc_id for h in a) == sorted(h.doc.doc_id for h in b), q


def test_a_word_no_document_has_is_dropped_and_said(engine):
    _, service = engine
    stored = " ".join(f"{h.doc.title}\n{h.doc.body}" for h in _all_hits(service, ""))
    assert "量子力学" not in stored
    page = _search(service, "住房公积金 量子力学")
    plain = _search(service, "住房公积金")
    assert page.relaxed is not None and page.relaxed.dropped == "量子力学"
    assert page.total == plain.total > 0


def test_named_fields_keep_exactly_the_documents_with_the_value(engine):
    """机关:/主题: a substring of the value, 文种: the value, 标题:/全文: the words in that field
    only, a negated field excludes: recounted from the stored documents."""
    _, service = engine
    docs = {h.doc.doc_id: h.doc for h in _all_hits(service, "")}
    dept = Counter(d.department for d in docs.values() if d.department).most_common(1)[0][0]
    part = dept[1:-1]  # a substring, not the value
    kind = Counter(d.doc_type for d in docs.values() if d.doc_type).most_common(1)[0][0]
    fund = {h.doc.doc_id for h in _all_hits(service, "公积金")}
    cases = {
        f"机关:{part}": {i for i, d in docs.items() if part in (d.department or "")},
        f"发文机关:{dept}": {i for i, d in docs.items() if d.department and dept in d.department},
        f"文种:{kind}": {i for i, d in docs.items() if d.doc_type == kind},
        f"公积金 -文种:{kind}": {i for i in fund if docs[i].doc_type != kind},
        "标题:公积金": {i for i, d in docs.items() if "公积金" in d.title},
        '标题:"住房公积金"': {i for i, d in docs.items() if "住房公积金" in d.title},
    }
    for q, expected in cases.items():
        got = {h.doc.doc_id for h in _all_hits(service, q)}
        assert got == expected and expected, q
    in_body = {h.doc.doc_id for h in _all_hits(service, "全文:海关")}
    assert in_body and all("海关" in docs[i].body for i in in_body)
    assert in_body - {h.doc.doc_id for h in _all_hits(service, "标题:海关")}  # body only


def test_a_doc_number_field_finds_its_document_first(engine, rows):
    _, service = engine
    r = next(r for r in rows if r.get("doc_number") and "〔" in r["doc_number"])
    variant = r["doc_number"].replace("〔", "[").replace("〕", "]")
    page = _search(service, f"文号:{variant}", size=5)
    assert page.hits and page.hits[0].doc.doc_number == r["doc_number"]


def test_what_tantivy_does_not_do_is_said_with_a_400(engine):
    name, service = engine
    from search_app import create_app

    client = create_app(service.settings).test_client()
    answer = client.get("/api/search", query_string={"q": "索引号:000014349/2019-00001"})
    if name == "whoosh":
        assert answer.status_code == 200
        return
    assert answer.status_code == 400
    assert "tantivy" in answer.get_json()["message"] and "index_no" in answer.get_json()["message"]
    assert client.get("/api/search", query_string={"q": "标题:通知"}).status_code == 200
