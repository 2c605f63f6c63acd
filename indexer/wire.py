"""One shape of a Document on the wire: /api/search, /api/doc and `xxgk search --json`.

Pure (plain data in, plain dicts out; neither wing): every JSON view of a document is built
here, from the same summary, so a hit, a citation and a document page's JSON never disagree
about a key. Where a document lives on the web is the web's business: callers pass ``url``
(``search_app.urls.doc_url``), so the CLI prints exactly what the API returns.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .models import ELEMENT_DATES, ELEMENTS, Document, Hit, Links, SearchPage

#: Where a document's page is, given its id.
DocUrl = Callable[[str], str]


def hit_json(doc: Document, url: DocUrl) -> dict[str, Any]:
    """The summary every list of documents shows: search hits, citations, "cited by"."""
    return {
        "id": doc.doc_id,
        "title": doc.title,
        "department": doc.department,
        "doc_number": doc.doc_number,
        "date": _iso(doc.date),
        "year": doc.year,
        "doc_type": doc.doc_type,
        "topic": doc.topic,
        "validity": doc.validity,
        "url": url(doc.doc_id),
    }


def page_json(page: SearchPage, url: DocUrl) -> dict[str, Any]:
    """The /api/search body (the contract later issues and checks rely on)."""
    req = page.request
    return {
        "query": req.q,
        "total": page.total,
        "page": req.page,
        "size": req.size,
        "sort": req.sort,
        "filters": {k: list(v) for k, v in req.filters.items()},
        "hits": [_scored(h, url, req.explain) for h in page.hits],
        "facets": {
            name: [{"value": v.value, "count": v.count, "selected": v.selected} for v in values]
            for name, values in page.facets.items()
        },
        "relaxed": page.relaxed.to_json() if page.relaxed else None,
        "did_you_mean": page.did_you_mean,
        "expansions": [e.to_json() for e in page.expansions],  # everyday words read as terms
        "answers": [a.to_json() for a in page.answers],  # a question's best articles (answers.py)
        "partial": page.partial,  # the work budget ran out: hits and counts are incomplete
        **({"timing": page.timing.to_json()} if req.explain and page.timing else {}),
    }


def _scored(hit: Hit, url: DocUrl, explain: bool) -> dict[str, Any]:
    out = {
        **hit_json(hit.doc, url),
        "score": round(hit.score, 4),
        "snippet": [{"text": t, "match": m} for t, m in hit.snippet],
        "articles": [a.to_json() for a in hit.articles],  # best-matching 条 (indexer/answers.py)
    }
    if explain:
        out["explain"] = hit.explain
    return out


def doc_json(doc: Document, url: DocUrl, links: Links | None = None) -> dict[str, Any]:
    """One document (/api/doc); with ``links`` (SearchService.links) its resolved citations."""
    resolved, cited_by = links or ([], [])
    return {
        **hit_json(doc, url),
        **elements_json(doc),
        "citations": [
            {"label": label, "documents": [hit_json(d, url) for d in docs]}
            for label, docs in resolved
        ],
        "cited_by": [hit_json(d, url) for d in cited_by],
        "index_no": doc.index_no,
        "format": doc.fmt,
        "path": doc.path,
        "sources": doc.sources,
        "date_kind": doc.date_kind,
        "extra": doc.extra,
        "ocr": doc.ocr,  # the text was read by OCR and may contain recognition errors
        "ocr_pages": doc.ocr_pages,
        "parent": doc.parent,
        "attachments": list(doc.attachments),
        "body": str(doc.body),
    }


def elements_json(doc: Document) -> dict[str, Any]:
    """The 公文 elements and the 时效性: every key present, null when unknown."""
    out: dict[str, Any] = {"validity": doc.validity}
    for name in ELEMENTS:
        value = getattr(doc, name)
        out[name] = _iso(value) if name in ELEMENT_DATES else value
    return out


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None
