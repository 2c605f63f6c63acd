"""PDF text via pdfminer.six, page by page; pages without a usable text layer are OCR'd.

A page is read from its text layer unless that layer is missing (a scan: little or no text but
images or drawn outlines) or garbled (a font without a ToUnicode map, see ``textcheck``); such
pages are rendered and read by Tesseract, the others keep their exact text. A page set in two
columns is read column by column (``columns``). Lines become paragraphs in ``layout``. The file
is opened once: the same parsed document yields /Info, the page count, the page sizes and the
text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LAParams, LTCurve, LTFigure, LTImage, LTTextContainer, LTTextLine
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser, PDFSyntaxError
from pdfminer.pdftypes import resolve1
from pdfminer.psexceptions import PSException
from pdfminer.utils import decode_text

from ...errors import ExtractionError
from ...models import Extracted
from ...textnorm import has_cjk, squeeze_layout_spaces
from . import columns, ocr, stable_layout, textcheck
from .layout import (
    EDGE_PAGE_NUMBER_RE,
    PAGE_NUMBER_RE,
    Line,
    drop_page_numbers,
    drop_running_lines,
    paragraphs,
)

stable_layout.install()  # the same PDF reads the same in every process

# Vertical text and figure text are rare in 公文 and slow the layout analysis down.
LAPARAMS = LAParams(line_margin=0.5, char_margin=2.0, word_margin=0.1, detect_vertical=False)
# A page with fewer readable characters than this and some image or drawing is a scan.
MIN_PAGE_CHARS = 10
# Converters leave file names, red-header lines, numbers and editors' names in /Info Title.
_JUNK_TITLES = re.compile(
    r"(?i)^(microsoft\s+(word|excel|powerpoint)|untitled|无标题|wps|[(（])|\.\w{2,4}$|文件$"
    r"|〔\d{4}〕|\[\d{4}\]|审核|编辑|作者|^\W*$|(局|委员会|政府|办公室|办公厅|公署|中心)$"
)

#: Pages may be OCR'd: the extraction cache keys this reader's files by ``ocr.cache_key`` too.
USES_OCR = True

__all__ = ["extract", "PAGE_NUMBER_RE", "EDGE_PAGE_NUMBER_RE"]


@dataclass
class _Page:
    lines: list[Line]
    width: float
    height: float
    garbled: bool = False  # the text layer is unmapped glyphs
    graphic: bool = False  # has images or drawings (a scan, or text turned into outlines)
    chars: int = 0  # readable, non-space characters
    dpi: float = ocr.DPI  # resolution to render at for OCR: the scan's own, where there is one

    @property
    def needs_ocr(self) -> bool:
        return self.garbled or (self.chars < MIN_PAGE_CHARS and self.graphic)


#: How a result with pages left unread at the file's time limit is marked: which pages those
#: are depends on the machine's load, so the extraction cache does not keep such a result.
OCR_CUT_SHORT = "OCR stopped at the time limit"


def extract(path: Path) -> Extracted:
    """Read a PDF; OCR the pages that have no usable text layer; report what could not be read."""
    try:
        with open(path, "rb") as fp:
            doc = PDFDocument(PDFParser(fp))
            title = _info_title(doc)
            pages = [_read_page(layout) for layout in _layouts(doc)]
    except PDFPasswordIncorrect as exc:
        raise ExtractionError(str(path), "PDF is encrypted (needs a password)") from exc
    except PDFEncryptionError as exc:
        raise ExtractionError(str(path), f"PDF encryption not supported ({exc})") from exc
    except PDFSyntaxError as exc:
        raise ExtractionError(str(path), f"not a valid PDF ({_short(exc)})") from exc
    except PSException as exc:
        raise ExtractionError(str(path), f"damaged PDF ({_short(exc)})") from exc
    warnings: list[str] = []
    confidence: dict[int, float] = {}
    ocr_pages = _ocr(path, pages, warnings, confidence)
    text = paragraphs(drop_running_lines([p.lines for p in pages]))
    if not text.strip():
        raise ExtractionError(str(path), _why_no_text(pages, warnings))
    return Extracted(
        text=text,
        title=title,
        pages=len(pages),
        warnings=warnings,
        ocr_pages=ocr_pages,
        ocr_confidence={n + 1: c for n, c in sorted(confidence.items())},
    )


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


def _read_page(layout) -> _Page:
    """One page's text lines in reading order (page-number lines removed) and how usable they
    are. Unmapped glyphs are cut out of the lines either way: if the page is OCR'd the lines
    are replaced, if it is not (no OCR here) the rest of the page is still real text."""
    raw: list[str] = []
    lines: list[Line] = []
    cut: list[columns.Piece] = []
    for box in layout:
        if not isinstance(box, LTTextContainer):
            continue
        for line in box:
            if isinstance(line, LTTextLine) and not line.get_text().isspace():
                raw.append(line.get_text().strip())
                text = squeeze_layout_spaces(textcheck.strip_unreadable(raw[-1]).strip())
                lines.append(Line(text, line.x0, line.x1, line.height))
                cut += columns.pieces(line)
    lines = columns.reading_order(cut, layout.width) or lines  # two columns: one, then the other
    joined = "\n".join(raw)
    page = _Page(
        lines=drop_page_numbers([line for line in lines if line.text]),
        width=layout.width,
        height=layout.height,
        garbled=textcheck.is_garbled(joined),
        graphic=any(isinstance(obj, LTImage | LTFigure | LTCurve) for obj in layout),
        dpi=_scan_dpi(layout),
    )
    page.chars = sum(1 for line in page.lines for c in line.text if not c.isspace())
    return page


def _scan_dpi(layout) -> float:
    """The resolution of the page's largest image, at most 300 dpi. Rendering a scan at its
    own resolution reads better than resampling it (Tesseract misreads upscaled pixels); OCR
    renders a scan under 150 dpi at 150 and reads it without the clean-up (``ocr.LOW_DPI``)."""
    images = list(_images(layout))
    if not images:
        return ocr.DPI
    image = max(images, key=lambda im: im.width * im.height)
    pixels = (image.srcsize or (0, 0))[0] or 0
    native = pixels / (image.width / 72) if image.width > 0 else 0
    return min(float(ocr.DPI), native) if native else ocr.DPI


def _images(container):
    for obj in container:
        if isinstance(obj, LTImage):
            yield obj
        elif isinstance(obj, LTFigure):
            yield from _images(obj)


def _ocr(path: Path, pages: list[_Page], warnings: list[str], confidence: dict) -> int:
    """Replace the lines of pages without a usable text layer by their OCR; returns how many
    pages were OCR'd and fills ``confidence`` (page index → mean word confidence). Without
    Tesseract those pages are dropped and a warning says so."""
    wanted = [i for i, p in enumerate(pages) if p.needs_ocr]
    for i in wanted:
        pages[i].lines = []  # garbled text must not survive, OCR or not
    if not wanted:
        return 0
    missing = ocr.unavailable()
    if missing:
        warnings.append(f"{len(wanted)} of {len(pages)} pages not read: {missing}")
        return 0
    sizes = [(i, pages[i].width, pages[i].height, pages[i].dpi) for i in wanted]
    result = ocr.pdf_pages(path, sizes)
    for i, lines in result.lines.items():
        pages[i].lines = drop_page_numbers(lines)
    confidence.update(result.confidence)
    if result.unread:
        warnings.append(f"{OCR_CUT_SHORT}: {result.unread} of {len(pages)} pages not read")
    warnings.extend(f"OCR failed on {e}" for e in result.errors)
    return len(result.lines)


def _why_no_text(pages: list[_Page], warnings: list[str]) -> str:
    """The reason for the report when no page gave text: scan, garbled font, or empty."""
    if not any(p.needs_ocr for p in pages):
        return "no text layer (empty pages)"
    what = "scanned PDF" if not any(p.garbled for p in pages) else "unreadable font encoding"
    missing = ocr.unavailable()
    if missing:
        return f"{what}: {missing}"
    if any(w.startswith(OCR_CUT_SHORT) for w in warnings):
        return f"{what}: OCR did not finish within the time limit"
    return f"{what}: OCR found no text"


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
