"""PDF text via pdfminer.six, rebuilt into one line per paragraph.

pdfminer gives positioned lines, not paragraphs. Chinese official documents are justified with
a two-character first-line indent, so a line starts a paragraph when it is indented (or
centred), when the line before it stopped short of the right margin, or when the font size
changes; everything else is a wrapped continuation and is joined without a space. Page-number
footers ("— 3 —", "第3页") and running headers repeated on most pages are dropped. The file
is opened once: the same parsed document yields /Info, the page count and the text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LAParams, LTTextContainer, LTTextLine
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser, PDFSyntaxError
from pdfminer.pdftypes import resolve1
from pdfminer.psexceptions import PSException
from pdfminer.utils import decode_text

from ..errors import ExtractionError
from ..models import Extracted
from ..textnorm import has_cjk, join_wrapped, squeeze_layout_spaces, tidy_text

# Vertical text and figure text are rare in 公文 and slow the layout analysis down.
LAPARAMS = LAParams(line_margin=0.5, char_margin=2.0, word_margin=0.1, detect_vertical=False)

_DASH = r"[-—–－~～_·•]"
PAGE_NUMBER_RE = re.compile(
    rf"^(?:{_DASH}+\s*\d{{1,4}}\s*{_DASH}+"  # — 3 —, - 3 -
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/／]?\s*共\s*\d{1,4}\s*页)?"  # 第3页, 第3页 共12页
    r"|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$"
)
# Bare "3" or "3/12" is a page number only as the top or bottom line of a page.
EDGE_PAGE_NUMBER_RE = re.compile(r"^\d{1,4}(?:\s*[/／]\s*\d{1,4})?$")
_CID_RE = re.compile(r"\(cid:\d+\)")
# Converters leave file names, red-header lines, numbers and editors' names in /Info Title.
_JUNK_TITLES = re.compile(
    r"(?i)^(microsoft\s+(word|excel|powerpoint)|untitled|无标题|wps|[(（])|\.\w{2,4}$|文件$"
    r"|〔\d{4}〕|\[\d{4}\]|审核|编辑|作者|^\W*$|(局|委员会|政府|办公室|办公厅|公署|中心)$"
)


@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    size: float  # line height, roughly the font size


def extract(path: Path) -> Extracted:
    """Read a PDF's text layer; a PDF without one is reported, not indexed empty."""
    try:
        with open(path, "rb") as fp:
            doc = PDFDocument(PDFParser(fp))
            title = _info_title(doc)
            pages = [_page_lines(layout) for layout in _layouts(doc)]
    except PDFPasswordIncorrect as exc:
        raise ExtractionError(str(path), "PDF is encrypted (needs a password)") from exc
    except PDFEncryptionError as exc:
        raise ExtractionError(str(path), f"PDF encryption not supported ({exc})") from exc
    except PDFSyntaxError as exc:
        raise ExtractionError(str(path), f"not a valid PDF ({_short(exc)})") from exc
    except PSException as exc:
        raise ExtractionError(str(path), f"damaged PDF ({_short(exc)})") from exc
    text = _check_text(path, _paragraphs(_drop_running_lines(pages)))
    return Extracted(text=text, title=title, pages=len(pages))


def _short(exc: BaseException) -> str:
    return (str(exc) or type(exc).__name__)[:120]


def _layouts(doc: PDFDocument):
    """Lay out each page in turn (one device, one interpreter for the whole file)."""
    resources = PDFResourceManager(caching=True)
    device = PDFPageAggregator(resources, laparams=LAPARAMS)
    interpreter = PDFPageInterpreter(resources, device)
    for page in PDFPage.create_pages(doc):
        interpreter.process_page(page)
        yield device.get_result()


def _page_lines(layout) -> list[_Line]:
    """Text lines of one page in reading order, page-number lines removed."""
    lines = [
        _Line(squeeze_layout_spaces(line.get_text().strip()), line.x0, line.x1, line.height)
        for box in layout
        if isinstance(box, LTTextContainer)
        for line in box
        if isinstance(line, LTTextLine) and not line.get_text().isspace()
    ]
    edges = {0, len(lines) - 1}
    return [
        line
        for i, line in enumerate(lines)
        if not PAGE_NUMBER_RE.match(line.text)
        and not (i in edges and EDGE_PAGE_NUMBER_RE.match(line.text))
    ]


def _drop_running_lines(pages: list[list[_Line]]) -> list[list[_Line]]:
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


def _at_edge(index: int, page_no: int, page: list[_Line]) -> bool:
    return (index < 3 and page_no > 0) or index >= len(page) - 3


def _paragraphs(pages: list[list[_Line]]) -> str:
    """Join wrapped lines into paragraphs, also across page breaks. A line starts a new
    paragraph when it is indented or centred, when the line before stopped short of the right
    margin, or when the font size changes (a 22-point title above 16-point body text)."""
    paragraphs: list[str] = []
    prev: _Line | None = None
    prev_short = True
    for lines in pages:
        if not lines:
            continue
        left = min(line.x0 for line in lines)
        right = _right_margin(lines)
        for line in lines:
            em = max(line.size, 6.0)
            resized = prev is not None and abs(line.size - prev.size) > 0.15 * prev.size
            if prev_short or resized or line.x0 > left + 1.2 * em or not paragraphs:
                paragraphs.append(line.text)
            else:
                paragraphs[-1] = join_wrapped(paragraphs[-1], line.text)
            prev, prev_short = line, right is None or line.x1 < right - 1.5 * em
    return tidy_text("\n".join(paragraphs))


def _right_margin(lines: list[_Line]) -> float | None:
    """Where full lines end: the rightmost edge reached by at least two lines of text (page
    furniture such as a lone "X" or a page label is ignored). A page with one long line among
    short ones has no wrapped text, so nothing on it is joined."""
    text_lines = [line for line in lines if len(line.text) >= 8]
    if not text_lines:
        return None
    right = max(line.x1 for line in text_lines)
    full = [line for line in text_lines if line.x1 >= right - max(line.size, 6.0)]
    return right if len(full) >= 2 else None


def _check_text(path: Path, text: str) -> str:
    """Refuse text that would only pollute the index: none at all, or unmapped glyph ids."""
    if not text.strip():
        raise ExtractionError(str(path), "no text layer (scanned PDF?)")
    cids = sum(len(m) for m in _CID_RE.findall(text))
    if cids > 0.3 * len(text) or _looks_like_glyph_ids(_CID_RE.sub("", text)):
        raise ExtractionError(str(path), "unreadable font encoding")
    return _CID_RE.sub("", text) if cids else text


def _looks_like_glyph_ids(text: str) -> bool:
    """Fonts without a ToUnicode map often come out as ASCII punctuation soup ('!"#$%&')."""
    chars = [c for c in text if not c.isspace()]
    if len(chars) < 20:
        return False
    cjk = sum(1 for c in chars if has_cjk(c))
    punct = sum(1 for c in chars if c.isascii() and not c.isalnum())
    return cjk < 0.1 * len(chars) and punct > 0.3 * len(chars)


def _info_title(doc: PDFDocument) -> str | None:
    """The /Info Title, when it is a real title and not a file name left by a converter."""
    for info in doc.info:
        raw = resolve1(info.get("Title"))
        if isinstance(raw, bytes):
            raw = decode_text(raw)
        if isinstance(raw, str):
            title = " ".join(raw.replace("\x00", "").split())
            if 4 <= len(title) <= 200 and has_cjk(title) and not _JUNK_TITLES.search(title):
                return title
    return None
