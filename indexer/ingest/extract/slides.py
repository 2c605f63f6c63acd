"""PowerPoint 2007+ (.pptx) via python-pptx: each slide's text frames and tables, in order.

Briefing decks (政策解读) are published as slides. Shapes are read top to bottom, then left to
right, the way a person scans a slide; grouped shapes are opened; speaker notes follow their
slide because they often hold the full sentences the slide only lists.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from ...errors import ExtractionError
from ...models import Extracted
from ...textnorm import tidy_text


def extract(path: Path) -> Extracted:
    from pptx import Presentation
    from pptx.exc import PackageNotFoundError

    if not zipfile.is_zipfile(path):
        raise ExtractionError(str(path), "not a valid PPTX (zip) file")
    try:
        deck = Presentation(str(path))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise ExtractionError(str(path), f"not a PowerPoint file ({str(exc)[:100]})") from exc
    lines: list[str] = []
    for slide in deck.slides:
        lines.extend(_shape_lines(slide.shapes))
        if slide.has_notes_slide:
            lines.append(slide.notes_slide.notes_text_frame.text)
    title = (deck.core_properties.title or "").strip() or None
    return Extracted(text=tidy_text("\n".join(lines)), title=title, pages=len(deck.slides))


def _shape_lines(shapes: Iterable) -> Iterator[str]:
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    def position(shape) -> tuple[int, int]:
        return (shape.top or 0, shape.left or 0)

    for shape in sorted(shapes, key=position):
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
            yield from _shape_lines(shape.shapes)
        elif getattr(shape, "has_table", False) and shape.has_table:
            for row in shape.table.rows:
                yield " ".join(c.text.strip() for c in row.cells if c.text.strip())
        elif getattr(shape, "has_text_frame", False) and shape.has_text_frame:
            for paragraph in shape.text_frame.paragraphs:
                yield "".join(run.text for run in paragraph.runs)
