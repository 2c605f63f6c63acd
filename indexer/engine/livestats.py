"""Ranking statistics over the live documents only: the same scores whatever a build deleted.

Whoosh keeps a deleted document's postings and length in its segment until the segment is
merged, and its BM25 statistics (``doc_count_all``, ``doc_frequency``, the field length totals)
count it. Both kinds of build leave deletions: a full build deletes what the cross-document
passes rewrite, an update deletes the old version of every edited or removed file (and the
big segment keeps them: merging it would cost the time and memory an update exists to save).
So the same files ranked a little differently after a week of updates than after a full
rebuild: on the shared corpus 2 of 100 top 10s came out in another order.

Here the statistics are those of the live documents, i.e. those of the index with every
deletion merged away: the live document count; a term's document frequency less the deleted
documents in its postings (a few skips per deleted document, cached per generation); and the
field length totals as the sum of the live documents' stored lengths, which is what Whoosh's
own merge writes (it copies each document's one-byte length, so a segment written in one go
and a merged one disagreed before; now every index computes the same value).
"""

from __future__ import annotations

import math
import threading
from typing import Any

import numpy as np
from whoosh.searching import Searcher

from .postings import column_lengths

#: Cached document frequencies per generation, at most (a query asks for a few dozen).
DF_CACHE = 200_000


class LiveStats:
    """One generation's live-document statistics, computed once and shared by its searchers.
    Methods take the asking searcher's reader: the numbers are the generation's, the open
    files the searcher's own."""

    def __init__(self, reader: Any) -> None:
        self.doc_count = reader.doc_count()
        # per leaf: its deleted document numbers (leaf-local), ascending; empty: none
        self.deleted = [
            sorted(d for d in range(leaf.doc_count_all()) if leaf.is_deleted(d))
            if leaf.has_deletions()
            else []
            for leaf, _ in reader.leaf_readers()
        ]
        self._lengths: dict[str, int] = {}
        self._df: dict[tuple[str, Any], int] = {}
        self._lock = threading.Lock()

    def field_length(self, reader: Any, fieldname: str) -> int:
        """The sum of the live documents' lengths in ``fieldname`` (as a full merge writes)."""
        total = self._lengths.get(fieldname)
        if total is None:
            total = sum(_live_length(leaf, fieldname) for leaf, _ in reader.leaf_readers())
            self._lengths[fieldname] = total
        return total

    def doc_frequency(self, reader: Any, fieldname: str, text: Any) -> int:
        """How many live documents hold the term."""
        n = reader.doc_frequency(fieldname, text)
        if n == 0 or not any(self.deleted):
            return n
        key = (fieldname, text)
        cached = self._df.get(key)
        if cached is None:
            cached = n - self._deleted_holding(reader, fieldname, text)
            with self._lock:
                if len(self._df) >= DF_CACHE:
                    self._df.clear()
                self._df[key] = cached
        return cached

    def _deleted_holding(self, reader: Any, fieldname: str, text: Any) -> int:
        """How many deleted documents the term's postings still list."""
        count = 0
        for (leaf, _), deleted in zip(reader.leaf_readers(), self.deleted, strict=True):
            if not deleted or (fieldname, text) not in leaf:
                continue
            # The unfiltered postings (leaf.postings hides deleted documents); Whoosh is
            # pinned exactly in pyproject.toml, so its terms reader is ours to rely on.
            tbytes = leaf._text_to_bytes(fieldname, text)
            m = leaf._terms.matcher(fieldname, tbytes, leaf.schema[fieldname].format)
            for d in deleted:
                if m.is_active() and m.id() < d:
                    m.skip_to(d)
                if not m.is_active():
                    break
                count += m.id() == d
        return count


class LiveSearcher(Searcher):
    """A Whoosh searcher whose scoring statistics are ``LiveStats``' (BM25F asks the top-level
    searcher for ``idf`` and ``avg_field_length``; query rewriting asks ``doc_frequency``)."""

    def __init__(self, reader: Any, stats: LiveStats, **kwargs: Any) -> None:
        self.stats = stats  # before Searcher.__init__: it makes the leaf searchers
        super().__init__(reader, **kwargs)
        if self.parent is None:
            self.doc_frequency = self._live_doc_frequency

    def _subsearcher(self, reader: Any) -> LiveSearcher:
        return LiveSearcher(
            reader, self.stats, fromindex=self._ix, weighting=self.weighting, parent=self
        )

    def _live_doc_frequency(self, fieldname: str, text: Any) -> int:
        return self.stats.doc_frequency(self.ixreader, fieldname, text)

    def field_length(self, fieldname: str) -> int:
        top = self.get_parent()
        if top is not self:
            return top.field_length(fieldname)
        return self.stats.field_length(self.ixreader, fieldname)

    def avg_field_length(self, fieldname: str, default: Any = None) -> Any:
        if not self.schema[fieldname].scorable:
            return default
        return self.field_length(fieldname) / (self.stats.doc_count or 1)

    def idf(self, fieldname: str, text: Any) -> float:
        """``WeightingModel.idf``'s formula (BM25F keeps it) over the live documents."""
        top = self.get_parent()
        if top is not self:
            return top.idf(fieldname, text)
        key = (fieldname, text)
        value = self._idf_cache.get(key)
        if value is None:
            n = self.doc_frequency(fieldname, text)
            value = math.log(self.stats.doc_count / (n + 1)) + 1
            self._idf_cache[key] = value
        return value


def searcher(index: Any, stats: LiveStats) -> LiveSearcher:
    """A searcher of ``index`` that scores with its generation's live statistics."""
    return LiveSearcher(index.reader(), stats, fromindex=index)


def _live_length(leaf: Any, fieldname: str) -> int:
    """The sum of one segment's live documents' lengths: the length column read whole
    (``postings.column_lengths``; per document it took 0.6–0.8 s a field at 20,000
    documents, on the first query that needs the field), else per document."""
    whole = column_lengths(leaf, fieldname, leaf.doc_count_all())
    if whole is not None:
        live = np.fromiter(leaf.all_doc_ids(), dtype=np.int64)
        return int(whole[live].sum())
    # Whoosh 2.7.5 returns None, not 0, for a stored length byte of 0 (an empty title): an
    # empty field adds nothing
    return sum(leaf.doc_field_length(d, fieldname, 0) or 0 for d in leaf.all_doc_ids())
