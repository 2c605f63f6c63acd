"""The weekly update of a tantivy generation: the next one as the current one, updated.

Why: ``make index`` on a folder where little changed must cost little on either engine (issue
10's update, issue 16). As on Whoosh, the new generation starts as hard links to the current
one's files, so the current one keeps serving, untouched, until the atomic swap. tantivy never
rewrites a segment file (a commit writes new segments and new delete files), so its segments
are linked; its two small JSON files (``meta.json``, ``.managed.json``) and our columns file are
copied, since they are the ones replaced. Dropped documents keep their row in the columns file
(an ord no live document has: ``load`` serves only the ords the index holds); added documents
get the next ords. A full rebuild numbers them afresh.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import tantivy

from . import tantivy_store
from .incremental import Fill, restorers
from .tantivy_schema import FOLDER, columns_of, register, to_document

#: Written again by tantivy or by us in the new generation: copied, never hard-linked.
_COPIED = {"meta.json", ".managed.json", tantivy_store.COLUMNS_FILE}


def fill_update(job: Fill, user_dict: str | None) -> tuple[int, dict[str, int]]:
    """``job.path`` = ``job.base`` without ``job.drop``, with ``job.docs`` added, the passes
    run again over the whole set (the ids in ``job.was_passed`` first get their own 时效性
    back); returns the live count and what each pass changed, by name."""
    link_copy(job.base / FOLDER, job.path / FOLDER)
    rows = tantivy_store.load_columns(job.base)
    index = register(tantivy.Index.open(str(job.path / FOLDER)))
    writer = index.writer(heap_size=tantivy_store.HEAP, num_threads=1)
    try:
        for doc_id in sorted(job.drop):
            writer.delete_documents_by_term("doc_id", doc_id)
        for doc in job.docs:
            writer.add_document(to_document(doc, len(rows["doc_id"]), user_dict))
            for name, value in columns_of(doc).items():
                rows[name].append(value)
    except BaseException:
        writer.rollback()
        raise
    writer.commit()
    writer.wait_merging_threads()
    by_ord = [dict(zip(rows, values, strict=True)) for values in zip(*rows.values(), strict=True)]
    first = [restorers(job.entries, job.was_passed)]
    changed = tantivy_store.apply_passes(job.path, by_ord, job.passes, user_dict, first=first)
    tantivy_store.save_columns(job.path, by_ord)
    index.reload()
    return index.searcher().num_docs, changed


def link_copy(src: Path, dst: Path) -> None:
    """tantivy's files of ``src`` in ``dst``: segments hard-linked where the file system
    allows, the files that are replaced copied; lock files left behind."""
    dst.mkdir(parents=True)
    for f in src.iterdir():
        if not f.is_file() or f.name.startswith(".tantivy-") or ".tmp" in f.name:
            continue
        if f.name in _COPIED:
            shutil.copy2(f, dst / f.name)
            continue
        try:
            os.link(f, dst / f.name)
        except OSError:
            shutil.copy2(f, dst / f.name)
