"""Phrases of adjacent words (slop 1: every quoted fragment on the character-bigram field),
matched without Whoosh's span machinery.

Whoosh checks a phrase by walking the intersection of its words' postings and building span
objects for every position of every candidate (``SpanNear2Matcher._get_spans``): two thirds of
a quoted phrase's time on the shared corpus, seconds for a fragment of common characters. Here
the candidates are the intersection of the words' document sets (``matchsets``, from arrays),
and each candidate's positions are read once per word and shifted: the phrase stands where word
i is at position p + i for every i, exactly Whoosh's rule for ``slop=1`` (ordered, each next
span starting one past the previous end). Still within the request's budget per document.
"""

from __future__ import annotations

from collections.abc import Iterable

from whoosh import query

from . import budget


def handles(s, q: query.Query) -> bool:
    """A phrase this module matches exactly as Whoosh would: adjacent words, positions kept."""
    if type(q) is not query.Phrase or q.slop != 1 or len(q.words) < 2:
        return False
    field = s.schema[q.fieldname] if q.fieldname in s.schema else None
    return bool(field is not None and field.format and field.format.supports("positions"))


def adjacent(s, q: query.Phrase, candidates: Iterable[int]) -> frozenset[int]:
    """The ``candidates`` (documents holding every word) where the words stand in order at
    consecutive positions."""
    field = s.schema[q.fieldname]
    words = [field.to_bytes(w) for w in q.words]
    todo = sorted(candidates)
    found: list[int] = []
    at = 0
    for leaf, offset in s.reader().leaf_readers():
        end = offset + leaf.doc_count_all()
        mine = []
        while at < len(todo) and todo[at] < end:
            mine.append(todo[at] - offset)
            at += 1
        if not mine or any((q.fieldname, w) not in leaf for w in words):
            continue
        matchers = {w: leaf.postings(q.fieldname, w) for w in set(words)}
        for local in budget.checked(mine):
            if _stands(matchers, words, local):
                found.append(local + offset)
    return frozenset(found)


def _stands(matchers: dict, words: list[bytes], doc: int) -> bool:
    for m in matchers.values():
        if m.is_active() and m.id() < doc:
            m.skip_to(doc)
        if not m.is_active() or m.id() != doc:
            return False
    positions: dict[bytes, set[int]] = {}

    def at(word: bytes) -> set[int]:  # decoded only when needed: most candidates fail early
        if word not in positions:
            positions[word] = set(matchers[word].value_as("positions"))
        return positions[word]

    starts = at(words[0])
    for i, word in enumerate(words[1:], start=1):
        here = at(word)
        starts = {p for p in starts if p + i in here}
        if not starts:
            return False
    return True
