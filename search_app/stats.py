"""``/stats``: the 主动公开 figures of the annual report for a year and an office, public.

Every count links to the documents behind it: 本年制发 and 现行有效 to the search page with the
same filters (its total is the count), 本年废止 to ``/stats/repealed`` (the repeal's date is
another document's, which no search filter expresses). ``/api/stats`` is the same as JSON.
"""

from __future__ import annotations

import calendar
import datetime as dt
from urllib.parse import urlencode

from flask import Blueprint, jsonify, render_template, request

from indexer import stats
from indexer.errors import BadQuery
from indexer.models import SearchRequest

from . import get_service
from .urls import doc_url

bp = Blueprint("stats", __name__)


def _choice() -> tuple[int, str]:
    """The year and office asked for; the newest year in the index by default."""
    service = get_service()
    raw = request.args.get("year", "").strip()
    department = request.args.get("department", "").strip()
    if len(department) > service.settings.max_query_chars:
        raise BadQuery("发文机关名称过长。")
    if not raw:
        return (_years() or [dt.date.today().year])[0], department
    if not raw.isdigit() or not 1900 <= int(raw) <= 2100:
        raise BadQuery("year 必须是 1900 到 2100 之间的年份。")
    return int(raw), department


def _years() -> list[int]:
    page = get_service().search(SearchRequest(size=1))
    years = (int(v.value) for v in page.facets.get("year", []) if v.value.isdigit())
    return sorted(years, reverse=True)


def search_link(filters: dict[str, tuple[str, ...]], **extra: str) -> str:
    pairs = [(k, v) for k, values in filters.items() for v in values]
    return "/?" + urlencode([*pairs, *extra.items(), ("sort", "date")])


def cell_link(cell: stats.Cell, year: int, department: str) -> str:
    if cell.filters:
        return search_link(cell.filters)
    query = {"year": year, "kind": cell.kind, **({"department": department} if department else {})}
    return "/stats/repealed?" + urlencode(query)


def month_link(year: int, month: int, department: str) -> str:
    last = calendar.monthrange(year, month)[1]
    office = {"department": (department,)} if department else {}
    return search_link(
        {"year": (str(year),), **office}, q=f"{year}-{month:02d}-01..{year}-{month:02d}-{last:02d}"
    )


@bp.get("/stats")
def stats_page():
    year, department = _choice()
    figures = stats.annual(get_service(), year, department)
    page = get_service().search(SearchRequest(size=1))
    return render_template(
        "stats.html",
        s=figures,
        measures=stats.MEASURES,
        kinds=stats.KINDS,
        years=_years(),
        offices=[v.value for v in page.facets.get("department", [])],
        cell_link=lambda c: cell_link(c, year, department),
        month_link=lambda m: month_link(year, m, department),
        office_link=lambda d: search_link({"year": (str(year),), "department": (d,)}),
        rule_types=stats.rule_types(get_service().settings.stats_rule_types),
        normative_types=stats.NORMATIVE_TYPES,
    )


@bp.get("/stats/repealed")
def repealed_page():
    year, department = _choice()
    kind = request.args.get("kind", "")
    if kind not in stats.KINDS:
        raise BadQuery("kind 只能是 规章 或 规范性文件。")
    docs = stats.repealed(get_service(), year, kind, department)
    return render_template(
        "stats_list.html", year=year, department=department, kind=kind, docs=docs, doc_url=doc_url
    )


@bp.get("/api/stats")
def stats_json():
    year, department = _choice()
    s = stats.annual(get_service(), year, department)
    table = [
        {
            "kind": c.kind,
            "measure": c.measure,
            "label": stats.MEASURES[c.measure],
            "count": c.count,
            "list": cell_link(c, year, department),
        }
        for c in s.cells
    ]
    return jsonify(
        {
            "year": s.year,
            "department": s.department,
            "table": table,
            "months": [{"month": f"{year}-{m:02d}", "count": n} for m, n in s.months],
            "departments": [{"department": d, "count": n} for d, n in s.departments],
            "total": s.total,
            "partial": s.partial,
        }
    )
