"""Phrases moved only to the documents being scored, for exact scoring.

``topk.exact`` moves Whoosh's matcher for the query to each document it scores. A phrase's
matcher (its words' intersection inside a span check) moved to a document where the phrase
does not stand walks on, checking the spans of every document that holds all its words, until
the next one where it does; it does so on creation too. A bonus phrase of common words
(title:"法规 政府 工作", which no title holds) walked most of the index for each request: 7 ms
per document scored at 100,000 documents. Here the same intersection of the same term matchers
is moved only to the documents being scored, and checked there by positions
(``phrases.stands_at``, Whoosh's rule for adjacent words) from the blocks it has just decoded:
where the phrase stands it scores what Whoosh's matcher scores (the span check multiplies by
1.0, the phrase by its boost).
"""

from __future__ import annotations

import bisect

from whoosh import matching, query
from whoosh.matching.binary import IntersectionMatcher
from whoosh.matching.wrappers import WrappingMatcher
from whoosh.query.wrappers import WrappingQuery
from whoosh.util import make_binary_tree

from . import phrases


def pin(s, q: query.Query) -> query.Query:
    """``q`` with each phrase that ``phrases`` matches visiting only the documents listed in
    the search context's ``scored`` (that segment's numbers, ascending)."""
    if isinstance(q, query.Phrase) and phrases.handles(s, q):
        return Pinned(q, phrases.ordered_checks(s, q))
    return q if q.is_leaf() else q.apply(lambda child: pin(s, child))


class Pinned(WrappingQuery):
    """A phrase whose matcher visits only the documents in its context's ``scored``."""

    def __init__(self, child: query.Phrase, checks: list[tuple[int, str]]) -> None:
        super().__init__(child)
        self.checks = checks

    def _rewrap(self, child: query.Query) -> Pinned:
        return Pinned(child, self.checks)

    def matcher(self, searcher, context=None):
        docs = getattr(context, "scored", None)
        phrase = self.child
        if docs is None:  # not scoring listed documents: the phrase's own matcher
            return phrase.matcher(searcher, context)
        field = searcher.schema[phrase.fieldname]
        words = [field.to_bytes(w) for w in phrase.words]
        if any((phrase.fieldname, w) not in searcher.reader() for w in words):
            return matching.NullMatcher()  # as Phrase.matcher: a word the segment lacks
        terms = [query.Term(phrase.fieldname, w).matcher(searcher, context) for w in words]
        both = make_binary_tree(IntersectionMatcher, terms)
        by_word = dict(zip(phrase.words, terms, strict=True))
        return OnlyWhereItStands(both, by_word, self.checks, docs, boost=phrase.boost)


class OnlyWhereItStands(WrappingMatcher):
    """The intersection of a phrase's words, moved only to those of ``docs`` where the phrase
    stands, and scored there as Whoosh scores the phrase."""

    def __init__(self, child, by_word: dict, checks: list, docs: list[int], boost: float) -> None:
        super().__init__(child, boost=boost)
        self._by_word, self._checks, self._docs = by_word, checks, docs
        self._at = 0
        self._settle()

    def _positions(self, word: str) -> set[int]:
        return set(self._by_word[word].value_as("positions"))

    def _settle(self) -> None:
        """From our current document on, to the first where the phrase stands."""
        child, docs = self.child, self._docs
        while self._at < len(docs):
            doc = docs[self._at]
            if child.is_active() and child.id() < doc:
                child.skip_to(doc)
            if not child.is_active():
                self._at = len(docs)
            elif child.id() > doc:  # the listed ones before it lack a word
                self._at = bisect.bisect_left(docs, child.id(), self._at)
            elif phrases.stands_at(self._positions, self._checks):
                return
            else:
                self._at += 1

    def copy(self):
        # as Whoosh's phrase matcher: its block matchers (W3LeafMatcher) have no copy either
        raise NotImplementedError("Whoosh's posting matchers cannot be copied")

    def replace(self, minquality=0):
        return self if self.is_active() else matching.NullMatcher()

    def is_active(self) -> bool:
        return self._at < len(self._docs)

    def id(self) -> int:
        return self._docs[self._at]

    def all_ids(self):
        while self.is_active():
            yield self.id()
            self.next()

    def skip_to(self, id: int) -> None:
        if self.is_active() and self._docs[self._at] < id:
            self._at = bisect.bisect_left(self._docs, id, self._at)
            self._settle()

    def next(self) -> None:
        self._at += 1
        self._settle()

    def supports_block_quality(self) -> bool:
        return False
