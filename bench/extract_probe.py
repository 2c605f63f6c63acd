"""Worker side of `make bench-extract`: extract one file, return plain numbers and the text.

A module of its own (not the script) so the isolated workers can import it by name.
"""

from __future__ import annotations

import time
from pathlib import Path

from indexer.errors import ExtractionError
from indexer.ingest.extract import extract, tools


def probe(task: tuple[str, float]) -> dict:
    """Extract one file under the same deadline the pipeline uses; errors come back as text."""
    path, timeout_s = task
    tools.DEADLINE.set(time.monotonic() + 0.9 * timeout_s)
    started = time.perf_counter()
    try:
        result = extract(Path(path))
    except ExtractionError as exc:
        return {"error": exc.reason, "seconds": time.perf_counter() - started}
    return {
        "text": result.text,
        "ocr_pages": result.ocr_pages,
        "pages": result.pages,
        "seconds": time.perf_counter() - started,
    }


def ocr_pages(task: tuple[str, list[tuple[int, float, float, float]]]) -> dict:
    """OCR the given pages of a PDF; the time covers rendering and recognition."""
    from indexer.ingest.extract import ocr

    path, pages = task
    started = time.perf_counter()
    result = ocr.pdf_pages(Path(path), pages)
    lines = ["\n".join(line.text for line in result.lines.get(n, [])) for n, *_ in pages]
    return {"pages": lines, "seconds": time.perf_counter() - started, "errors": result.errors}
