"""Document ↔ the field values the backend writes and reads back (plain Python, no Whoosh).

One place decides what is indexed, what is stored and how it comes back, so the backend's
lifecycle code and the search code never disagree about a field.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..citations import keys_of, own_keys
from ..models import Document
from ..textnorm import title_key
from .docstore import read_elements, stored_elements


def title_index_text(doc: Document) -> str:
    """The title field also carries the department, so 机关 names in a query rank like title
    words without a third searched field (each field adds a union per query word)."""
    return "\n".join(x for x in (doc.title, doc.department) if x)


def index_keys(doc: Document) -> dict[str, str]:
    """The three keyword fields of a document (engine/links.py), one key a line."""
    return {
        "cites": "\n".join(keys_of(doc.cites)),
        "repeals": "\n".join(keys_of(doc.repeals)),
        "cite_keys": "\n".join(own_keys(doc.doc_number, doc.title)),
    }


def grams_text(doc: Document) -> str:
    """Exactly the text a quoted fragment is verified against: stored title, then body."""
    return f"{doc.title or ''}\n{doc.body}"


def to_fields(doc: Document) -> dict[str, Any]:
    return {
        "doc_id": doc.doc_id,
        "title": doc.prepared.get("title") or title_index_text(doc),
        "_stored_title": str(doc.title or ""),
        "title_key": title_key(doc.title or ""),
        "title_col": str(doc.title or ""),
        "body": doc.prepared.get("body") or doc.body,
        "_stored_body": str(doc.body),
        "grams": grams_text(doc),
        "doc_number": doc.doc_number or "",
        "department": doc.department or "",
        "topic": doc.topic or "",
        "doc_type": doc.doc_type or "",
        "year": str(doc.year) if doc.year else "",
        "date": doc.date.isoformat() if doc.date else "",
        "index_no": doc.index_no or "",
        "validity": doc.validity or "",
        **index_keys(doc),
        "extra": {
            "path": doc.path,
            "sha256": doc.sha256,
            "fmt": doc.fmt,
            "sources": doc.sources,
            "extra": doc.extra,
            "ocr_pages": doc.ocr_pages,
            "parent": doc.parent,
            "attachments": doc.attachments,
            "elements": stored_elements(doc),
        },
    }


def from_stored(f: dict[str, Any]) -> Document:
    extra = f.get("extra") or {}
    date = dt.date.fromisoformat(f["date"]) if f.get("date") else None
    return Document(
        doc_id=f["doc_id"],
        title=f.get("title", ""),
        body=f.get("body", ""),
        department=f.get("department") or None,
        doc_number=f.get("doc_number") or None,
        date=date,
        doc_type=f.get("doc_type") or None,
        topic=f.get("topic") or None,
        index_no=f.get("index_no") or None,
        path=extra.get("path"),
        sha256=extra.get("sha256"),
        fmt=extra.get("fmt"),
        sources=extra.get("sources") or {},
        extra=extra.get("extra") or {},
        ocr_pages=extra.get("ocr_pages") or 0,
        parent=extra.get("parent"),
        attachments=list(extra.get("attachments") or []),
        validity=f.get("validity") or None,
        **read_elements(extra.get("elements")),
    )
