"""A result list as a file staff open in Excel or WPS: CSV (UTF-8 with BOM) or XLSX.

Every hit of the search, not only the page on screen, up to ``Settings.export_max_rows``: a
list cut there says so in its last row, as does one whose search ran out of its work budget,
so that nobody files a partial list as complete. Cells are text, never formulas.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from .models import Document, SearchRequest
from .service import SearchService

COLUMNS: tuple[str, ...] = (
    "标题",
    "发文机关",
    "发文字号",
    "成文日期",
    "公文种类",
    "主题分类",
    "时效性",
    "URL",
)
FORMATS = ("csv", "xlsx")
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class Listing:
    """The documents of one search, in its order, and how complete they are."""

    docs: list[Document]
    total: int
    partial: bool = False

    @property
    def note(self) -> str | None:
        """The closing remark of a file that does not hold the whole result, else None."""
        if self.partial:
            return f"检索耗时过长，仅导出部分结果（{len(self.docs)} 份）。"
        if self.total > len(self.docs):
            return f"共 {self.total} 份，仅导出前 {len(self.docs)} 份；请缩小检索范围后再导出。"
        return None


def collect(service: SearchService, req: SearchRequest, cap: int) -> Listing:
    """All hits of ``req`` in its own order, at most ``cap`` (one search, page 1)."""
    page = service.search(replace(req, page=1, size=max(1, cap), explain=False))
    return Listing([h.doc for h in page.hits], page.total, page.partial)


def rows(listing: Listing, url: Callable[[str], str]) -> list[list[str]]:
    """One row per document in COLUMNS' order; ``url`` gives a document's full address."""
    return [_row(d, url) for d in listing.docs]


def _row(doc: Document, url: Callable[[str], str]) -> list[str]:
    values = (doc.title, doc.department, doc.doc_number, doc.date, doc.doc_type, doc.topic)
    cells = [v.isoformat() if hasattr(v, "isoformat") else (v or "") for v in values]
    return [*cells, doc.validity or "", url(doc.doc_id)]


def safe(cell: str) -> str:
    """Text, never a formula: Excel and WPS run a cell that starts with = + - @ (or a tab/CR
    before one), so such a cell gets a leading ' (OWASP's advice, as report.csv does)."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


def to_csv(table: Sequence[Sequence[str]], note: str | None = None) -> bytes:
    """A result list as CSV; the note, if any, as its last row."""
    return sheet_csv(COLUMNS, [*table, *([[note]] if note else [])])


def to_xlsx(table: Sequence[Sequence[str]], note: str | None = None) -> bytes:
    """A result list as XLSX; the note, if any, as its last row."""
    return sheet_xlsx(COLUMNS, [*table, *([[note]] if note else [])], "检索结果")


def sheet_csv(header: Sequence[str], table: Sequence[Sequence[str]]) -> bytes:
    """UTF-8 with a BOM, so that Excel reads the Chinese as Chinese."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([safe(c) for c in row] for row in table)
    return out.getvalue().encode("utf-8-sig")


def sheet_xlsx(header: Sequence[str], table: Sequence[Sequence[str]], name: str = "统计") -> bytes:
    """One sheet, every cell stored as a string (never a formula)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(name)
    sheet.append(list(header))
    for row in table:
        sheet.append([_text_cell(sheet, safe(c)) for c in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _text_cell(sheet, value: str):
    """A cell that holds ``value`` as text: openpyxl would store a string starting with = as a
    formula, so the type is set explicitly."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell
