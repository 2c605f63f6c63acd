"""The outcome of one index run: which files were not indexed and why, and the counts staff
read at the end of a run (printed by the CLI, stored in the generation's meta.json). Its own
module because only the build door, the reindex plan and the CLI use it; the search side never.
"""

from __future__ import annotations

import csv
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .models import SKIPPED_KINDS


@dataclass(frozen=True)
class Failure:
    """A file that was not indexed, and why (one line of the index report)."""

    path: str
    reason: str
    # "failed" | "timeout" | "crashed" (worker died or ran out of memory) | one of SKIPPED_KINDS
    kind: str = "failed"

    @property
    def skipped(self) -> bool:
        return self.kind in SKIPPED_KINDS


@dataclass
class Report:
    """Outcome of one index run; printed by the CLI and stored in the generation's meta.json."""

    indexed: int = 0
    failures: list[Failure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    generation: str | None = None
    seconds: float = 0.0
    ocr: int = 0  # documents with at least one OCR'd page
    ocr_pages: int = 0
    # The closing summary (new/changed/removed/unchanged/failed, time per phase): reindex.py
    run: dict[str, Any] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        """Counts for the end of a run: staff read these before the per-file lines."""
        by_reason: dict[str, int] = {}
        for f in self.failures:
            key = f"{f.kind}: {reason_group(f.reason)}"
            by_reason[key] = by_reason.get(key, 0) + 1
        return {
            "indexed": self.indexed,
            "ocr": self.ocr,
            "ocr_pages": self.ocr_pages,
            "skipped": sum(1 for f in self.failures if f.skipped),
            "failed": sum(1 for f in self.failures if not f.skipped),
            "by_reason": dict(sorted(by_reason.items(), key=lambda kv: (-kv[1], kv[0]))),
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "indexed": self.indexed,
            "failures": [asdict(f) for f in self.failures],
            "warnings": list(self.warnings),
            "generation": self.generation,
            "seconds": round(self.seconds, 3),
            "ocr": self.ocr,
            "ocr_pages": self.ocr_pages,
            "summary": self.summary(),
            "run": self.run,
        }


def reason_group(reason: str) -> str:
    """A failure reason without its file-specific detail ("damaged PDF (…)" → "damaged PDF"),
    so that a summary counts alike failures together."""
    return reason.split(" (", 1)[0]


def write_report_csv(path: Path, report: Report) -> None:
    """The per-file report for staff, beside the index: opens in Excel/WPS (UTF-8 with BOM)."""
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["path", "kind", "reason"])
        out.writerows(map(_cells, ([f.path, f.kind, f.reason] for f in report.failures)))
        out.writerows(_cells(["", "warning", w]) for w in report.warnings)


def _cells(row: list[str]) -> list[str]:
    """File names and reasons as text, never formulas: Excel and WPS run a cell that starts
    with = + - @ (or a tab/CR before one), so such a cell gets a leading ' (OWASP's advice)."""
    return ["'" + c if c[:1] in ("=", "+", "-", "@", "\t", "\r") else c for c in row]
