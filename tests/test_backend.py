"""WhooshBackend on a real on-disk index: generations, guards, search, facets, phrases."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

import pytest

from indexer.engine.backend import WhooshBackend
from indexer.errors import IndexNotReady, RebuildRefused
from indexer.models import Document, SearchRequest

from .conftest import ANALYSIS

DEPTS = ["阿勒泰地区财政局", "阿勒泰地区教育局", "阿勒泰地区行政公署", "阿勒泰地区卫生健康委员会"]
TOPICS = ["财政、金融、审计\\财政", "科技、教育\\教育", "综合政务\\政务公开", None]
TYPES = ["通知", "意见", "报告", "办法"]
SENTENCES = [
    "为进一步加强政务公开工作，现将有关事项通知如下。",
    "各县（市）人民政府要认真贯彻落实中华人民共和国政府信息公开条例。",
    "规范性文件有效期5年。",
    "做好义务教育阶段学生资助工作。",
    "加强财政资金监督管理，提高资金使用效益。",
]


def make_docs(n: int, seed: int = 7) -> list[Document]:
    rnd = random.Random(seed)
    docs = []
    for i in range(n):
        date = dt.date(rnd.choice([2015, 2016, 2019, 2021]), rnd.randint(1, 12), rnd.randint(1, 28))
        body = "".join(rnd.sample(SENTENCES, 2)) + f"第{i}号文件。"
        docs.append(
            Document(
                doc_id=f"d{i}",
                title=f"关于测试事项{i}的{rnd.choice(TYPES)}",
                body=body,
                department=rnd.choice(DEPTS),
                date=date if rnd.random() > 0.1 else None,
                doc_type=rnd.choice(TYPES),
                topic=rnd.choice(TOPICS),
            )
        )
    return docs


@pytest.fixture()
def backend(tmp_path) -> WhooshBackend:
    return WhooshBackend(tmp_path / "index", ANALYSIS, keep_generations=2)


def req(q: str = "", **kw) -> SearchRequest:
    filters = {k: tuple(v) for k, v in kw.pop("filters", {}).items()}
    return SearchRequest(q=q, filters=filters, size=kw.pop("size", 10), **kw)


def test_missing_index_is_not_ready(backend):
    with pytest.raises(IndexNotReady):
        backend.search(req("公开"), facet_limit=10)


def test_empty_rebuild_is_refused_and_leaves_no_generation(backend):
    with pytest.raises(RebuildRefused):
        backend.rebuild([])
    assert backend.current_name() is None
    assert not list(backend.root.glob("gen-*"))


def test_failed_rebuild_keeps_the_old_index_serving(backend):
    docs = make_docs(30)
    backend.rebuild(docs)
    before = backend.current_name()

    def exploding():
        yield from docs[:5]
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        backend.rebuild(exploding())
    assert backend.current_name() == before
    assert backend.search(req(), facet_limit=10).total == 30
    assert sorted(p.name for p in backend.root.glob("gen-*")) == [before]


def test_much_smaller_rebuild_needs_force(backend):
    backend.rebuild(make_docs(30))
    with pytest.raises(RebuildRefused):
        backend.rebuild(make_docs(5))
    name, count = backend.rebuild(make_docs(5), force=True)
    assert count == 5 and backend.current_name() == name


def test_readers_switch_to_a_new_generation_without_restart(backend):
    backend.rebuild(make_docs(20))
    assert backend.search(req(), facet_limit=5).total == 20
    backend.rebuild(make_docs(25, seed=3))
    assert backend.search(req(), facet_limit=5).total == 25
    assert len(list(backend.root.glob("gen-*"))) <= 2  # old generations pruned


def test_facet_counts_equal_a_recount_of_the_documents(backend):
    docs = make_docs(120)
    backend.rebuild(docs)
    page = backend.search(req(), facet_limit=50)
    expected = {
        "department": Counter(d.department for d in docs),
        "topic": Counter(d.topic for d in docs if d.topic),
        "year": Counter(str(d.year) for d in docs if d.year),
        "doc_type": Counter(d.doc_type for d in docs),
    }
    for name, counts in expected.items():
        assert {v.value: v.count for v in page.facets[name]} == dict(counts), name


def test_filters_and_within_facet_or(backend):
    docs = make_docs(120)
    backend.rebuild(docs)
    years = ("2015", "2019")
    dept = DEPTS[0]
    page = backend.search(
        req(filters={"year": years, "department": [dept]}, size=200), facet_limit=50
    )
    want = {d.doc_id for d in docs if str(d.year) in years and d.department == dept}
    assert {h.doc.doc_id for h in page.hits} == want and page.total == len(want)
    # the year facet ignores its own filter: other years stay visible with their counts
    year_counts = {v.value: v.count for v in page.facets["year"]}
    assert year_counts == dict(
        Counter(str(d.year) for d in docs if d.year and d.department == dept)
    )
    assert {v.value for v in page.facets["year"] if v.selected} == set(years)


def test_unknown_facet_value_gives_empty_result(backend):
    backend.rebuild(make_docs(10))
    page = backend.search(req(filters={"department": ["不存在的机关"]}), facet_limit=10)
    assert page.total == 0 and page.hits == []
    assert [v.value for v in page.facets["department"] if v.selected] == ["不存在的机关"]


def test_page_past_the_end_is_empty(backend):
    backend.rebuild(make_docs(10))
    page = backend.search(req(page=5, size=10), facet_limit=10)
    assert page.total == 10 and page.hits == []


def test_browse_is_newest_first_and_date_sort(backend):
    docs = make_docs(40)
    backend.rebuild(docs)
    page = backend.search(req(size=40), facet_limit=5)
    dates = [h.doc.date for h in page.hits if h.doc.date]
    assert dates == sorted(dates, reverse=True)
    assert all(h.doc.date is None for h in page.hits[len(dates) :])  # undated last


PHRASE_DOCS = [
    Document("p0", "示例一", "各县人民政府：为进一步加强政务公开工作，现通知如下。"),
    Document("p1", "示例二", "认真贯彻中华人民共和国政府信息公开条例的规定。"),
    Document("p2", "示例三", "加强管理，进一步做好信息公开工作；条例另有规定的除外。"),
    Document("p3", "关于马克思主义学习的通知", "学习马克思主义基本原理。"),
    Document("p4", "引用", "根据阿行署发［2014］3号文件精神，有效期5年。"),
    Document("p5", "原件", "本办法自发布之日起施行。", doc_number="阿行署发〔2014〕3号"),
]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ('"政务公开"', {"p0"}),
        ('"进一步加强"', {"p0"}),
        ('"信息公开条例"', {"p1"}),  # inside one indexed word: checked against the text
        ('"政府信息"', {"p1"}),
        ("信息公开 条例", {"p1", "p2"}),
        ('"公开工作"', {"p0", "p2"}),
        ("5年", {"p4"}),
        ("阿行署发(2014)第03号", {"p4", "p5"}),
        ('"政务公开" -各县', set()),
    ],
)
def test_search_semantics(backend, q, expected):
    backend.rebuild(PHRASE_DOCS)
    page = backend.search(req(q, size=50), facet_limit=5)
    assert {h.doc.doc_id for h in page.hits} == expected


def test_doc_number_query_puts_the_document_itself_first(backend):
    backend.rebuild(PHRASE_DOCS)
    page = backend.search(req("阿行署发[2014]3号"), facet_limit=5)
    assert [h.doc.doc_id for h in page.hits] == ["p5", "p4"]
    marked = {t for h in page.hits for t, m in h.snippet if m}
    assert marked == {"阿行署发［2014］3号"}  # the whole number, not its characters


def test_snippets_mark_whole_words_and_round_trip_fields(backend):
    backend.rebuild(PHRASE_DOCS)
    page = backend.search(req("马克思主义"), facet_limit=5)
    hit = page.hits[0]
    assert ("马克思主义", True) in hit.snippet
    assert ("马克思主义", True) in hit.title_marked
    assert "".join(t for t, _ in hit.title_marked) == "关于马克思主义学习的通知"
    doc = backend.get("p5")
    assert (
        doc is not None
        and doc.doc_number == "阿行署发〔2014〕3号"
        and doc.body == PHRASE_DOCS[5].body
    )
    assert backend.get("nope") is None
