"""TantivyBackend: the engine contract of ``WhooshBackend`` on tantivy (XXGK_ENGINE=tantivy).

Why a second engine: at 10^5–10^6 documents Whoosh answers in seconds where tantivy, a Rust
engine, answers in milliseconds (issue 16). Everything engine-neutral is shared, not copied:
the generation folders, seal, verify, CURRENT swap and pruning (``generations``), the run lock,
the serving reader's fallbacks (``readers.Readers``, given this module's loader), status and
meta, the cross-document passes (the lobby's ``crossdoc``), facets and snippets, suggestions
(``suggest.Vocabulary``). What this engine does not do raises ``NotSupported`` naming it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import tantivy

from ..citations import Citation, own_keys
from ..errors import IndexNotReady
from ..models import Document, SearchPage, SearchRequest
from ..segment import tokenize_text
from . import (
    incremental,
    links,
    tantivy_facets,
    tantivy_search,
    tantivy_store,
    tantivy_suggest,
    tantivy_update,
)
from .backend import WhooshBackend
from .readers import Readers
from .suggest import Vocabulary
from .tantivy_schema import FOLDER, SCHEMA_VERSION, load_record
from .tantivy_search import Order, TantivyGeneration

ENGINE = "tantivy"


class TantivyBackend(WhooshBackend):
    engine = ENGINE
    schema_version = SCHEMA_VERSION
    token_positions = False  # word fields keep frequencies only (tantivy_schema)

    def __init__(self, root: Path, analysis: Any, **kwargs: Any) -> None:
        super().__init__(root, analysis, **kwargs)
        self.readers = Readers(self.root, lambda name: load(self.root, name))

    # ----- writing: the generation machinery is WhooshBackend's; only the filling differs --
    def _fill(
        self, path: Path, docs: Iterable[Document], passes: links.Passes | None, limitmb: int
    ) -> tuple[int, dict[str, int]]:
        """tantivy's part of a rebuild: the documents, the passes, the columns file."""
        rows = tantivy_store.write(path, docs, self.analysis.user_dict)
        changed: dict[str, int] = {}
        if passes is not None and rows:
            changed = tantivy_store.apply_passes(path, rows, passes, self.analysis.user_dict)
        tantivy_store.save_columns(path, rows)
        return len(rows), changed

    def fill_update(self, job: incremental.Fill) -> tuple[int, dict[str, int]]:
        """tantivy's part of an update (``incremental.update`` does the rest)."""
        return tantivy_update.fill_update(job, self.analysis.user_dict)

    # ----- reading ---------------------------------------------------------------------------
    def _probe(self, gen: TantivyGeneration) -> int:  # the health check (WhooshBackend.health)
        return _probe(gen)

    def get(self, doc_id: str) -> Document | None:
        with self.readers.use() as gen:
            found = _docs(gen, _term(gen, "doc_id", doc_id), limit=1)
        return found[0] if found else None

    def with_title(self, key: str, limit: int = 10) -> list[Document]:
        """The documents whose title folds to ``key`` (``textnorm.title_key``), at most
        ``limit``."""
        with self.readers.use() as gen:
            return _docs(gen, _term(gen, "title_key", key), limit=limit) if key else []

    def all_ids(self) -> list[str]:
        with self.readers.use() as gen:
            ids = gen.columns["doc_id"]
            return [ids[o] for o in gen.live]

    def documents(self) -> Iterator[Document]:
        """Every live document, read in one pass (``WhooshBackend.documents``)."""
        with self.readers.use() as gen:
            s = gen.index.searcher()
            every = s.search(tantivy.Query.all_query(), limit=max(1, s.num_docs)).hits
            for _, address in every:
                yield load_record(s.doc(address)["record"][0])

    def resolve_citations(self, doc: Document) -> list[tuple[str, list[Document]]]:
        """Each citation of ``doc`` with the indexed documents it names (number first)."""
        out = []
        with self.readers.use() as gen:
            for label in doc.cites:
                found: list[Document] = []
                for key in Citation.parse(label).keys:
                    found = _newest(gen, "cite_keys", [key], doc.doc_id, 20)
                    if found:
                        break
                out.append((label, found))
        return out

    def cited_by(self, doc: Document) -> list[Document]:
        with self.readers.use() as gen:
            return _newest(gen, "cites", own_keys(doc.doc_number, doc.title), doc.doc_id, 100)

    def search(self, req: SearchRequest, *, facet_limit: int) -> SearchPage:
        with self.readers.use() as gen:
            page = tantivy_search.run(gen, req, self.analysis, facet_limit)
            if req.q.strip():
                page.did_you_mean = tantivy_suggest.did_you_mean(
                    gen,
                    req.q,
                    page,
                    lambda: self._vocabulary(gen),
                    lambda q: tantivy_search.total(gen, replace(req, q=q), self.analysis),
                )
            return page

    def related(self, doc_id: str, limit: int = 5) -> list[Document]:
        """Documents sharing this one's title words (any of them, BM25-ranked)."""
        doc = self.get(doc_id)
        if doc is None:
            return []
        words = [t for t, *_ in tokenize_text(doc.title, self.analysis.user_dict, query=True)]
        words = [w for w in dict.fromkeys(words) if len(w) > 1][:8]
        if not words:
            return []
        with self.readers.use() as gen:
            schema = gen.index.schema
            should = [
                (tantivy.Occur.Should, tantivy.Query.term_query(schema, f, w))
                for w in words
                for f in ("title", "body")
            ]
            q = tantivy.Query.boolean_query(should)
            found = _docs(gen, q, limit=limit + 1)
        return [d for d in found if d.doc_id != doc_id][:limit]

    def vocabulary(self) -> Vocabulary:
        """Titles, departments and title words of the current generation, read once."""
        with self.readers.use() as gen:
            return self._vocabulary(gen)

    def _vocabulary(self, gen: TantivyGeneration) -> Vocabulary:
        if gen.vocabulary is None:
            gen.vocabulary = tantivy_suggest.vocabulary(gen)
        return gen.vocabulary


