"""A bounded cache, per generation and process, of whole ranked result lists.

Ranking a query scores every document it matches (``ranking``: exact order, no skipping), the
dearest step of a broad query. A visitor paging through results, or the next visitor asking the
same common question, would redo it for every page; with the ranked list kept, page 2 is a
slice. A generation is read-only, so an entry never goes stale: a switch opens a new
generation with an empty cache. The bound is in documents held (ids and scores, 16 bytes each:
``MAX_DOCS`` is 32 MB per process), least recently used first out, so a crawler walking
thousands of distinct queries cannot grow it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable

import numpy as np

MAX_DOCS = 2_000_000
MAX_ENTRIES = 512


class RankCache:
    """(query, filters, sort) → (document numbers, scores) in the one total order."""

    def __init__(self, max_docs: int = MAX_DOCS, max_entries: int = MAX_ENTRIES) -> None:
        self.max_docs, self.max_entries = max_docs, max_entries
        self._items: OrderedDict[Hashable, tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self._held = 0
        self._lock = threading.Lock()  # a generation serves every thread of its process

    def get(self, key: Hashable) -> tuple[np.ndarray, np.ndarray] | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: Hashable, docs: np.ndarray, scores: np.ndarray) -> None:
        if len(docs) > self.max_docs:
            return
        with self._lock:
            old = self._items.pop(key, None)
            self._held -= 0 if old is None else len(old[0])
            self._items[key] = (docs, scores)
            self._held += len(docs)
            while self._held > self.max_docs or len(self._items) > self.max_entries:
                _, (gone, _) = self._items.popitem(last=False)
                self._held -= len(gone)

    def __len__(self) -> int:
        return len(self._items)

    @property
    def held(self) -> int:
        """Documents held over all entries (what the bound limits)."""
        return self._held
