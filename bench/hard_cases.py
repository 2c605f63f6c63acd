"""Per-class table over the hard cases of issue 12 (``tools/hard_fixtures.py``), called by
``make bench-extract`` and ``make bench-metadata``.

Every case is written to a temporary folder, read the way ``make index`` reads a file (the
build door's ``_from_file``: extractor registry, sidecar, ``describe``; attachments linked per
folder) and compared with the truth it was generated from: phrases found (whitespace-free
substring of the extracted text), and title / 发文机关 / 文号 / 成文日期 / 文种 correct over the
cases that state a value, and how many documents list themselves among their citations. The
``laws`` class (8: a 规章 under its 令 and amendments, a 通知 naming its own number) comes from
``tools/law_fixtures.py``; the ``scans`` class is the phone scans and faxes of
``tools/scan_fixtures.py``, read by OCR. Targets (issue 12): phrases ≥ 98 %, every field ≥ 95 % on
born-digital files (≥ 95 % / ≥ 90 % on scans). Seconds per class are wall time on this machine.

    .venv/bin/python bench/hard_cases.py [--scale bench|small]
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from indexer.ingest import attachments  # noqa: E402
from indexer.ingest.sidecar import SidecarReader  # noqa: E402
from indexer.models import SourceFile  # noqa: E402
from indexer.pipeline import _from_file  # noqa: E402
from indexer.textnorm import normalize_doc_number  # noqa: E402
from tools import law_fixtures, scan_fixtures  # noqa: E402
from tools.hard_fixtures import Case, write  # noqa: E402

FIELDS = ("title", "department", "doc_number", "date", "doc_type")
SCANS = 12  # generated scans: three of each kind, six heads (every head meets every kind)


def read_case(root: Path, case: Case, sidecars: SidecarReader):
    """The Document ``make index`` would build from the case's file."""
    path = root / case.cls / case.name
    data = path.read_bytes()
    src = SourceFile(
        path,
        f"{case.cls}/{case.name}",
        path.suffix.lower(),
        len(data),
        hashlib.sha256(data).hexdigest(),
    )
    doc, _, _ = _from_file(src, sidecars.for_file(path))
    return doc


def field_ok(case: Case, doc, name: str) -> bool | None:
    """True/False when the case states a value for the field, None when it does not."""
    want = getattr(case, name)
    if want is None:
        return None
    if name == "date":
        return doc.date is not None and doc.date.isoformat() == want
    if name == "doc_number":
        got = doc.extra.get("doc_number_written") or doc.doc_number
        return got == want or (normalize_doc_number(want) or want) == doc.doc_number
    return getattr(doc, name) == want


def cites_itself(case: Case, doc) -> str | None:
    """A citation the document lists that is its own number or title (class 8)."""
    own = [v for v in (case.doc_number, case.title) if v]
    return next((c for c in doc.cites if any(v in c for v in own)), None)


def phrases_found(case: Case, doc) -> tuple[int, int]:
    text = re.sub(r"\s+", "", doc.body)
    found = sum(re.sub(r"\s+", "", p) in text for p in case.phrases)
    return found, len(case.phrases)


def run(scale: str) -> tuple[dict, list[str]]:
    """Rows per class: files, phrases found/total, field right/stated, seconds; and misses."""
    rows: dict = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    misses: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        cases = write(root, scale) + law_fixtures.write(root) + scan_cases(root)
        sidecars = SidecarReader()
        docs = {}
        for case in cases:
            started = time.perf_counter()
            docs[case.name] = read_case(root, case, sidecars)
            rows[case.cls]["seconds"][0] += time.perf_counter() - started
        by_folder = defaultdict(list)
        for case in cases:
            by_folder[case.cls].append(docs[case.name])
        for group in by_folder.values():
            attachments.link(group)
        for case in cases:
            doc, row = docs[case.name], rows[case.cls]
            row["files"][0] += 1
            found, total = phrases_found(case, doc)
            row["phrases"][0] += found
            row["phrases"][1] += total
            if found < total:
                misses.append(f"{case.cls}/{case.name}: {total - found} phrase(s) not found")
            row["cites itself"][1] += 1
            if own := cites_itself(case, doc):
                row["cites itself"][0] += 1
                misses.append(f"{case.cls}/{case.name}: cites itself as {own!r}")
            for name in FIELDS:
                ok = field_ok(case, doc, name)
                if ok is None:
                    continue
                row[name][0] += ok
                row[name][1] += 1
                if not ok:
                    got = getattr(doc, name)
                    misses.append(
                        f"{case.cls}/{case.name}: {name} want {getattr(case, name)!r} got {got!r}"
                    )
    return rows, misses


def scan_cases(root: Path) -> list[Case]:
    """The generated phone scans, photos, faint copies and faxes (``tools/scan_fixtures.py``)
    as one more class, ``scans``: read by OCR with the configured clean-up steps."""
    return [
        Case(
            "scans",
            scan.name,
            scan.title,
            scan.department,
            scan.doc_number,
            scan.date,
            scan.title[-2:],  # 通知, 意见: the 文种 the title ends with
            [line.rstrip("，：") for line in scan.lines[3:-2]],
            scan=True,
        )
        for scan in scan_fixtures.write(root / "scans", SCANS)
    ]


def report(rows: dict, misses: list[str]) -> None:
    head = ("class", "files", "phrases found", *FIELDS, "cites itself", "seconds")
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for cls, row in rows.items():
        cells = [cls, str(row["files"][0]), _share(row["phrases"])]
        cells += [_share(row[name]) for name in FIELDS]
        cells.append(str(row["cites itself"][0]))
        cells.append(f"{row['seconds'][0]:.2f}")
        print("| " + " | ".join(cells) + " |")
    for line in misses:
        print("  miss:", line)


def _share(pair: list) -> str:
    right, total = pair
    return f"{right}/{total} = {right / total:.0%}" if total else "–"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", choices=("small", "bench"), default="bench")
    args = ap.parse_args()
    print(f"hard cases (issue 12), scale {args.scale}:")
    report(*run(args.scale))


if __name__ == "__main__":
    main()
