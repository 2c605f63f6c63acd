"""Image clean-up before OCR (issue 12, class 2) and page-parallel OCR (issue 10, item 3).

The clean-up steps are checked on pages typeset here and spoilt by known amounts (a known
rotation, a desk of known size, a shadow ramp), so each expectation is the spoiling undone,
not a figure copied from a run. The OCR tests use short generated pages (a strip of two
lines) and real pdftoppm/tesseract processes; the one that hangs or dies is a real process
too (a wrapper script on PATH in front of Tesseract).
"""

from __future__ import annotations

import os
import time
from difflib import SequenceMatcher
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from indexer.config import Settings
from indexer.errors import ConfigError
from indexer.ingest.extract import ocr, preprocess
from tools.scan_fixtures import BODY, multipage, typeset

needs_ocr = pytest.mark.skipif(ocr.unavailable() is not None, reason=f"{ocr.unavailable()}")
DPI = 100
STRIP_MM = (210, 40)


def _page() -> Image.Image:
    return typeset(BODY[:5], dpi=DPI, top_in=0.8)


def test_steps_setting_is_parsed_in_a_fixed_order_and_typos_are_refused() -> None:
    assert preprocess.parse_steps("sauvola, deskew,grayscale") == (
        "grayscale",
        "deskew",
        "sauvola",
    )
    assert preprocess.parse_steps("none") == () == preprocess.parse_steps("")
    with pytest.raises(ConfigError, match="deskw"):
        preprocess.parse_steps("grayscale,deskw")
    with pytest.raises(ConfigError):
        ocr.configure("binarize", 1)


def test_the_default_steps_are_the_measured_ones_and_valid() -> None:
    assert Settings().ocr_steps == preprocess.DEFAULT_STEPS
    assert ocr.Options().steps == preprocess.parse_steps(Settings().ocr_steps)


@pytest.mark.parametrize("angle", [3.5, -2.0])
def test_deskew_finds_the_rotation_it_undoes(angle: float) -> None:
    turned = _page().rotate(angle, Image.Resampling.BICUBIC, fillcolor=255)
    assert preprocess.skew_angle(turned, DPI) == pytest.approx(-angle, abs=0.3)
    assert abs(preprocess.skew_angle(preprocess.deskew(turned, DPI), DPI)) <= 0.3


def test_a_straight_page_is_left_as_it_is_by_deskew_and_crop() -> None:
    page = _page()
    assert preprocess.deskew(page, DPI) is page
    assert preprocess.crop(page, DPI) is page


def test_crop_whitens_the_desk_around_a_photographed_sheet_and_keeps_the_text() -> None:
    page = _page()
    desk = Image.new("L", (page.width + 80, page.height + 60), 60)
    desk.paste(page, (40, 30))
    cropped = np.asarray(preprocess.crop(desk, DPI))
    assert (cropped[:20, :] == 255).all() and (cropped[:, :20] == 255).all()
    assert (cropped[-20:, :] == 255).all() and (cropped[:, -20:] == 255).all()
    ink = np.asarray(page) < 128
    assert (cropped[30 : 30 + page.height, 40 : 40 + page.width] < 128)[ink].mean() > 0.99


def test_flatten_evens_out_a_shadow_and_keeps_the_ink_dark() -> None:
    page = np.asarray(_page(), np.float32)
    ramp = np.linspace(1.0, 0.4, page.shape[1], dtype=np.float32)[None, :]
    shadowed = Image.fromarray((page * ramp).astype(np.uint8))
    flat = np.asarray(preprocess.flatten(shadowed, DPI), np.float32)
    paper, ink = page > 250, page < 64
    before = np.asarray(shadowed, np.float32)[paper]
    assert flat[paper].std() < before.std() / 4
    assert np.median(flat[ink]) < 0.5 * np.median(flat[paper])


@pytest.mark.parametrize("step", ["otsu", "sauvola"])
def test_binarisation_gives_black_ink_on_white_paper_under_a_shadow(step: str) -> None:
    page = np.asarray(_page(), np.float32)
    ramp = np.linspace(1.0, 0.6, page.shape[1], dtype=np.float32)[None, :]
    shadowed = Image.fromarray((40 + page * 0.7 * ramp).astype(np.uint8))
    out = np.asarray(preprocess.prepare(shadowed, (step,), DPI))
    assert set(np.unique(out)) <= {0, 255}
    paper, ink = page > 250, page < 32
    if step == "sauvola":  # the local threshold keeps the shadowed side's paper white too
        assert (out[paper] == 255).mean() > 0.98
    assert (out[ink] == 0).mean() > 0.9


