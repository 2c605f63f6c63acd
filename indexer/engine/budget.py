"""A work budget per request: a deadline that the slow loops of a search check as they go.

A quoted run of very common characters ("的的的的的的") once made the phrase check read and
normalise the stored text of almost every document, 27 s on the real corpus, holding a worker
the whole time (issue 15). The service opens a budget per request (``spending``); matching,
phrase verification, facets, ranking and snippets ask ``over()`` between units of work and
stop early, and the page says it is partial. The budget travels in a context variable, so
the engine's signatures stay as they are and a search without a budget (tests, the CLI's
index checks) never stops early.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from typing import TypeVar

from whoosh import query
from whoosh.query import spans

T = TypeVar("T")


class Budget:
    """A deadline, and whether some part of the work was cut short by it (or by the deadline
    of a portion: see ``portion``)."""

    def __init__(self, seconds: float, parent: Budget | None = None) -> None:
        self.deadline = time.monotonic() + seconds
        self.root: Budget = parent.root if parent is not None else self
        self.cut = False  # on the root: the answer is partial

    def over(self) -> bool:
        if time.monotonic() < self.deadline:
            return False
        self.root.cut = True
        return True


_current: ContextVar[Budget | None] = ContextVar("xxgk_budget", default=None)


@contextlib.contextmanager
def spending(milliseconds: int) -> Iterator[Budget]:
    """Run the block under a budget of ``milliseconds`` (0 or less: no limit)."""
    budget = Budget(milliseconds / 1000 if milliseconds > 0 else float("inf"))
    token = _current.set(budget)
    try:
        yield budget
    finally:
        _current.reset(token)


@contextlib.contextmanager
def portion(share: float) -> Iterator[None]:
    """Let the block use at most ``share`` of the time left, so that one step cannot spend
    what the later ones need: positional matching of a run of common characters could take
    the whole budget and leave none to check the candidates it found."""
    outer = _current.get()
    if outer is None or outer.deadline == float("inf"):
        yield
        return
    left = max(0.0, outer.deadline - time.monotonic())
    token = _current.set(Budget(left * share, parent=outer))
    try:
        yield
    finally:
        _current.reset(token)


@contextlib.contextmanager
def unbudgeted() -> Iterator[None]:
    """Run a one-time load (a generation's vocabulary, read on first need) outside the
    request's budget: the deadline moves by the time it took. Counted, it left the first
    visitor after a switch with an empty, "partial" page while the table was read (2 s on
    the shared corpus)."""
    current = _current.get()
    started = time.monotonic()
    try:
        yield
    finally:
        if current is not None:
            spent = time.monotonic() - started
            for b in {id(current): current, id(current.root): current.root}.values():
                b.deadline += spent


def over() -> bool:
    """True once the current budget (or portion) is spent; the answer is then partial."""
    budget = _current.get()
    return budget is not None and budget.over()


def exhausted() -> bool:
    """Whether some check found the budget spent: the answer is partial."""
    budget = _current.get()
    return budget is not None and budget.root.cut


def checked(items: Iterable[T]) -> Iterator[T]:
    """``items`` until the budget runs out. The clock is read before every item: a read costs
    about 50 ns, while one item of the loops that need it (a phrase's positions in one
    document, a stored text read and folded) can cost milliseconds."""
    budget = _current.get()
    if budget is None:
        yield from items
        return
    for item in items:
        if budget.over():
            return
        yield item


def _find_next(self) -> bool | None:
    """Whoosh's ``SpanWrappingMatcher._find_next`` (2.7.5, pinned) with the budget checked per
    candidate document. Its loop looks for the next document whose positions match, so one
    step of a phrase of common characters ("的的的的的的") can walk thousands of documents
    without yielding; past the budget the positions are no longer read, no further document
    matches, and the remaining candidates are skipped in one cheap pass."""
    if not self.is_active():
        return None
    child = self.child
    r = False
    found = [] if over() else self._get_spans()
    while child.is_active() and not found:
        r = child.next() or r
        if not child.is_active():
            return True
        found = [] if over() else self._get_spans()
    self._spans = found
    return r


spans.SpanWrappingMatcher._find_next = _find_next  # phrases and near() use these matchers


def search(s, q, allowed: set[int], **kwargs):
    """``s.search(q, **kwargs)``, whose positional matchers stop at the budget (above). Cut
    short before the page was full, the ``allowed`` documents unscored instead, in index order
    or ``sortedby``: one cheap pass, so a partial answer still lists what was found."""
    results = s.search(q, **kwargs)
    if not exhausted() or results.scored_length() >= min(kwargs["limit"], len(allowed)):
        return results
    return s.search(query.Every(), **{**kwargs, "filter": allowed})
