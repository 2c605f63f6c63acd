"""Every law's articles as a generation's own BM25 index, and the fusion of a question's lists."""

from __future__ import annotations

import math
from collections import Counter

import pytest

from indexer import article_index, articles, fusion
from indexer.config import Settings
from indexer.pipeline import build
from indexer.service import SearchService
from tests.conftest import index_texts

LAW_A = """某市劳动者权益保障条例

第一章 总则

第一条 为了保障劳动者合法权益，制定本条例。

第二章 劳动报酬

第二条 用人单位应当按时足额支付劳动报酬，不得拖欠。

第三条 用人单位安排加班的，应当支付加班费。
"""
LAW_B = """某市房屋租赁管理办法

第一条 为了规范房屋租赁，制定本办法。

第二条 出租人出卖租赁房屋的，应当在出卖之前通知承租人。<script>alert(1)</script>

第三条 租赁房屋在承租人按照租赁合同占有期限内发生所有权变动的，不影响租赁合同的效力。
"""
NOTICE = "关于做好春节期间值班工作的通知\n各单位：\n请做好春节期间值班工作。\n"


@pytest.fixture(scope="module")
def law_settings(tmp_path_factory) -> Settings:
    texts = {"a.txt": LAW_A, "b.txt": LAW_B, "n.txt": NOTICE}
    return index_texts(tmp_path_factory.mktemp("article-index"), texts)


def _index(settings: Settings) -> article_index.ArticleIndex:
    found = SearchService(settings).article_index()
    assert found is not None
    return found


def test_the_build_keeps_every_law_article_and_the_generation_still_verifies(law_settings):
    service = SearchService(law_settings)
    index = _index(law_settings)
    cut = [articles.split(t).articles for t in (LAW_A, LAW_B)]
    assert len(index) == sum(len(a) for a in cut)  # the notice has no 条: nothing of it
    assert all(problem is None for _, problem in service.backend.verify().values())
    assert service.health()["status"] == "ok"


def test_search_is_bm25_over_the_title_headings_and_text_of_each_article(law_settings) -> None:
    ud = law_settings.analysis.user_dict
    units = [
        (title, a)
        for title, text in (("某市劳动者权益保障条例", LAW_A), ("某市房屋租赁管理办法", LAW_B))
        for a in articles.split(text).articles
    ]
    bags = [
        Counter(article_index.words(f"{t}\n{' '.join(a.context)}\n{a.text}", ud)) for t, a in units
    ]
    query = {w: 1.0 for w in article_index.words("房子被卖了租赁合同还有效吗", ud, query=True)}
    n, avg = len(bags), sum(sum(b.values()) for b in bags) / len(bags)
    expected = []
    for (_, a), bag in zip(units, bags, strict=True):
        s = 0.0
        for w in query:
            df = sum(1 for b in bags if w in b)
            if bag[w]:
                norm = 1.5 * (0.25 + 0.75 * sum(bag.values()) / avg)
                s += math.log(1 + (n - df + 0.5) / (df + 0.5)) * bag[w] * 2.5 / (bag[w] + norm)
        expected.append((s, a.label))
    want = sorted((e for e in expected if e[0] > 0), key=lambda e: -e[0])
    got = _index(law_settings).search(query, k=10)
    assert [c.anchor for c in got] == [label for _, label in want]
    assert [c.score for c in got] == pytest.approx([s for s, _ in want], rel=1e-4)
    assert got[0].anchor == "第三条" and got[0].title == "某市房屋租赁管理办法"


def test_an_update_indexes_the_carried_laws_and_the_new_one(tmp_path) -> None:
    settings = index_texts(tmp_path, {"a.txt": LAW_A, "n.txt": NOTICE})
    first = len(_index(settings))
    (settings.docs / "b.txt").write_text(LAW_B, encoding="utf-8")
    assert build(settings).indexed >= 1
    assert len(_index(settings)) == first + len(articles.split(LAW_B).articles)


def test_a_generation_without_it_still_answers_a_question(tmp_path) -> None:
    import shutil

    settings = index_texts(tmp_path, {"a.txt": LAW_A})
    service = SearchService(settings)
    name, _ = service.backend.readers.serving()
    shutil.rmtree(settings.index / name / article_index.FOLDER)
    assert service.article_index() is None
    page = service.search(service.request({"q": ["单位拖欠劳动报酬怎么办"]}))
    assert page.hits[0].articles[0].label == "第二条"


