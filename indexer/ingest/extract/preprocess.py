"""Clean up a scanned page image before Tesseract reads it: phone photos and faxes.

Each step is one function from a page image to a page image of the same size (so the boxes
Tesseract returns stay in the page's coordinates), and ``prepare`` runs the ones the settings
name, in a fixed order. ``bench/ocr_steps.py`` measures each step alone and together on the
generated phone scans and faxes of ``tools/scan_fixtures.py``; the default keeps only the steps
that measured better there (the README gives the figures).

* ``grayscale``: one channel; colour photos of paper carry nothing Tesseract needs.
* ``crop``: paints white the desk or scanner lid a photo keeps around the sheet (found as a
  step up in brightness near each edge; a shadow is a slope and is left alone). Alone it
  hurts: without the dark desk, Tesseract's own threshold turns shadowed paper black; after
  it, ``flatten`` no longer mistakes the desk for paper.
* ``deskew``: the angle whose horizontal projection profile is sharpest (text lines fall
  into rows), searched within ±6°, then a rotation by that angle.
* ``flatten``: divides by an estimate of the paper (a max filter then blur at 1/8 scale),
  so a shadow or a darker corner becomes white paper again.
* ``otsu`` / ``sauvola``: black and white, with one global threshold or a local one
  (Sauvola, k=0.2, a window of about a sixth of an inch) computed from integral images.
  Sauvola turns a flattened page's paper noise into specks; Otsu after ``flatten`` does not.

* ``columns`` is no image step but a choice per page: a page without a column gutter is read
  by Tesseract as one block of text (``--psm 6``); its own layout analysis (``--psm 3``) cuts
  the numbers of a list ("一、", "二、") off their lines as a column of their own and drops
  them, which lost 30 of 56 body lines on the generated scans. A page set in columns keeps
  Tesseract's layout analysis, which reads each column in turn, and so does a page whose
  one-block reading Tesseract is unsure of (below the low-confidence notice's threshold, it
  is read both ways and the surer reading kept: ``ocr._better``).

Pillow and numpy only: OpenCV or scikit-image would add 50-100 MB for the same few operations.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageFilter

from ...errors import ConfigError

#: every step, in the order ``prepare`` applies them
STEPS = ("grayscale", "crop", "deskew", "flatten", "otsu", "sauvola")
#: ``upscale``: render every scan at 300 dpi, not at its own resolution (done by the renderer);
#: ``columns``: read a page without a column gutter as one block of text (see ``has_columns``)
KNOWN = ("upscale", *STEPS, "columns")
#: what ``bench/ocr_steps.py`` measured best (Settings.ocr_steps has the same default)
DEFAULT_STEPS = "grayscale,crop,deskew,flatten,otsu,columns"
MAX_SKEW = 6.0  # degrees searched either way; a worse photo needs retaking, not OCR


def parse_steps(text: str) -> tuple[str, ...]:
    """The steps named in a comma-separated setting, in application order; unknown names are
    an error (a typo must not silently turn preprocessing off)."""
    names = {s.strip() for s in text.split(",") if s.strip() and s.strip() != "none"}
    unknown = names - set(KNOWN)
    if unknown:
        raise ConfigError(f"unknown OCR step(s) {', '.join(sorted(unknown))}; known: {KNOWN}")
    return tuple(s for s in KNOWN if s in names)


def prepare(image: Image.Image, steps: tuple[str, ...], dpi: float) -> Image.Image:
    """Run ``steps`` (from ``parse_steps``, in order) over a page image, in grey."""
    for step in steps:
        if step not in _STEP:
            continue  # a rendering option, not an image step
        if image.mode != "L":
            image = image.convert("L")
        image = _STEP[step](image, dpi)
    return image


def grayscale(image: Image.Image, dpi: float = 300) -> Image.Image:
    return image.convert("L")


def skew_angle(image: Image.Image, dpi: float = 300) -> float:
    """The rotation in degrees (counter-clockwise, as ``Image.rotate``) that levels the text.

    Works on a copy about 600 px high where ink (darker than 80 % of the paper around it, so
    a desk or a shadow is not ink) is 1: coarse steps of 0.5°, then 0.1° around the best. The
    score is the variance of the row sums: highest when the text lines are horizontal.
    """
    scale = min(1.0, 600 / max(image.height, 1))
    size = (max(1, int(image.width * scale)), max(1, int(image.height * scale)))
    small = np.asarray(image.resize(size, Image.Resampling.BOX), np.float32)
    paper = np.asarray(_paper(image, dpi).resize(size, Image.Resampling.BILINEAR), np.float32)
    picture = Image.fromarray(((small < 0.8 * paper) * 255).astype(np.uint8))

    def score(angle: float) -> float:
        rows = np.asarray(picture.rotate(angle, Image.Resampling.NEAREST), dtype=np.float32)
        return float(rows.sum(axis=1).var())

    coarse = max(np.arange(-MAX_SKEW, MAX_SKEW + 0.01, 0.5), key=score)
    return round(float(max(np.arange(coarse - 0.5, coarse + 0.51, 0.1), key=score)), 1)


def deskew(image: Image.Image, dpi: float = 300) -> Image.Image:
    angle = skew_angle(image, dpi)
    if abs(angle) < 0.2:
        return image
    return image.rotate(angle, Image.Resampling.BICUBIC, fillcolor=255)


def _paper(image: Image.Image, dpi: float) -> Image.Image:
    """The paper's brightness without the ink, at 1/8 scale: a max filter about 1/8 inch wide
    (wider than any stroke) and a blur."""
    small = image.resize((max(1, image.width // 8), max(1, image.height // 8)), Image.BOX)
    size = max(3, int(dpi / 64) | 1)
    return small.filter(ImageFilter.MaxFilter(size)).filter(ImageFilter.GaussianBlur(size))


def flatten(image: Image.Image, dpi: float = 300) -> Image.Image:
    """Divide by the paper's brightness: shadows and uneven light go, the ink's contrast
    against its own surroundings stays."""
    paper = _paper(image, dpi).resize(image.size, Image.Resampling.BILINEAR)
    ratio = np.asarray(image, np.float32) / np.maximum(np.asarray(paper, np.float32), 1.0)
    return Image.fromarray(np.clip(ratio * 255.0, 0, 255).astype(np.uint8))


def otsu_threshold(pixels: np.ndarray) -> int:
    """The grey level that best splits the histogram into two classes (Otsu, 1979)."""
    hist = np.bincount(pixels.ravel().astype(np.uint8), minlength=256).astype(np.float64)
    weight = np.cumsum(hist)
    mean = np.cumsum(hist * np.arange(256))
    total, grand = weight[-1], mean[-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (grand * weight - total * mean) ** 2 / (weight * (total - weight))
    return int(np.nanargmax(between[:-1])) + 1


def otsu(image: Image.Image, dpi: float = 300) -> Image.Image:
    pixels = np.asarray(image)
    return Image.fromarray(np.where(pixels < otsu_threshold(pixels), 0, 255).astype(np.uint8))


def sauvola(image: Image.Image, dpi: float = 300, k: float = 0.2) -> Image.Image:
    """Local threshold mean·(1 + k·(std/128 − 1)) over a window of about 1/6 inch."""
    pixels = np.asarray(image, dtype=np.float64)
    half = max(7, int(dpi / 12))
    mean, std = _window_stats(pixels, half)
    threshold = mean * (1.0 + k * (std / 128.0 - 1.0))
    return Image.fromarray(np.where(pixels <= threshold, 0, 255).astype(np.uint8))


def _window_stats(pixels: np.ndarray, half: int) -> tuple[np.ndarray, np.ndarray]:
    """Mean and standard deviation over a (2·half+1)² window at each pixel (edge-padded)."""
    padded = np.pad(pixels, half + 1, mode="edge")
    sums = padded.cumsum(0).cumsum(1)
    squares = (padded * padded).cumsum(0).cumsum(1)
    h, w = pixels.shape
    n = (2 * half + 1) ** 2

    def box(table: np.ndarray) -> np.ndarray:
        a, b = half * 2 + 1, 0
        return (
            table[a : a + h, a : a + w]
            - table[b : b + h, a : a + w]
            - table[a : a + h, b : b + w]
            + table[b : b + h, b : b + w]
        )

    mean = box(sums) / n
    var = np.maximum(box(squares) / n - mean * mean, 0.0)
    return mean, np.sqrt(var)


def crop(image: Image.Image, dpi: float = 300) -> Image.Image:
    """Paint white what lies outside the sheet: the desk or scanner lid that a photo keeps
    around the paper. Along each row and column of the paper map (ink filtered out), the
    sheet's edge is the first step up by a third within the outer quarter; a shadow is a
    slope, not a step, and is left alone."""
    small = image.resize((max(1, image.width // 8), max(1, image.height // 8)), Image.BOX)
    paper = np.asarray(small.filter(ImageFilter.MaxFilter(max(3, int(dpi / 64) | 1))), np.float32)
    outside = np.zeros(paper.shape, dtype=bool)
    for flip_rows, flip_cols, transpose in _SIDES:
        view = paper[::-1] if flip_rows else paper
        view = view[:, ::-1] if flip_cols else view
        view = view.T if transpose else view
        mask = _outside_run(view)
        mask = mask.T if transpose else mask
        mask = mask[:, ::-1] if flip_cols else mask
        outside |= mask[::-1] if flip_rows else mask
    if not outside.any():
        return image
    mask = Image.fromarray((outside * 255).astype(np.uint8)).resize(image.size, Image.NEAREST)
    mask = mask.filter(ImageFilter.MaxFilter(9))  # the shadowed rim just inside the edge
    out = np.asarray(image).copy()
    out[np.asarray(mask) > 0] = 255
    return Image.fromarray(out)


def has_columns(image: Image.Image, dpi: float = 300) -> bool:
    """Whether the page is set in columns: in the middle half of the text's width, a band of
    paper at least 1/8 inch wide that the text rows cross less than a fifth as often as the
    text around it. Full-width lines (a title over two columns) cross it; a single column's
    lines cross the middle nearly always, ragged ends and centred titles included."""
    scale = min(1.0, 50 / max(dpi, 1))  # about 50 dpi: a character is 10 px, a gutter 6 px+
    size = (max(1, int(image.width * scale)), max(1, int(image.height * scale)))
    small = np.asarray(image.convert("L").resize(size, Image.Resampling.BOX), np.float32)
    ink = small < min(otsu_threshold(small), 160)
    ink[:, 1:] |= ink[:, :-1]  # close the gaps inside and between characters
    ink[:, :-1] |= ink[:, 1:]
    rows = ink[ink.sum(axis=1) > 0.01 * ink.shape[1]]
    if len(rows) < 10:
        return False
    share = rows.mean(axis=0)  # how many text rows have ink in each pixel column
    inked = np.flatnonzero(share > 0.02)
    left, right = int(inked[0]), int(inked[-1])
    level = float(np.median(share[left : right + 1]))
    middle = share[left + (right - left) // 4 : right - (right - left) // 4]
    gap = _longest_run(middle < 0.2 * level)
    return level > 0 and gap >= max(3, round(dpi * scale / 8))


def _longest_run(flags: np.ndarray) -> int:
    best = run = 0
    for flag in flags:
        run = run + 1 if flag else 0
        best = max(best, run)
    return best


_SIDES = ((False, False, False), (False, True, False), (False, False, True), (True, False, True))


def _outside_run(paper: np.ndarray, step: float = 4 / 3, gap: int = 3) -> np.ndarray:
    """Per row, the cells before the first one brighter by ``step`` than every cell up to
    ``gap`` before it, searched in the first quarter from the left (a page whose margin is
    already paper never rises). Where most rows have such an edge, the band of columns that
    all of them cross is outside in every row too: the desk's corners, beside the sheet."""
    quarter = max(gap + 1, paper.shape[1] // 4)
    head = paper[:, :quarter]
    brightest_so_far = np.maximum.accumulate(head, axis=1)
    rise = head[:, gap:] > step * np.maximum(brightest_so_far[:, :-gap], 1.0)
    found = rise.any(axis=1)
    edge = np.where(found, np.argmax(rise, axis=1) + gap, 0)
    if found.mean() > 0.5:
        edge = np.maximum(edge, int(edge[found].min()))
    return np.arange(paper.shape[1])[None, :] < edge[:, None]


_STEP = {
    "grayscale": grayscale,
    "crop": crop,
    "deskew": deskew,
    "flatten": flatten,
    "otsu": otsu,
    "sauvola": sauvola,
}
