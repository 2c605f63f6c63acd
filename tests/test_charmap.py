"""The array path of CharMap gives exactly what ``str.translate`` gives, for every character."""

from __future__ import annotations

import pytest

from indexer import textnorm
from indexer.charmap import CharMap

_EVERY_BMP = "".join(map(chr, range(0x10000)))  # lone surrogates included


@pytest.mark.parametrize("table", [textnorm._FOLD, textnorm._T2S], ids=["fold", "t2s"])
def test_every_bmp_character_maps_as_translate_does(table):
    charmap = CharMap(table)
    for start in range(0, len(_EVERY_BMP), 1000):
        chunk = _EVERY_BMP[start : start + 1000]
        assert charmap(chunk) == chunk.translate(table), hex(start)


@pytest.mark.parametrize(
    "text",
    ["", "短", "（第一条）ＡＢＣ" * 20, "漢字𠀀ＡＢ" * 30, "\ud800孤立的代理" * 20],
    ids=["empty", "short", "long", "astral", "surrogate"],
)
def test_the_shared_folds_keep_length_and_agree(text):
    assert textnorm.fold_chars(text) == text.translate(textnorm._FOLD)
    assert textnorm.to_simplified(text) == text.translate(textnorm._T2S)
    assert len(textnorm.fold_chars(text)) == len(text)


def test_a_table_that_is_not_one_to_one_is_refused():
    with pytest.raises(ValueError, match="exactly one character"):
        CharMap({ord("a"): "ab"} | {c: c for c in range(0x10000) if c != ord("a")})("a" * 100)
