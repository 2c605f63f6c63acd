"""A question answered with its article: best 条 under a hit, the lexicon's reading, the anchors."""

from __future__ import annotations

import re

import pytest

from indexer import article_rank, articles, lexicon
from indexer.errors import ConfigError
from tests.conftest import index_texts

LAW = """某市劳动者权益保障条例

第一章 总则

第一条 为了保障劳动者合法权益，制定本条例。

第二条 本条例适用于本市行政区域内的用人单位和劳动者。

第二章 劳动报酬

第三条 用人单位应当按照劳动合同约定和国家规定，向劳动者及时足额支付劳动报酬。
用人单位拖欠或者未足额支付劳动报酬的，劳动者可以依法向当地人民法院申请支付令。

第四条 用人单位安排加班的，应当支付加班费。<script>alert(1)</script>

第三章 附则

第五条 本条例自公布之日起施行。
"""
NOTICE = "关于做好春节期间值班工作的通知\n各单位：\n请做好春节期间值班工作，确保劳动者休息。\n"


@pytest.fixture(scope="module")
def law_settings(tmp_path_factory):
    return index_texts(tmp_path_factory.mktemp("answers"), {"law.txt": LAW, "n.txt": NOTICE})


@pytest.fixture(scope="module")
def law_client(law_settings):
    from search_app import create_app

    return create_app(law_settings).test_client()


def test_an_office_can_use_its_own_lexicon(law_settings, tmp_path) -> None:
    from search_app import create_app

    own = tmp_path / "own.tsv"
    own.write_text("欠薪水\t支付令\t本市条例第三条\n", encoding="utf-8")
    client = create_app(law_settings.replace(lexicon=own)).test_client()
    body = client.get("/api/search?q=单位欠薪水了怎么办").get_json()
    assert body["expansions"] == [{"lay": "欠薪水", "official": ["支付令"]}]
    assert _law_hit(body)["articles"][0]["label"] == "第三条"


def _law_hit(body: dict) -> dict:
    return next(h for h in body["hits"] if "条例" in (h["title"] or ""))


def test_api_hit_carries_the_article_that_answers(law_client) -> None:
    body = law_client.get("/api/search?q=公司拖欠工资三个月了怎么办").get_json()
    hit = _law_hit(body)
    outline = articles.split(LAW, "条例")
    holder = next(a for a in outline.articles if "拖欠" in a.text)  # the fact, found by hand
    assert hit["articles"][0] == holder.to_json()
    assert {"lay": "拖欠工资", "official": ["劳动报酬"]} in body["expansions"]
    both = law_client.get("/api/search?q=劳动者").get_json()["hits"]
    notice = next(h for h in both if "通知" in (h["title"] or ""))
    assert notice["articles"] == []  # a notice is not cut into articles
    assert _law_hit({"hits": both})["articles"]


def test_expansion_can_be_undone(law_client) -> None:
    body = law_client.get("/api/search?q=公司拖欠工资三个月了怎么办&expand=0").get_json()
    assert body["expansions"] == []
    page = law_client.get("/?q=公司拖欠工资三个月了怎么办").get_data(as_text=True)
    line = re.search(r'<p class="notice" id="expanded">(.*?)</p>', page, re.S).group(1)
    assert "“拖欠工资”按“劳动报酬”检索" in line
    undo = re.search(r'href="([^"]+)" id="unexpand"', line).group(1)
    assert "expand=0" in undo
    again = law_client.get(undo.replace("&amp;", "&")).get_data(as_text=True)
    assert 'id="expanded"' not in again


def test_results_page_links_the_article_and_escapes_its_text(law_client) -> None:
    page = law_client.get("/?q=加班费怎么算").get_data(as_text=True)
    articles_html = re.search(r'<ul class="articles">(.*?)</ul>', page, re.S).group(1)
    assert "#%E7%AC%AC%E5%9B%9B%E6%9D%A1" in articles_html  # #第四条, percent-encoded
    assert "<mark>加班费</mark>" in articles_html
    assert "<script>" not in page and "&lt;script&gt;" in articles_html


