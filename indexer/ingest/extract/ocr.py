"""OCR of PDF pages that have no usable text layer: pdftoppm renders, Tesseract ``chi_sim`` reads.

Both are Debian command-line tools rather than Python bindings: a crash or a runaway page in
either ends one subprocess, not the worker, and each run has a timeout. A page is rendered in
grey at the resolution of its scan (150-300 dpi; resampling a scan makes Tesseract misread
it) or at 300 dpi when it has no image, and never over 3,600 pixels on the long side (poster
pages would take minutes). Tesseract's TSV output keeps each line's box, so OCR'd pages go
through the same paragraph rebuilding as text layers. A page costs about 2-3 s on one core.
Before Tesseract, the page image goes through the clean-up steps of ``preprocess`` that the
settings name (``XXGK_OCR_STEPS``), and the pages of a long scan run several at a time.
"""

from __future__ import annotations

import contextvars
import csv
import functools
import hashlib
import io
import re
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import ExtractionError
from ...models import LOW_OCR_CONFIDENCE
from ...textnorm import CJK, join_wrapped, squeeze_layout_spaces
from . import preprocess, tools
from .layout import Line

LANG = "chi_sim"
DPI = 300
#: A scan below this resolution is rendered at it and read without the clean-up steps: on the
#: scanned originals, a page built from 72-dpi images lost 0.00-0.04 of similarity to them
#: (``make bench-extract``), while the 200-300 dpi scans gained.
LOW_DPI = 150
MAX_PIXELS = 3600  # longest side of a rendered page
_PUNCT = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}
_HALF_PUNCT_RE = re.compile(rf"(?<=[{CJK}])\s*([,:;?!])\s*(?=[{CJK}]|$)")


@functools.cache
def unavailable() -> str | None:
    """Why OCR cannot run on this machine (None when it can); checked once per process."""
    missing = [t for t in ("tesseract", "pdftoppm") if tools.which(t) is None]
    if missing:
        pkgs = " ".join(tools.PACKAGES[t] for t in missing)
        return f"OCR not available (install {pkgs})"
    try:
        langs = tools.run(["tesseract", "--list-langs"], Path("tesseract"), timeout=30)
    except ExtractionError as exc:
        return f"OCR not available ({exc.reason})"
    if LANG not in langs.decode("utf-8", "replace").split():
        return "OCR not available (install tesseract-ocr-chi-sim)"
    return None


@dataclass
class OcrResult:
    lines: dict[int, list[Line]] = field(default_factory=dict)  # page number -> its lines
    confidence: dict[int, float] = field(default_factory=dict)  # page number -> mean word conf
    unread: int = 0  # pages left out because the file's time limit was near
    errors: list[str] = field(default_factory=list)  # pages a tool failed on


@dataclass(frozen=True)
class Options:
    """How this process OCRs: the clean-up steps (``preprocess.STEPS`` plus ``upscale``:
    render every scan at 300 dpi) and how many pages of one file run at once."""

    steps: tuple[str, ...] = preprocess.parse_steps(preprocess.DEFAULT_STEPS)
    workers: int = 1


OPTIONS = Options()


def cache_key(steps: str | tuple[str, ...]) -> str:
    """What an OCR'd page's text depends on besides the file: the OCR code (a hash of this
    module and ``preprocess``) and the clean-up steps. The extraction cache puts it into the
    version of every extractor that OCRs, so a change of either reads scans again."""
    names = preprocess.parse_steps(steps) if isinstance(steps, str) else steps
    return f"ocr-{_code_hash()}-{'.'.join(names) or 'none'}"


@functools.cache
def _code_hash() -> str:
    digest = hashlib.sha256()
    for module in (__file__, preprocess.__file__):
        digest.update(Path(module).read_bytes())
    return digest.hexdigest()[:8]


def configure(steps: str, workers: int) -> None:
    """Set this process's OCR options (the pipeline's workers call it from the settings)."""
    global OPTIONS
    OPTIONS = Options(preprocess.parse_steps(steps), max(1, workers))


