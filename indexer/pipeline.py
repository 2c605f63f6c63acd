"""build(): sources → extraction → metadata → tokens, in isolated worker processes → backend,
and the cross-document passes (repeals, newer versions: indexer/crossdoc.py) over the result.

Workers do everything per document that does not need the index (reading the file, OCR,
metadata rules, jieba segmentation), so the writer process only writes postings. Each file
runs under a time and memory limit (``workers``); a file that fails, hangs or kills its worker
becomes a Failure in the Report and the run goes on. Documents of a folder that holds
attachments (附件) wait for each other so that they can be linked before they are written.
"""

from __future__ import annotations

import csv
import os
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from tqdm import tqdm

from .config import Settings
from .crossdoc import CrossDocument
from .engine.backend import WhooshBackend
from .engine.records import title_index_text
from .engine.runlock import run_lock
from .errors import ExtractionError, UnsupportedFile, XxgkError
from .ingest import attachments, extract
from .ingest.extract import tools
from .ingest.extract.textcheck import index_guard
from .ingest.metadata import describe
from .ingest.sidecar import SidecarReader
from .ingest.sources import read_jsonl, scan
from .ingest.topics import assign_topics, catalogue
from .ingest.workers import Crashed, Limits, run_isolated
from .models import Document, Failure, Report, SourceFile
from .segment import PreTokenized, segmenter

_JSONL_KNOWN = set("id title body department doc_number date doc_type topic validity".split())
_USER_DICT: str | None = None
_TIMEOUT_S: float | None = None


def backend_for(settings: Settings) -> WhooshBackend:
    return WhooshBackend.from_settings(settings)


def build(
    settings: Settings,
    *,
    jsonl: Path | None = None,
    force: bool = False,
    progress: bool = False,
) -> Report:
    """Full rebuild into a new generation (the weekly `make index`). One run at a time: a
    second one raises IndexBusy at once, before it reads a file."""
    with run_lock(Path(settings.index)) as facts:
        report = _build(settings, jsonl, force, progress)
        facts.update(failed=len(report.failures), seconds=round(report.seconds, 1))
        return report


def _build(settings: Settings, jsonl: Path | None, force: bool, progress: bool) -> Report:
    started = time.perf_counter()
    report = Report()
    if jsonl is not None:
        tasks: Iterable[tuple] = _jsonl_tasks(Path(jsonl), report)
        source = {"jsonl": str(Path(jsonl).resolve())}
        groups: dict[str, int] = {}
    else:
        file_tasks = list(_file_tasks(settings, report))
        tasks = file_tasks
        groups = attachments.folders_with_attachments([t[1].rel for t in file_tasks])
        source = {"docs_root": str(Path(settings.docs).resolve())}
    docs = _linked(_run(tasks, settings, report, progress), groups, report)
    docs = assign_topics(docs, catalogue(settings.topics_file))
    cross = CrossDocument()  # 时效性 that needs every document: decided here, not by storage
    backend = backend_for(settings)
    name, count = backend.rebuild(cross.watch(docs), passes=cross.passes, force=force, info=source)
    report.generation, report.indexed = name, count
    report.seconds = time.perf_counter() - started
    backend.update_meta(name, {"report": report.to_json()})
    write_report_csv(backend.root / name / "report.csv", report)
    return report


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


def _file_tasks(settings: Settings, report: Report) -> Iterator[tuple]:
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


def _jsonl_tasks(path: Path, report: Report) -> Iterator[tuple]:
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


def _run(
    tasks: Iterable[tuple], settings: Settings, report: Report, progress: bool
) -> Iterator[Document]:
    """Documents in source order, computed by isolated workers; failures go into the report."""
    workers = settings.workers or os.cpu_count() or 1
    limits = Limits(float(settings.extract_timeout_s), settings.extract_memory_mb)
    # Extractors registered at run time (a site's own format, a test's) reach the workers too.
    initargs = (settings.analysis.user_dict, dict(extract.EXTRACTORS), limits.timeout_s)
    bar = tqdm(desc="indexing", unit="doc", disable=not progress)
    results = run_isolated(
        tasks, _prepare, workers=workers, limits=limits, init=_init_worker, initargs=initargs
    )
    for task, result in results:
        bar.update()
        if isinstance(result, Crashed):
            result = Failure(_where(task), result.reason, result.kind)
        if isinstance(result, Failure):
            report.failures.append(result)
            continue
        doc, warnings = result
        report.warnings.extend(f"{doc.doc_id}: {w}" for w in warnings)
        if doc.ocr_pages:
            report.ocr += 1
            report.ocr_pages += doc.ocr_pages
        yield doc
    bar.close()