def test_document_page_has_anchors_and_table_of_contents(law_client) -> None:
    doc_id = _law_hit(law_client.get("/api/search?q=劳动报酬").get_json())["id"]
    page = law_client.get(f"/doc/{doc_id}").get_data(as_text=True)
    ids = re.findall(r'<div id="([^"]+)" class="anchored">', page)
    assert ids == ["第一章", "第一条", "第二条", "第二章", "第三条", "第四条", "第三章", "第五条"]
    third = re.search(r'<div id="第三条" class="anchored">(.*?)</div>', page, re.S).group(1)
    assert "<p>第三条" in third and "申请支付令" in third  # 款 kept with its article
    assert "第四条" not in third
    toc = re.search(r'<details class="toc" id="toc">(.*?)</details>', page, re.S).group(1)
    assert "目录（5 条）" in toc and "第二章 劳动报酬" in toc


def test_lexicon_reads_longest_phrase_once(tmp_path) -> None:
    found = lexicon.expand("拖欠工资怎么办")
    assert [e.lay for e in found] == ["拖欠工资"]  # 工资 inside it is not read again
    assert lexicon.expand("劳动报酬被拖欠") == []  # already in official terms
    bad = tmp_path / "lex.tsv"
    bad.write_text("房东\t出租人\n", encoding="utf-8")  # no source column
    with pytest.raises(ConfigError, match="lex.tsv:1"):
        lexicon.load(bad)


def test_lexicon_reads_both_of_two_crossing_phrases(tmp_path) -> None:
    words = tmp_path / "lex.tsv"
    rows = ["租的房子\t租赁\t民法典第七百零三条", "房子被卖\t出卖\t民法典第七百二十五条"]
    words.write_text("\n".join([*rows, "房子\t房屋\t民法典第二百零九条", ""]), encoding="utf-8")
    found = lexicon.expand("租的房子被卖了还能住吗", words)
    assert [(e.lay, e.official) for e in found] == [
        ("租的房子", ("租赁",)),
        ("房子被卖", ("出卖",)),
    ]
    # 房子 lies inside a phrase read already; alone it is read
    assert [e.lay for e in lexicon.expand("房子漏水", words)] == ["房子"]


def test_every_lexicon_entry_has_a_source_and_a_term() -> None:
    entries = lexicon.load()
    assert len(entries) >= 50
    assert all(e.source and e.official and e.lay not in e.official for e in entries)


def test_rank_prefers_the_article_with_the_rare_words_and_the_better_document() -> None:
    terms = {"劳动报酬": 1.0, "支付令": 1.0}
    law = articles.split(LAW, "条例").articles
    ranked = article_rank.rank(terms, [law])
    # by hand: only 第三条 holds both words
    assert ranked[0].article.label == "第三条"
    where = [s.article.text + " ".join(s.article.context) for s in ranked]
    assert all(any(t in w for t in terms) for w in where)  # nothing that matches nothing
    # the same article in a document ranked lower scores lower
    twice = article_rank.rank(terms, [law, law], doc_weight=0.5)
    third = [s for s in twice if s.article.label == "第三条"]
    assert [s.doc for s in third] == [0, 1] and third[0].score > third[1].score
    # with the document's rank not counted, equal articles keep the documents' order
    even = [
        s for s in article_rank.rank(terms, [law, law], doc_weight=0.0) if s.article.start == 10
    ]
    assert [s.doc for s in even] == [0, 1] and even[0].score == even[1].score


SPREAD = ["第一条 用人单位应当遵守劳动报酬的规定。", "第二条 劳动者可以申请调解。"]
ONE = [
    "第一条 用人单位拖欠劳动报酬的，劳动者可以向法院申请支付令。",
    "第二条 本办法自公布之日起施行。",
]


def _arts(lines: list[str]) -> list[articles.Article]:
    return articles.split("\n\n".join(lines), "办法").articles


def test_rerank_lifts_the_document_whose_one_article_holds_the_question() -> None:
    terms = {"劳动报酬": 1.0, "支付令": 1.0}
    docs = [_arts(SPREAD), _arts(ONE), []]  # a whole-text ranking: spread first, then a notice
    # by hand: only ONE has an article with both words; the notice has no articles
    assert article_rank.best_article(terms, docs)[1] == 1.0
    assert article_rank.best_article(terms, docs)[2] == 0.0
    assert article_rank.rerank(terms, docs, weight=1.0, ranks=3.0)[0] == 1
    # without the article's weight the whole-text order stands
    assert article_rank.rerank(terms, docs, weight=0.0) == [0, 1, 2]


