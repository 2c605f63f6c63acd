"""The bigrams a quoted fragment's positions are checked on (engine/phrases.py): rarest first,
each covering a character the ones before it do not, together every character. Whether a
fragment so checked finds exactly the documents whose text holds it is tested against the
stored text in test_fragments.py."""

from __future__ import annotations

import random

from whoosh import query

from indexer.engine.phrases import checked_words, cover


def spelled(chosen: list[int]) -> set[int]:
    """The characters bigrams ``chosen`` cover (bigram i: characters i and i + 1)."""
    return {c for i in chosen for c in (i, i + 1)}


def test_the_cover_spells_the_whole_fragment_and_each_bigram_adds_a_character():
    rng = random.Random(7)
    for _ in range(500):
        n = rng.randint(1, 40)
        order = rng.sample(range(n), n)
        chosen = cover(order)
        assert spelled(chosen) == set(range(n + 1)), order
        assert chosen == [i for i in order if i in set(chosen)]  # in the order given
        for k, i in enumerate(chosen):
            assert not {i, i + 1} <= spelled(chosen[:k]), (order, chosen)


def test_rare_bigrams_are_checked_first_and_common_ones_only_where_needed():
    """管制公开公开 at 100,000 generated documents: 制公 and 管制 are rare, 公开 is in every
    document; the 公开 at offset 2 is spelled by 制公 and 开公 around it."""
    df = {"管制": 28_841, "制公": 11_275, "公开": 100_000, "开公": 93_402}.__getitem__
    fragment = query.Phrase("grams", ["管制", "制公", "公开", "开公", "公开"])
    assert checked_words(fragment, df) == [(1, "制公"), (0, "管制"), (3, "开公"), (4, "公开")]


def test_only_overlapping_bigrams_on_the_character_field_are_thinned():
    words = query.Phrase("body", ["公开", "信息", "公开"])  # words, not bigrams: all checked
    assert sorted(o for o, _ in checked_words(words, lambda w: 1)) == [0, 1, 2]
    loose = query.Phrase("grams", ["公开", "信息", "公开"])  # bigrams that do not overlap
    assert len(checked_words(loose, lambda w: 1)) == 3
    short = query.Phrase("grams", ["公开", "开信"])
    assert len(checked_words(short, lambda w: 1)) == 2
