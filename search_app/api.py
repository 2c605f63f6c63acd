"""JSON API: the same SearchService and parameters as the pages, rendered as JSON."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, request

from indexer.wire import doc_json, page_json

from . import get_service
from .auth import is_staff, staff_required
from .urls import doc_url

bp = Blueprint("api", __name__)


@bp.get("/search")
def search():
    service = get_service()
    page = service.search(service.request(request.args.to_dict(flat=False)))
    return jsonify(page_json(page, doc_url))


@bp.get("/doc/<path:doc_id>")
def doc(doc_id: str):
    service = get_service()
    found = service.get(doc_id)
    if found is None:
        abort(404)
    data = doc_json(found, doc_url, service.links(found))
    if not is_staff():
        data.pop("path", None)  # where the file lies on the server is for staff only
    return jsonify(data)


@bp.get("/status")
@staff_required
def status():
    return jsonify(get_service().status())


@bp.get("/suggest")
def suggest():
    prefix = request.args.get("q", "")
    return jsonify({"query": prefix, "suggestions": get_service().suggest(prefix)})