def load(root: Path, name: str) -> TantivyGeneration:
    """Open one tantivy generation, its columns and each ord's address (the readers' loader)."""
    path = root / name
    try:
        meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
        if meta.get("engine") != ENGINE or meta.get("schema_version") != SCHEMA_VERSION:
            raise ValueError(
                f"it is a {meta.get('engine', 'whoosh')} generation, schema "
                f"{meta.get('schema_version')}; this server expects {ENGINE} {SCHEMA_VERSION}"
            )
        index = tantivy.Index.open(str(path / FOLDER))
        columns = tantivy_store.load_columns(path)
        searcher = index.searcher()
        n = searcher.num_docs
        hits = searcher.search(tantivy.Query.all_query(), limit=max(n, 1), count=False).hits
        addrs: list[Any] = [None] * len(columns["doc_id"])
        ords = searcher.fast_field_values("ord", [a for _, a in hits]) if hits else []
        for (_, a), o in zip(hits, ords, strict=True):
            addrs[o] = a
    except Exception as exc:  # noqa: BLE001 - whatever a damaged folder raises: not servable
        raise IndexNotReady(f"索引无法打开 ({name}): {exc}") from exc
    live = np.flatnonzero([a is not None for a in addrs])  # an update's dropped rows: no address
    gen = TantivyGeneration(name, index, columns, meta, Order.of(columns), addrs=addrs)
    gen.live, gen.sizes = live, tantivy_facets.sizes_of(columns)
    return gen


def _probe(gen: TantivyGeneration) -> int:
    """/healthz: the count, one term's postings and the first stored document."""
    s = gen.index.searcher()
    if s.num_docs:
        first = gen.columns["doc_id"][gen.live[0]]
        s.search(tantivy.Query.term_query(gen.index.schema, "doc_id", first))
        s.doc(gen.addrs[gen.live[0]])
    return s.num_docs


def _term(gen: TantivyGeneration, field: str, value: str) -> tantivy.Query:
    return tantivy.Query.term_query(gen.index.schema, field, value)


def _docs(gen: TantivyGeneration, q: tantivy.Query, limit: int) -> list[Document]:
    s = gen.index.searcher()
    return [load_record(s.doc(a)["record"][0]) for _, a in s.search(q, limit=limit).hits]


def _newest(
    gen: TantivyGeneration, field: str, keys: list[str], own_id: str, limit: int
) -> list[Document]:
    """The newest ``limit`` documents with any of ``keys`` in ``field``, without ``own_id``:
    ordered on the date column before any stored document is read."""
    if not keys:
        return []
    s = gen.index.searcher()
    q = tantivy.Query.boolean_query([(tantivy.Occur.Should, _term(gen, field, k)) for k in keys])
    ords = tantivy_store.matching_ords(gen.index, s, q)
    ords.sort(key=lambda o: gen.order.newest[o])
    docs = (load_record(s.doc(gen.addrs[o])["record"][0]) for o in ords[: limit + 1])
    return [d for d in docs if d.doc_id != own_id][:limit]


__all__ = ["ENGINE", "TantivyBackend", "load"]
