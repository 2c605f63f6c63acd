"""Staff page ``/status``: which index generation serves, and what the last run could not read.

The reading-room staff who answer "why can't I find document X?" need the failure list without
a shell; the same facts as `xxgk status`, rendered as a page (every value escaped by Jinja),
and where the time of the last searches went (p50/p95 per phase), to find a slow query.
"""

from __future__ import annotations

from flask import Blueprint, render_template

from indexer.models import SKIPPED_KINDS

from . import get_service
from .auth import staff_required

bp = Blueprint("staff", __name__)


@bp.get("/status")
@staff_required
def status():
    info = get_service().status()
    report = info.get("report") or {}
    failures = report.get("failures") or []
    summary = report.get("summary") or {
        "indexed": report.get("indexed", info.get("doc_count")),
        "ocr": report.get("ocr", 0),
        "ocr_pages": report.get("ocr_pages", 0),
        "skipped": sum(1 for f in failures if f.get("kind") in SKIPPED_KINDS),
        "failed": sum(1 for f in failures if f.get("kind") not in SKIPPED_KINDS),
        "by_reason": {},
    }
    return render_template(
        "status.html",
        info=info,
        summary=summary,
        failures=failures,
        warnings=report.get("warnings") or [],
        seconds=report.get("seconds"),
        latency=get_service().latency(),
        run=report.get("run") or {},
        runs=list(reversed(info.get("history") or [])),
    )
