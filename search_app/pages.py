"""HTML pages: search (with facets, paging, sorting) and one document with its original file."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit

from flask import Blueprint, abort, jsonify, make_response, render_template, request, send_file

from indexer.models import FACETS
from indexer.service import PARAMS

from . import get_service
from .urls import doc_url

bp = Blueprint("pages", __name__)

FACET_LABELS = {
    "year": "年份",
    "department": "发文机关",
    "topic": "主题分类",
    "doc_type": "公文种类",
    "validity": "时效性",
}


def _url(args: dict[str, list[str]], **changes: list[str] | None) -> str:
    merged = {k: list(v) for k, v in args.items()}
    for key, value in changes.items():
        if value:
            merged[key] = value
        else:
            merged.pop(key, None)
    pairs = [(k, v) for k, vs in merged.items() for v in vs if v != ""]
    return "/?" + urlencode(pairs) if pairs else "/"


@bp.get("/")
def search():
    service = get_service()
    args = request.args.to_dict(flat=False)
    req = service.request(args)
    page = service.search(req)

    def with_page(n: int) -> str:
        return _url(args, page=[str(n)] if n > 1 else None)

    def with_sort(sort: str) -> str:
        return _url(args, sort=[sort] if sort != "relevance" else None, page=None)

    return render_template(
        "search.html",
        page=page,
        req=req,
        facets=[(f, FACET_LABELS[f], page.facets.get(f, [])) for f in FACETS],
        keep=[(k, v) for k in ("q", "sort", "size", "explain") for v in args.get(k, []) if v],
        with_page=with_page,
        with_sort=with_sort,
        clear_url=_url({"q": [req.q]} if req.q else {}),
        doc_url=doc_url,
        status=service.status(),
    )


@bp.get("/doc/<path:doc_id>")
def document(doc_id: str):
    service = get_service()
    doc = service.get(doc_id)
    if doc is None:
        abort(404, description=f"没有编号为 {doc_id} 的文件。")
    has_original = service.original_file(doc) is not None
    paragraphs = [p.strip() for p in str(doc.body).split("\n") if p.strip()]
    back = _back_link(request.referrer, request.host)
    response = make_response(
        render_template(
            "doc.html",
            doc=doc,
            paragraphs=paragraphs,
            has_original=has_original,
            back=back,
            related=service.related(doc),
            doc_url=doc_url,
            links=service.links(doc),
        )
    )
    response.vary.add("Referer")  # the back link follows the search the visitor came from
    return response


def _back_link(referrer: str | None, host: str) -> str:
    """The "back to the results" link: the search the visitor came from, rebuilt from its own
    search parameters. The Referer is only read, never copied: a ``javascript:`` or off-site value
    would otherwise become a link on our page."""
    if not referrer:
        return "/"
    parts = urlsplit(referrer)
    same_site = (parts.scheme, parts.netloc) in (("", ""), ("http", host), ("https", host))
    if not same_site or parts.path != "/":
        return "/"
    pairs = [(k, v) for k, v in parse_qsl(parts.query) if k in PARAMS and v]
    return "/?" + urlencode(pairs[: get_service().settings.max_params]) if pairs else "/"


@bp.get("/original/<path:doc_id>")
def original(doc_id: str):
    service = get_service()
    doc = service.get(doc_id)
    path = service.original_file(doc) if doc else None
    if path is None:
        abort(404, description="原始文件不可用。")
    return send_file(path, as_attachment=True, download_name=path.name)


@bp.get("/help")
def help_page():
    return render_template("help.html")


@bp.get("/healthz")
def healthz():
    """Opens the serving reader and runs a query (cached a few seconds): 503 when nothing
    can serve, 200 with status "degraded" and the reason while a fallback serves."""
    health = get_service().health()
    return jsonify(health), 503 if health["status"] == "broken" else 200
