"""build(): sources → extraction → metadata → tokens, in isolated worker processes → backend,
and the cross-document passes (repeals, newer versions: indexer/crossdoc.py) over the result.

Workers do everything per document that does not need the index (reading the file, OCR,
metadata rules, jieba segmentation), so the writer process only writes postings. Each file
runs under a time and memory limit (``workers``); a file that fails, hangs or kills its worker
becomes a Failure in the Report and the run goes on. Documents of a folder that holds
attachments (附件) wait for each other so that they can be linked before they are written.
"""

from __future__ import annotations

import functools
import os
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from . import article_index, article_vectors, reindex
from . import tasks as tasks_of
from .config import Settings
from .engine.backend import WhooshBackend
from .engine.choice import backend_for as _engine_backend
from .engine.records import title_index_text
from .engine.runlock import run_lock
from .errors import ExtractionError, UnsupportedFile, XxgkError
from .ingest import attachments, extract
from .ingest.cache import ExtractCache
from .ingest.extract import ocr, tools
from .ingest.extract.textcheck import index_guard
from .ingest.metadata import describe
from .ingest.topics import assign_topics, catalogue
from .ingest.workers import Crashed, Limits, run_isolated
from .models import Document, Extracted, SourceFile
from .pretokenized import PreTokenized
from .progress import Phases, Progress
from .run_report import Failure, Report, write_report_csv
from .segment import segmenter

_CACHE_BATCH = 32  # extractions stored per transaction
_JSONL_KNOWN = set("id title body department doc_number date doc_type topic validity".split())
_USER_DICT: str | None = None
_TIMEOUT_S: float | None = None
_POSITIONS = True  # whether the backend indexes token positions (a worker's setting)


def backend_for(settings: Settings) -> WhooshBackend:
    """The backend this build writes with (XXGK_ENGINE: engine/choice.py)."""
    return _engine_backend(settings)


def build(
    settings: Settings,
    *,
    jsonl: Path | None = None,
    force: bool = False,
    progress: bool = False,
    full: bool = False,
    log: TextIO | None = None,
) -> Report:
    """A new generation (the weekly `make index`): an update of the current one where it can
    be, reading only new and changed sources (reindex.Plan), else a full rebuild; ``full``
    forces one. ``progress`` draws a bar; ``log`` gets a line a minute instead. One run at a
    time: a second one raises IndexBusy at once, before it reads a file."""
    with run_lock(Path(settings.index)) as facts:
        report = _build(
            settings, jsonl, force, full, functools.partial(Progress, bar=progress, log=log)
        )
        facts.update(failed=len(report.failures), seconds=round(report.seconds, 1))
        return report


def _build(
    settings: Settings,
    jsonl: Path | None,
    force: bool,
    full: bool,
    meter_for: Callable[[int], Progress],
) -> Report:
    started = time.perf_counter()
    report, phases = Report(), Phases()
    backend = backend_for(settings)
    history = reindex.past_runs(backend.status())
    with phases("scan"):
        tasks, source = tasks_of.sources(settings, jsonl, report)
        plan = reindex.plan_run(backend, settings, {_where(t): t for t in tasks}, full)
        tasks = [t for t in tasks if _where(t) in plan.todo]
    groups = attachments.folders_with_attachments([t[1].rel for t in tasks if t[0] == "file"])
    manifest: dict[str, Any] = {"docs": plan.carried(), "failed": {}}
    run: dict[str, Any] = {"ocr_pages_read": 0}
    with ExtractCache.in_index(settings.index, settings.ocr_steps) as cache:
        with phases("scan"):
            tasks = [cache.attach(t) if t[0] == "file" else t for t in tasks]
        meter = meter_for(len(tasks))
        docs = _run(tasks, settings, report, meter, cache, run, backend.token_positions)
        docs = _linked(phases.timed("read", docs), groups, report)
        docs = assign_topics(docs, catalogue(settings.topics_file))
        docs = reindex.tap(docs, plan, manifest, report)
        info = {**source, "rules": reindex.rules_fingerprint(settings)}
        with phases("write"):
            name, count = reindex.write(backend, plan, docs, manifest, force, info)
        with phases("articles"):
            warning = article_index.after_switch(backend, name, count, settings)
            report.warnings.extend([warning] if warning else [])
        with phases("vectors"):
            warning = article_vectors.after_index(backend, name, settings, plan.base)
            report.warnings.extend([warning] if warning else [])
        meter.close()
        cache.record_run()
        run.update(cache_hits=cache.hits, cache_misses=cache.misses)
    phases.add("write", -phases.seconds.get("read", 0.0))
    report.generation, report.indexed = name, count
    history.append(reindex.close_report(report, plan, manifest, phases, {**run, "t0": started}))
    backend.update_meta(name, {"report": report.to_json(), reindex.HISTORY: history})
    write_report_csv(backend.root / name / "report.csv", report)
    return report