def pdf_pages(
    path: Path, pages: list[tuple[int, float, float, float]], options: Options | None = None
) -> OcrResult:
    """OCR the given (0-based page number, width pt, height pt, dpi) pages of a PDF.

    Up to ``options.workers`` pages run at once (threads that each wait on their own
    pdftoppm and tesseract processes, which inherit the worker's memory limit), and results
    come back in page order. A page that a tool fails on, or that hangs until its timeout,
    is skipped with an error line; the file's other pages are still read. Before a page
    starts, the time left is compared with the slowest page so far: stopping early keeps
    the pages already read, a kill by the supervisor would lose them.
    """
    options = options or OPTIONS
    result = OcrResult()
    clock = _Clock()
    workers = max(1, min(options.workers, len(pages)))
    with (
        tempfile.TemporaryDirectory(prefix="xxgk-ocr-") as tmp,
        ThreadPoolExecutor(workers, thread_name_prefix="xxgk-ocr") as pool,
    ):
        jobs = [  # each page in a copy of this context: the file's DEADLINE holds there too
            pool.submit(
                contextvars.copy_context().run,
                *(_page, path, Path(tmp), page, options.steps, clock, i < workers),
            )
            for i, page in enumerate(pages)
        ]
        for (number, *_), job in zip(pages, jobs, strict=True):
            try:
                outcome = job.result()
            except ExtractionError as exc:
                result.errors.append(f"page {number + 1}: {exc.reason}")
                continue
            if outcome is None:
                result.unread += 1
                continue
            result.lines[number], conf = outcome
            if conf is not None:
                result.confidence[number] = conf
    return result


class _Clock:
    """The slowest page so far, shared by the page threads of one file."""

    def __init__(self) -> None:
        self.slowest = 0.0
        self.lock = threading.Lock()

    def too_late(self) -> bool:
        with self.lock:
            return tools.remaining() < 2 * self.slowest + 1

    def took(self, seconds: float) -> None:
        with self.lock:
            self.slowest = max(self.slowest, seconds)


def _page(
    path: Path,
    tmp: Path,
    page: tuple[int, float, float, float],
    steps: tuple[str, ...],
    clock: _Clock,
    first: bool,
) -> tuple[list[Line], float | None] | None:
    """One page: render, clean up, read. None when the file's time is too short to start."""
    if not first and clock.too_late():
        return None
    started = time.monotonic()
    number, width, height, wanted_dpi = page
    if wanted_dpi < LOW_DPI:  # upsampled pixels: the clean-up and one-block reading cost
        steps = tuple(s for s in steps if s in ("grayscale", "upscale"))
    wanted = DPI if "upscale" in steps else max(LOW_DPI, wanted_dpi)
    dpi = int(min(wanted, MAX_PIXELS * 72 / max(width, height, 1)))
    root = tmp / f"p{number}"
    try:
        image = _render(path, root, number + 1, dpi, grey="grayscale" in steps)
        image, block = _clean(image, steps, dpi)
        tsv = _tesseract_tsv(image, path, block)
        if block and (page_confidence(tsv) or 0) < LOW_OCR_CONFIDENCE:
            tsv = _better(tsv, _tesseract_tsv(image, path))
    finally:
        for leftover in tmp.glob(f"p{number}.*"):
            leftover.unlink(missing_ok=True)
    clock.took(time.monotonic() - started)
    return parse_tsv(tsv, 72.0 / dpi), page_confidence(tsv)


def _better(block: str, analysed: str) -> str:
    """Of a page read as one block and read with Tesseract's layout analysis, the reading
    Tesseract is surer of. A one-block reading below the notice threshold is a page that is
    no plain column of text (a certificate in a frame, stamps beside the signatures, a 版记
    far below the text): on the scanned originals its confidence fell by 10-45 points."""
    return block if (page_confidence(block) or 0) >= (page_confidence(analysed) or 0) else analysed


