"""OCR per page on the scanned originals (issue 12): before and after the image clean-up.

Finds the PDFs in ../shared/corpus/originals with no text layer (``pdftotext`` gives under
10 characters a page), OCRs every page twice with ``ocr.pdf_pages`` (``--before`` steps, the
renderer's grey alone as before issue 12, and ``--after``, the configured default) and prints
per page Tesseract's mean word confidence and, where a record of docs.jsonl.gz holds the same
text, the similarity to it. The manifest gives these crawl snapshots no doc_id, so a record is
looked up by content: one whose body holds at least three of eight 8-character runs of the
OCR'd file. Similarity per page is the share of the page's character bigrams that occur in
the record's body (precision: OCR misreads make bigrams the reference does not have).

    .venv/bin/python bench/ocr_originals.py [--originals DIR] [--jsonl FILE]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "corpus"
sys.path.insert(0, str(REPO))

from indexer.config import Settings  # noqa: E402
from indexer.ingest.extract import ocr, pdf, preprocess  # noqa: E402

CJK_RUN = re.compile(r"[\u4e00-\u9fff]{8,}")


def scanned(originals: Path) -> list[Path]:
    """PDFs whose pages carry (almost) no text layer."""
    found = []
    for path in sorted(originals.rglob("*.pdf")):
        text = subprocess.run(
            ["pdftotext", "-q", str(path), "-"], capture_output=True, check=False
        ).stdout.decode("utf-8", "replace")
        pages = max(1, text.count("\f"))
        if len(re.sub(r"\s+", "", text)) < 10 * pages:
            found.append(path)
    return found


def page_sizes(path: Path) -> list[tuple[int, float, float, float]]:
    """(page, width, height, scan dpi) as the PDF reader hands them to OCR."""
    with open(path, "rb") as fp:
        doc = pdf.PDFDocument(pdf.PDFParser(fp))
        pages = [pdf._read_page(layout) for layout in pdf._layouts(doc)]
    return [(n, p.width, p.height, p.dpi) for n, p in enumerate(pages)]


def find_record(text: str, bodies: dict[str, str]) -> str | None:
    runs = [m.group(0)[:8] for m in CJK_RUN.finditer(re.sub(r"\s+", "", text))]
    probes = runs[:: max(1, len(runs) // 8)][:8]
    if len(probes) < 3:
        return None
    for doc_id, body in bodies.items():
        if sum(p in body for p in probes) >= 3:
            return doc_id
    return None


def bigram_precision(page: str, ref: str) -> float | None:
    a = re.sub(r"\s+", "", page)
    grams = [a[i : i + 2] for i in range(len(a) - 1)]
    return sum(g in ref for g in grams) / len(grams) if grams else None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--originals", type=Path, default=SHARED / "originals")
    ap.add_argument("--jsonl", type=Path, default=SHARED / "docs.jsonl.gz")
    ap.add_argument("--before", default="grayscale")
    ap.add_argument("--after", default=Settings().ocr_steps)
    args = ap.parse_args()
    if ocr.unavailable() or not args.originals.is_dir():
        sys.exit(f"OCR on originals: skipped ({ocr.unavailable() or 'no originals'})")
    files = scanned(args.originals)
    with gzip.open(args.jsonl, "rt", encoding="utf-8") as fh:
        bodies = {r["id"]: re.sub(r"\s+", "", r.get("body") or "") for r in map(json.loads, fh)}
    variants = {"before": args.before, "after": args.after}
    print(f"OCR on the scanned originals: {len(files)} PDFs without a text layer")
    print(f"  before = {args.before}; after = {args.after}\n")
    print("| file | page | conf before | conf after | record | sim before | sim after |")
    print("|---|---|---|---|---|---|---|")
    for path in files:
        sizes = page_sizes(path)
        runs = {}
        for name, steps in variants.items():
            runs[name] = ocr.pdf_pages(path, sizes, ocr.Options(preprocess.parse_steps(steps)))
        texts = {
            name: {n: "\n".join(x.text for x in lines) for n, lines in r.lines.items()}
            for name, r in runs.items()
        }
        record = find_record("\n".join(texts["after"].values()), bodies)
        ref = bodies.get(record or "", "")
        for n, *_ in sizes:
            cells = [path.name[:12], str(n + 1)]
            cells += [f"{runs[v].confidence.get(n, 0):.1f}" for v in variants]
            cells.append(record or "none")
            for v in variants:
                sim = bigram_precision(texts[v].get(n, ""), ref) if ref else None
                cells.append("–" if sim is None else f"{sim:.3f}")
            print("| " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
