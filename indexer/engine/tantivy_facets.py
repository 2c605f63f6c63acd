"""Filters and facet counts answered inside tantivy (no match collected into Python).

Why: collecting every match of a frequent word into Python to count its facets cost most of a
search at 20,000 documents and grows with the collection (issue 16). The facet values are raw
terms in fast fields (``tantivy_schema.FACET_FIELDS``), so a filter is a term query and a
facet's counts are a terms aggregation over the matches, both run by tantivy. The counts are
exact: each aggregation asks for more buckets than the facet has values. Facets are
disjunctive as on Whoosh (``facets.facet_counts``): a facet's counts ignore its own filter, so
its other values stay clickable; facets sharing the same other filters share one aggregation.
Filter clauses score 0, so a filtered hit keeps the score of its query.
"""

from __future__ import annotations

from collections.abc import Iterable

import tantivy

from ..models import FACETS, FacetValue
from . import budget
from .facets import shown
from .tantivy_schema import DAY

Occur = tantivy.Occur
_TOTAL = "_matched"  # the aggregation counting the matches (no facet has this name)


def restrict(q: tantivy.Query, clauses: Iterable[tantivy.Query]) -> tantivy.Query:
    """``q`` within every clause, its scores unchanged (each clause scores 0)."""
    extra = [(Occur.Must, tantivy.Query.const_score_query(c, 0.0)) for c in clauses]
    return tantivy.Query.boolean_query([(Occur.Must, q), *extra]) if extra else q


def value_filters(
    schema: tantivy.Schema, filters: dict[str, tuple[str, ...]]
) -> dict[str, tantivy.Query]:
    """Per filtered facet: any of its selected values (values within a facet OR)."""
    out = {}
    for name, values in filters.items():
        if values:
            terms = [tantivy.Query.term_query(schema, name, v) for v in values]
            out[name] = tantivy.Query.boolean_query([(Occur.Should, t) for t in terms])
    return out


def day_ranges(
    schema: tantivy.Schema, years: list[tuple[str, str]], dates: list[tuple[str, str]]
) -> list[tantivy.Query]:
    """A query's year and date ranges (``2019..2021``, ``2024-01-01..2024-06-30``), strict:
    a document without a date is in none. Years and ISO dates as YYYYMMDD keep their order."""
    bounds = [(int(a) * 10000, int(b) * 10000 + 9999) for a, b in years]
    bounds += [(int(a.replace("-", "")), int(b.replace("-", ""))) for a, b in dates]
    kind = tantivy.FieldType.Unsigned
    return [tantivy.Query.range_query(schema, DAY, kind, max(lo, 1), hi) for lo, hi in bounds]


def counts(
    searcher: tantivy.Searcher,
    q: tantivy.Query,
    filters: dict[str, tantivy.Query],
    selected: dict[str, tuple[str, ...]],
    sizes: dict[str, int],
    limit: int,
    with_total: bool = False,
) -> tuple[dict[str, list[FacetValue]], int | None]:
    """Each facet's values among the documents ``q`` matches within the other facets'
    ``filters`` (``sizes``: how many values each facet has at most), and (``with_total``) how
    many documents match within every filter, from the same aggregation when a facet is not
    filtered (None past the budget)."""
    groups: dict[frozenset[str], list[str]] = {}
    for name in FACETS:
        groups.setdefault(frozenset(filters) - {name}, []).append(name)
    counted: dict[str, dict[str, int]] = {name: {} for name in FACETS}
    total = None
    for others, names in groups.items():
        if budget.over():  # past the budget a facet shows only its selected values
            break
        spec = {
            n: {"terms": {"field": n, "size": sizes[n], "segment_size": sizes[n]}} for n in names
        }
        if with_total and len(others) == len(filters):
            spec[_TOTAL] = {"value_count": {"field": "ord"}}
        found = searcher.aggregate(restrict(q, [filters[o] for o in sorted(others)]), spec)
        for n in names:
            counted[n] = {b["key"]: b["doc_count"] for b in found[n]["buckets"] if b["key"]}
        if _TOTAL in found:
            total = int(found[_TOTAL]["value"] or 0)
    return {n: shown(n, counted[n], selected.get(n, ()), limit) for n in FACETS}, total


class Probe:
    """Does a candidate query (the query, then each fallback) match anything? Unfiltered, the
    answer comes with the candidate's facets from one aggregation, kept for the page: an
    expensive query (a quote over frequent characters) then runs once for both."""

    def __init__(
        self,
        searcher: tantivy.Searcher,
        schema: tantivy.Schema,
        selected: dict[str, tuple[str, ...]],
        sizes: dict[str, int],
        limit: int | None,
    ) -> None:
        self.searcher, self.selected, self.sizes, self.limit = searcher, selected, sizes, limit
        self.filters = value_filters(schema, selected)
        self._kept: tuple[tantivy.Query, dict[str, list[FacetValue]]] | None = None

    def matches(self, q: tantivy.Query) -> bool:
        if self.filters or self.limit is None:
            return self.searcher.search(q, limit=1, count=True).count > 0
        facets, total = counts(self.searcher, q, {}, {}, self.sizes, self.limit, True)
        if total is None:  # past the budget: no facets were counted
            return self.searcher.search(q, limit=1, count=True).count > 0
        self._kept = (q, facets)
        return total > 0

    def facets(self, q: tantivy.Query) -> dict[str, list[FacetValue]]:
        """The facets of the query that decided the matches (counted by ``matches`` if so)."""
        if self._kept is not None and self._kept[0] is q:
            return self._kept[1]
        args = (self.filters, self.selected, self.sizes, self.limit or 0)
        return counts(self.searcher, q, *args)[0]


def sizes_of(columns: dict[str, list[str]]) -> dict[str, int]:
    """Per facet: more buckets than it has values in the generation, so no count is cut."""
    return {name: len(set(columns.get(name, ()))) + 1 for name in FACETS}
