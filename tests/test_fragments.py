"""Quoted fragments (issue 9 item 2): text copied from a document finds it, wherever it was cut.

The property half draws fragments at random (seeded) positions and lengths 1–40 from real
documents of ../shared/corpus indexed by the real pipeline, and compares every answer with the
documents whose stored text contains the fragment, found here by plain string search. The
targeted half pins the cases a clerk meets: mid-word cuts, digits and Latin letters, full-width
and traditional forms, punctuation, line breaks, and fragments under OR and NOT.
"""

from __future__ import annotations

import gzip
import json
import random
import re

import pytest

from indexer.config import Settings
from indexer.service import SearchService
from indexer.textnorm import compact

from .conftest import index_texts, make_settings, require_shared

QUOTE_MARKS = set('"“”„‟「」『』〝〞＂')
SAMPLE_DOCS = 80
FRAGMENTS = 150


def search(service: SearchService, q: str, size: int = 50):
    return service.search(service.request({"q": [q], "size": [str(size)]}))


def stored_texts(service: SearchService) -> dict[str, str]:
    """Every document's stored title and body, read by browsing (no query text involved)."""
    out: dict[str, str] = {}
    page_no = 1
    while True:
        page = service.search(service.request({"size": ["100"], "page": [str(page_no)]}))
        out.update({h.doc.doc_id: f"{h.doc.title or ''}\n{h.doc.body}" for h in page.hits})
        if page_no * 100 >= page.total:
            return out
        page_no += 1


@pytest.fixture(scope="module")
def shared_sample(tmp_path_factory) -> tuple[SearchService, dict[str, str]]:
    """A real index of shared-corpus documents of moderate length (seeded sample)."""
    from indexer.pipeline import build

    shared = require_shared()
    with gzip.open(shared / "docs.jsonl.gz", "rt", encoding="utf-8") as fh:
        lines = [x for x in fh if len(json.loads(x).get("body") or "") < 3000]
    tmp = tmp_path_factory.mktemp("fragments")
    path = tmp / "sample.jsonl"
    path.write_text("".join(random.Random(9).sample(lines, SAMPLE_DOCS)), encoding="utf-8")
    settings = make_settings(tmp)
    assert build(settings, jsonl=path).indexed == SAMPLE_DOCS
    service = SearchService(settings)
    return service, stored_texts(service)


def draw_fragments(texts: dict[str, str], n: int, seed: int) -> list[tuple[str, str]]:
    """(source id, fragment) pairs: a random document, length 1–40, cut at any character."""
    rng = random.Random(seed)
    ids = sorted(texts)
    out = []
    while len(out) < n:
        doc_id = rng.choice(ids)
        text = texts[doc_id]
        length = rng.randint(1, 40)
        start = rng.randrange(max(1, len(text) - length))
        frag = text[start : start + length]
        # a quotation mark inside the quote would end it; whitespace alone is no fragment
        if frag.strip() and not QUOTE_MARKS & set(frag):
            out.append((doc_id, frag))
    return out


def test_every_random_fragment_finds_exactly_the_documents_containing_it(shared_sample):
    service, texts = shared_sample
    folded = {k: compact(v) for k, v in texts.items()}
    unique = 0
    for source, frag in draw_fragments(texts, FRAGMENTS, seed=2026):
        expected = {k for k, v in folded.items() if compact(frag) in v}
        assert source in expected  # the drawing itself is right
        page = search(service, f'"{frag}"')
        got = [h.doc.doc_id for h in page.hits]
        assert page.total == len(expected), frag
        assert set(got) <= expected, frag  # no false positive
        if len(expected) <= 50:
            assert set(got) == expected, frag
        if len(expected) == 1:
            unique += 1
            assert got == [source], frag
    assert unique >= FRAGMENTS // 3  # most long fragments are unique: the rank-1 rule was tested


