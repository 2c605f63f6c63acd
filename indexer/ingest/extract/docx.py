"""DOCX text via python-docx: body paragraphs and tables in document order, with the page
header above and the page footer below, and text boxes where they are anchored.

Tables matter in disclosure files (annual-report statistics, fee schedules), so each table row
becomes one line of its cells' text. Offices also set the 发文字号 in a table cell, a text box
(a red-header template's frame) or the page header, so none of those may be skipped.

A ``.docx`` that is not a zip (a renamed ``.doc`` or plain text) is reported with that reason rather
than as a library traceback.
"""

from __future__ import annotations

import re
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
from .layout import PAGE_NUMBER_RE


def extract(path: Path) -> Extracted:
    """Read paragraphs, table rows and the core-properties title of a Word 2007+ file."""
    if not zipfile.is_zipfile(path):
        raise ExtractionError(str(path), "not a valid DOCX (zip) file")
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise ExtractionError(str(path), f"not a Word document ({str(exc)[:100]})") from exc
    header, footer = _margins(document)
    lines = [*header, *_block_lines(document.element.body, document), *footer]
    title = (document.core_properties.title or "").strip() or None
    return Extracted(text=tidy_text("\n".join(lines)), title=title)


def _block_lines(element, parent) -> Iterator[str]:
    """Paragraph and table text under a body or cell element, in reading order."""
    for child in element.iterchildren():
        if child.tag == qn("w:p"):
            yield Paragraph(child, parent).text
            yield from _text_boxes(child, parent)
        elif child.tag == qn("w:tbl"):
            yield from _table_lines(Table(child, parent))
        elif child.tag == qn("w:sdt"):  # content control: its content is ordinary blocks
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _block_lines(content, parent)


def _text_boxes(paragraph, parent) -> Iterator[str]:
    """Text boxes anchored in a paragraph. Word writes each box twice (DrawingML and a VML
    fallback), so a box whose text was already given is not repeated."""
    seen: set[str] = set()
    for box in paragraph.iter(qn("w:txbxContent")):
        lines = list(_block_lines(box, parent))
        key = "\n".join(lines)
        if key.strip() and key not in seen:
            seen.add(key)
            yield from lines


def _margins(document) -> tuple[list[str], list[str]]:
    """Lines of the page headers and footers, each distinct text once (sections repeat them)."""
    parts: dict[str, list[str]] = {"header": [], "footer": []}
    seen: set[str] = set()
    for section in document.sections:
        for kind in ("header", "footer"):
            try:
                margin = getattr(section, kind)
                if margin.is_linked_to_previous:
                    continue
                lines = [
                    x
                    for x in _block_lines(margin._element, margin)
                    if x.strip() and not PAGE_NUMBER_RE.match(x.strip())
                ]
            except (KeyError, ValueError):  # a broken header part loses the header only
                continue
            key = "\n".join(lines)
            if key and key not in seen and not re.fullmatch(r"[\s\d\-—第页共/]*", key):
                seen.add(key)
                parts[kind].extend(lines)
    return parts["header"], parts["footer"]


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
