"""Incremental generations: the next generation as a copy of the current one, updated.

Why: a weekly run where little changed must cost little. The new generation starts as hard
links to the current generation's Whoosh files (Whoosh never rewrites a file it has written:
a commit writes new segment files and a new TOC, and deletions live in the TOC), so the current
generation keeps serving, untouched, until the backend's atomic swap.

Each generation keeps a ``manifest.json`` beside its Whoosh files: per document the content
key it was built from and what the cross-document passes need (repeal keys, its version key,
its 时效性 before the passes), and the ids the passes changed. With it the passes run again over
the whole set without reading the stored documents: a notice added this week that repeals one
from 2014 marks the 2014 one 已废止, and a document whose repealer was removed gets its own
时效性 back.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from whoosh.filedb.filestore import FileStorage

from ..citations import keys_of
from ..models import Document
from ..segment import dict_fingerprint
from ..textnorm import title_key
from ..validity import Version, superseded_versions
from . import links
from .records import from_stored, to_fields
from .schema import SCHEMA_VERSION

MANIFEST = "manifest.json"
#: Not carried into the next generation: each generation writes its own.
_OWN_FILES = {MANIFEST, "meta.json", "report.csv"}
#: Past this many segments an update lets Whoosh merge the small ones (searches open each).
MAX_SEGMENTS = 8


def entry(doc: Document, key: str, warnings: list[str]) -> dict[str, Any]:
    """What the manifest keeps of one document as it was written, before the passes."""
    out: dict[str, Any] = {"k": key, "p": [doc.validity, doc.sources.get("validity")]}
    if doc.sha256:
        out["s"] = doc.sha256  # the extraction cache's key: `xxgk cache prune` keeps these
    repeals = keys_of(doc.repeals)
    if repeals:
        out["r"] = repeals
    if doc.date and doc.title:
        out["v"] = [title_key(doc.title), doc.date.isoformat(), list(doc.history)]
    if doc.ocr_pages:
        out["o"] = doc.ocr_pages
    if warnings:
        out["w"] = warnings
    return out


def read_manifest(gen_path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((gen_path / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and "docs" in data else None


def write_manifest(gen_path: Path, manifest: dict[str, Any]) -> None:
    tmp = gen_path / (MANIFEST + ".tmp")
    tmp.write_text(json.dumps(manifest, ensure_ascii=False, separators=(",", ":")), "utf-8")
    os.replace(tmp, gen_path / MANIFEST)


def why_full(backend: Any, rules: str) -> str | None:
    """Why the next generation cannot be an update of the current one, or None if it can.
    (A moved documents folder needs none: sources are compared by id and content.)"""
    name = backend.current_name()
    if name is None:
        return "no index yet"
    meta = backend.status()
    user_dict = str(backend.user_dict) if backend.user_dict else None
    if meta.get("schema_version") != SCHEMA_VERSION:
        return f"index schema changed (v{meta.get('schema_version')} → v{SCHEMA_VERSION})"
    if meta.get("analyzer") != dict_fingerprint(user_dict):
        return "analyzer or user dictionary changed"
    if meta.get("rules") != rules:
        return "extraction, metadata or topic rules changed"
    if read_manifest(backend.root / name) is None:
        return "the current index has no manifest"
    return None


def passes_for(index: Any, docs: dict[str, dict[str, Any]]) -> list[dict[str, links.Update]]:
    """The cross-document passes over the whole set, from the manifest's entries."""
    repeal_keys = {k for e in docs.values() for k in e.get("r", ())}
    versions = [
        Version(
            doc_id,
            e["v"][0],
            dt.date.fromisoformat(e["v"][1]),
            frozenset(dt.date.fromisoformat(h[:10]) for h in e["v"][2]),
        )
        for doc_id, e in docs.items()
        if "v" in e
    ]
    return [
        links.repeal_updates(index, repeal_keys),
        links.version_updates(superseded_versions(versions)),
    ]


def passed_ids(gen_path: Path, docs: dict[str, dict[str, Any]]) -> list[str]:
    """Ids the passes change in a generation built in full (for its manifest)."""
    ix = FileStorage(str(gen_path), supports_mmap=False).open_index()
    return sorted(set().union(*passes_for(ix, docs)))