def _linked(docs: Iterable[Document], groups: dict[str, int], report: Report) -> Iterator[Document]:
    """Pass documents through, holding those of folders with attachments until the folder is
    complete (failed files count as arrived), then link and release them."""
    if not groups:
        yield from docs
        return
    held: dict[str, list[Document]] = {}
    seen: dict[str, int] = {}
    failed_before = len(report.failures)
    for doc in docs:
        for failure in report.failures[failed_before:]:
            _arrive(attachments.folder(failure.path), groups, seen)
        failed_before = len(report.failures)
        where = attachments.folder(doc.doc_id)
        if where not in groups:
            yield doc
            continue
        held.setdefault(where, []).append(doc)
        if _arrive(where, groups, seen):
            yield from _release(held.pop(where), report)
    for folder_docs in held.values():  # folders whose last files failed
        yield from _release(folder_docs, report)


def _arrive(where: str, groups: dict[str, int], seen: dict[str, int]) -> bool:
    if where not in groups:
        return False
    seen[where] = seen.get(where, 0) + 1
    return seen[where] == groups[where]


def _release(docs: list[Document], report: Report) -> list[Document]:
    report.warnings.extend(attachments.link(docs))
    return docs


def _where(task: tuple) -> str:
    return task[1].rel if task[0] == "file" else str(task[1].get("id"))


def _init_worker(user_dict: str | None, extractors: dict, timeout_s: float | None) -> None:
    global _USER_DICT, _TIMEOUT_S
    _USER_DICT, _TIMEOUT_S = user_dict, timeout_s
    extract.EXTRACTORS.update(extractors)
    segmenter(user_dict)  # load jieba once per worker, not per document


def _prepare(task: tuple) -> tuple[Document, list[str]] | Failure:
    """Runs in a worker: one task → a Document with pre-computed tokens and the extractor's
    warnings, or a Failure. MemoryError is left to the worker, which knows the limit."""
    where = _where(task)
    if _TIMEOUT_S:  # OCR and external tools stop a little before the supervisor would kill
        tools.DEADLINE.set(time.monotonic() + 0.9 * _TIMEOUT_S)
    try:
        doc, warnings = _from_file(task[1], task[2]) if task[0] == "file" else _from_record(task[1])
    except UnsupportedFile as exc:
        return Failure(where, exc.reason, "unsupported")
    except ExtractionError as exc:
        kind = "empty" if exc.reason == "file is empty" else "failed"
        return Failure(where, exc.reason, kind)
    except MemoryError:
        raise
    except Exception as exc:  # noqa: BLE001 - one bad file must never stop the run
        return Failure(where, f"unexpected error: {type(exc).__name__}: {exc}"[:300])
    guard = index_guard(doc.body) or index_guard(doc.title or "")
    if guard:
        return Failure(where, guard)
    doc.prepared["title"] = PreTokenized.of(title_index_text(doc), _USER_DICT)
    doc.prepared["body"] = PreTokenized.of(doc.body, _USER_DICT)
    return doc, warnings


def _from_file(src: SourceFile, sidecar: dict[str, str]) -> tuple[Document, list[str]]:
    ext = extract.extract(src.path)
    doc = describe(
        src.rel,
        ext.text,
        given=sidecar,
        structured=ext.meta,
        title_hint=ext.title,
        fallback_title=Path(src.rel).stem,
        path=src.rel,
        sha256=src.sha256,
        fmt=src.suffix.lstrip("."),
    )
    doc.ocr_pages = ext.ocr_pages
    if ext.ocr_confidence:  # per-page OCR confidence, reported on the document page
        doc.extra["ocr_confidence"] = {str(p): c for p, c in ext.ocr_confidence.items()}
    return doc, ext.warnings


def _from_record(rec: dict[str, Any]) -> tuple[Document, list[str]]:
    given = {k: _text(rec.get(k)) for k in _JSONL_KNOWN - {"id", "body"}}
    extra = {k: v for k, v in rec.items() if k not in _JSONL_KNOWN}
    doc = describe(
        str(rec["id"]),
        str(rec["body"]),
        given={k: v for k, v in given.items() if v},
        fallback_title=str(rec["id"]),
        fmt="jsonl",
        extra=extra,
    )
    return doc, []


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


__all__ = ["build", "backend_for", "write_report_csv", "XxgkError"]
