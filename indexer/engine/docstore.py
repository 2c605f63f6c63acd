"""The 公文 elements of a Document (indexer/metadata) as kept in the index's stored ``extra``
dict: shown on the document page and by /api/doc (indexer/wire.py), never searched, so they
need no field of their own. Dates are kept as ISO strings, as the ``date`` field is."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..models import ELEMENT_DATES, ELEMENTS, Document


def stored_elements(doc: Document) -> dict[str, Any]:
    """The elements of ``doc`` that have a value, dates as ISO strings."""
    out: dict[str, Any] = {}
    for name in ELEMENTS:
        value = getattr(doc, name)
        if value:
            out[name] = value.isoformat() if name in ELEMENT_DATES else value
    return out


def read_elements(stored: dict[str, Any] | None) -> dict[str, Any]:
    """Keyword arguments for Document from what ``stored_elements`` wrote."""
    out: dict[str, Any] = {}
    for name, value in (stored or {}).items():
        if name not in ELEMENTS:
            continue
        out[name] = dt.date.fromisoformat(value) if name in ELEMENT_DATES else value
    return out
