"""Our query language and recall aids on a real index: fields, years, synonyms, traditional
characters, relaxing, pinyin, suggestions, explain, related documents."""

from __future__ import annotations

import datetime as dt

import pytest

from indexer.config import Settings
from indexer.engine.backend import WhooshBackend
from indexer.engine.query_text import prepare
from indexer.errors import BadQuery
from indexer.models import Document
from indexer.service import SearchService

from .conftest import ANALYSIS, SYNONYMS, USER_DICT

DOCS = [
    Document(
        "a",
        "阿勒泰地区行政公署关于加强政务公开工作的通知",
        "各县市：进一步加强政务公开工作。",
        department="阿勒泰地区行政公署",
        date=dt.date(2016, 3, 1),
        doc_type="通知",
    ),
    Document(
        "b",
        "关于住房公积金提取的办法",
        "住房公积金可以用于购买自住住房。职工提取公积金应当提交材料。",
        department="阿勒泰地区住房和城乡建设局",
        date=dt.date(2018, 5, 2),
        doc_type="办法",
    ),
    Document(
        "c",
        "2016年环境保护工作报告",
        "本年度环境保护工作取得进展，空气质量持续改善。",
        department="阿勒泰地区生态环境局",
        date=dt.date(2017, 1, 20),
        doc_type="报告",
    ),
    Document(
        "d",
        "关于做好义务教育招生工作的通知",
        "义务教育阶段学校招生工作要求。",
        department="阿勒泰地区教育局",
        date=dt.date(2019, 6, 1),
        doc_type="通知",
    ),
    Document(
        "e",
        "发展和改革委员会关于价格监测的意见",
        "加强重要民生商品价格监测。",
        department="阿勒泰地区发展和改革委员会",
        date=dt.date(2020, 7, 1),
        doc_type="意见",
    ),
    Document(
        "f",
        "阿勒泰地区行署关于森林防火的通告",
        "森林防火期内严禁野外用火。",
        department="阿勒泰地区行政公署",
        date=dt.date(2021, 4, 1),
        doc_type="通告",
    ),
]


@pytest.fixture(scope="module")
def service(tmp_path_factory) -> SearchService:
    root = tmp_path_factory.mktemp("ql") / "index"
    WhooshBackend(root, ANALYSIS).rebuild(DOCS)
    return SearchService(Settings.load(environ={}, index=root, user_dict=USER_DICT))


def ids(service: SearchService, q: str, **extra: str) -> list[str]:
    args = {"q": [q], "size": ["50"], **{k: [v] for k, v in extra.items()}}
    return [h.doc.doc_id for h in service.search(service.request(args)).hits]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("标题:政务公开", {"a"}),
        ("title:公积金", {"b"}),
        ("全文:空气质量", {"c"}),
        ("机关:教育局", {"d"}),
        ("文种:通告", {"f"}),
        ("2016", {"a", "c"}),  # 2016 documents, or 2016 in the title
        ("2016年", {"a", "c"}),
        ("2019..2021", {"d", "e", "f"}),
        ("2018-01-01..2019-12-31", {"b", "d"}),
        ("通知 2016..2019", {"a", "d"}),
        ("行署", {"a", "f"}),  # abbreviation finds the full name too
        ("行政公署 防火", {"f"}),  # and the full name finds the abbreviation
        ("发改委", {"e"}),
        ("公积金", {"b"}),
        ("環境保護", {"c"}),  # traditional characters fold to simplified
        ("國務院 OR 義務教育", {"d"}),
        ("(教育 OR 价格) -招生", {"e"}),
        ("NOT 通知", {"b", "c", "e", "f"}),
        ("unknownfield:教育", {"d"}),  # an unknown prefix is taken as text
    ],
)
def test_query_language(service, q, expected):
    assert set(ids(service, q)) == expected


def test_quoted_abbreviation_is_exact(service):
    assert set(ids(service, '"行署"')) == {"f"}


def test_exact_title_ranks_first(service):
    assert ids(service, "关于做好义务教育招生工作的通知")[0] == "d"