def test_a_long_question_weighs_its_best_article_more_than_a_short_one() -> None:
    terms = {"劳动报酬": 1.0, "支付令": 1.0}
    short = "拖欠劳动报酬怎么申请支付令"  # 13 characters: a topic
    long = "老板拖欠劳动报酬三个月了，我能不能向法院申请支付令？"  # a case, over 20
    assert article_rank.article_weight(short) == article_rank.ARTICLE_WEIGHT
    assert article_rank.article_weight(long) == article_rank.LONG_ARTICLE_WEIGHT
    assert article_rank.article_weight("x" * article_rank.LONG_CHARS) == article_rank.ARTICLE_WEIGHT
    # the one law whose article holds both words, eleventh by its whole text
    docs = [_arts(SPREAD), *([[]] * 9), _arts(ONE)]
    assert article_rank.rerank(terms, docs, article_rank.article_weight(short))[0] == 0
    assert article_rank.rerank(terms, docs, article_rank.article_weight(long))[0] == 10


WORDY = (
    "关于劳动报酬和支付令宣传工作的通知\n各单位：\n"
    + "做好劳动报酬支付工作，宣传支付令制度。\n" * 6
)
QUESTION = "单位拖欠劳动报酬怎么申请支付令"


@pytest.fixture(scope="module")
def mixed_service(tmp_path_factory):
    from indexer.service import SearchService

    texts = {"law.txt": LAW, "n.txt": NOTICE, "wordy.txt": WORDY}
    for i in range(4):  # laws with one of the words each, so pages have something to page
        texts[f"r{i}.txt"] = f"某市第{i}号管理办法\n\n" + "\n\n".join(
            f"第{n}条 {'劳动报酬' if (k + i) % 2 else '支付令'}应当依法处理，第{i}种情形。"
            for k, n in enumerate("一二三")
        )
    return SearchService(index_texts(tmp_path_factory.mktemp("mixed"), texts))


def _ids(service, **args) -> list[str]:
    req = service.request({"q": [QUESTION], **{k: [str(v)] for k, v in args.items()}})
    return [h.doc.doc_id for h in service.search(req).hits]


def test_a_question_ranks_the_law_whose_article_answers_above_a_notice_repeating_its_words(
    mixed_service,
) -> None:
    req = mixed_service.request({"q": [QUESTION], "size": ["9"]})
    whole = mixed_service.backend.search(req, facet_limit=5)
    titles = [h.doc.title for h in whole.hits]
    assert "通知" in titles[0]  # whole-text order: the notice says the words most often
    shown = [
        h.doc.title for h in mixed_service.search(mixed_service.request({"q": [QUESTION]})).hits
    ]
    assert shown[0] == "某市劳动者权益保障条例"  # its 第三条 holds both words; the notice has no 条
    assert sorted(shown) == sorted(titles)  # the same documents, in another order


def test_pages_of_a_reranked_question_add_up_to_its_first_page(mixed_service) -> None:
    everything = _ids(mixed_service, size=30)
    assert len(everything) >= 5
    paged = [d for p in range(1, len(everything) + 1) for d in _ids(mixed_service, size=1, page=p)]
    assert paged == everything
    pairs = [d for p in (1, 2, 3) for d in _ids(mixed_service, size=2, page=p)]
    assert pairs == everything[:6]


def test_article_scores_add_up_word_by_word() -> None:
    """bench/eval_articles_tune.py scores settings from per-word scores: that is only the
    service's ranking if a question's score is the weighted sum of its words' scores."""
    texts = [article_rank._scored_text(a) for a in articles.split(LAW, "条例").articles]
    terms = {"劳动报酬": 1.0, "支付令": 0.6, "劳动者": 1.0, "不在文中": 0.6}
    whole = article_rank._bm25(terms, texts)
    parts = [article_rank._bm25({t: 1.0}, texts) for t in terms]
    summed = [
        sum(w * p[i] for w, p in zip(terms.values(), parts, strict=True)) for i in range(len(texts))
    ]
    assert whole == pytest.approx(summed) and max(whole) > 0
