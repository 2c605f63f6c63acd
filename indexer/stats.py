"""The 主动公开 table of a 政府信息公开工作年度报告, computed from the index's own metadata.

Each office's annual report counts, for 规章 and 规范性文件, how many it issued in the year
(本年制发), repealed in the year (本年废止) and has in force (现行有效). Here:

- **规章** are documents whose 公文种类 is one of ``Settings.stats_rule_types`` (the names
  《规章制定程序条例》 gives 规章: 规定, 办法, 规则, 细则, and the 令 that promulgates one);
- **规范性文件** are documents of the other 公文种类 in ``NORMATIVE_TYPES`` whose 时效性 is known
  (有效, 已失效 or 已废止): a 规范性文件 states an 有效期 or is later repealed, an ordinary 通知
  does neither (domain.md §4);
- **本年制发**: 成文日期 in the year; **现行有效**: 时效性 有效 at the index run (a 规章 without an
  有效期 is in force until repealed, so 未知 counts for 规章); **本年废止**: 已废止, and the
  earliest indexed document that repealed it is dated in the year.

本年制发 and 现行有效 are plain facet filters, so each count links to the search that lists
exactly those documents; 本年废止 depends on another document's date and links to /stats' list.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from .models import Document, SearchRequest
from .service import SearchService

KINDS = ("规章", "规范性文件")
MEASURES = {"issued": "本年制发", "repealed": "本年废止", "in_force": "现行有效"}
#: 公文种类 a 规范性文件 is issued as (alone or as the carrier of an 办法/规定 …).
NORMATIVE_TYPES = tuple(
    "通知 意见 决定 通告 公告 方案 规划 计划 措施 要点 指南 标准 清单 目录 守则 指引".split()
)
KNOWN = ("有效", "已失效", "已废止")


@dataclass(frozen=True)
class Cell:
    """One count of the table and the filters that list its documents."""

    kind: str
    measure: str  # a key of MEASURES
    count: int
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass
class Annual:
    """The figures for one year and one office ("" for all offices)."""

    year: int
    department: str
    cells: list[Cell]
    months: list[tuple[int, int]]  # (month 1-12, documents)
    departments: list[tuple[str, int]]  # most documents first
    total: int  # documents dated in the year
    partial: bool = False  # a search ran out of its work budget: the figures may be short

    def cell(self, kind: str, measure: str) -> Cell:
        return next(c for c in self.cells if c.kind == kind and c.measure == measure)


def kind_filters(kind: str, rule_types: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """The facet filters that select one kind, whatever the year."""
    if kind == "规章":
        return {"doc_type": rule_types}
    normative = tuple(t for t in NORMATIVE_TYPES if t not in rule_types)
    return {"doc_type": normative, "validity": KNOWN}


def rule_types(text: str) -> tuple[str, ...]:
    """``Settings.stats_rule_types`` as a tuple (space- or comma-separated)."""
    return tuple(dict.fromkeys(text.replace(",", " ").split()))


def annual(service: SearchService, year: int, department: str = "") -> Annual:
    """Every figure for ``year`` (and ``department``), each from one search over the index;
    ``partial`` when any of them ran out of the request's work budget."""
    watch = _Watched(service)
    figures = _annual(watch, year, department)  # type: ignore[arg-type]
    figures.partial = watch.partial
    return figures


class _Watched:
    """The service, noting whether any search answered partially."""

    def __init__(self, service: SearchService) -> None:
        self.service, self.settings, self.partial = service, service.settings, False

    def search(self, req: SearchRequest):
        page = self.service.search(req)
        self.partial = self.partial or page.partial
        return page

    def get(self, doc_id: str) -> Document | None:
        return self.service.get(doc_id)


def _annual(service: SearchService, year: int, department: str) -> Annual:
    rules = rule_types(service.settings.stats_rule_types)
    office = {"department": (department,)} if department else {}
    cells: list[Cell] = []
    for kind in KINDS:
        base = {**kind_filters(kind, rules), **office}
        issued = {**base, "year": (str(year),)}
        in_force = {**base, "validity": ("有效", "未知") if kind == "规章" else ("有效",)}
        cells.append(Cell(kind, "issued", count(service, issued), issued))
        cells.append(Cell(kind, "repealed", len(repealed(service, year, kind, department))))
        cells.append(Cell(kind, "in_force", count(service, in_force), in_force))
    docs = documents(service, {"year": (str(year),), **office})
    months = Counter(d.date.month for d in docs if d.date and d.date.year == year)
    by_office = Counter(d.department or "（未标明）" for d in docs)
    return Annual(
        year=year,
        department=department,
        cells=cells,
        months=[(m, months.get(m, 0)) for m in range(1, 13)],
        departments=sorted(by_office.items(), key=lambda kv: (-kv[1], kv[0])),
        total=len(docs),
    )


def count(service: SearchService, filters: Mapping[str, tuple[str, ...]]) -> int:
    """How many documents the search with these filters finds (the number its page shows)."""
    return service.search(SearchRequest(filters=dict(filters), size=1)).total


def documents(service: SearchService, filters: Mapping[str, tuple[str, ...]]) -> list[Document]:
    """Every document the filters select, newest first."""
    req = SearchRequest(filters=dict(filters), sort="date", size=1)
    total = service.search(req).total
    return [h.doc for h in service.search(replace(req, size=max(1, total))).hits]


def repealed(service: SearchService, year: int, kind: str, department: str = "") -> list[Document]:
    """Documents of ``kind`` (by ``department``) whose repeal is dated in ``year``."""
    rules = rule_types(service.settings.stats_rule_types)
    filters = {**kind_filters(kind, rules), "validity": ("已废止",)}
    if department:
        filters["department"] = (department,)
    return [d for d in documents(service, filters) if _repeal_year(service, d) == year]


def _repeal_year(service: SearchService, doc: Document) -> int | None:
    """The year of the earliest dated indexed document that repealed ``doc``."""
    dates: list[dt.date] = []
    for doc_id in doc.repealed_by:
        by = service.get(doc_id)
        if by is not None and by.date is not None:
            dates.append(by.date)
    return min(dates).year if dates else None


def table(stats: Annual) -> list[list[str]]:
    """The figures as rows for a CSV, a sheet or the terminal: the 主动公开 table, then months
    and offices."""
    out = [["信息内容", *MEASURES.values()]]
    for kind in KINDS:
        out.append([kind, *(str(stats.cell(kind, m).count) for m in MEASURES)])
    out.append([])
    out.append(["月份", "文件数"])
    out.extend([f"{stats.year}-{m:02d}", str(n)] for m, n in stats.months)
    out.append([])
    out.append(["发文机关", "文件数"])
    out.extend([name, str(n)] for name, n in stats.departments)
    return out