def _run(
    tasks: list[tuple],
    settings: Settings,
    report: Report,
    meter: Progress,
    cache: ExtractCache,
    run: dict[str, Any],
    positions: bool = True,
) -> Iterator[Document]:
    """Documents in source order from isolated workers; failures to the report, new extractions
    to the cache (a transaction per batch); ``tasks`` is emptied as the workers take them."""
    if not tasks:  # nothing to read: no worker pool to start (a second or more)
        return
    workers = settings.workers or os.cpu_count() or 1
    limits = Limits(float(settings.extract_timeout_s), settings.extract_memory_mb)
    # Extractors registered at run time (a site's own format, a test's) reach the workers too.
    ocr.configure(settings.ocr_steps, workers)  # a typo in the steps stops the run here
    user_dict, ocr_options = settings.analysis.user_dict, (settings.ocr_steps, workers)
    initargs = (user_dict, dict(extract.EXTRACTORS), limits.timeout_s, ocr_options, positions)
    work = tasks_of.drained(tasks)
    results = run_isolated(
        work, _prepare, workers=workers, limits=limits, init=_init_worker, initargs=initargs
    )
    fresh: list[tuple[str, str, Extracted]] = []
    for task, result in results:
        if isinstance(result, Crashed):
            result = Failure(_where(task), result.reason, result.kind)
        meter.update(failed=isinstance(result, Failure))
        if isinstance(result, Failure):
            report.failures.append(result)
            continue
        doc, warnings, extracted = result
        if extracted is not None:
            fresh.append((task[1].sha256, task[4], extracted))
            run["ocr_pages_read"] += extracted.ocr_pages
            if len(fresh) >= _CACHE_BATCH:
                cache.put_many(fresh)
                fresh = []
        report.warnings.extend(f"{doc.doc_id}: {w}" for w in warnings)
        yield doc
    cache.put_many(fresh)


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


def _init_worker(
    user_dict: str | None,
    extractors: dict,
    timeout_s: float | None,
    ocr_options: tuple,
    positions: bool = True,
) -> None:
    global _USER_DICT, _TIMEOUT_S, _POSITIONS
    _USER_DICT, _TIMEOUT_S, _POSITIONS = user_dict, timeout_s, positions
    extract.EXTRACTORS.update(extractors)
    ocr.configure(*ocr_options)  # a long scan's pages are OCR'd by up to `workers` at once
    segmenter(user_dict)  # load jieba once per worker, not per document


def _prepare(task: tuple) -> tuple[Document, list[str], Extracted | None] | Failure:
    """Runs in a worker: one task → a Document with pre-computed tokens, the extractor's
    warnings and the extraction to cache (None if it came from the cache), or a Failure.
    MemoryError is left to the worker, which knows the limit."""
    where = _where(task)
    if _TIMEOUT_S:  # OCR and external tools stop a little before the supervisor would kill
        tools.DEADLINE.set(time.monotonic() + 0.9 * _TIMEOUT_S)
    try:
        if task[0] == "file":
            doc, warnings, extracted = _from_file(task[1], task[2], task[3], task[4])
        else:
            (doc, warnings), extracted = _from_record(task[1]), None
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
    doc.prepared["title"] = PreTokenized.of(title_index_text(doc), _USER_DICT, _POSITIONS)
    doc.prepared["body"] = PreTokenized.of(doc.body, _USER_DICT, _POSITIONS)
    return doc, warnings, extracted


def _from_file(
    src: SourceFile,
    sidecar: dict[str, str],
    cached: Extracted | None = None,
    version: str | None = None,
) -> tuple[Document, list[str], Extracted | None]:
    """A file's Document; its extraction comes from the cache when there is one, and goes
    back for the cache when it was read now (and some extractor version will know it)."""
    ext = cached or extract.extract(src.path)
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
        ocr=ext.ocr_pages > 0,
    )
    doc.ocr_pages = ext.ocr_pages
    if ext.ocr_confidence:  # per-page OCR confidence, reported on the document page
        doc.extra["ocr_confidence"] = {str(p): c for p, c in ext.ocr_confidence.items()}
    fresh = None if cached is not None or version is None else ext
    return doc, list(ext.warnings), fresh


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