def test_two_lists_agreeing_outrank_what_one_list_puts_first() -> None:
    a, b, c, d = ("x", "第一条"), ("x", "第二条"), ("y", "第一条"), ("z", "第九条")
    got = fusion.fuse([a, b], [c, b], {})
    share = {k: 0.0 for k in (a, b, c)}
    for listed, weight in (([a, b], fusion.OURS_WEIGHT), ([c, b], fusion.INDEX_WEIGHT)):
        for r, k in enumerate(listed):
            share[k] += weight / (fusion.K + r + 1)
    assert got == sorted(share, key=lambda k: -share[k])
    assert got[0] == b
    voted = fusion.fuse([a, b], [c, b], {d: 1.0})  # an earlier question in the same words
    assert voted[0] == d and fusion.ASKED_WEIGHT * 1.0 > share[b]
    assert fusion.fuse([a, b], [c, b], {}, limit=1) == [b]


def test_a_question_page_shows_its_best_articles_first_escaped_and_linked(law_settings) -> None:
    from search_app import create_app

    client = create_app(law_settings).test_client()
    q = "房东把租的房子卖了，出租人出卖租赁房屋要通知承租人吗"
    body = client.get("/api/search", query_string={"q": q}).get_json()
    holder = next(a for a in articles.split(LAW_B).articles if "出卖之前通知" in a.text)  # by hand
    first = body["answers"][0]
    assert (first["label"], first["title"]) == (holder.label, "某市房屋租赁管理办法")
    assert first["text"] == holder.text
    page = client.get("/", query_string={"q": q}).get_data(as_text=True)
    section = page.split('id="answers"')[1].split("</section>")[0]
    assert f"{first['doc_id']}#" in section and holder.label in section
    assert "<script>" not in section and "&lt;script&gt;" in section
    filtered = client.get("/api/search", query_string={"q": q, "doc_type": "办法"}).get_json()
    assert filtered["answers"] == []  # the article index is not filtered: no answers then
    second = client.get("/api/search", query_string={"q": q, "page": "2"}).get_json()
    assert second["answers"] == []
    keywords = client.get("/api/search", query_string={"q": "租赁"}).get_json()
    assert keywords["answers"] == []  # keywords are not a question


def test_above_the_limit_the_run_warns_and_writes_none(tmp_path) -> None:
    settings = index_texts(tmp_path, {"a.txt": LAW_A})
    (settings.docs / "b.txt").write_text(LAW_B, encoding="utf-8")
    report = build(settings.replace(article_index_max_docs=1), full=True)
    assert any("XXGK_ARTICLE_INDEX_MAX_DOCS" in w for w in report.warnings)
    service = SearchService(settings)
    assert report.indexed == 2 and service.article_index() is None
    page = service.search(service.request({"q": ["单位拖欠劳动报酬怎么办"]}))
    assert page.hits[0].articles[0].label == "第二条"


def test_a_law_earlier_questions_were_answered_by_adds_to_each_of_its_articles() -> None:
    a, b, c = ("x", "第一条"), ("x", "第二条"), ("y", "第一条")
    got = fusion.fuse([a, b], [b, c], {}, laws={"y": 3})
    share = {a: 1 / (fusion.K + 1), b: 1 / (fusion.K + 2) + 1 / (fusion.K + 1)}
    p = 3 / (3 + fusion.LAW_HALF)  # by hand: y's law answered three earlier questions
    share[c] = 1 / (fusion.K + 2) * (1 + fusion.LAW_SCALE * p) + fusion.LAW_WEIGHT * p
    assert got == sorted(share, key=lambda k: -share[k])
    # c, last without it, passes a: it is of the law three earlier questions were answered by
    assert fusion.fuse([a, b], [b, c], {}) == [b, a, c] and got.index(c) < got.index(a)


@pytest.mark.parametrize("asked_about", ["某市劳动者权益保障条例", "某市房屋租赁管理办法"])
def test_of_two_equal_matches_the_article_of_the_law_asked_about_before_comes_first(
    law_settings, tmp_path, asked_about
) -> None:
    from indexer import asked, question_articles

    # earlier questions sharing no word with the new one: no vote, only their law counts
    unlike = ["狗咬伤路人谁负责", "楼上噪音扰民找谁", "快递丢件能赔多少"]
    path = tmp_path / "asked.tsv"
    rows = [f"{q}\t{asked_about}\t第一条\t为了\t某法第一条" for q in unlike]
    path.write_text("# test memory\n" + "\n".join(rows) + "\n", encoding="utf-8")
    assert asked.load(path).laws() == {asked_about: 3}
    assert asked.load(path).laws(unlike[0]) == {asked_about: 2}
    service = SearchService(law_settings)
    ud, index = law_settings.analysis.user_dict, service.article_index()
    q = "为了什么制定"
    plain = question_articles.fused_articles(q, [], ud, index, None)
    first = [k for k in plain if k[1] == "第一条"]
    assert len(first) == 2  # both laws' 第一条 match the question
    fused = question_articles.fused_articles(q, [], ud, index, service.with_title, asked_file=path)
    top = service.backend.get(fused[0][0])
    assert fused[0][1] == "第一条" and top.title == asked_about
