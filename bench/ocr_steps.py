"""Which image clean-up steps help OCR (issue 12, class 2): an ablation on generated scans.

The phone photos, shadowed photos, faint copies and faxes of ``tools/scan_fixtures.py`` are
read the way ``make index`` reads a PDF (the build door's ``_from_file``) once per variant of
``XXGK_OCR_STEPS``: nothing, grayscale (the renderer's grey, which was the only step before),
grayscale plus each step alone, and the combinations. Per variant: character similarity of
the OCR'd text to the typeset text (difflib ratio, spaces removed; mean and per kind), the
share of files whose 发文字号, title and 成文日期 come out right, the share of body lines found
word for word, and seconds per page. The default in Settings is the variant that scores best
here. ``columns`` is no image step: a page without a column gutter is read as one block.

    .venv/bin/python bench/ocr_steps.py [--pages 8] [--variants "grayscale;grayscale,otsu"]
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import tempfile
import time
from collections import defaultdict
from difflib import SequenceMatcher
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from indexer.errors import ExtractionError  # noqa: E402
from indexer.ingest.extract import ocr  # noqa: E402
from indexer.models import SourceFile  # noqa: E402
from indexer.pipeline import _from_file  # noqa: E402
from tools.scan_fixtures import ScanCase, write  # noqa: E402

VARIANTS = [
    "none",
    "grayscale",
    "grayscale,upscale",
    "grayscale,crop",
    "grayscale,deskew",
    "grayscale,flatten",
    "grayscale,otsu",
    "grayscale,sauvola",
    "grayscale,deskew,flatten",
    "grayscale,flatten,otsu",
    "grayscale,crop,deskew,flatten",
    "grayscale,crop,deskew,flatten,otsu",
    "grayscale,crop,deskew,flatten,sauvola",
    "grayscale,upscale,crop,deskew,flatten",
    "grayscale,columns",
    "grayscale,crop,deskew,flatten,otsu,columns",
]


def similarity(got: str, want: str) -> float:
    a, b = re.sub(r"\s+", "", got), re.sub(r"\s+", "", want)
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def read(path: Path, root: Path):
    """The Document ``make index`` builds from the file, or None when reading fails."""
    data = path.read_bytes()
    src = SourceFile(
        path, path.relative_to(root).as_posix(), ".pdf", len(data), hashlib.sha256(data).hexdigest()
    )
    try:
        doc, _, _ = _from_file(src, {})
    except ExtractionError:
        return None
    return doc


def score(cases: list[ScanCase], root: Path, steps: str) -> dict:
    """Similarity per kind, fields read right, seconds for one variant."""
    ocr.configure(steps, 1)
    sims: dict[str, list[float]] = defaultdict(list)
    right = {"doc_number": 0, "title": 0, "date": 0}
    lines = [0, 0]
    started = time.perf_counter()
    for case in cases:
        doc = read(root / case.name, root)
        sims[case.kind].append(similarity(doc.body if doc else "", case.text))
        body = re.sub(r"\s+", "", doc.body if doc else "")
        lines[0] += sum(line.rstrip("，：") in body for line in case.lines[3:-2])
        lines[1] += len(case.lines[3:-2])
        if doc is None:
            continue
        written = doc.extra.get("doc_number_written") or doc.doc_number
        right["doc_number"] += written == case.doc_number
        right["title"] += doc.title == case.title
        right["date"] += doc.date is not None and doc.date.isoformat() == case.date
    every = [s for values in sims.values() for s in values]
    return {
        "mean": sum(every) / len(every),
        "kinds": {k: sum(v) / len(v) for k, v in sims.items()},
        "fields": {k: v / len(cases) for k, v in right.items()},
        "lines": lines[0] / lines[1],
        "seconds": (time.perf_counter() - started) / len(cases),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=8, help="generated scans (cycling the kinds)")
    ap.add_argument("--variants", help="';'-separated step lists (default: the ablation)")
    args = ap.parse_args()
    if ocr.unavailable():
        sys.exit(f"OCR steps: skipped ({ocr.unavailable()})")
    variants = args.variants.split(";") if args.variants else VARIANTS
    with tempfile.TemporaryDirectory(prefix="xxgk-ocr-steps-") as tmp:
        root = Path(tmp)
        cases = write(root, args.pages)
        kinds = sorted({c.kind for c in cases})
        head = ["steps", "similarity", *kinds, "文号", "title", "date", "body lines", "s/page"]
        print(f"OCR clean-up ablation: {len(cases)} generated scans, one worker")
        print("| " + " | ".join(head) + " |\n|" + "---|" * len(head))
        for steps in variants:
            row = score(cases, root, steps)
            cells = [steps, f"{row['mean']:.3f}", *(f"{row['kinds'][k]:.3f}" for k in kinds)]
            cells += [f"{row['fields'][k]:.0%}" for k in ("doc_number", "title", "date")]
            cells.append(f"{row['lines']:.0%}")
            cells.append(f"{row['seconds']:.1f}")
            print("| " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
