"""Phrases of adjacent words (slop 1: every quoted fragment on the character-bigram field),
matched without Whoosh's span machinery.

Whoosh checks a phrase by walking the intersection of its words' postings and building span
objects for every position of every candidate (``SpanNear2Matcher._get_spans``): two thirds of
a quoted phrase's time on the shared corpus, seconds for a fragment of common characters. Here
the candidates are the documents holding the phrase's rarer words (``matchsets``, from arrays),
and at each candidate the words are checked rarest first, each one's block decoded only while
the words before it stand: the phrase stands where word i is at position p + i for every i,
exactly Whoosh's rule for ``slop=1`` (ordered, each next span starting one past the previous
end). A fragment's bigrams spell it with fewer of them checked (``checked_words``). Still
within the request's budget per document.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
from whoosh import query

from . import budget, postings
from .schema import GRAMS


def handles(s, q: query.Query) -> bool:
    """A phrase this module matches exactly as Whoosh would: adjacent words, positions kept."""
    if type(q) is not query.Phrase or q.slop != 1 or len(q.words) < 2:
        return False
    field = s.schema[q.fieldname] if q.fieldname in s.schema else None
    return bool(field is not None and field.format and field.format.supports("positions"))


def adjacent(s, q: query.Phrase, candidates: Iterable[int]) -> frozenset[int]:
    """The ``candidates`` (any superset of the documents holding every word) where the words
    stand in order at consecutive positions."""
    field = s.schema[q.fieldname]
    checks = [(offset, field.to_bytes(w)) for offset, w in ordered_checks(s, q)]
    todo = np.sort(np.fromiter(candidates, dtype=np.int64))
    found: list[int] = []
    for leaf, offset, part in postings.by_segment(s.reader().leaf_readers(), todo):
        if any((q.fieldname, w) not in leaf for _, w in checks):
            continue
        matchers = {w: leaf.postings(q.fieldname, w) for _, w in checks}
        for local in budget.checked((todo[part] - offset).tolist()):
            if _stands(matchers, checks, local):
                found.append(local + offset)
    return frozenset(found)


def ordered_checks(s, q: query.Phrase) -> list[tuple[int, str]]:
    """``checked_words`` rarest first: its positions are the fewest starts to try, and a
    candidate that fails on a rare word never decodes a block of a common one."""
    df = {w: s.doc_frequency(q.fieldname, w) for w in set(q.words)}
    return checked_words(q, df.__getitem__)


def stands_at(positions: Callable[[Any], set[int] | None], checks: list[tuple[int, Any]]) -> bool:
    """Whether the checked words stand at their offsets from one start in a document;
    ``positions(word)`` gives the word's positions there (None: not there), asked only while
    the words before it still stand."""
    starts: set[int] | None = None
    for offset, word in checks:
        here = positions(word)
        if here is None:
            return False
        if starts is None:  # never changed in place: ``here`` itself will do at offset 0
            starts = here if offset == 0 else {p - offset for p in here}
        else:
            starts = {p for p in starts if p + offset in here}
        if not starts:
            return False
    return True


def checked_words(q: query.Phrase, cost: Callable[[str], int]) -> list[tuple[int, str]]:
    """(offset, word) pairs whose positions decide the phrase, cheapest (``cost``) first: all
    of them, except in a fragment on the character field. There bigram i holds characters i
    and i + 1 of the text at position i, so bigrams that cover every character of the
    fragment, standing in place, spell it, and the others are the text's own pairs there:
    ``cover`` picks them, the rare ones first (a bigram in every document, 公开 at 100,000,
    decodes a block at each candidate it is asked of). Only for bigrams that overlap as a
    fragment's do."""
    pairs = sorted(enumerate(q.words), key=lambda p: cost(p[1]))
    words = q.words
    overlapping = all(len(w) == 2 for w in words) and all(
        a[1] == b[0] for a, b in zip(words, words[1:], strict=False)
    )
    if q.fieldname != GRAMS or len(words) < 3 or not overlapping:
        return pairs
    kept = set(cover([i for i, _ in pairs]))
    return [(i, w) for i, w in pairs if i in kept]


def cover(order: list[int]) -> list[int]:
    """Of bigrams 0..n-1 (bigram i covers characters i and i + 1) taken in ``order``, those
    that cover a character no bigram taken before them covers: together they cover all."""
    covered: set[int] = set()
    chosen = []
    for i in order:
        if not {i, i + 1} <= covered:
            chosen.append(i)
            covered |= {i, i + 1}
    return chosen


def _stands(matchers: dict, checks: list[tuple[int, bytes]], doc: int) -> bool:
    """``stands_at`` in ``doc``, each word's matcher moved (and its block decoded) only when
    it is asked for."""
    decoded: dict[bytes, set[int] | None] = {}

    def positions(word: bytes) -> set[int] | None:
        if word not in decoded:
            m = matchers[word]
            if m.is_active() and m.id() < doc:
                m.skip_to(doc)
            here = m.is_active() and m.id() == doc
            decoded[word] = set(m.value_as("positions")) if here else None
        return decoded[word]

    return stands_at(positions, checks)
