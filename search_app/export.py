"""``/export?format=csv|xlsx&…``: a search's whole result list as a file for Excel or WPS.

The search's own parameters select the documents, exactly as on the results page (unknown ones
are ignored, as pages ignore them); ``page`` and ``size`` do not matter: every hit is exported,
up to ``Settings.export_max_rows`` (the file's last row says when that cut it).
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Response, request

from indexer import export
from indexer.errors import BadQuery
from indexer.service import PARAMS

from . import get_service
from .urls import doc_url

bp = Blueprint("export", __name__)


def search_args() -> dict[str, list[str]]:
    """The request's own search parameters (a shared link's ``from=`` and paging dropped)."""
    args = request.args.to_dict(flat=False)
    return {k: v for k, v in args.items() if k in PARAMS and k not in ("page", "size")}


@bp.get("/export")
def export_list() -> Response:
    fmt = request.args.get("format", "csv")
    if fmt not in export.FORMATS:
        raise BadQuery("format 只能是 csv 或 xlsx。")
    service = get_service()
    req = service.request(search_args(), strict=False)
    listing = export.collect(service, req, service.settings.export_max_rows)
    base = request.host_url.rstrip("/")
    table = export.rows(listing, lambda doc_id: base + doc_url(doc_id))
    write = export.to_csv if fmt == "csv" else export.to_xlsx
    response = Response(write(table, listing.note), content_type=export.MEDIA_TYPES[fmt])
    name = f"xxgk-{dt.date.today():%Y%m%d}.{fmt}"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
