"""engine/fastskip.py: Whoosh's block matcher skipping inside a block by bisection must land
where Whoosh's own one-step-at-a-time skip lands, for every target, on real postings (the
shipped corpus's index: words in a few documents and bigrams in most, blocks crossed)."""

from __future__ import annotations

import random

from whoosh import index as windex

from indexer.engine import fastskip
from indexer.engine.backend import WhooshBackend


def test_the_patch_is_installed():
    from whoosh.codec.whoosh3 import W3LeafMatcher

    assert W3LeafMatcher.skip_to is fastskip.skip_to is not fastskip.ORIGINAL


def walk(m, targets, skip) -> list[tuple[bool, int | None]]:
    out = []
    for t in targets:
        if not m.is_active():
            break
        skip(m, t)
        out.append((m.is_active(), m.id() if m.is_active() else None))
    return out


def leaf_matcher(leaf, field, text):
    m = leaf.postings(field, text)
    return getattr(m, "child", m)  # a FilterMatcher hides deleted documents


def test_skipping_lands_where_whoosh_lands(corpus_index):
    rng = random.Random(5)
    path = corpus_index.index / WhooshBackend.from_settings(corpus_index).current_name()
    steps = 0
    with windex.open_dir(str(path)).reader() as r:
        for leaf, _ in r.leaf_readers():
            n = leaf.doc_count_all()
            terms = [("grams", "公开")] if ("grams", "公开") in leaf else []
            for f in ("body", "grams"):
                terms += [(f, t) for t in rng.sample(list(leaf.lexicon(f)), 40)]
            for field, text in terms:
                for _ in range(5):
                    targets = sorted(rng.sample(range(n + 3), min(n + 3, rng.randint(1, 60))))
                    got = walk(leaf_matcher(leaf, field, text), targets, fastskip.skip_to)
                    want = walk(leaf_matcher(leaf, field, text), targets, fastskip.ORIGINAL)
                    assert got == want, (field, text, targets)
                    steps += len(got)
    assert steps > 500


def test_skipping_across_blocks_lands_where_whoosh_lands(tmp_path):
    """1,000 documents of a Zipfian vocabulary: the common words span several blocks of 128."""
    from whoosh import fields

    rng = random.Random(9)
    ix = windex.create_in(str(tmp_path), fields.Schema(body=fields.TEXT(phrase=True)))
    vocab = [f"w{i}" for i in range(60)]
    w = ix.writer()
    for _ in range(1000):
        w.add_document(
            body=" ".join(rng.choices(vocab, weights=[1 / (i + 1) for i in range(60)], k=30))
        )
    w.commit()
    steps = 0
    with ix.reader() as r:
        assert max(r.doc_frequency("body", t) for t in vocab) > 3 * 128
        for text in vocab:
            for _ in range(10):
                targets = sorted(rng.sample(range(1003), rng.randint(1, 300)))
                got = walk(leaf_matcher(r, "body", text), targets, fastskip.skip_to)
                assert got == walk(leaf_matcher(r, "body", text), targets, fastskip.ORIGINAL)
                steps += len(got)
    assert steps > 5_000
