"""Page-parallel OCR (issue 10, item 3): pages per second for one long scan, 1 worker vs N.

A clean A4 scan of ``--pages`` pages at 200 dpi (``tools/scan_fixtures.multipage``) is OCR'd
with the configured clean-up steps by ``ocr.pdf_pages``, first with one worker, then with N,
then with one again: the two one-worker runs bound the drift of a loaded machine, and the
ratio is taken against their mean. Every run must return every page, in order.

    .venv/bin/python bench/ocr_pages.py [--pages 10] [--workers 2]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from indexer.ingest.extract import ocr  # noqa: E402
from tools.scan_fixtures import multipage  # noqa: E402


def timed(path: Path, sizes: list, workers: int) -> float:
    """Seconds for one run; fails loudly if a page is missing or out of order."""
    options = ocr.Options(ocr.OPTIONS.steps, workers)
    started = time.perf_counter()
    result = ocr.pdf_pages(path, sizes, options)
    seconds = time.perf_counter() - started
    if list(result.lines) != [n for n, *_ in sizes] or result.errors:
        sys.exit(f"{workers} workers: pages {list(result.lines)}, errors {result.errors}")
    return seconds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=10)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    if ocr.unavailable():
        sys.exit(f"page-parallel OCR: skipped ({ocr.unavailable()})")
    with tempfile.TemporaryDirectory(prefix="xxgk-ocr-pages-") as tmp:
        path = Path(tmp) / "long.pdf"
        multipage(path, args.pages, dpi=200, lines=7)
        sizes = [(n, 595.3, 841.9, 200.0) for n in range(args.pages)]
        one = timed(path, sizes, 1)
        many = timed(path, sizes, args.workers)
        again = timed(path, sizes, 1)
    base = (one + again) / 2
    print(
        f"page-parallel OCR: {args.pages} A4 pages at 200 dpi, steps {','.join(ocr.OPTIONS.steps)}"
    )
    print(
        f"  1 worker:  {args.pages / one:.2f} pages/s ({one:.1f} s); again {args.pages / again:.2f}"
    )
    print(f"  {args.workers} workers: {args.pages / many:.2f} pages/s ({many:.1f} s)")
    print(f"  speed-up {base / many:.2f}x against the mean of the two 1-worker runs")


if __name__ == "__main__":
    main()
