"""`make bench-extract`: how much text we get out of real published files, per format.

Extracts every file in ../shared/corpus/originals (as `make index` would: isolated workers,
time and memory limits, OCR where a page has no usable text layer) and prints per format:
files, failures (by reason), characters extracted, share of CJK characters among visible
ones, OCR'd pages, and, where the manifest's doc_id has a reference body in docs.jsonl.gz,
character-level similarity to it:

* ``seq``: difflib.SequenceMatcher(autojunk=False).ratio() on the first 2,000 non-space
  characters of both texts (order-sensitive; bounded because it is quadratic);
* ``bigram F1``: F1 of the multisets of character bigrams over the whole texts, spaces
  removed (order-insensitive beyond two characters, linear, so no sample is needed).

Then OCR speed: pages per second for rendering + Tesseract on pages generated here (real
corpus text typeset with PIL, saved as an image-only PDF), with the OCR'd text's similarity
to what was typeset.

    .venv/bin/python bench/extract.py [--originals DIR] [--jsonl FILE] [--ocr-pages 4]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from difflib import SequenceMatcher
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "corpus"
sys.path.insert(0, str(Path(__file__).resolve().parent))  # workers import extract_probe

from extract_probe import ocr_pages, probe  # noqa: E402

from indexer.ingest.extract import ocr  # noqa: E402
from indexer.ingest.workers import Crashed, Limits, run_isolated  # noqa: E402
from indexer.run_report import reason_group  # noqa: E402

CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
SEQ_SAMPLE = 2000
SCAN_FONT = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--originals", type=Path, default=SHARED / "originals")
    ap.add_argument("--jsonl", type=Path, default=SHARED / "docs.jsonl.gz")
    ap.add_argument("--timeout", type=float, default=120.0)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--ocr-pages", type=int, default=4, help="generated pages for OCR speed")
    args = ap.parse_args()
    if not (args.originals / "manifest.jsonl").is_file():
        sys.exit(f"no manifest in {args.originals} (needs ../shared/corpus beside the repo)")
    rows = [json.loads(x) for x in (args.originals / "manifest.jsonl").read_text().splitlines()]
    refs = _references(args.jsonl, {r["doc_id"] for r in rows if r.get("doc_id")})
    limits = Limits(args.timeout, 2048)
    tasks = [(str(args.originals / r["file"]), args.timeout) for r in rows]
    started = time.perf_counter()
    results = run_isolated(tasks, probe, workers=args.workers, limits=limits)
    table = _tabulate(rows, (result for _, result in results), refs)
    _print_table(table, time.perf_counter() - started, args.workers)
    if args.ocr_pages:
        _ocr_speed(args.jsonl, args.ocr_pages, args.timeout)


def _references(path: Path, wanted: set[str]) -> dict[str, str]:
    if not wanted or not path.is_file():
        return {}
    found = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec["id"] in wanted:
                found[rec["id"]] = rec["body"] or ""
    return found


def _tabulate(rows: list[dict], results, refs: dict[str, str]) -> dict[str, dict]:
    table: dict[str, dict] = defaultdict(
        lambda: {
            "files": 0,
            "failed": Counter(),
            "chars": 0,
            "cjk": 0,
            "visible": 0,
            "ocr_pages": 0,
            "ocr_files": 0,
            "seq": [],
            "f1": [],
            "seconds": 0.0,
        }
    )
    for row, result in zip(rows, results, strict=True):
        t = table[row["format"]]
        t["files"] += 1
        if isinstance(result, Crashed):
            t["failed"][f"{result.kind}: {reason_group(result.reason)}"] += 1
            continue
        t["seconds"] += result["seconds"]
        if "error" in result:
            t["failed"][reason_group(result["error"])] += 1
            continue
        text = result["text"]
        visible = [c for c in text if not c.isspace()]
        t["chars"] += len(visible)
        t["visible"] += len(visible)
        t["cjk"] += sum(1 for c in visible if CJK_RE.match(c))
        t["ocr_pages"] += result["ocr_pages"]
        t["ocr_files"] += 1 if result["ocr_pages"] else 0
        ref = refs.get(row.get("doc_id") or "")
        if ref:
            seq, f1 = similarity(text, ref)
            t["seq"].append(seq)
            t["f1"].append(f1)
    return table


def similarity(text: str, ref: str) -> tuple[float, float]:
    """(SequenceMatcher ratio on a bounded sample, bigram F1 on everything), spaces removed."""
    a, b = re.sub(r"\s+", "", text), re.sub(r"\s+", "", ref)
    seq = SequenceMatcher(None, a[:SEQ_SAMPLE], b[:SEQ_SAMPLE], autojunk=False).ratio()
    ga, gb = (
        Counter(a[i : i + 2] for i in range(len(a) - 1)),
        Counter(b[i : i + 2] for i in range(len(b) - 1)),
    )
    common = sum((ga & gb).values())
    if not common:
        return seq, 0.0
    precision, recall = common / sum(ga.values()), common / sum(gb.values())
    return seq, 2 * precision * recall / (precision + recall)


def _print_table(table: dict[str, dict], seconds: float, workers: int) -> None:
    print(
        f"extracted {sum(t['files'] for t in table.values())} files in {seconds:.1f} s "
        f"({workers} workers)\n"
    )
    head = f"{'format':<7}{'files':>6}{'failed':>7}{'chars':>11}{'CJK %':>7}{'OCR pages':>10}"
    print(head + f"{'ref docs':>9}{'seq':>7}{'bigram F1':>10}{'s/file':>8}")
    for fmt, t in sorted(table.items()):
        ok = t["files"] - sum(t["failed"].values())
        cjk = 100 * t["cjk"] / t["visible"] if t["visible"] else 0.0
        seq = f"{sum(t['seq']) / len(t['seq']):.3f}" if t["seq"] else "-"
        f1 = f"{sum(t['f1']) / len(t['f1']):.3f}" if t["f1"] else "-"
        per = t["seconds"] / t["files"] if t["files"] else 0.0
        print(
            f"{fmt:<7}{t['files']:>6}{sum(t['failed'].values()):>7}{t['chars']:>11,}{cjk:>7.1f}"
            f"{t['ocr_pages']:>10}{len(t['seq']):>9}{seq:>7}{f1:>10}{per:>8.2f}"
        )
        del ok
    for fmt, t in sorted(table.items()):
        for reason, n in t["failed"].most_common():
            print(f"  {fmt}: {n} × {reason}")


def _ocr_speed(jsonl: Path, n_pages: int, timeout: float) -> None:
    """Typeset real corpus text on A4 pages at 200 dpi, save as an image-only PDF, OCR it."""
    if ocr.unavailable():
        print(f"\nOCR speed: skipped ({ocr.unavailable()})")
        return
    texts = _sample_texts(jsonl, n_pages)
    with tempfile.TemporaryDirectory(prefix="xxgk-bench-ocr-") as tmp:
        pdf = Path(tmp) / "scan.pdf"
        pages = [_typeset(text) for text in texts]
        pages[0].save(pdf, save_all=True, append_images=pages[1:], resolution=200)
        sizes = [(i, 595.0, 842.0, 200.0) for i in range(len(pages))]
        ((_, result),) = run_isolated(
            [(str(pdf), sizes)], ocr_pages, workers=1, limits=Limits(timeout * 4, 2048)
        )
    if isinstance(result, Crashed):
        print(f"\nOCR speed: failed ({result.reason})")
        return
    scores = [similarity(got, want) for got, want in zip(result["pages"], texts, strict=True)]
    rate = len(pages) / result["seconds"]
    print(
        f"\nOCR speed: {len(pages)} generated A4 pages (200 dpi, 16 pt Song) in "
        f"{result['seconds']:.1f} s = {rate:.2f} pages/s on one core; accuracy vs typeset "
        f"text: seq {sum(s for s, _ in scores) / len(scores):.3f}, bigram F1 "
        f"{sum(f for _, f in scores) / len(scores):.3f}"
    )


def _sample_texts(jsonl: Path, n: int) -> list[str]:
    """Bodies of the first n government notices (通知) in the corpus, cut to about a page."""
    out = []
    with gzip.open(jsonl, "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec.get("doc_type") == "通知" and len(rec.get("body") or "") > 800:
                out.append(re.sub(r"\s+", "", rec["body"])[:600])
                if len(out) == n:
                    break
    return out


def _typeset(text: str):
    """One A4 page at 200 dpi: 28 characters a line, 16 pt, like a 公文 body."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(SCAN_FONT), 44, index=2)
    page = Image.new("L", (1654, 2339), 255)
    draw = ImageDraw.Draw(page)
    for i in range(0, len(text), 28):
        draw.text((160, 200 + (i // 28) * 78), text[i : i + 28], font=font, fill=0)
    return page


if __name__ == "__main__":
    main()
