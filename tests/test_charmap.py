"""The array path of CharMap gives exactly what ``str.translate`` gives, for every character."""

from __future__ import annotations

import random
import unicodedata

import pytest

from indexer import charmap, textnorm
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


def _plain_characters() -> list[str]:
    table, plain = charmap._nfkc_tables()
    return [chr(c) for c in range(0x10000) if plain[c]]


def test_nfkc_of_each_plain_character_and_of_random_runs_is_unicodes():
    chars = _plain_characters()
    assert len(chars) > 28_000  # the ideographs alone are 27,584
    text = "".join(chars)
    assert charmap.nfkc(text) == unicodedata.normalize("NFKC", text)
    rng = random.Random(5)
    others = "".join(chr(c) for c in range(0x80, 0x3000) if not unicodedata.combining(chr(c)))
    for _ in range(3000):  # runs long enough for the array path, with neighbours of any kind
        run = "".join(rng.choice(chars) for _ in range(rng.randint(64, 90)))
        assert charmap.nfkc(run) == unicodedata.normalize("NFKC", run)
        mixed = run[:40] + rng.choice(others) + "\u0301" + run[40:]
        assert charmap.nfkc(mixed) == unicodedata.normalize("NFKC", mixed)


@pytest.mark.parametrize(
    "text",
    ["ｶﾞｷﾞ" * 20, "가각" * 40, "e\u0301" * 40, "……" * 40, "ㄱㅏ" * 40, "①½" * 40, "\ud800" * 70],
    ids=[
        "halfwidth-kana",
        "hangul",
        "combining",
        "ellipsis",
        "compat-jamo",
        "fractions",
        "surrogate",
    ],
)
def test_nfkc_falls_back_where_characters_compose_or_expand(text):
    assert charmap.nfkc(text) == unicodedata.normalize("NFKC", text)