def test_fragments_in_other_forms_find_the_same_documents(shared_sample):
    """Full-width and traditional forms of a copied fragment, and line breaks inside it."""
    service, texts = shared_sample
    wide = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F) if chr(c) != '"'})
    checked = 0
    for _, frag in draw_fragments(texts, 40, seed=7):
        plain = {h.doc.doc_id for h in search(service, f'"{frag}"').hits}
        variants = [frag.translate(wide), frag[: len(frag) // 2] + "\n" + frag[len(frag) // 2 :]]
        if re.search(r"[A-Za-z0-9]", frag):
            checked += 1
        for variant in variants:
            assert {h.doc.doc_id for h in search(service, f'"{variant}"').hits} == plain, variant
    assert checked >= 3


TEXTS = {
    "a.txt": "关于进一步贯彻落实政府信息公开条例的通知\n\n各单位：为推进政府信息公开条例的实施，"
    "现就有关事项通知如下。第一条、为了规范信息公开工作，制定本办法。",
    "b.txt": "统计公报\n\n2016年度GDP增长率为6.7%，其中ＡＢＣ１２３项目投资增长8.9%，共计1000元。"
    "第一条，为了规范统计工作，制定本办法。",
    "c.txt": "國務院辦公廳關於印發通知\n\n國務院辦公廳關於加強政務公開工作的意見，璟字。",
    "d.txt": "政府信\n息公开专栏说明\n\n本栏目发布政府信\n息公开年度报告。",
    "e.txt": "关于开展核查工作的通知\n\n请各单位核查是否来源合法，如何整改另行通知。",
    "f.txt": "核查通知\n\n各单位要核查，是否属实，何时来人另定。",
}


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> SearchService:
    return SearchService(index_texts(tmp_path_factory.mktemp("small"), TEXTS))


def ids(service: SearchService, q: str) -> set[str]:
    return {h.doc.doc_id.split("/")[-1].removesuffix(".txt") for h in search(service, q).hits}


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ('"息公开条"', {"a"}),  # cut inside 信息 and inside 条例
        ('"实施，现就有"', {"a"}),  # across punctuation, ending mid-word
        ('"016年度GD"', {"b"}),  # inside a number and inside a Latin word
        ('"P增长率为6."', {"b"}),
        ('"abc12"', {"b"}),  # the text has full-width ＡＢＣ１２３
        ('"ＧＤＰ增长"', {"b"}),  # the query is full-width, the text is not
        ('"务院办公厅关"', {"c"}),  # the text is traditional
        ('"辦公廳關於加"', {"c"}),  # the query is traditional too
        ('"璟"', {"c"}),
        ('"000元"', {"b"}),  # the same bigram twice in a row
        ('"0000元"', set()),  # one character, inside no word
        ('"府信息公"', {"a", "d"}),  # d has a line break inside 信息
        ('"条、为了规"', {"a"}),  # punctuation counts: b has "条，为了规"
        ('"条，为了规"', {"b"}),
        ('"条为了规"', set()),  # ...and cannot be left out
        # question words inside the quotes: still a fragment, not a question (f has the words)
        ('"核查是否来"', {"e"}),
        ('"如何整改"', {"e"}),
    ],
)
def test_targeted_fragments(small, q, expected):
    assert ids(small, q) == expected


def test_fragments_work_under_or_and_not(small):
    assert ids(small, '"息公开条" OR "增长率为6."') == {"a", "b"}
    assert ids(small, '第一条 -"息公开条"') == {"b"}
    assert ids(small, '"府信息公" "年度报"') == {"d"}


def test_unquoted_words_fall_back_to_fragments_when_no_document_has_them_all(small):
    page = search(small, "息公开条例的实")
    assert [h.doc.doc_id for h in page.hits] == ["a.txt"]
    assert page.relaxed is not None and page.relaxed.mode == "fragment"
    assert any(marked and "息公开条例的实" in text for text, marked in page.hits[0].snippet)
    assert search(small, "政府信息公开").relaxed is None  # words that match need no fallback


def test_a_field_named_before_a_quote_keeps_the_word_phrase(small):
    assert ids(small, '标题:"统计公报"') == {"b"}
    assert ids(small, '标题:"息公开条"') == set()  # the title field holds words, not fragments


def test_fragment_notice_is_escaped(tmp_path):
    from search_app import create_app

    settings: Settings = index_texts(tmp_path, {"x.txt": "标题\n\n政府信息公开<b>条例</b>实施。"})
    client = create_app(settings).test_client()
    html = client.get("/", query_string={"q": "息公开<b>条"}).get_data(as_text=True)
    assert "原文中一字不差出现“息公开&lt;b&gt;条”" in html
    assert "<b>条" not in html
