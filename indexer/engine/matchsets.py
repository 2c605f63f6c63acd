"""The set of documents a query matches, computed from posting lists with Python set algebra.

Facets need every match, not the top ten; walking Whoosh's matcher tree costs microseconds per
document per node, while reading a posting block into a set and intersecting sets runs in C.
Node types we do not evaluate here fall back to Whoosh's own ``docs_for_query``.

Posting lists are read by ``postings`` (a block at a time, kept per generation), which reads
internals of Whoosh's block posting matcher (Whoosh is pinned exactly).
Should they change, the code still answers correctly, walking ids one by one, but every such
slow step is recorded in ``MatchSets.slow``; tests/test_matchsets.py fails on any of them.
"""

from __future__ import annotations

from whoosh import query
from whoosh.query import spans

from . import budget, phrases, postings
from .postings import BLOCK_INTERNALS

__all__ = ["BLOCK_INTERNALS", "MatchSets"]

#: A phrase's next word is read whole only while its documents number at most this many times
#: the candidates left, or when its postings are at hand: past that, checking it at each
#: candidate (one block each, at most) costs less than decoding every block of it.
READ_FACTOR = 8


class MatchSets:
    """Per-searcher evaluator with a cache of term posting sets (one request's lifetime)."""

    def __init__(self, searcher) -> None:
        self.s = searcher
        self._terms: dict[tuple[str, object], frozenset[int]] = {}
        self._all: frozenset[int] | None = None
        self.slow: list[str] = []  # each step that left the fast path, and why

    def all_docs(self) -> frozenset[int]:
        if self._all is None:
            self._all = frozenset(self.s.reader().all_doc_ids())
        return self._all

    def of(self, q: query.Query) -> frozenset[int]:
        if isinstance(q, query.Term):
            return self.term(q.fieldname, q.text)
        if isinstance(q, query.Every):
            return self.all_docs()
        if q is query.NullQuery or isinstance(q, query.NullQuery.__class__):
            return frozenset()
        if isinstance(q, query.AndMaybe):
            return self.of(q.a)
        if isinstance(q, query.AndNot):
            return self.of(q.a) - self.of(q.b)
        if isinstance(q, query.Not):
            return self.all_docs() - self.of(q.query)
        if isinstance(q, query.Or) and not isinstance(q, spans.SpanQuery):
            out: set[int] = set()
            for child in budget.checked(q.subqueries):
                out |= self.of(child)
            return frozenset(out)
        if isinstance(q, query.And) and not isinstance(q, spans.SpanQuery):
            sets = sorted((self.of(c) for c in q.subqueries), key=len)
            if not sets:
                return frozenset()
            acc = set(sets[0])
            for other in sets[1:]:
                acc &= other
                if not acc:
                    break
            return frozenset(acc)
        if phrases.handles(self.s, q):  # adjacent words: positions of the shared documents
            holding = self._holding_rarer(q)
            with budget.portion(0.5):  # leave time to rank what was found
                return phrases.adjacent(self.s, q, holding)
        self.slow.append(f"delegated {type(q).__name__} to Whoosh")
        with budget.portion(0.5):  # positions (phrases, spans): leave time to check them
            return frozenset(budget.checked(self.s.docs_for_query(q)))

    def _holding_rarer(self, q: query.Phrase) -> frozenset[int]:
        """The documents holding the phrase's rarer words: a superset of those holding all of
        them, which ``phrases.adjacent`` checks word by word at each one. A word in most
        documents is not read whole once the rarer ones leave few candidates (at 100,000
        documents 工作 or the bigram 公开 is some 800 posting blocks, 0.1 s to decode;
        ``adjacent`` reads only the blocks its candidates fall in)."""
        df = {w: self.s.doc_frequency(q.fieldname, w) for w in set(q.words)}
        words = sorted(df, key=df.__getitem__)
        acc = self.term(q.fieldname, words[0])
        for w in words[1:]:
            if not acc:
                break
            if df[w] > READ_FACTOR * len(acc) and not self._known(q.fieldname, w):
                break  # the rest are commoner still
            acc = acc & self.term(q.fieldname, w)
        return acc

    def _known(self, fieldname: str, text) -> bool:
        return (fieldname, text) in self._terms or postings.cached(self.s, fieldname, text)

    def term(self, fieldname: str, text) -> frozenset[int]:
        key = (fieldname, text)
        if key not in self._terms:
            ids, _ = postings.read(self.s, fieldname, text, self.slow)
            self._terms[key] = frozenset(ids[postings.live(self.s)[ids]].tolist())
        return self._terms[key]
