"""build(): sources → extraction → metadata → tokens, spread over worker processes → backend.

Workers do everything per document that does not need the index (reading the file, metadata
rules, jieba segmentation), so the writer process only writes postings. A file that fails
becomes a Failure in the Report and the run goes on.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from tqdm import tqdm

from .analysis import PreTokenized, segmenter
from .backend import WhooshBackend, title_index_text
from .config import Settings
from .errors import ExtractionError, UnsupportedFile, XxgkError
from .extract import extract
from .metadata import describe
from .models import Document, Failure, Report, SourceFile
from .sidecar import SidecarReader
from .sources import read_jsonl, scan

_JSONL_KNOWN = {"id", "title", "body", "department", "doc_number", "date", "doc_type", "topic"}
_USER_DICT: str | None = None


def backend_for(settings: Settings) -> WhooshBackend:
    return WhooshBackend(
        settings.index,
        settings.user_dict,
        keep_generations=settings.keep_generations,
        min_keep_ratio=settings.min_keep_ratio,
    )


def build(
    settings: Settings,
    *,
    jsonl: Path | None = None,
    force: bool = False,
    progress: bool = False,
) -> Report:
    """Full rebuild into a new generation (the weekly `make index`)."""
    started = time.perf_counter()
    report = Report()
    if jsonl is not None:
        tasks: Iterable[tuple] = _jsonl_tasks(Path(jsonl), report)
        source = {"jsonl": str(Path(jsonl).resolve())}
    else:
        tasks = _file_tasks(settings, report)
        source = {"docs_root": str(Path(settings.docs).resolve())}
    docs = _run(tasks, settings, report, progress)
    backend = backend_for(settings)
    name, count = backend.rebuild(docs, force=force, info=source)
    report.generation, report.indexed = name, count
    report.seconds = time.perf_counter() - started
    backend.update_meta(name, {"report": report.to_json()})
    return report


def _file_tasks(settings: Settings, report: Report) -> Iterator[tuple]:
    sidecars = SidecarReader()
    limit = settings.max_file_mb * 1024 * 1024
    for src in scan(settings.docs):
        if src.size == 0:
            report.failures.append(Failure(src.rel, "file is empty", "empty"))
            continue
        if src.size > limit:
            report.failures.append(Failure(src.rel, f"larger than {settings.max_file_mb} MB"))
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
        if not str(rec.get("body") or "").strip():
            report.failures.append(Failure(f"{path.name}:{n}", "empty body", "empty"))
            continue
        seen.add(doc_id)
        yield ("jsonl", rec)


def _run(
    tasks: Iterable[tuple], settings: Settings, report: Report, progress: bool
) -> Iterator[Document]:
    """Documents in source order, computed by a process pool; failures go into the report."""
    workers = settings.workers or os.cpu_count() or 1
    user_dict = str(settings.user_dict) if settings.user_dict else None
    bar = tqdm(desc="indexing", unit="doc", disable=not progress)
    with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(user_dict,)) as pool:
        for result in pool.map(_prepare, tasks, chunksize=8):
            bar.update()
            if isinstance(result, Failure):
                report.failures.append(result)
            else:
                yield result
    bar.close()


def _init_worker(user_dict: str | None) -> None:
    global _USER_DICT
    _USER_DICT = user_dict
    segmenter(user_dict)  # load jieba once per worker, not per document


def _prepare(task: tuple) -> Document | Failure:
    """Runs in a worker: one task → a Document with pre-computed tokens, or a Failure."""
    kind = task[0]
    try:
        doc = _from_file(task[1], task[2]) if kind == "file" else _from_record(task[1])
    except UnsupportedFile as exc:
        return Failure(task[1].rel, exc.reason, "unsupported")
    except ExtractionError as exc:
        return Failure(task[1].rel if kind == "file" else str(task[1].get("id")), exc.reason)
    except Exception as exc:  # noqa: BLE001 - one bad file must never stop the run
        where = task[1].rel if kind == "file" else str(task[1].get("id"))
        return Failure(where, f"unexpected error: {type(exc).__name__}: {exc}")
    doc.prepared["title"] = PreTokenized.of(title_index_text(doc), _USER_DICT)
    doc.prepared["body"] = PreTokenized.of(doc.body, _USER_DICT)
    return doc


def _from_file(src: SourceFile, sidecar: dict[str, str]) -> Document:
    ext = extract(src.path)
    return describe(
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


def _from_record(rec: dict[str, Any]) -> Document:
    given = {k: _text(rec.get(k)) for k in _JSONL_KNOWN - {"id", "body"}}
    extra = {k: v for k, v in rec.items() if k not in _JSONL_KNOWN}
    return describe(
        str(rec["id"]),
        str(rec["body"]),
        given={k: v for k, v in given.items() if v},
        fallback_title=str(rec["id"]),
        fmt="jsonl",
        extra=extra,
    )


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


__all__ = ["build", "backend_for", "XxgkError"]
