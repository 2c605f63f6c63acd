"""A term's postings as numpy arrays, read a block at a time and kept per generation.

``matchsets`` (which documents a query matches) and ``topk`` (their score bounds) both need
whole posting lists. Reading one unpickles every block of it (ids, weights and the positions
stored beside them): milliseconds for a common word, and on the shared corpus the two readers
together were a fifth of a typical request. The words of real queries repeat (政府, 管理, 通知
and the title words of popular documents), within a request (every fallback, the facets, the
bounds) and across requests, and a generation is read-only, so an entry never goes stale: a
switch opens a new generation with an empty cache. Bounded by postings held (ids and weights
as Whoosh stores them, int32 and float32: 8 bytes each, so ``MAX_POSTINGS`` is 64 MB per
process), least recently used first out. At 100,000 documents the commonest words (政府, 工作
and the bigrams of 公开 in title, body and character fields) hold ~100,000 postings each, ~800
blocks that take 0.1 s to decode: the cache keeps some 80 of them, the words a reading room's
phrases and fragments meet again and again.

The fast path reads internals of Whoosh's block posting matcher (Whoosh is pinned exactly);
should they change, postings are walked one by one and the caller's ``slow`` list says so.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.columns import NumericColumn
from whoosh.matching.wrappers import FilterMatcher
from whoosh.util.numeric import byte_to_length

#: What the fast path reads of a leaf posting matcher (whoosh.codec.whoosh3.W3LeafMatcher).
BLOCK_INTERNALS = ("_read_ids", "_read_weights", "_next_block", "_i", "_ids", "_blocklength")
MAX_POSTINGS = 8_000_000

Arrays = tuple[np.ndarray, np.ndarray]


class Cache:
    """One generation's arrays: postings (bounded, LRU), field lengths and the live mask (one
    number per document and field: 8 bytes × 3 scored fields = 2.4 MB at 100,000 documents)."""

    def __init__(self, max_postings: int = MAX_POSTINGS) -> None:
        self.max_postings = max_postings
        self._items: OrderedDict[Any, Arrays] = OrderedDict()
        self.held = 0
        self.lengths: dict[str, np.ndarray] = {}
        self.live: np.ndarray | None = None
        self.lock = threading.Lock()  # a generation serves every thread of its process

    def get(self, key: Any) -> Arrays | None:
        with self.lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: Any, value: Arrays) -> None:
        if len(value[0]) > self.max_postings:
            return
        with self.lock:
            old = self._items.pop(key, None)
            self.held += len(value[0]) - (0 if old is None else len(old[0]))
            self._items[key] = value
            while self.held > self.max_postings:
                _, (gone, _) = self._items.popitem(last=False)
                self.held -= len(gone)


#: Keyed by the generation's LiveStats, which all its searchers share and which goes with it.
_CACHES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def cache_of(s) -> Cache | None:
    """The generation's cache, or None for a searcher that is not a generation's (no stats)."""
    owner = getattr(s, "stats", None)
    if owner is None:
        return None
    with _LOCK:
        found = _CACHES.get(owner)
        if found is None:
            found = _CACHES[owner] = Cache()
        return found


def read(s, fieldname: str, text, slow: list[str] | None = None) -> Arrays:
    """(document numbers ascending, term weights) of every posting of the term, deleted
    documents included (``live`` tells them apart); int32 and float32, as Whoosh stores them
    (weights are ``array("f")`` in its blocks): compute scores in float64."""
    cache = cache_of(s)
    key = (fieldname, text)
    found = cache.get(key) if cache is not None else None
    if found is None:
        found = _read(s, fieldname, text, slow)
        if cache is not None:
            cache.put(key, found)
    return found


#: Whoosh's W3 codec writes a term's postings in blocks of this many (``blocklimit``).
BLOCK = 128
#: ``frequencies`` walks to each document when the documents number under one in this many
#: of the term's postings (half its blocks): fewer blocks to decode than reading it whole.
WALK_FACTOR = 2 * BLOCK


def frequencies(s, fieldname: str, text, docs: np.ndarray, walk: bool | None = None) -> np.ndarray:
    """The term's weight (its frequency) in each of ``docs`` (document numbers, ascending),
    0 where it is absent, in float64 as Whoosh's scorer sees each float32 weight. From the
    whole postings when they are at hand or ``docs`` are many; else (``walk``) by skipping to
    each document: a word in every one of 100,000 documents is some 800 blocks to decode
    whole (0.1 s), and the 50 documents a phrase matched decode at most 50 of them."""
    if walk is None:
        walk = len(docs) * WALK_FACTOR < s.doc_frequency(fieldname, text) and not cached(
            s, fieldname, text
        )
    if walk:
        return _walked(s, fieldname, text, docs)
    ids, weights = read(s, fieldname, text)
    out = np.zeros(len(docs))
    if not len(ids):
        return out
    at = np.minimum(np.searchsorted(ids, docs), len(ids) - 1)
    held = ids[at] == docs
    out[held] = weights[at[held]]
    return out


def _walked(s, fieldname: str, text, docs: np.ndarray) -> np.ndarray:
    out = np.zeros(len(docs))
    for leaf, offset, part in by_segment(s.reader().leaf_readers(), docs):
        if (fieldname, text) in leaf:
            m = leaf.postings(fieldname, text)
            for k in landed(m, (docs[part] - offset).tolist()):
                out[part.start + k] = m.weight()
    return out


def by_segment(leaves: Iterable[tuple[Any, int]], docs: np.ndarray) -> Iterator[tuple]:
    """(leaf, offset, the slice of ``docs`` in it) for each segment holding some of ``docs``
    (document numbers, ascending); ``leaves`` are a reader's or a searcher's (leaf, offset)."""
    i = 0
    for leaf, offset in leaves:
        j = int(np.searchsorted(docs, offset + leaf.doc_count_all()))
        if j > i:
            yield leaf, offset, slice(i, j)
        i = j


def landed(m, local: list[int]) -> Iterator[int]:
    """The indexes of ``local`` (one segment's document numbers, ascending) where matcher
    ``m``, moved forward with ``skip_to``, stands; it is left there while the caller reads it."""
    for k, doc in enumerate(local):
        if m.is_active() and m.id() < doc:
            m.skip_to(doc)
        if not m.is_active():
            return
        if m.id() == doc:
            yield k


def cached(s, fieldname: str, text) -> bool:
    """Whether the term's postings are at hand (read for an earlier request)."""
    cache = cache_of(s)
    return cache is not None and cache.get((fieldname, text)) is not None


def _read(s, fieldname: str, text, slow: list[str] | None) -> Arrays:
    ids: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    for leaf, offset in s.reader().leaf_readers():
        if (fieldname, text) not in leaf:
            continue
        m = leaf.postings(fieldname, text)
        if isinstance(m, FilterMatcher):  # hides the segment's deleted documents
            m = m.child
        if not all(hasattr(m, a) for a in BLOCK_INTERNALS):
            if slow is not None:
                slow.append(f"walked {type(m).__name__} id by id")
            found, tf = [], []
            while m.is_active():
                found.append(offset + m.id())
                tf.append(m.weight())
                m.next()
            ids.append(np.array(found, dtype=np.int32))
            weights.append(np.array(tf, dtype=np.float32))
            continue
        while m.is_active():
            m._read_ids()
            m._read_weights()
            ids.append(np.asarray(m._ids, dtype=np.int32) + np.int32(offset))
            weights.append(np.asarray(m._weights, dtype=np.float32))
            m._i = m._blocklength
            m._next_block()
    if not ids:
        return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32)
    return np.concatenate(ids), np.concatenate(weights)


