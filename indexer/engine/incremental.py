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

import functools
import json
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh.filedb.filestore import FileStorage

from ..citations import keys_of
from ..models import Document
from ..segment import dict_fingerprint
from ..textnorm import title_key
from . import generations, links, runlock
from .records import to_fields
from .schema import SCHEMA_VERSION

MANIFEST = "manifest.json"
#: Not carried into the next generation: each generation writes its own (and its own marker).
_OWN_FILES = {MANIFEST, *generations.UNSEALED}
#: Past this many segments an update lets Whoosh merge the small ones (searches open each).
MAX_SEGMENTS = 8


@dataclass(frozen=True)
class Fill:
    """One update's filling, whichever engine writes it (``_fill`` for Whoosh,
    ``TantivyBackend.fill_update`` for tantivy): ``path`` = ``base`` without ``drop``, with
    ``docs`` added, the passes run again over the whole set, the ids in ``was_passed`` first
    getting their own 时效性 back (from their manifest ``entries``). One object, so the
    engines' entry points cannot drift apart parameter by parameter."""

    base: Path
    path: Path
    docs: Iterable[Document]
    drop: set[str]
    entries: dict[str, dict[str, Any]]
    passes: links.Passes
    was_passed: set[str]
    limitmb: int = 64


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
    engine = getattr(backend, "engine", "whoosh")
    if meta.get("engine", "whoosh") != engine:
        return f"engine changed ({meta.get('engine', 'whoosh')} → {engine})"
    schema = getattr(backend, "schema_version", SCHEMA_VERSION)
    if meta.get("schema_version") != schema:
        return f"index schema changed (v{meta.get('schema_version')} → v{schema})"
    if meta.get("analyzer") != dict_fingerprint(backend.analysis.user_dict):
        return "analyzer or user dictionary changed"
    if meta.get("rules") != rules:
        return "extraction, metadata or topic rules changed"
    if read_manifest(backend.root / name) is None:
        return "the current index has no manifest"
    return None


def update(
    backend: Any,
    base: str,
    docs: Iterable[Document],
    drop: set[str],
    manifest: dict[str, Any],
    passes: links.Passes,
    was_passed: Iterable[str] = (),
    *,
    passed: set[str],
    force: bool = False,
    info: dict[str, Any] | None = None,
    limitmb: int = 64,
) -> tuple[str, int]:
    """A new generation = ``base`` without ``drop``, with ``docs`` added (their manifest
    entries already in ``manifest["docs"]``), the build door's ``passes`` run again over the
    whole set (``was_passed``: the ids the base's passes changed, which first get their own
    时效性 back; ``passed`` is filled with the ids this run's passes concern); then sealed,
    verified and swapped in like a rebuild, under the same run lock."""
    with runlock.run_lock(backend.root) as facts:
        name, count = _update(
            backend,
            base,
            docs,
            drop,
            manifest,
            passes,
            set(was_passed) - drop,
            passed,
            force,
            info,
            limitmb,
        )
        facts.update(generation=name, documents=count, based_on=base)
        return name, count


def _update(
    backend: Any,
    base: str,
    docs: Iterable[Document],
    drop: set[str],
    manifest: dict[str, Any],
    passes: links.Passes,
    was_passed: set[str],
    passed: set[str],
    force: bool,
    info: dict[str, Any] | None,
    limitmb: int,
) -> tuple[str, int]:
    previous = backend.readers.serving()[0]  # the good one now: pruning must keep it
    path = generations.new_folder(backend.root)
    name = path.name
    try:
        fill = _fill if backend.engine == "whoosh" else backend.fill_update
        job = Fill(
            backend.root / base, path, docs, drop, manifest["docs"], passes, was_passed, limitmb
        )
        count, changed = fill(job)
        backend._guard(count, force)
        meta = {**backend.meta_for(count), **changed, "based_on": base, **(info or {})}
        (path / "meta.json").write_text(
            json.dumps(meta, ensure_ascii=False, indent=1, default=str), encoding="utf-8"
        )
        write_manifest(path, {**manifest, "passed": sorted(passed)})
        backend.switch_to(path)
    except BaseException:
        shutil.rmtree(path, ignore_errors=True)
        raise
    generations.prune(backend.root, backend.keep_generations, {name, previous or name})
    return name, count


def _fill(job: Fill) -> tuple[int, dict[str, int]]:
    """Whoosh's part of an update (tantivy's is ``TantivyBackend.fill_update``): ``path`` as
    ``base`` hard-linked, ``drop`` deleted, ``docs`` added, the passes again; returns the
    count and what each pass changed."""
    _link_copy(job.base, job.path)
    ix = FileStorage(str(job.path), supports_mmap=False).open_index()
    _write(ix, job.docs, job.drop, job.limitmb)
    ix = FileStorage(str(job.path), supports_mmap=False).open_index()
    changed = _rewrite(ix, job.entries, job.passes, job.was_passed)
    return ix.doc_count(), changed


def _write(ix: Any, docs: Iterable[Document], drop: set[str], limitmb: int) -> None:
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


def _link_copy(src: Path, dst: Path) -> None:
    """The Whoosh files of ``src`` in ``dst``: hard links where the file system allows."""
    dst.mkdir(parents=True, exist_ok=True)  # generations.new_folder made it
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
    ix: Any, entries: dict[str, dict[str, Any]], passes: links.Passes, was_passed: set[str]
) -> dict[str, int]:
    """Run the passes over the whole set (``links.rewrite``, as a rebuild does), a document
    the last run's passes changed first getting its own 时效性 back; returns the per-pass
    counts by name, as a full rebuild counts them."""
    with ix.searcher() as s:
        named = passes(links.Statements(s))
    counts = links.rewrite(ix, [restorers(entries, was_passed), *(u for _, u in named)])
    return {n: c for (n, _), c in zip(named, counts[1:], strict=True)}


def restorers(entries: dict[str, dict[str, Any]], ids: set[str]) -> dict[str, links.Update]:
    """An update per id giving the document its own 时效性 back (the first of the passes, on
    either engine)."""
    return {i: functools.partial(_restore, entries[i]["p"]) for i in ids}


def _restore(before: list[Any], doc: Document) -> bool:
    """The document's 时效性 as its own text or source gave it, before any pass; False when
    it already was (then nothing needs rewriting for it)."""
    was = (doc.validity, doc.repealed_by, doc.superseded_by, doc.sources.get("validity"))
    doc.validity, source = before
    doc.repealed_by, doc.superseded_by = [], []
    if source is None:
        doc.sources.pop("validity", None)
    else:
        doc.sources["validity"] = source
    return was != (doc.validity, [], [], source)