def update(
    backend: Any,
    base: str,
    docs: Iterable[Document],
    drop: set[str],
    manifest: dict[str, Any],
    was_passed: Iterable[str] = (),
    *,
    force: bool = False,
    info: dict[str, Any] | None = None,
    limitmb: int = 64,
) -> tuple[str, int]:
    """A new generation = ``base`` without ``drop``, with ``docs`` added (their manifest
    entries already in ``manifest["docs"]``), the passes run again (``was_passed``: the ids the
    base's passes changed, which first get their own 时效性 back); then the atomic swap."""
    name = backend._new_name()
    path = backend.root / name
    try:
        _link_copy(backend.root / base, path)
        ix = FileStorage(str(path), supports_mmap=False).open_index()
        writer = ix.writer(limitmb=limitmb)
        try:
            for doc_id in sorted(drop):
                writer.delete_by_term("doc_id", doc_id)
            for doc in docs:
                writer.add_document(**to_fields(doc))
        except BaseException:
            writer.cancel()
            raise
        writer.commit(merge=len(ix._segments()) >= MAX_SEGMENTS)
        ix = FileStorage(str(path), supports_mmap=False).open_index()
        counts, passed = _rewrite(ix, manifest, set(was_passed) - drop)
        count = ix.doc_count()
        backend._guard(count, force)
        meta = {
            "schema_version": SCHEMA_VERSION,
            "analyzer": dict_fingerprint(backend._user_dict_str()),
            "doc_count": count,
            "repealed": counts[0],
            "superseded": counts[1],
            "built_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            "based_on": base,
            **(info or {}),
        }
        write_manifest(path, {**manifest, "passed": passed})
        (path / "meta.json").write_text(
            json.dumps(meta, ensure_ascii=False, indent=1, default=str), encoding="utf-8"
        )
        backend._swap(name)
    except BaseException:
        shutil.rmtree(path, ignore_errors=True)
        raise
    backend._prune()
    return name, count


def _link_copy(src: Path, dst: Path) -> None:
    """The Whoosh files of ``src`` in ``dst``: hard links where the file system allows."""
    dst.mkdir(parents=True)
    for f in src.iterdir():
        if (
            not f.is_file()
            or f.name in _OWN_FILES
            or f.name.endswith(("WRITELOCK", ".lock", ".tmp"))
        ):
            continue
        try:
            os.link(f, dst / f.name)
        except OSError:
            shutil.copy2(f, dst / f.name)


def _rewrite(
    ix: Any, manifest: dict[str, Any], was_passed: set[str]
) -> tuple[list[int], list[str]]:
    """Run the passes over the whole set. A document the last run's passes changed first gets
    its own 时效性 back; a document is re-added only where the result differs from what is
    stored. Returns the per-pass counts (as a full rebuild counts them) and the changed ids."""
    entries = manifest["docs"]
    passes = passes_for(ix, entries)
    wanted = set().union(*passes)
    counts = [0] * len(passes)
    changed: list[tuple[int, Document]] = []
    with ix.searcher() as s:
        for doc_id in sorted(wanted | was_passed):
            docnum = s.document_number(doc_id=doc_id)
            if docnum is None:
                continue
            doc = from_stored(s.stored_fields(docnum))
            before = doc.to_json()
            if doc_id in was_passed:
                _restore(doc, entries[doc_id]["p"])
            for i, updates in enumerate(passes):
                if doc_id in updates and updates[doc_id](doc):
                    counts[i] += 1
            if doc.to_json() != before:
                changed.append((docnum, doc))
    if changed:
        writer = ix.writer(limitmb=32)
        try:
            for docnum, doc in changed:
                writer.delete_document(docnum)
                writer.add_document(**to_fields(doc))
        except BaseException:
            writer.cancel()
            raise
        writer.commit(merge=False)
    return counts, sorted(wanted)


def _restore(doc: Document, before: list[Any]) -> None:
    """The document's 时效性 as its own text or source gave it, before any pass."""
    doc.validity, source = before
    doc.repealed_by, doc.superseded_by = [], []
    if source is None:
        doc.sources.pop("validity", None)
    else:
        doc.sources["validity"] = source