def _render(path: Path, root: Path, page: int, dpi: int, grey: bool) -> Path:
    colour = ["-gray"] if grey else []
    cmd = ["pdftoppm", "-r", str(dpi), *colour, "-f", str(page), "-l", str(page), "-singlefile"]
    tools.run([*cmd, str(path), str(root)], path, timeout=120)
    return root.with_suffix(".pgm" if grey else ".ppm")


def _clean(image: Path, steps: tuple[str, ...], dpi: int) -> tuple[Path, bool]:
    """The page image after the image steps (the same file when there are none), and whether
    Tesseract should read it as one block of text (``columns``: the page has no gutter)."""
    changes = any(s in preprocess.STEPS and s != "grayscale" for s in steps)
    if not changes and "columns" not in steps:
        return image, False
    from PIL import Image

    out = image.with_suffix(".png") if changes else image
    try:
        with Image.open(image) as img:
            page = preprocess.prepare(img, steps, dpi)
            block = "columns" in steps and not preprocess.has_columns(page, dpi)
            if changes:
                page.save(out, compress_level=1)
    except (OSError, ValueError) as exc:  # a page, not the file: the other pages are read
        raise ExtractionError(str(image), f"image clean-up failed ({exc})") from exc
    return out, block


def image_lines(image: Path, source: Path, dpi: float) -> list[Line]:
    """Tesseract's lines of one page image, in reading order, with boxes in points."""
    return parse_tsv(_tesseract_tsv(image, source), 72.0 / dpi)


def _tesseract_tsv(image: Path, source: Path, block: bool = False) -> str:
    """Tesseract's words with their boxes; ``block``: the page is one column of text (psm 6)
    rather than a layout for Tesseract to analyse (psm 3, its default)."""
    mode = ["--psm", "6"] if block else []
    cmd = ["tesseract", str(image), "stdout", "-l", LANG, *mode, "tsv"]
    return tools.run(cmd, source, timeout=180).decode("utf-8", "replace")


def page_confidence(tsv: str) -> float | None:
    """The page's mean word confidence (0-100), each word weighted by its characters: how far
    a reader should trust the page's text. None when Tesseract found no words."""
    total = weight = 0.0
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row.get("level") == "5" and text and float(row.get("conf") or -1) >= 0:
            total += float(row["conf"]) * len(text)
            weight += len(text)
    return round(total / weight, 1) if weight else None


def parse_tsv(tsv: str, scale: float) -> list[Line]:
    """Group Tesseract TSV words (level 5) into their lines (level 4); drop stamp noise."""
    lines: dict[tuple[str, str, str, str], dict] = {}
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        if row.get("level") != "5" or not (row.get("text") or "").strip():
            continue
        key = (row["page_num"], row["block_num"], row["par_num"], row["line_num"])
        left, width, height = int(row["left"]), int(row["width"]), int(row["height"])
        line = lines.setdefault(key, {"words": [], "x0": left, "x1": 0, "h": [], "conf": []})
        line["words"].append(row["text"].strip())
        line["x0"] = min(line["x0"], left)
        line["x1"] = max(line["x1"], left + width)
        line["h"].append(height)
        line["conf"].append(float(row["conf"]))
    result = []
    for line in lines.values():
        text = ""
        for word in line["words"]:
            text = join_wrapped(text, word)
        text = tidy_ocr_text(text)
        conf = sum(line["conf"]) / len(line["conf"])
        if not re.search(rf"[\w{CJK}]", text) or (len(text) <= 2 and conf < 50):
            continue
        heights = sorted(line["h"])
        size = heights[len(heights) // 2] * scale
        result.append(Line(text, line["x0"] * scale, line["x1"] * scale, size))
    return result


def tidy_ocr_text(text: str) -> str:
    """Tesseract writes half-width punctuation and spaces between Chinese characters."""
    text = squeeze_layout_spaces(text)
    return _HALF_PUNCT_RE.sub(lambda m: _PUNCT[m.group(1)], text)