def live(s) -> np.ndarray:
    """One flag per document number: not deleted."""
    cache = cache_of(s)
    if cache is not None and cache.live is not None:
        return cache.live
    mask = np.zeros(s.doc_count_all(), dtype=bool)
    mask[np.fromiter(s.reader().all_doc_ids(), dtype=np.int64)] = True
    if cache is not None:
        cache.live = mask
    return mask


def lengths(s, fieldname: str) -> np.ndarray:
    """Every document's stored length in ``fieldname``, as Whoosh's scorer reads it (0 for an
    empty field)."""
    cache = cache_of(s)
    if cache is not None and fieldname in cache.lengths:
        return cache.lengths[fieldname]
    values = np.zeros(s.doc_count_all())
    for leaf, offset in s.reader().leaf_readers():
        n = leaf.doc_count_all()
        whole = column_lengths(leaf, fieldname, n)
        if whole is not None:
            values[offset : offset + n] = whole
            continue
        for d in range(n):
            # Whoosh returns None for a stored length byte of 0 (engine/livestats.py)
            values[offset + d] = leaf.doc_field_length(d, fieldname, 0) or 0
    if cache is not None:
        cache.lengths[fieldname] = values
    return values


#: Whoosh's length byte → length, as ``doc_field_length`` decodes it (a 0 byte reads as 0).
_BYTE_TO_LENGTH = np.array([0] + [byte_to_length(b) for b in range(1, 256)], dtype=np.float64)


def column_lengths(leaf, fieldname: str, n: int) -> np.ndarray | None:
    """A segment's lengths in ``fieldname`` read as one byte array (the length column is one
    byte per document): per document it took 0.6–0.8 s a field at 20,000 documents (under
    load), on the first query that needs the field. None where the reader is not the
    one this expects (then the caller asks per document)."""
    perdoc = getattr(leaf, "_perdoc", None)
    if not hasattr(perdoc, "_cached_reader"):
        return None
    reader = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    if reader is None:  # the field has no length column: every length is the default, 0
        return np.zeros(n)
    if type(reader) is not NumericColumn.Reader or reader._fixedlen != 1:
        return None
    count = min(reader._count, n)  # documents past the column's end read the default, 0
    raw = np.frombuffer(reader._dbfile.get(reader._basepos, count), dtype=np.uint8)
    out = np.zeros(n)
    out[:count] = _BYTE_TO_LENGTH[raw]
    return out