def test_nothing_matching_every_word_drops_the_rarest_and_says_so(service):
    page = service.search(service.request({"q": ["住房公积金 提取 量子力学"]}))
    assert page.relaxed.dropped == "量子力学" and page.relaxed.query == "住房公积金 提取"
    assert [h.doc.doc_id for h in page.hits] == ["b"]


def test_a_question_is_ranked_by_its_content_words(service):
    page = service.search(
        service.request({"q": ["请问买房的时候可以提取住房公积金吗？要交什么材料"]})
    )
    assert page.hits[0].doc.doc_id == "b"  # most content words: 住房公积金, 提取, 材料


def test_quotation_marks_in_a_question_quote_rather_than_require(service):
    """“提取”材料 in a question is the asker quoting a word; as a phrase operator it would
    require the phrase "量子" too and find nothing."""
    page = service.search(service.request({"q": ["买房时“提取”住房公积金要交什么“量子”材料？"]}))
    assert page.total and page.hits[0].doc.doc_id == "b"
    # quotes without a question stay phrase operators: no document has "量子", and the page
    # says the word was left out
    keywords = service.search(service.request({"q": ['"提取" "量子"']}))
    assert keywords.relaxed.dropped == "量子" and keywords.relaxed.all_words_matched == 0


def test_an_exact_phrase_nobody_wrote_offers_the_words_without_quotes(service):
    page = service.search(service.request({"q": ["“提取住房公积金”"]}))
    assert (page.total, page.did_you_mean) == (0, "提取住房公积金")
    assert ids(service, page.did_you_mean)[0] == "b"
    # nothing to offer when the words find nothing either
    assert service.search(service.request({"q": ['"量子色动力学"']})).did_you_mean is None


def test_keywords_no_document_has_all_of_fall_back_to_any_word_and_say_so(service):
    page = service.search(service.request({"q": ["住房公积金 提取 材料 森林"]}))
    assert page.relaxed.mode == "any" and page.hits[0].doc.doc_id == "b"


def test_operators_turn_off_the_any_word_fallback(service):
    page = service.search(service.request({"q": ['"住房公积金" 量子 力学 宇宙 黑洞']}))
    assert page.total == 0 and page.relaxed is None


def test_pinyin_gets_a_did_you_mean(service):
    page = service.search(service.request({"q": ["zhengwu gongkai"]}))
    assert page.did_you_mean == "政务公开"


def test_suggestions_complete_words_departments_and_titles(service):
    texts = {s["text"] for s in service.suggest("公积")}
    assert "关于住房公积金提取的办法" in texts
    kinds = {s["kind"] for s in service.suggest("教育")}
    assert {"department", "title"} <= kinds
    assert service.suggest("") == []


def test_explain_breaks_the_score_down(service):
    page = service.search(service.request({"q": ["政务公开"], "explain": ["1"]}))
    expl = page.hits[0].explain
    assert expl["score"] == pytest.approx(page.hits[0].score, rel=1e-3)
    fields = {t["field"] for t in expl["terms"]}
    assert {"title", "body"} <= fields and all(t["bm25"] > 0 for t in expl["terms"])


def test_related_documents_exclude_the_document_itself(service):
    rel = service.related(service.get("a"))
    assert rel and "a" not in {d.doc_id for d in rel}
    assert rel[0].doc_id == "f"  # the other 行政公署 document


@pytest.mark.parametrize("q", ["-", "()", "OR", '"', "，。", "- - -"])
def test_queries_with_nothing_to_search_are_bad_queries(service, q):
    with pytest.raises(BadQuery):
        service.search(service.request({"q": [q]}))


def test_prepare_keeps_quoted_text_and_finds_numbers():
    qt = prepare('文号:國辦發[2018]第01号 "行署 2016" 2017年', str(USER_DICT), SYNONYMS)
    assert qt.doc_numbers == ["国办发〔2018〕1号"]
    assert qt.years == ["2017"]
    assert '"行署 2016"' in qt.text and "OR" not in qt.text.split('"')[1]
