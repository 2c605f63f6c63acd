"""The 公文 elements of a Document (indexer/metadata) as kept in the index's stored ``extra``
dict: shown on the document page and by /api/doc, never searched, so they need no field of
their own. Dates travel as ISO strings, as the ``date`` field does."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..models import Document

#: Document attributes stored here, in display order.
ELEMENTS: tuple[str, ...] = (
    "instrument",
    "addressees",
    "cc",
    "printed_by",
    "printed_date",
    "effective_date",
    "attachment_titles",
    "cites",
    "repeals",
    "valid_until",
    "repealed_by",
    "history",
    "superseded_by",
    "warnings",
)
_DATES = ("printed_date", "effective_date", "valid_until")


def stored_elements(doc: Document) -> dict[str, Any]:
    """The elements of ``doc`` that have a value, dates as ISO strings."""
    out: dict[str, Any] = {}
    for name in ELEMENTS:
        value = getattr(doc, name)
        if value:
            out[name] = value.isoformat() if name in _DATES else value
    return out


def read_elements(stored: dict[str, Any] | None) -> dict[str, Any]:
    """Keyword arguments for Document from what ``stored_elements`` wrote."""
    out: dict[str, Any] = {}
    for name, value in (stored or {}).items():
        if name not in ELEMENTS:
            continue
        out[name] = dt.date.fromisoformat(value) if name in _DATES else value
    return out


def elements_json(doc: Document) -> dict[str, Any]:
    """The elements and the 时效性 for /api/doc: every key present, null when unknown."""
    out: dict[str, Any] = {"validity": doc.validity}
    for name in ELEMENTS:
        value = getattr(doc, name)
        out[name] = value.isoformat() if name in _DATES and value else value
    return out
