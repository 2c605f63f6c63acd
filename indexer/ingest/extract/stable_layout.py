"""pdfminer's text-box grouping made deterministic.

``LTLayoutContainer.group_textboxes`` keeps a heap of (skip, distance, id(a), id(b), a, b):
when two distances tie, as they do between the evenly spaced cells of a table, the order of
the merges falls to ``id()``, a memory address that differs from process to process. The same
PDF then read back in another order from one run to the next (a 74,000-character table of
Beijing's parks: three runs, three texts), so a weekly rebuild changed a document nobody
edited and the identity check of issue 10 found it. Within one call of the grouping, ``id``
is replaced by the order in which the call first meets each object, which the call's own
loops make deterministic. Installed once, on import of the PDF extractor.
"""

from __future__ import annotations

import builtins
import functools
import threading

from pdfminer import layout

_seen = threading.local()


def _stable_id(obj: object) -> int:
    numbers = getattr(_seen, "numbers", None)
    if numbers is None:  # outside a grouping: pdfminer's other uses keep the real id
        return builtins.id(obj)
    return numbers.setdefault(builtins.id(obj), len(numbers))


def install() -> None:
    """Patch pdfminer (pinned by pyproject's range; tests/test_extract checks the result)."""
    group = layout.LTLayoutContainer.group_textboxes
    if getattr(group, "_xxgk_stable", False):
        return

    @functools.wraps(group)
    def stable_group(self, laparams, boxes):
        _seen.numbers = {}
        try:
            return group(self, laparams, boxes)
        finally:
            _seen.numbers = None

    stable_group._xxgk_stable = True
    layout.id = _stable_id  # the module's global lookup of ``id`` finds this first
    layout.LTLayoutContainer.group_textboxes = stable_group
