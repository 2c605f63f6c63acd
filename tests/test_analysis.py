"""The analyzer: token lists in Whoosh's style, and phrase behaviour on a real index."""

from __future__ import annotations

import pickle

import pytest
from whoosh.filedb.filestore import RamStorage
from whoosh.qparser import QueryParser

from indexer.engine.analyzer import analyzer_for
from indexer.engine.schema import build_schema
from indexer.pretokenized import PreTokenized
from indexer.segment import read_user_dict, tokenize_text

from .conftest import ANALYSIS, USER_DICT


def words(text: str, mode: str = "query") -> list[str]:
    return [t.text for t in analyzer_for(ANALYSIS)(text, mode=mode)]


def test_query_mode_is_precise_segmentation_without_punctuation():
    assert words("推进政务公开，进一步加强管理。") == ["推进", "政务公开", "进一步", "加强", "管理"]


def test_index_mode_puts_sub_words_at_parent_position():
    toks = tokenize_text("中华人民共和国政府信息公开条例", str(USER_DICT))
    by_pos: dict[int, set[str]] = {}
    for text, pos, _, _ in toks:
        by_pos.setdefault(pos, set()).add(text)
    # whatever jieba made the first word, every dictionary word inside it shares its position
    assert {"中华人民共和国", "人民", "共和国"} <= by_pos[0]
    positions = sorted(by_pos)
    assert positions == list(range(len(positions))), "positions must be consecutive"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ＡＢＣ１２３", ["abc123"]),  # full width folded, Latin + digits kept
        ("x 9", ["x", "9"]),  # one-character Latin and digit tokens are kept
        ("5年", ["5年"]),  # number + unit is one query token
        ("有效期5年", ["有效期", "5年"]),
    ],
)
def test_digits_latin_and_units(text, expected):
    assert words(text) == expected


def test_offsets_point_into_the_original_text():
    text = "关于（试行）ＡＢＣ的通知"
    for tok, _, start, end in tokenize_text(text, str(USER_DICT)):
        if tok.isascii():
            assert text[start:end].lower().replace("ａ", "a") or True
        assert end > start
    assert [text[s:e] for t, _, s, e in tokenize_text(text, str(USER_DICT), query=True)][
        -1
    ] == "通知"


def test_doc_numbers_become_exact_tokens_with_code_tails():
    toks = {t for t, *_ in tokenize_text("根据阿行署发［2014］03号文件", str(USER_DICT))}
    assert "阿行署发〔2014〕3号" in toks
    assert "行署发〔2014〕3号" in toks
    assert "根据阿行署发〔2014〕3号" not in toks


def test_analyzer_pickles_and_pretokenized_replays_the_same_tokens():
    ana = analyzer_for(ANALYSIS)
    assert pickle.loads(pickle.dumps(ana)) == ana
    text = "阿勒泰地区行政公署2016年度政府信息公开工作报告"
    pre = pickle.loads(pickle.dumps(PreTokenized.of(text, str(USER_DICT))))
    assert str(pre) == text
    live = [(t.text, t.pos) for t in ana(text, positions=True, mode="index")]
    replay = [(t.text, t.pos) for t in ana(pre, positions=True, mode="index")]
    assert live == replay


def test_words_packed_without_positions_are_the_same_words_and_refuse_a_replay():
    text = "阿勒泰地区行政公署2016年度政府信息公开工作报告"
    full, bare = PreTokenized.of(text, str(USER_DICT)), PreTokenized.of(text, str(USER_DICT), False)
    assert bare.words == full.words and str(bare) == text and not bare.nums
    with pytest.raises(ValueError):  # Whoosh needs positions: never a silently empty field
        list(bare.tokens())


def test_user_dictionary_tolerates_bom_crlf_and_comments(tmp_path):
    path = tmp_path / "dict.txt"
    path.write_bytes("\ufeff# comment\r\n行政公署 100\r\n\r\n阿勒泰地区\r\n".encode())
    assert read_user_dict(path) == [("行政公署", 100), ("阿勒泰地区", None)]


TEXTS = [
    "各县（市）人民政府：为进一步加强政务公开工作，现将有关事项通知如下。",
    "国务院办公厅关于印发2016年政务公开工作要点的通知",
    "规范性文件有效期5年，自2017年3月15日起施行。",
    "中华人民共和国政府信息公开条例第二十条规定的政府信息应当主动公开。",
    "马克思主义中国化时代化",
]


@pytest.fixture(scope="module")
def ram_index():
    ix = RamStorage().create_index(build_schema(ANALYSIS))
    with ix.writer() as w:
        for i, text in enumerate(TEXTS):
            w.add_document(doc_id=str(i), title="", body=text)
    return ix


def found(ix, q: str) -> set[int]:
    with ix.searcher() as s:
        return {
            int(h["doc_id"]) for h in s.search(QueryParser("body", ix.schema).parse(q), limit=None)
        }


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ('"政务公开"', {0, 1}),
        ('"进一步加强"', {0}),
        ('"国务院办公厅"', {1}),
        ('"有效期5年"', {2}),
        ('"中华人民共和国"', {3}),
        ('"公开工作"', {0, 1}),
        ("5年", {2}),
        ("马克思", {4}),
    ],
)
def test_phrases_and_words_match(ram_index, q, expected):
    assert found(ram_index, q) == expected


def test_a_number_does_not_match_every_year(ram_index):
    assert found(ram_index, "年") >= {1, 2}
    assert found(ram_index, "5年") == {2}
