"""The build door's plan for one run: which sources to read again and which to carry over.

Why: the weekly run should cost what changed, not what exists. Each source has a content key
(a file's sha256 with its sidecar's values; a JSONL record's canonical JSON); the current
generation's manifest (engine/incremental.py) holds the keys it was built from. Equal key:
carried over without extraction. A folder with attachments (附件) is read again as a whole when
any file of it changes, since its files are linked to each other. Everything that depends on
other documents is recomputed by the engine over the whole set.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from .config import Settings
from .crossdoc import CrossDocument, Pass
from .engine import incremental
from .engine.incremental import entry
from .ingest import attachments
from .ingest.cache import GLOBAL_VERSION, cut_short
from .models import Document
from .progress import Phases
from .run_report import Failure, Report
from .validity import Version

_PACKAGE = Path(__file__).parent
#: Code whose change can change a Document made from the same bytes: a change forces a full
#: rebuild (the first run after an upgrade), and says so.
_RULE_CODE = (
    "ingest",
    "citations.py",
    "validity.py",
    "textnorm.py",
    "models.py",
    "segment.py",
    "pipeline.py",
    "tasks.py",
    "reindex.py",
    "engine/records.py",
    "engine/docstore.py",
)
#: Runs listed on /status (each generation's meta.json carries the list on, under HISTORY:
#: the backend's status already has "runs", the run lock's log).
RUN_HISTORY = 20
HISTORY = "history"
HISTORY_KEYS = ("at", "seconds", "mode", "new", "changed", "removed", "unchanged", "failed")
#: Failures that depend on the machine's load rather than the file: always tried again.
_RETRY_KINDS = {"timeout", "crashed"}


def rules_fingerprint(settings: Settings) -> str:
    """A hash of the rules that turn bytes into Documents (code, topic catalogue, limits)."""
    h = hashlib.sha256(f"{GLOBAL_VERSION}:{settings.max_file_mb}:{settings.ocr_steps}".encode())
    for name in _RULE_CODE:
        path = _PACKAGE / name
        for f in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            h.update(f.relative_to(_PACKAGE).as_posix().encode() + f.read_bytes())
    topics = Path(settings.topics_file)
    h.update(topics.read_bytes() if topics.is_file() else b"")
    return h.hexdigest()[:16]


def content_key(task: tuple) -> str:
    """What a source's document is made from: equal keys, equal documents."""
    if task[0] == "file":
        side = json.dumps(task[2], sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(f"{task[1].sha256}\n{side}".encode()).hexdigest()
    canon = json.dumps(task[1], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canon.encode()).hexdigest()


@dataclass
class Plan:
    """New, changed, removed and unchanged sources against the current generation."""

    keys: dict[str, str]  # source id → content key, in source order
    base: str | None = None  # the generation to update; None: a full rebuild
    reason: str | None = None  # why a full rebuild
    old: dict[str, Any] = field(default_factory=dict)  # the base's manifest
    new: set[str] = field(default_factory=set)
    changed: set[str] = field(default_factory=set)
    removed: set[str] = field(default_factory=set)
    relinked: set[str] = field(default_factory=set)  # unchanged, read again with their folder
    carried_failures: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def compare(cls, keys: dict[str, str], base: str, manifest: dict[str, Any]) -> Plan:
        plan = cls(keys, base, old=manifest)
        docs, failed = manifest["docs"], manifest.get("failed", {})
        for sid, key in keys.items():
            before = docs.get(sid) or failed.get(sid)
            if before is None:
                plan.new.add(sid)
            elif before["k"] != key or before.get("kind") in _RETRY_KINDS:
                plan.changed.add(sid)
            elif cut_short(before.get("w", ())):  # read at a busy moment: read it whole
                plan.changed.add(sid)
            elif sid in failed and sid not in docs:
                plan.carried_failures[sid] = failed[sid]
        plan.removed = set(docs) - set(keys)
        plan.relinked = plan._folders_to_relink() - plan.new - plan.changed
        return plan

    def _folders_to_relink(self) -> set[str]:
        touched = {attachments.folder(s) for s in self.new | self.changed | self.removed}
        every = set(self.keys) | self.removed
        linked = {attachments.folder(s) for s in every if attachments.parse_name(s)}
        return {s for s in self.keys if attachments.folder(s) in touched & linked}

    @cached_property
    def todo(self) -> set[str]:
        """Sources to read (all of them in a full rebuild)."""
        if self.base is None:
            return set(self.keys)
        return self.new | self.changed | self.relinked

    @property
    def drop(self) -> set[str]:
        """Documents of the base generation that the update deletes (some are re-added)."""
        return (self.removed | self.todo) & set(self.old.get("docs", {}))

    def carried(self) -> dict[str, dict[str, Any]]:
        """Manifest entries of the documents carried over unread."""
        if self.base is None:
            return {}
        todo = self.todo
        return {s: e for s, e in self.old["docs"].items() if s in self.keys and s not in todo}

    def counts(self) -> dict[str, int]:
        if self.base is None:
            return {"new": len(self.keys), "changed": 0, "removed": 0, "unchanged": 0}
        unchanged = len(self.keys) - len(self.new) - len(self.changed)
        new, changed, removed = len(self.new), len(self.changed), len(self.removed)
        return {"new": new, "changed": changed, "removed": removed, "unchanged": unchanged}


def past_runs(status: dict[str, Any]) -> list[dict[str, Any]]:
    """The run history the current generation carries, room made for this run."""
    return list(status.get(HISTORY) or [])[-(RUN_HISTORY - 1) :]


def tap(
    docs: Iterable[Document], plan: Plan, manifest: dict[str, Any], report: Report
) -> Iterator[Document]:
    """Pass documents through, noting each one's manifest entry; at the end, the warnings
    this run gave each document and the sources that failed (so that a later run can repeat
    them without reading the files again)."""
    entries = manifest["docs"]
    warned_before = len(report.warnings)
    for doc in docs:
        entries[doc.doc_id] = entry(doc, plan.keys.get(doc.doc_id, ""), [])
        yield doc
    for w in report.warnings[warned_before:]:
        doc_id = w.split(": ", 1)[0]
        if doc_id in entries and doc_id in plan.todo:
            entries[doc_id].setdefault("w", []).append(w)
    manifest["failed"] = failed_entries(plan, report.failures)


def failed_entries(plan: Plan, failures: list[Failure]) -> dict[str, dict[str, Any]]:
    """The manifest's record of sources that gave no document, to carry them next time."""
    out = dict(plan.carried_failures)
    for f in failures:
        if f.path in plan.keys and f.path not in out:
            out[f.path] = {"k": plan.keys[f.path], "reason": f.reason, "kind": f.kind}
    return out


def carry_into(report: Report, plan: Plan, carried: dict[str, dict[str, Any]]) -> None:
    """Put the carried documents' warnings and failures into this run's report."""
    report.failures.extend(
        Failure(s, e["reason"], e["kind"]) for s, e in plan.carried_failures.items()
    )
    report.warnings.extend(w for e in carried.values() for w in e.get("w", ()))


def ocr_totals(entries: dict[str, dict[str, Any]]) -> tuple[int, int]:
    """Documents with OCR'd pages and their pages, over the whole generation."""
    pages = [e.get("o", 0) for e in entries.values()]
    return sum(1 for p in pages if p), sum(pages)


def plan_run(backend: Any, settings: Settings, tasks: dict[str, tuple], full: bool) -> Plan:
    """Compare the sources (id → task) with the current generation, or plan a full rebuild
    and say why."""
    keys = {sid: content_key(task) for sid, task in tasks.items()}
    reason = "full rebuild asked for (--full)" if full else None
    reason = reason or incremental.why_full(backend, rules_fingerprint(settings))
    if reason:
        return Plan(keys, reason=reason)
    base = backend.current_name() or ""
    return Plan.compare(keys, base, incremental.read_manifest(backend.root / base) or {})


def write(
    backend: Any,
    plan: Plan,
    docs: Iterable[Document],
    manifest: dict[str, Any],
    force: bool,
    info: dict[str, Any],
) -> tuple[str, int]:
    """Update the current generation, or build one in full; either way the cross-document
    passes are crossdoc's, the same for both, and the manifest notes the ids they changed."""
    passed: set[str] = set()
    if plan.base is not None:
        return incremental.update(
            backend,
            plan.base,
            docs,
            plan.drop,
            manifest,
            _noting(passed, lambda: cross_of(manifest["docs"])),
            plan.old.get("passed", ()),
            passed=passed,
            force=force,
            info=info,
        )
    cross = CrossDocument()
    docs = cross.watch(docs)
    name, count = backend.rebuild(
        docs, passes=_noting(passed, lambda: cross), force=force, info=info
    )
    incremental.write_manifest(backend.root / name, {**manifest, "passed": sorted(passed)})
    return name, count


def cross_of(entries: dict[str, dict[str, Any]]) -> CrossDocument:
    """What the passes need of the whole set, from the manifest's entries (carried documents
    are not read again): the same facts ``CrossDocument.watch`` notes while streaming."""
    cross = CrossDocument()
    for doc_id, e in entries.items():
        cross.repeal_keys.update(k for key in e.get("r", ()) for k in key.split("\n") if k)
        if "v" in e:
            history = frozenset(dt.date.fromisoformat(h[:10]) for h in e["v"][2])
            cross.versions.append(
                Version(doc_id, e["v"][0], dt.date.fromisoformat(e["v"][1]), history)
            )
    return cross


def _noting(passed: set[str], cross: Callable[[], CrossDocument]) -> Any:
    """The passes of ``cross()`` (taken when the index asks: after every document streamed),
    noting into ``passed`` the ids they concern, for the manifest."""

    def passes(statements: Any) -> list[Pass]:
        named = cross().passes(statements)
        passed.update(*(updates for _, updates in named))
        return named

    return passes


def close_report(
    report: Report, plan: Plan, manifest: dict[str, Any], phases: Phases, run: dict[str, Any]
) -> dict[str, Any]:
    """Complete the report of a written generation: the carried documents' failures and
    warnings, OCR over the whole set, the closing summary in ``report.run``; returns the
    run's line for the history."""
    carry_into(report, plan, plan.carried())
    report.ocr, report.ocr_pages = ocr_totals(manifest["docs"])
    report.seconds = time.perf_counter() - run.pop("t0")
    report.run = _run_summary(plan, report, run, phases)
    return {k: report.run[k] for k in HISTORY_KEYS}


def _run_summary(plan: Plan, report: Report, run: dict, phases: Phases) -> dict[str, Any]:
    """The closing summary: what changed, what failed, where the time went."""
    summary = report.summary()
    return {
        "at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "mode": "update" if plan.base else "full",
        "reason": plan.reason,
        **plan.counts(),
        "read": len(plan.todo),
        "failed": summary["failed"],
        "skipped": summary["skipped"],
        "indexed": report.indexed,
        "generation": report.generation,
        "seconds": round(report.seconds, 2),
        "phases": phases.rounded(),
        **run,
    }
