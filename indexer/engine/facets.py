"""Facet counting over per-document column codes (no Whoosh: numpy arrays read once).

Whoosh's ``groupedby`` scores and materialises every hit; counting from columns read once per
generation is cheaper and lets us do disjunctive facets the way catalogue users expect. Each
column is kept as one integer code per document, so a facet's counts over every match are one
``bincount`` in C: the Python loop it replaced cost ~1 µs per match per facet, 0.5 s per
request for a browse of 100,000 documents.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..models import FACETS, FacetValue
from . import budget


@dataclass(frozen=True)
class FacetColumns:
    """Per generation: each facet's value per document as a code, and the values by code."""

    codes: dict[str, np.ndarray]
    values: dict[str, list[str]]
    index: dict[str, dict[str, int]]

    @classmethod
    def of(cls, columns: dict[str, list[str]]) -> FacetColumns:
        codes, values, index = {}, {}, {}
        for name, col in columns.items():
            values[name] = sorted(set(col))
            index[name] = {v: i for i, v in enumerate(values[name])}
            at = index[name]
            codes[name] = np.fromiter((at[v] for v in col), dtype=np.int32, count=len(col))
        return cls(codes, values, index)

    def wanted(self, name: str, selected: tuple[str, ...]) -> np.ndarray:
        """One flag per code: is this value among ``selected``?"""
        flags = np.zeros(len(self.values[name]), dtype=bool)
        flags[[self.index[name][v] for v in selected if v in self.index[name]]] = True
        return flags


def facet_counts(
    matched: np.ndarray,
    columns: FacetColumns,
    filters: dict[str, tuple[str, ...]],
    limit: int,
) -> tuple[np.ndarray, dict[str, list[FacetValue]]]:
    """Values within a facet OR, facets AND; a facet's counts ignore its own filter so the
    other values stay visible and clickable. Returns (documents passing all filters, in the
    order of ``matched``; facets)."""
    passes: dict[str, np.ndarray] = {}
    for name, values in filters.items():
        if values:
            passes[name] = columns.wanted(name, values)[columns.codes[name][matched]]
    facets: dict[str, list[FacetValue]] = {}
    for name in FACETS:
        others = [p for n, p in passes.items() if n != name]
        # past the budget a facet shows only its selected values, so they can be undone
        counts = {} if budget.over() else _counts(columns, name, _kept(matched, others))
        facets[name] = shown(name, counts, filters.get(name, ()), limit)
    return _kept(matched, list(passes.values())), facets


def shown(
    name: str, counts: dict[str, int], selected: tuple[str, ...], limit: int
) -> list[FacetValue]:
    """A facet's values as a page lists them, whichever engine counted them: the ``limit``
    largest (years newest first), then any selected value not among them."""
    order = _by_year if name == "year" else _by_count
    ranked = sorted(counts.items(), key=order)[:limit]
    listed = {v for v, _ in ranked}
    ranked += [(v, counts.get(v, 0)) for v in sorted(set(selected) - listed)]
    return [FacetValue(v, c, v in selected) for v, c in ranked]


def _kept(docs: np.ndarray, passes: list[np.ndarray]) -> np.ndarray:
    return docs[np.logical_and.reduce(passes)] if passes else docs


def _counts(columns: FacetColumns, name: str, docs: np.ndarray) -> dict[str, int]:
    values = columns.values[name]
    tally = np.bincount(columns.codes[name][docs], minlength=len(values))
    return {values[i]: int(tally[i]) for i in np.flatnonzero(tally) if values[i]}


def _by_count(kv: tuple[str, int]) -> tuple:
    return (-kv[1], kv[0])


def _by_year(kv: tuple[str, int]) -> tuple:
    """Years read best newest first, like a catalogue, whatever their counts."""
    return (-int(kv[0]) if kv[0].isdigit() else 0, kv[0])
