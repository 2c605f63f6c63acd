"""Lay out and write a document as an A4 PDF with a real text layer and an embedded CJK font.

The layout follows GB/T 9704 closely enough for extractors to meet what real files hold: a red
发文机关标志 and rule, a centred title broken over lines, 28 characters a line with a two-character
first-line indent, 署名 centred over a 成文日期 indented four characters from the right, a 版记
between rules, and "— n —" at the foot of every page. Lines are computed here (not by a layout
engine) so the generator knows exactly which text shares a line: test phrases are picked so that
none straddles a line break.

reportlab reads TrueType (glyf) fonts only, which is why the font is WenQuanYi Micro Hei from
Debian's fonts-wqy-microhei and not a CFF-flavoured Noto font.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from corpus_compose import Block
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

FONT = "WenQuanYiMicroHei"
DEFAULT_FONT_FILE = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")

PAGE_W, PAGE_H = A4
LEFT, RIGHT, TOP, BOTTOM = 28 * mm, 26 * mm, 37 * mm, 35 * mm
WIDTH = PAGE_W - LEFT - RIGHT
BODY = 15.7  # 28 characters to a line, as the standard asks
PITCH = 28.9  # 22 lines to a page
TITLE, TITLE_PITCH = 21.0, 34.0
SMALL = 14.0  # 版记
RED = (0.86, 0.0, 0.0)

_TOKEN = re.compile(r"[A-Za-z0-9.%+:/\-]+|.")
_NO_LINE_START = set("，。、；：？！）》」』”’〕】…%·")
_NO_LINE_END = set("（《「『“‘〔【")


@dataclass(frozen=True)
class Text:
    """One line of text on a page; ``block`` is the index of the Block it came from."""

    text: str
    x: float
    y: float
    size: float
    block: int
    red: bool = False


@dataclass(frozen=True)
class Rule:
    x1: float
    x2: float
    y: float
    width: float
    red: bool = False


Page = list[Text | Rule]


def register_font(font_file: Path = DEFAULT_FONT_FILE) -> None:
    """Register the CJK font once per process (subfont 0 of the TrueType collection)."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(font_file), subfontIndex=0))


def width_of(text: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, FONT, size)


def wrap(text: str, size: float, width: float, indent: float = 0.0) -> list[str]:
    """Break text at any character (Chinese has no spaces), keeping Latin/digit runs whole,
    never starting a line with closing punctuation nor ending one with an opening bracket."""
    lines: list[str] = []
    line, avail = "", width - indent
    for token in _TOKEN.findall(text):
        if not line or width_of(line + token, size) <= avail or token[0] in _NO_LINE_START:
            line += token
            continue
        carry = ""
        if line[-1] in _NO_LINE_END:
            line, carry = line[:-1], line[-1]
        lines.append(line)
        line, avail = carry + token, width
    if line:
        lines.append(line)
    return lines


class _Layout:
    """A cursor over pages: places lines top-down and starts a new page when one is full."""

    def __init__(self) -> None:
        self.pages: list[Page] = [[]]
        self.y = PAGE_H - TOP

    def new_page(self) -> None:
        self.pages.append([])
        self.y = PAGE_H - TOP

    def skip(self, height: float) -> None:
        self.y -= height

    def line(self, text: str, size: float, pitch: float, x: float, block: int, red=False) -> None:
        if self.y - pitch < BOTTOM - 2:
            self.new_page()
        self.y -= pitch
        self.pages[-1].append(Text(text, x, self.y + (pitch - size) / 2, size, block, red))

    def centred(self, text: str, size: float, pitch: float, block: int, red=False) -> None:
        self.line(text, size, pitch, LEFT + (WIDTH - width_of(text, size)) / 2, block, red)

    def paragraph(self, text: str, block: int, indent_chars: float = 2, size: float = BODY):
        indent = indent_chars * size
        for i, part in enumerate(wrap(text, size, WIDTH, indent)):
            self.line(part, size, PITCH * size / BODY, LEFT + (indent if i == 0 else 0), block)

    def rule(self, width: float, red: bool = False, gap: float = 6.0) -> None:
        self.y -= gap
        self.pages[-1].append(Rule(LEFT, PAGE_W - RIGHT, self.y, width, red))


