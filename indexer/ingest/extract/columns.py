"""Two-column PDF pages (annual reports, statistical bulletins) read column by column.

pdfminer's layout analysis joins characters into a line while the gap between them is under
``char_margin`` widths, so a narrow gutter lets a left-column line and the right-column line
beside it become one line: the columns come out interleaved and every sentence is broken.
Whether a page has columns is decided per page: its lines are cut wherever two characters stand
more than an em apart, and if a vertical band in the middle of the page separates at least
``MIN_ROWS`` rows of pieces on both sides (and few pieces cross it), the page is read as bands:
full-width lines (a title, a table heading) in place, and between them the left column, then the
right. Right-column pieces are moved onto the left column's margin so that ``layout.paragraphs``
joins their wrapped lines as it does on a one-column page (a full-width line, a heading, is put
inside the column short of its margin for the same reason). Other pages keep pdfminer's order.
"""

from __future__ import annotations

from dataclasses import dataclass

from pdfminer.layout import LTChar

from ...textnorm import squeeze_layout_spaces
from . import textcheck
from .layout import Line

#: Rows of text side by side that make a page two-column (a form's label/value pairs do not).
MIN_ROWS = 4
_STEP = 2.0  # points between the gutter positions tried


@dataclass
class Piece:
    """A run of characters with no wide gap inside, and where it stands on the page."""

    line: Line
    top: float
    bottom: float


def pieces(ltline) -> list[Piece]:
    """The line cut wherever two characters stand more than an em apart."""
    chars = [c for c in ltline if isinstance(c, LTChar)]
    if not chars:
        return []
    runs: list[list[LTChar]] = [[chars[0]]]
    for c in chars[1:]:
        em = max(c.size, 6.0)
        if c.x0 - runs[-1][-1].x1 > em:
            runs.append([c])
        else:
            runs[-1].append(c)
    out = []
    for run in runs:
        text = squeeze_layout_spaces(textcheck.strip_unreadable("".join(c.get_text() for c in run)))
        if text.strip():
            line = Line(text.strip(), run[0].x0, run[-1].x1, ltline.height)
            out.append(Piece(line, max(c.y1 for c in run), min(c.y0 for c in run)))
    return out


def reading_order(all_pieces: list[Piece], width: float) -> list[Line] | None:
    """The page's lines column by column, or None when the page is not set in two columns."""
    gutter = _gutter(all_pieces, width)
    if gutter is None:
        return None
    left_x = min(p.line.x0 for p in all_pieces if p.line.x1 <= gutter)
    right_x = min(p.line.x0 for p in all_pieces if p.line.x0 >= gutter)
    shift = right_x - left_x
    column_right = max(p.line.x1 for p in all_pieces if p.line.x1 <= gutter)
    out: list[Line] = []
    band: list[Piece] = []
    for piece in sorted(all_pieces, key=lambda p: (-p.top, p.line.x0)):
        if piece.line.x0 < gutter < piece.line.x1:  # full width: ends the band above it
            out += _band(band, gutter, shift)
            band = []
            # kept inside the column's margin and short of it, so that paragraphs finds the
            # columns' margin and starts a paragraph after a heading
            line = piece.line
            short = column_right - 2 * max(line.size, 6.0)
            out.append(Line(line.text, min(line.x0, short), min(line.x1, short), line.size))
        else:
            band.append(piece)
    return out + _band(band, gutter, shift)


def _band(band: list[Piece], gutter: float, shift: float) -> list[Line]:
    left = [p.line for p in band if p.line.x1 <= gutter]
    right = [
        Line(p.line.text, p.line.x0 - shift, p.line.x1 - shift, p.line.size)
        for p in band
        if p.line.x1 > gutter
    ]
    return left + right


def _gutter(all_pieces: list[Piece], width: float) -> float | None:
    """The x of the band between two columns, or None: the middle position crossed by fewest
    pieces, if at least ``MIN_ROWS`` rows have a piece on each side of it."""
    if len(all_pieces) < 2 * MIN_ROWS:
        return None
    best: tuple[int, float] | None = None
    x = 0.3 * width
    while x <= 0.7 * width:
        crossing = sum(1 for p in all_pieces if p.line.x0 < x < p.line.x1)
        if best is None or crossing < best[0]:
            best = (crossing, x)
        x += _STEP
    if best is None or best[0] > len(all_pieces) // 4:
        return None
    x = best[1]
    # column text runs nearly across its column; a table's cells do not
    wide = [
        p for p in all_pieces if p.line.x1 - p.line.x0 >= 0.3 * width and len(p.line.text) >= 10
    ]
    left_rows = {round(p.top) for p in wide if p.line.x1 <= x}
    right_rows = {round(p.top) for p in wide if p.line.x0 >= x}
    side_by_side = sum(1 for top in left_rows if any(abs(top - r) <= 2 for r in right_rows))
    left = [p for p in wide if p.line.x1 <= x]
    right = [p for p in wide if p.line.x0 >= x]
    if side_by_side < MIN_ROWS or not (_justified(left) and _justified(right)):
        return None
    return x


def _justified(side: list[Piece]) -> bool:
    """Most of a column's lines run to its right margin (justified prose wraps there); a
    table's cells end where their content does."""
    if not side:
        return False
    margin = max(p.line.x1 for p in side)
    full = sum(1 for p in side if p.line.x1 >= margin - max(p.line.size, 6.0))
    return full >= 0.6 * len(side)
