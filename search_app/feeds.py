"""Discovery: an Atom feed of any search (``/feed``) and the OpenSearch description.

Staff follow "new 规范性文件 of 教育局" in a feed reader: ``/feed`` takes the search page's own
parameters and lists the newest matching documents (by 成文日期). ``/opensearch.xml`` lets a
browser's search box search this site. Both are built with xml.etree, so every value a document
brings is escaped by the serializer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from urllib.parse import urlencode
from xml.etree import ElementTree as ET

from flask import Blueprint, Response, request

from indexer.models import Document

from . import get_service
from .export import search_args
from .urls import doc_url

bp = Blueprint("feeds", __name__)

ATOM = "http://www.w3.org/2005/Atom"
OPENSEARCH = "http://a9.com/-/spec/opensearch/1.1/"
ATOM_TYPE = "application/atom+xml"


@bp.get("/feed")
def feed() -> Response:
    service = get_service()
    args = search_args()
    req = service.request(args, strict=False)
    req = replace(req, sort="date", page=1, size=service.settings.feed_entries)
    page = service.search(req)
    base = request.host_url.rstrip("/")
    query = urlencode([(k, v) for k, vs in args.items() for v in vs if k != "sort"])
    root = ET.Element("feed", xmlns=ATOM)
    title = f"{service.settings.site_name}：{req.q or '全部文件'}"
    if req.filters:
        title += "（" + "；".join("、".join(v) for v in req.filters.values()) + "）"
    _text(root, "title", title)
    _text(root, "id", f"{base}/feed?{query}")
    _text(root, "updated", _stamp(_newest([h.doc for h in page.hits])))
    author = ET.SubElement(root, "author")
    _text(author, "name", service.settings.site_name)
    ET.SubElement(root, "link", rel="self", type=ATOM_TYPE, href=f"{base}/feed?{query}")
    ET.SubElement(root, "link", rel="alternate", type="text/html", href=f"{base}/?{query}")
    for hit in page.hits:
        _entry(root, hit.doc, base)
    body = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return Response(body, mimetype=ATOM_TYPE)


def _entry(root: ET.Element, doc: Document, base: str) -> None:
    entry = ET.SubElement(root, "entry")
    url = base + doc_url(doc.doc_id)
    _text(entry, "title", doc.title or "（无标题）")
    _text(entry, "id", url)
    _text(entry, "updated", _stamp(doc.date))
    ET.SubElement(entry, "link", rel="alternate", type="text/html", href=url)
    meta = [doc.department, doc.doc_number, doc.date.isoformat() if doc.date else None]
    summary = " · ".join(v for v in meta if v)
    if doc.validity in ("已废止", "已失效"):
        summary = f"【{doc.validity}】{summary}"
    _text(entry, "summary", summary or "—")
    if doc.topic:
        ET.SubElement(entry, "category", term=doc.topic)


def _newest(docs: list[Document]) -> dt.date | None:
    dates = [d.date for d in docs if d.date]
    return max(dates) if dates else None


def _stamp(day: dt.date | None) -> str:
    """An Atom date (RFC 3339). A document has a day, not a time: midnight in China. One with
    no date at all gets the Unix epoch, which Atom requires to be some date."""
    day = day or dt.date(1970, 1, 1)
    return f"{day.isoformat()}T00:00:00+08:00"


def _text(parent: ET.Element, tag: str, text: str) -> None:
    ET.SubElement(parent, tag).text = text


@bp.get("/opensearch.xml")
def opensearch() -> Response:
    service = get_service()
    base = request.host_url.rstrip("/")
    root = ET.Element("OpenSearchDescription", xmlns=OPENSEARCH)
    _text(root, "ShortName", service.settings.site_name[:16])
    _text(root, "Description", f"{service.settings.site_name}：检索政府信息公开文件")
    _text(root, "InputEncoding", "UTF-8")
    _text(root, "Language", "zh-CN")
    ET.SubElement(root, "Url", type="text/html", template=f"{base}/?q={{searchTerms}}")
    ET.SubElement(root, "Url", type=ATOM_TYPE, template=f"{base}/feed?q={{searchTerms}}")
    body = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return Response(body, mimetype="application/opensearchdescription+xml")
