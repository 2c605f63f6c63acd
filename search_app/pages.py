"""HTML pages: search (with facets, paging, sorting) and one document with its original file."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from urllib.parse import parse_qsl, urlencode, urlsplit

from flask import (
    Blueprint,
    Response,
    abort,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    send_file,
)

from indexer.models import FACETS, Document
from indexer.service import PARAMS

from . import get_service
from .advanced import within_results
from .official_title import official_title
from .paragraphs import anchored
from .paragraphs import paragraphs as split_paragraphs
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
    if target := within_results(request.args.to_dict(flat=False)):
        return redirect(target, code=303)  # "在结果中检索" ticked or not: a clean results URL
    service = get_service()
    # links a page builds carry our own parameters only (a shared link's ``from=`` is dropped)
    args = {k: v for k, v in request.args.to_dict(flat=False).items() if k in PARAMS}
    req = service.request(args, strict=False)
    page = service.search(req)

    def with_page(n: int) -> str:
        return _url(args, page=[str(n)] if n > 1 else None)

    def with_sort(sort: str) -> str:
        return _url(args, sort=[sort] if sort != "relevance" else None, page=None)

    unexpanded = _url(args, expand=["0"], page=None) if page.expansions else None

    return render_template(
        "search.html",
        page=page,
        req=req,
        facets=[(f, FACET_LABELS[f], page.facets.get(f, [])) for f in FACETS],
        keep=[
            (k, v) for k in ("q", "sort", "size", "explain", "expand") for v in args.get(k, []) if v
        ],
        with_page=with_page,
        with_sort=with_sort,
        unexpanded=unexpanded,
        clear_url=_url({"q": [req.q]} if req.q else {}),
        doc_url=doc_url,
        status=service.status(),
        newer_of=_replaced_by,
        facet_top=FACET_TOP,
        export_url=lambda fmt: "/export?" + urlencode([("format", fmt), *_pairs(args)]),
        feed_url="/feed?" + urlencode(_pairs(args)),
    )


def _pairs(args: dict[str, list[str]]) -> list[tuple[str, str]]:
    """The search's own parameters without paging, for links to the same list elsewhere."""
    return [(k, v) for k, vs in args.items() if k not in ("page", "size") for v in vs if v]


FACET_TOP = 6  # values shown before "更多…": the facet column stays short on a phone
LARGE_TEXT_COOKIE = "text"


def _replaced_by(doc: Document) -> list[Document]:
    """The documents that repealed ``doc`` or are its newer version, as documents (title and
    文号 are what a citizen recognises; an id or a file name is not). Missing ones are left out."""
    service = get_service()
    found = (service.get(d) for d in (*doc.repealed_by, *doc.superseded_by))
    return [d for d in found if d is not None]


@bp.app_context_processor
def _text_size() -> dict[str, object]:
    """Every page knows whether the visitor chose large text (a cookie: no script needed)."""
    here = request.full_path.rstrip("?")
    if request.endpoint == "pages.search":  # a shared link's foreign parameters are dropped
        here = _url({k: v for k, v in request.args.to_dict(flat=False).items() if k in PARAMS})
    return {
        "large_text": request.cookies.get(LARGE_TEXT_COOKIE) == "large",
        "here": here,
        "site_name": get_service().settings.site_name,
    }


@bp.get("/text-size")
def text_size() -> Response:
    """The large-text switch: a plain link that sets a cookie for a year and goes back to the
    page it was clicked on (a path on this site only, never an address from elsewhere)."""
    back = request.args.get("back", "/")
    if not back.startswith("/") or back.startswith("//") or "\\" in back:
        back = "/"
    response = redirect(back, code=303)
    if request.args.get("size") == "large":
        response.set_cookie(LARGE_TEXT_COOKIE, "large", max_age=365 * 86400, samesite="Lax")
    else:
        response.delete_cookie(LARGE_TEXT_COOKIE)
    return response


@bp.after_request
def _vary_on_cookie(response: Response) -> Response:
    response.vary.add("Cookie")  # the text-size cookie changes the page
    return response


@bp.get("/doc/<path:doc_id>")
def document(doc_id: str):
    service = get_service()
    doc = service.get(doc_id)
    if doc is None:
        abort(404, description=f"没有编号为 {doc_id} 的文件。")
    has_original = service.original_file(doc) is not None
    parent = service.get(doc.parent) if doc.parent else None
    doc, inherited = _inherit(doc, parent)
    if doc.title:
        doc = replace(doc, title=official_title(doc.title, str(doc.body)))
    outline = service.outline(doc)
    anchors = [outline.line_anchors[n] for n in sorted(outline.line_anchors)]
    paragraphs = anchored(split_paragraphs(str(doc.body)), anchors if outline else [])
    back = _back_link(request.referrer, request.host)
    response = make_response(
        render_template(
            "doc.html",
            doc=doc,
            paragraphs=paragraphs,
            outline=outline,
            has_original=has_original,
            back=back,
            related=service.related(doc),
            doc_url=doc_url,
            links=service.links(doc),
            replaced_by=_replaced_by(doc),
            parent=parent,
            inherited=inherited,
            today=dt.date.today().isoformat(),
            attachments=[(a, service.get(a)) for a in doc.attachments],
        )
    )
    response.vary.add("Referer")  # the back link follows the search the visitor came from
    return response


def _inherit(doc: Document, parent: Document | None) -> tuple[Document, list[str]]:
    """An 附件 usually names neither issuer nor date: they are its main document's (gov.cn's
    policy library shows them so). The build already copies them (``sources[f] == "parent"``);
    an index built before that is filled in here. Returns the document to show and which fields
    are its main document's."""
    given = [f for f in ("department", "date") if doc.sources.get(f) == "parent"]
    taken = [f for f in ("department", "date") if parent and not getattr(doc, f)]
    taken = [f for f in taken if getattr(parent, f)]
    shown = replace(doc, **{f: getattr(parent, f) for f in taken}) if taken else doc
    return shown, [f for f in ("department", "date") if f in given or f in taken]


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
