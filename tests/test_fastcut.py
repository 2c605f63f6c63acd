"""The index-time cut (indexer/fastcut.py, jieba-rs) against pure jieba 0.42.1: the same tokens
for shared-corpus documents, generated ones and awkward text. ``make bench-segment`` runs the
same comparison over the whole shared corpus."""

from __future__ import annotations

import gzip
import itertools
import json
import random
import sys
from pathlib import Path

import pytest

from indexer.fastcut import fast_cutter
from indexer.segment import segmenter, tokenize_text

from .conftest import ANALYSIS, require_shared

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from scale_corpus import generate  # noqa: E402

UD = ANALYSIS.user_dict

AWKWARD = [
    "",
    "   \r\n\t ",
    "关于印发《澜州市2016年度住房公积金管理办法》的通知（澜政办发〔2016〕12号）",
    "第一条　为了规范政府信息公开工作，根据《中华人民共和国政府信息公开条例》，制定本办法。",
    "GB/T 9704-2012 党政机关公文格式 A4纸 3.5% 120km/h C++ e-mail 1,234.56元 No.5",
    "按照不低于地震动峰值加速度分区值0.10g确定抗震设防要求，见5.1.1条，github.com网站",
    "乌鲁木齐市 ئۈرۈمچى шаһары 政府 и правительство 公告",
    "罕用字：㐀㑇㒳䶵 龥 鿐鿕鿖鿿 豈 更 车 \U00020000\U0002a6d6 emoji😀表情",
    "國務院辦公廳關於進一步做好政務公開工作的通知",
    "一二三四五六七八九十百千万亿 ０１２３ ＡＢＣ ａｂｃ 全角，标点；：“”‘’【】",
    "信息公开信息公开信息公开" * 30,
    "1.加强管理 2.推进工作 10.完善制度 3.5倍 第1.条 .5元 12. 1.2.3级 2019年3月5日 第3条 5.a",
    "上海市人民代表大会常务委员会关于修改《上海市实施〈中华人民共和国妇女权益保障法〉办法》的决定",
]


def _same(texts: list[str]) -> list[str]:
    """The texts whose tokens differ between jieba and the fast cut (index mode)."""
    return [t[:40] for t in texts if tokenize_text(t, UD, pure=True) != tokenize_text(t, UD)]


def test_the_fast_cut_is_jiebas_cut():
    jieba_cut, fast = segmenter(UD).cut, fast_cutter(UD)
    assert fast.func is not jieba_cut  # the fast cut is in use, not jieba behind a new name
    for text in AWKWARD:
        assert list(fast(text)) == list(jieba_cut(text, HMM=True)), text


def test_awkward_text_gives_the_same_tokens():
    assert _same(AWKWARD) == []


def test_generated_documents_give_the_same_tokens():
    docs = generate(40, seed=11).docs
    assert _same([d["body"] for d in docs] + [d["title"] for d in docs]) == []


def test_shared_corpus_sample_gives_the_same_tokens():
    shared = require_shared()
    with gzip.open(shared / "docs.jsonl.gz", "rt", encoding="utf-8") as fh:
        records = [json.loads(line) for line in itertools.islice(fh, 2000)]
    sample = random.Random(16).sample(records, 40)
    texts = [str(r.get("body") or "") for r in sample] + [str(r.get("title") or "") for r in sample]
    assert sum(map(len, texts)) > 20_000
    assert _same(texts) == []


def test_a_dictionary_that_reweights_a_word_keeps_jiebas_cut(tmp_path):
    """jieba counts a re-weighted word twice in its total and jieba-rs once: such a dictionary
    gets jieba's own cut, so the tokens still agree."""
    user_dict = tmp_path / "reweight.txt"
    user_dict.write_text("信息公开\n政府 5\n澜州市\n", encoding="utf-8")
    cut = fast_cutter(str(user_dict))
    assert cut.func == segmenter(str(user_dict)).cut  # jieba's own, not the fast cut
    text = AWKWARD[3] + "澜州市政府信息公开"
    ud = str(user_dict)
    assert tokenize_text(text, ud) == tokenize_text(text, ud, pure=True)


@pytest.mark.parametrize("word", ["澜州市", "信息公开工作"])
def test_user_words_reach_the_fast_cut(tmp_path, word):
    user_dict = tmp_path / "words.txt"
    user_dict.write_text(f"{word}\n", encoding="utf-8")
    text = f"关于{word}的报告"
    assert word in list(fast_cutter(str(user_dict))(text))
    assert word in list(segmenter(str(user_dict)).cut(text))
