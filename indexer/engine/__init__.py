"""The engine wing: the only place that imports Whoosh (and tantivy)."""

from . import fastskip  # noqa: F401 - Whoosh's block matcher skipping by bisection