def layout(blocks: list[Block]) -> list[Page]:
    """Place every block; returns pages of Text and Rule items (page numbers excluded)."""
    out = _Layout()
    has_header = any(b.role == "header" for b in blocks)
    for i, block in enumerate(blocks):
        _place(out, i, block, blocks, has_header)
    out.rule(1.0, gap=8)
    return out.pages


def _place(out: _Layout, i: int, block: Block, blocks: list[Block], has_header: bool) -> None:
    role, text = block.role, block.text
    if role == "header":
        size = min(34.0, WIDTH / len(text) * 0.98)
        out.centred(text, size, size * 1.6, i, red=True)
        out.skip(PITCH * 0.6)
    elif role == "number":
        out.centred(text, BODY, PITCH, i)
        if has_header:
            out.rule(1.6, red=True)
        out.skip(PITCH * 0.6)
    elif role in ("title", "subtitle"):
        if role == "subtitle":
            out.new_page()
        for part in text.split("\n"):
            for piece in wrap(part, TITLE, WIDTH):
                out.centred(piece, TITLE, TITLE_PITCH, i)
        out.skip(PITCH * 0.5)
    elif role == "to":
        out.paragraph(text, i, indent_chars=0)
    elif role == "chapter":
        out.centred(text, BODY, PITCH, i)
    elif role == "signature":
        out.skip(PITCH)
        date = blocks[i + 1].text
        date_x = PAGE_W - RIGHT - 4 * BODY - width_of(date, BODY)
        centre = date_x + width_of(date, BODY) / 2
        out.line(text, BODY, PITCH, centre - width_of(text, BODY) / 2, i)
    elif role == "date":
        out.line(text, BODY, PITCH, PAGE_W - RIGHT - 4 * BODY - width_of(text, BODY), i)
    elif role in ("keywords", "cc", "printed"):
        _colophon_line(out, i, text)
    else:  # para, heading, note, attach
        out.paragraph(text, i)


def _colophon_line(out: _Layout, i: int, text: str) -> None:
    """版记 lines in a smaller size, each above a thin rule; 印发 line split left/right."""
    out.rule(0.6, gap=10)
    left, _, right = text.partition("\t")
    out.line(left, SMALL, PITCH * 0.8, LEFT + SMALL, i)
    if right:
        x = PAGE_W - RIGHT - SMALL - width_of(right, SMALL)
        out.pages[-1].append(Text(right, x, out.pages[-1][-1].y, SMALL, i))


def write_pdf(path: Path, pages: list[Page], title: str, author: str) -> None:
    """Draw the laid-out pages; invariant=1 keeps the bytes identical from run to run."""
    canvas = Canvas(str(path), pagesize=A4, invariant=1)
    canvas.setTitle(title)
    canvas.setAuthor(author)
    canvas.setSubject("")
    canvas.setCreator("xxgk tools/make_corpus.py")
    for number, page in enumerate(pages, 1):
        for item in page:
            _draw(canvas, item)
        folio = f"— {number} —"
        canvas.setFillColorRGB(0, 0, 0)
        canvas.setFont(FONT, SMALL)
        canvas.drawString((PAGE_W - width_of(folio, SMALL)) / 2, BOTTOM - 14 * mm, folio)
        canvas.showPage()
    canvas.save()


def _draw(canvas: Canvas, item: Text | Rule) -> None:
    colour = RED if item.red else (0, 0, 0)
    if isinstance(item, Rule):
        canvas.setStrokeColorRGB(*colour)
        canvas.setLineWidth(item.width)
        canvas.line(item.x1, item.y, item.x2, item.y)
        return
    canvas.setFillColorRGB(*colour)
    canvas.setFont(FONT, item.size)
    canvas.drawString(item.x, item.y, item.text)


def lines_by_block(pages: list[Page]) -> dict[int, list[str]]:
    """The text lines of each block as laid out: a phrase inside one of them survives any
    extractor, however it joins lines."""
    result: dict[int, list[str]] = {}
    for page in pages:
        for item in page:
            if isinstance(item, Text):
                result.setdefault(item.block, []).append(item.text)
    return result