def _similar(a: str, b: str) -> float:
    return SequenceMatcher(None, "".join(a.split()), "".join(b.split()), autojunk=False).ratio()


def _strip_scan(tmp_path: Path, pages: int) -> tuple[Path, list, list[str]]:
    path = tmp_path / "long.pdf"
    truth = multipage(path, pages, dpi=150, lines=2, size_mm=STRIP_MM)
    sizes = [(n, 595.3, STRIP_MM[1] / 25.4 * 72, 150.0) for n in range(pages)]
    return path, sizes, ["\n".join(lines) for lines in truth]


def _texts(result: ocr.OcrResult) -> dict[int, str]:
    return {n: "\n".join(line.text for line in lines) for n, lines in result.lines.items()}


@needs_ocr
def test_pages_read_in_parallel_come_back_in_page_order(tmp_path) -> None:
    """Two workers over three pages: every page is read, each page's text is its own page's
    (closer to it than to any other page's truth), and the keys are in page order."""
    path, sizes, truth = _strip_scan(tmp_path, 3)
    result = ocr.pdf_pages(path, sizes, ocr.Options(("grayscale",), workers=2))
    texts = _texts(result)
    assert list(result.lines) == [0, 1, 2] and result.errors == [] and result.unread == 0
    for n, text in texts.items():
        scores = [_similar(text, want) for want in truth]
        assert max(range(3), key=scores.__getitem__) == n and scores[n] > 0.8


def _fake_tesseract(tmp_path: Path, monkeypatch, action: str) -> None:
    """A ``tesseract`` on PATH that does ``action`` on page 2 (p1.*) and runs the real one on
    the others."""
    real = ocr.tools.which("tesseract")
    fake = tmp_path / "bin" / "tesseract"
    fake.parent.mkdir()
    fake.write_text(f'#!/bin/sh\ncase "$1" in *p1.*) {action};; esac\nexec {real} "$@"\n')
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}:{os.environ['PATH']}")


@needs_ocr
def test_a_killed_page_is_reported_and_the_other_pages_are_kept(tmp_path, monkeypatch) -> None:
    path, sizes, _ = _strip_scan(tmp_path, 3)
    _fake_tesseract(tmp_path, monkeypatch, "kill -9 $$")
    result = ocr.pdf_pages(path, sizes, ocr.Options(("grayscale",), workers=2))
    assert list(result.lines) == [0, 2] and result.unread == 0
    assert len(result.errors) == 1 and result.errors[0].startswith("page 2: tesseract failed")


@needs_ocr
def test_a_hung_page_ends_at_the_files_deadline_and_the_others_are_read(
    tmp_path, monkeypatch
) -> None:
    """Page 2 hangs; the other worker reads pages 1 and 3, and the hung page's process is
    stopped when the file's time runs out, not later (a margin of half the deadline for a
    loaded machine), with the page named in the errors."""
    path, sizes, _ = _strip_scan(tmp_path, 3)
    _fake_tesseract(tmp_path, monkeypatch, "exec sleep 600")
    deadline_s = 12.0
    started = time.monotonic()
    token = ocr.tools.DEADLINE.set(started + deadline_s)
    try:
        result = ocr.pdf_pages(path, sizes, ocr.Options(("grayscale",), workers=2))
    finally:
        ocr.tools.DEADLINE.reset(token)
    took = time.monotonic() - started
    assert took < 1.5 * deadline_s
    assert list(result.lines) == [0, 2]
    assert len(result.errors) == 1 and result.errors[0].startswith("page 2: tesseract timed out")


def test_a_fax_speck_read_as_a_dot_after_the_year_still_leaves_a_doc_number() -> None:
    from indexer.ingest.metadata.layout import ocr_number_line

    assert ocr_number_line("基教发(2023].5号") == "基教发〔2023〕5号"
    assert ocr_number_line("某政办发【2015j」19与") == "某政办发〔2015〕19号"
    assert ocr_number_line("基教发(2023].5.号") is None
