"""The sources of one build: every file of the documents folder or record of a JSONL file, as
a task for the workers, with what makes a source unreadable before any worker sees it (empty,
too large, no usable id) reported as a Failure. Split from the build door (pipeline.py) so that
the door keeps to the flow.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from .config import Settings
from .ingest.sidecar import SidecarReader
from .ingest.sources import read_jsonl, scan
from .run_report import Failure, Report


def sources(settings: Settings, jsonl: Path | None, report: Report) -> tuple[list[tuple], dict]:
    """Every source of the run, in source order, and where they came from (for meta.json)."""
    if jsonl is not None:
        return list(jsonl_tasks(Path(jsonl), report)), {"jsonl": str(Path(jsonl).resolve())}
    tasks = list(file_tasks(settings, report))
    return tasks, {"docs_root": str(Path(settings.docs).resolve())}


def file_tasks(settings: Settings, report: Report) -> Iterator[tuple]:
    sidecars = SidecarReader()
    limit = settings.max_file_mb * 1024 * 1024
    for src in scan(settings.docs, report.failures):
        if src.size == 0:
            report.failures.append(Failure(src.rel, "file is empty", "empty"))
            continue
        if src.size > limit:
            why = f"larger than {settings.max_file_mb} MB"
            report.failures.append(Failure(src.rel, why, "too large"))
            continue
        yield ("file", src, sidecars.for_file(src.path))
    report.warnings.extend(getattr(sidecars, "warnings", []))


def jsonl_tasks(path: Path, report: Report) -> Iterator[tuple]:
    seen: set[str] = set()
    for n, rec in read_jsonl(path):
        if isinstance(rec, str):
            report.failures.append(Failure(f"{path.name}:{n}", rec))
            continue
        doc_id = str(rec.get("id") or "").strip()
        if not doc_id or doc_id in seen:
            why = "duplicate id" if doc_id else "no id"
            report.failures.append(Failure(f"{path.name}:{n}", why))
            continue
        if bad := _unlinkable(doc_id):
            report.failures.append(Failure(f"{path.name}:{n}", bad))
            continue
        if not str(rec.get("body") or "").strip():
            report.failures.append(Failure(f"{path.name}:{n}", "empty body", "empty"))
            continue
        seen.add(doc_id)
        yield ("jsonl", rec)


def _unlinkable(doc_id: str) -> str:
    """Why an id could not be a document's address (/doc/<id>), or "": browsers resolve "."
    and ".." segments and servers merge empty ones, so such a link would lead elsewhere."""
    if any(seg in ("", ".", "..") for seg in doc_id.split("/")):
        return f"id {doc_id[:80]!r} cannot be a link: empty, '.' or '..' part between slashes"
    if any(ord(ch) < 32 or ch == "\x7f" for ch in doc_id):
        return f"id {doc_id[:80]!r} cannot be a link: it holds a control character"
    return ""


def drained(tasks: list[tuple]) -> Iterator[tuple]:
    """The tasks in order, each let go of once handed out (the list is emptied): 100,000 JSONL
    records are about 400 MB of text, which a build need not hold to its end."""
    tasks.reverse()
    while tasks:
        yield tasks.pop()
