"""Facet counting over per-document column values (no Whoosh: plain lists and sets).

Whoosh's ``groupedby`` scores and materialises every hit; counting from columns read once per
generation is cheaper and lets us do disjunctive facets the way catalogue users expect.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from ..models import FACETS, FacetValue
from . import budget


def facet_counts(
    matched: list[int],
    columns: dict[str, list[str]],
    filters: dict[str, tuple[str, ...]],
    limit: int,
) -> tuple[set[int], dict[str, list[FacetValue]]]:
    """Values within a facet OR, facets AND; a facet's counts ignore its own filter so the
    other values stay visible and clickable. Returns (documents passing all filters, facets)."""
    passes: dict[str, Callable[[int], bool]] = {}
    for name, values in filters.items():
        if values:
            col, wanted = columns[name], set(values)
            passes[name] = lambda d, col=col, wanted=wanted: col[d] in wanted
    facets: dict[str, list[FacetValue]] = {}
    for name in FACETS:
        others = [p for n, p in passes.items() if n != name]
        col = columns[name]
        # past the budget a facet shows only its selected values, so they can be undone
        counts = (
            Counter()
            if budget.over()
            else Counter(col[d] for d in matched if all(p(d) for p in others))
        )
        counts.pop("", None)
        selected = set(filters.get(name, ()))
        order = _by_year if name == "year" else _by_count
        ranked = sorted(counts.items(), key=order)[:limit]
        shown = {v for v, _ in ranked}
        ranked += [(v, counts.get(v, 0)) for v in sorted(selected - shown)]
        facets[name] = [FacetValue(v, c, v in selected) for v, c in ranked]
    allowed = {d for d in matched if all(p(d) for p in passes.values())}
    return allowed, facets


def _by_count(kv: tuple[str, int]) -> tuple:
    return (-kv[1], kv[0])


def _by_year(kv: tuple[str, int]) -> tuple:
    """Years read best newest first, like a catalogue, whatever their counts."""
    return (-int(kv[0]) if kv[0].isdigit() else 0, kv[0])
