"""textnorm: the character rules shared by extraction, metadata, the analyzer and queries."""

from __future__ import annotations

import pytest

from indexer.textnorm import (
    find_doc_numbers,
    fold_chars,
    has_cjk,
    join_cjk_lines,
    join_wrapped,
    normalize,
    normalize_doc_number,
    squeeze_layout_spaces,
    tidy_text,
)


@pytest.mark.parametrize(
    "raw",
    [
        "国办发〔2014〕57号",
        "国办发[2014]57号",
        "国办发［2014］57号",
        "国办发(2014)57号",
        "国办发（2014）57号",
        "国办发【2014】57号",
        "国办发﹝2014﹞57号",
        "国办发〔２０１４〕５７号",
        "国办发 〔2014〕 57 号",
        "国办发〔2014〕第57号",
        "国办发〔2014〕057号",
    ],
)
def test_normalize_doc_number_accepts_every_written_variant(raw: str) -> None:
    assert normalize_doc_number(raw) == "国办发〔2014〕57号"


@pytest.mark.parametrize("raw", ["", "国办发", "2014年57号", "〔〕号", "国办发〔14〕57号"])
def test_normalize_doc_number_rejects_non_numbers(raw: str) -> None:
    assert normalize_doc_number(raw) is None


def test_find_doc_numbers_trims_lead_words_and_keeps_positions() -> None:
    text = "根据国办发〔2014〕57号和阿行署发[2017]8号文件"
    found = find_doc_numbers(text)
    assert [m.canonical() for m in found] == ["国办发〔2014〕57号", "阿行署发〔2017〕8号"]
    assert text[found[0].start : found[0].start + 3] == "国办发"


def test_variants_cover_every_suffix_of_the_code() -> None:
    (match,) = find_doc_numbers("转发阿行署发〔2017〕8号")
    assert "行署发〔2017〕8号" in match.variants()
    assert "阿行署发〔2017〕8号" in match.variants()


def test_fold_chars_keeps_length_so_offsets_stay_valid() -> None:
    text = "ＡＢＣ１２３（试行）〔2014〕"
    folded = fold_chars(text)
    assert len(folded) == len(text)
    assert folded.startswith("abc123")
    assert "〔试行〕" in folded


def test_normalize_folds_width_brackets_and_spaces() -> None:
    assert normalize("  国办发（２０１４）57号\u3000 ") == "国办发〔2014〕57号"


def test_join_cjk_lines_only_inside_chinese_sentences() -> None:
    assert (
        join_cjk_lines("关于印发\n管理办法的通知\nabc\ndef") == "关于印发管理办法的通知\nabc\ndef"
    )


def test_has_cjk() -> None:
    assert has_cjk("abc中") and not has_cjk("abc 123")


@pytest.mark.parametrize(
    ("left", "right", "joined"),
    [
        ("财政专", "项资金", "财政专项资金"),
        ("2017", "年", "2017年"),
        ("Word", "Press", "Word Press"),
        ("第12", "3条", "第123条"),
        ("资金，", "用于", "资金，用于"),
    ],
)
def test_join_wrapped(left: str, right: str, joined: str) -> None:
    assert join_wrapped(left, right) == joined


def test_squeeze_layout_spaces_drops_spaces_between_chinese_only() -> None:
    assert squeeze_layout_spaces("税 务 总 局 办 公 厅") == "税务总局办公厅"
    assert squeeze_layout_spaces("2019 年 8 月 20 日") == "2019年8月20日"
    assert squeeze_layout_spaces("Open Data 开放 数据") == "Open Data 开放数据"


def test_tidy_text_shapes_extractor_output() -> None:
    raw = "\ufeff标题  \r\n\r\n\r\n\u3000\u3000正文\u200b第一段\r第二段\x00\n2014\u00ad2020年"
    assert tidy_text(raw) == "标题\n正文第一段\n第二段\n2014-2020年"
    assert tidy_text(raw, blank_lines=True) == "标题\n\n正文第一段\n第二段\n2014-2020年"
