"""The article index searched with the lexicon's official terms as well: a fifth list of a
question's fusion (``fusion.OFFICIAL_WEIGHT``), so that everyday words reach the article that
holds only the law's words."""

from __future__ import annotations

import pytest

from indexer import article_index, fusion, lexicon, question_articles
from indexer.service import SearchService
from tests.conftest import index_texts

#: one article each, so that no neighbour lends: only the lexicon's terms reach the first
PAY = "某市薪酬规定\n\n第一条 用人单位应当按时足额支付劳动报酬。\n"
OTHER = "某市养犬规定\n\n第一条 养犬人应当为犬只办理登记。\n"
QUESTION = "老板拖欠工资怎么办"


@pytest.fixture(scope="module")
def settings(tmp_path_factory):
    return index_texts(tmp_path_factory.mktemp("lexicon-list"), {"p.txt": PAY, "o.txt": OTHER})


def test_the_lexicons_terms_reach_an_article_the_typed_words_do_not(settings) -> None:
    service = SearchService(settings)
    ud, index = settings.analysis.user_dict, service.article_index()
    found = lexicon.expand(QUESTION)
    assert {t for e in found for t in e.official} >= {"劳动报酬", "用人单位"}
    typed = {w: 1.0 for w in article_index.words(QUESTION, ud, query=True)}
    assert index.search(typed, k=10) == []  # no article holds 老板, 拖欠工资 or 怎么办
    pay = service.search(service.request({"q": ["薪酬"]})).hits[0].doc.doc_id
    got = question_articles.fused_articles(QUESTION, [], ud, index, None, found)
    assert got == [(pay, "第一条")]
    assert question_articles.fused_articles(QUESTION, [], ud, index, None) == []


def test_the_lexicons_list_is_fused_at_its_weight_by_rank() -> None:
    a, b, c = ("x", "第一条"), ("y", "第一条"), ("z", "第一条")
    got = fusion.fuse([a], [a, b], {}, official=[c, b])
    share = {
        a: 1 / (fusion.K + 1) + 1 / (fusion.K + 1),  # by hand: first of (a) and of the index
        b: 1 / (fusion.K + 2) + fusion.OFFICIAL_WEIGHT / (fusion.K + 2),
        c: fusion.OFFICIAL_WEIGHT / (fusion.K + 1),
    }
    assert got == sorted(share, key=lambda k: -share[k])
    assert fusion.fuse([a], [a, b], {}) == [a, b]  # without it c is not there at all


def test_a_question_page_in_everyday_words_answers_with_the_article_in_the_laws(settings) -> None:
    from search_app import create_app

    client = create_app(settings).test_client()
    body = client.get("/api/search", query_string={"q": QUESTION}).get_json()
    assert [(a["title"], a["label"]) for a in body["answers"]][:1] == [("某市薪酬规定", "第一条")]
