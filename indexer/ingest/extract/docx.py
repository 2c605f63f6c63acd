"""DOCX text via python-docx: body paragraphs and tables in document order.

Tables matter in disclosure files (annual-report statistics, fee schedules), so each table row
becomes one line of its cells' text. A ``.docx`` that is not a zip (a renamed ``.doc`` or plain
text) is reported with that reason rather than as a library traceback.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from ...errors import ExtractionError
from ...models import Extracted
from ...textnorm import tidy_text


def extract(path: Path) -> Extracted:
    """Read paragraphs, table rows and the core-properties title of a Word 2007+ file."""
    if not zipfile.is_zipfile(path):
        raise ExtractionError(str(path), "not a valid DOCX (zip) file")
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise ExtractionError(str(path), f"not a Word document ({str(exc)[:100]})") from exc
    lines = list(_block_lines(document.element.body, document))
    title = (document.core_properties.title or "").strip() or None
    return Extracted(text=tidy_text("\n".join(lines)), title=title)


def _block_lines(element, parent) -> Iterator[str]:
    """Paragraph and table text under a body or cell element, in reading order."""
    for child in element.iterchildren():
        if child.tag == qn("w:p"):
            yield Paragraph(child, parent).text
        elif child.tag == qn("w:tbl"):
            yield from _table_lines(Table(child, parent))
        elif child.tag == qn("w:sdt"):  # content control: its content is ordinary blocks
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _block_lines(content, parent)


def _table_lines(table: Table) -> Iterator[str]:
    """One line per row; a merged cell is reported once, a nested table after its row."""
    for row in table.rows:
        seen: list = []  # the cells' XML elements, kept alive so that `is` identifies them
        cells, nested = [], []
        for cell in row.cells:
            if any(cell._tc is tc for tc in seen):
                continue
            seen.append(cell._tc)
            cells.append(" ".join(p.text.strip() for p in cell.paragraphs if p.text.strip()))
            nested.extend(cell.tables)
        yield " ".join(c for c in cells if c)
        for inner in nested:
            yield from _table_lines(inner)
