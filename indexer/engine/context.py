"""The context of one search: an open generation, the settings that shape a query, a timing.

Before it, ``searching.run`` and its fallbacks passed nine loose parameters to each other four
times and parsed the query again on every retry. A context is built per request by the backend
(cheap: it only holds references), so its match-set cache lives exactly one request.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh import query

from ..models import Document, Timing
from .facets import FacetColumns
from .matchsets import MatchSets
from .querying import ParsedQuery, parse
from .rankcache import RankCache
from .ranking import Order
from .suggest import Vocabulary

Loader = Callable[[dict[str, Any]], Document]


@dataclass
class SearchContext:
    """One request against one generation: its searcher, schema, facet columns and ranking
    order; the settings (user dictionary, synonyms, facet limit); where to load a Document
    from stored fields and the generation's vocabulary (for pinyin); and this request's
    timing, to which every phase adds."""

    searcher: Any
    schema: Any
    columns: FacetColumns
    order: Order
    load: Loader
    user_dict: str | None = None
    synonyms: Path | None = None
    facet_limit: int = 20
    vocabulary: Callable[[], Vocabulary] | None = None
    ranked: RankCache | None = None  # the generation's ranked lists (engine/rankcache.py)
    timing: Timing = field(default_factory=Timing)
    _sets: MatchSets | None = None

    @contextlib.contextmanager
    def phase(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.timing.ms[name] += (time.perf_counter() - started) * 1000

    def parse(self, text: str) -> ParsedQuery | None:
        """The parsed query, or None for an empty one (browsing). Raises BadQuery."""
        if not text.strip():
            return None
        with self.phase("parse"):
            return parse(text, self.schema, self.user_dict, self.synonyms)

    def match(self, q: query.Query) -> frozenset[int]:
        """The documents ``q`` matches: one pass over the index, counted."""
        if self._sets is None:
            self._sets = MatchSets(self.searcher)
        self.timing.passes += 1
        return self._sets.of(q)
