"""Writing a tantivy generation: documents, the cross-document passes, the columns file.

A generation's tantivy index sits in its ``tantivy/`` folder; beside it ``columns.json`` holds
per document (by its ``ord``) what search, facets and ordering need without loading a stored
document (``tantivy_schema.COLUMNS``). Both are written before the seal, so the generation
machinery (generations.py: marker, verify, swap, prune) treats them like any other file.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import tantivy

from ..models import Document
from ..validity import Stated
from . import links
from .tantivy_schema import (
    COLUMNS,
    FOLDER,
    build_schema,
    columns_of,
    load_record,
    register,
    to_document,
)

COLUMNS_FILE = "columns.json"
HEAP = 64_000_000  # the writer's memory (the Whoosh writer's limitmb is 64 too)


def write(path: Path, docs: Iterable[Document], user_dict: str | None) -> list[dict[str, str]]:
    """Every document into ``path/tantivy`` (one writer thread: the machine's other core
    belongs to the extraction workers); returns the column rows, by ord."""
    folder = path / FOLDER
    folder.mkdir()
    index = register(tantivy.Index(build_schema(), path=str(folder), reuse=False))
    writer = index.writer(heap_size=HEAP, num_threads=1)
    rows: list[dict[str, str]] = []
    try:
        for doc in docs:
            writer.add_document(to_document(doc, len(rows), user_dict))
            rows.append(columns_of(doc))
    except BaseException:
        writer.rollback()
        raise
    writer.commit()
    writer.wait_merging_threads()
    return rows


def apply_passes(
    path: Path,
    rows: list[dict[str, str]],
    passes: links.Passes,
    user_dict: str | None,
    first: list[dict[str, links.Update]] | None = None,
) -> dict[str, int]:
    """The build door's passes over the written index (as ``links.apply`` does for Whoosh),
    after the updates in ``first`` (an update's restoring of 时效性): the lookups answered
    from the keyword fields, the changed documents re-written with the same ord; returns how
    many each pass changed, by name."""
    index = register(tantivy.Index.open(str(path / FOLDER)))
    index.reload()
    named = passes(Statements(index, rows))
    skip = len(first or [])
    updates = [*(first or []), *(u for _, u in named)]
    counts = [0] * len(updates)
    changed: list[tuple[int, Document]] = []
    searcher = index.searcher()
    for doc_id in sorted(set().union(*updates)):
        found = searcher.search(_term(index, "doc_id", doc_id), limit=1).hits
        if not found:
            continue
        addr = found[0][1]
        ord_ = searcher.fast_field_values("ord", [addr])[0]
        doc = load_record(searcher.doc(addr)["record"][0])
        before = links._ruled(doc)
        done = [i for i, u in enumerate(updates) if doc_id in u and u[doc_id](doc)]
        for i in done:
            counts[i] += 1
        if done and links._ruled(doc) != before:
            changed.append((ord_, doc))
    if changed:
        writer = index.writer(heap_size=HEAP, num_threads=1)
        for ord_, doc in changed:
            writer.delete_documents_by_term("doc_id", doc.doc_id)
            writer.add_document(to_document(doc, ord_, user_dict))
            rows[ord_] = columns_of(doc)
        writer.commit()
        writer.wait_merging_threads()
    return {name: n for (name, _), n in zip(named, counts[skip:], strict=True)}


class Statements:
    """What the documents state about a citation key: ``crossdoc.Statements``, for tantivy."""

    def __init__(self, index: tantivy.Index, rows: list[dict[str, str]]) -> None:
        self._index, self._rows = index, rows
        self._searcher = index.searcher()

    def repealing(self, key: str) -> list[Stated]:
        return self._stated("repeals", key)

    def cited_as(self, key: str) -> list[Stated]:
        return self._stated("cite_keys", key)

    def _stated(self, field: str, key: str) -> list[Stated]:
        ords = matching_ords(self._index, self._searcher, _term(self._index, field, key))
        out = []
        for o in ords:
            row = self._rows[o]
            date = dt.date.fromisoformat(row["date"]) if row["date"] else None
            out.append(Stated(row["doc_id"], date, row["department"] or None))
        return out


def matching_ords(index: tantivy.Index, searcher: Any, q: tantivy.Query) -> list[int]:
    """The ords of every document ``q`` matches (unscored order)."""
    n = searcher.num_docs
    if n == 0:
        return []
    hits = searcher.search(q, limit=n, count=False).hits
    return searcher.fast_field_values("ord", [a for _, a in hits]) if hits else []


def _term(index: tantivy.Index, field: str, value: str) -> tantivy.Query:
    return tantivy.Query.term_query(index.schema, field, value)


def save_columns(path: Path, rows: list[dict[str, str]]) -> None:
    """Column-wise (one list per field): a third of the size of one object per row."""
    data = {name: [r[name] for r in rows] for name in COLUMNS}
    (path / COLUMNS_FILE).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def load_columns(path: Path) -> dict[str, list[str]]:
    data = json.loads((path / COLUMNS_FILE).read_text(encoding="utf-8"))
    missing = [c for c in COLUMNS if c not in data]
    if missing:
        raise ValueError(f"{COLUMNS_FILE} lacks {', '.join(missing)}")
    return data
