"""Positioned lines → paragraphs, for the fixed-layout formats (PDF text layers, OCR, OFD).

Chinese official documents are justified with a two-character first-line indent, so a line
starts a paragraph when it is indented (or centred), when the line before it stopped short of
the right margin, or when the font size changes; everything else is a wrapped continuation
and is joined without a space. Page-number footers ("— 3 —", "第3页") and running headers
repeated on most pages are dropped. Every
threshold is relative to the line height, which callers give in points (OFD millimetres and OCR
pixels are converted first, so the 6-point floor below means the same everywhere).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ...textnorm import join_wrapped, tidy_text

_DASH = r"[-—–－~～_·•]"
PAGE_NUMBER_RE = re.compile(
    rf"^(?:{_DASH}+\s*\d{{1,4}}\s*{_DASH}+"  # — 3 —, - 3 -
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/／]?\s*共\s*\d{1,4}\s*页)?"  # 第3页, 第3页 共12页
    r"|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$"
)
# Bare "3" or "3/12" is a page number only as the top or bottom line of a page.
EDGE_PAGE_NUMBER_RE = re.compile(r"^\d{1,4}(?:\s*[/／]\s*\d{1,4})?$")


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    size: float  # line height, roughly the font size


def drop_page_numbers(lines: list[Line]) -> list[Line]:
    """A page's lines without its page-number lines ("— 3 —" anywhere, "3" at the edges)."""
    edges = {0, len(lines) - 1}
    return [
        line
        for i, line in enumerate(lines)
        if not PAGE_NUMBER_RE.match(line.text)
        and not (i in edges and EDGE_PAGE_NUMBER_RE.match(line.text))
    ]


def drop_running_lines(pages: list[list[Line]]) -> list[list[Line]]:
    """Remove running headers and footers ("北京市人民政府规章" atop every page) so that a
    paragraph broken by a page break joins up. The top of the first page keeps them: there
    they are often the document's own header."""
    if len(pages) < 3:
        return pages
    edge_texts = [{line.text for line in page[:3] + page[-3:]} for page in pages]
    counts = Counter(text for texts in edge_texts for text in texts)
    running = {t for t, n in counts.items() if n >= max(3, len(pages) // 2) and len(t) <= 30}
    return [
        [line for i, line in enumerate(page) if not (line.text in running and _at_edge(i, n, page))]
        for n, page in enumerate(pages)
    ]


def _at_edge(index: int, page_no: int, page: list[Line]) -> bool:
    return (index < 3 and page_no > 0) or index >= len(page) - 3


def paragraphs(pages: list[list[Line]]) -> str:
    """Join wrapped lines into paragraphs, also across page breaks. A line starts a new
    paragraph when it is indented or centred, when the line before stopped short of the right
    margin, or when the font size changes (a 22-point title above 16-point body text)."""
    out: list[str] = []
    prev: Line | None = None
    prev_short = True
    for lines in pages:
        if not lines:
            continue
        left = min(line.x0 for line in lines)
        right = _right_margin(lines)
        for line in lines:
            em = _em(line)
            resized = prev is not None and abs(line.size - prev.size) > 0.15 * prev.size
            if prev_short or resized or line.x0 > left + 1.2 * em or not out:
                out.append(line.text)
            else:
                out[-1] = join_wrapped(out[-1], line.text)
            prev, prev_short = line, right is None or line.x1 < right - 1.5 * em
    return tidy_text("\n".join(out))


def _right_margin(lines: list[Line]) -> float | None:
    """Where full lines end: the rightmost edge reached by at least two lines of text (page
    furniture such as a lone "X" or a page label is ignored). A page with one long line among
    short ones has no wrapped text, so nothing on it is joined."""
    text_lines = [line for line in lines if len(line.text) >= 8]
    if not text_lines:
        return None
    right = max(line.x1 for line in text_lines)
    full = [line for line in text_lines if line.x1 >= right - _em(line)]
    return right if len(full) >= 2 else None


def _em(line: Line) -> float:
    return max(line.size, 6.0)
