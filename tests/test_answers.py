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
    twice = article_rank.rank(terms, [law, law])
    third = [s for s in twice if s.article.label == "第三条"]
    assert [s.doc for s in third] == [0, 1] and third[0].score > third[1].score
