"""Spreadsheets: .xlsx (openpyxl, read-only streaming) and .xls (xlrd), sheet by sheet.

Disclosure offices publish fee schedules, project lists and statistics as spreadsheets. Each
sheet becomes its name on a line, then one line per row with its non-empty cells separated by
spaces, so a row reads like a table row of a DOCX. Huge exports are cut at ``MAX_CHARS`` with
a warning rather than filling a worker's memory.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from ...errors import ExtractionError
from ...models import Extracted
from ...textnorm import tidy_text

MAX_CHARS = 2_000_000


def extract_xlsx(path: Path) -> Extracted:
    """Cell text of an Excel 2007+ workbook (values, not formulas)."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    if not zipfile.is_zipfile(path):
        raise ExtractionError(str(path), "not a valid XLSX (zip) file")
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, KeyError, ValueError) as exc:
        raise ExtractionError(str(path), f"not an Excel workbook ({str(exc)[:100]})") from exc
    try:
        title = (book.properties.title or "").strip() or None
        sheets = ((ws.title, ws.iter_rows(values_only=True)) for ws in book.worksheets)
        return _extracted(sheets, title)
    finally:
        book.close()


def extract_xls(path: Path) -> Extracted:
    """Cell text of an Excel 97-2003 workbook."""
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), on_demand=True)
    except xlrd.XLRDError as exc:
        raise ExtractionError(str(path), f"not an Excel 97-2003 workbook ({exc})") from exc
    try:

        def rows(sheet) -> Iterator[list]:
            for r in range(sheet.nrows):
                yield [_xls_value(cell, book.datemode) for cell in sheet.row(r)]

        sheets = ((sheet.name, rows(sheet)) for sheet in book.sheets())
        return _extracted(sheets, None)
    finally:
        book.release_resources()


def _xls_value(cell, datemode: int) -> object:
    import xlrd

    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate_as_datetime(cell.value, datemode)
        except (ValueError, OverflowError):
            return cell.value
    return cell.value


def _extracted(sheets: Iterable[tuple[str, Iterable]], title: str | None) -> Extracted:
    lines: list[str] = []
    size = 0
    warnings: list[str] = []
    for name, rows in sheets:
        lines.append(str(name))
        for row in rows:
            cells = [_cell_text(v) for v in row]
            line = " ".join(c for c in cells if c)
            if not line:
                continue
            lines.append(line)
            size += len(line)
            if size > MAX_CHARS:
                warnings.append(f"spreadsheet text cut at {MAX_CHARS:,} characters")
                return Extracted(text=tidy_text("\n".join(lines)), title=title, warnings=warnings)
    return Extracted(text=tidy_text("\n".join(lines)), title=title)


def _cell_text(value: object) -> str:
    """A cell as people read it: 1523 not 1523.0, dates as 2024-03-05."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return " ".join(str(value).split())
