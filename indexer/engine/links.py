"""Links between indexed documents: citations resolved, "cited by", and the index's side of
the rebuild's cross-document passes: the lookups the passes ask (``Statements``) and the rewrite
of the documents they change (``apply``). The rulings themselves are the lobby's
(indexer/crossdoc.py), run by the build door.

The texts were read by indexer/citations.py at index time; here the keys meet the index. Each
document carries three keyword fields (schema.py, written by ``records.index_keys``): ``cites``
(keys of what it cites), ``repeals`` (keys of what it declares repealed) and ``cite_keys`` (keys
under which others cite it: its 发文字号, its title, the instrument it issues). Every lookup is
one exact Term.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from whoosh import query

from ..citations import Citation, own_keys
from ..models import Document
from ..validity import Stated
from .records import from_stored, to_fields

#: Changes one document in place, or declines (False): ``crossdoc.Update``.
Update = Callable[[Document], bool]
#: The build door's passes: given the lookups, (name, doc id → update) pairs in order.
Passes = Callable[["Statements"], list[tuple[str, dict[str, Update]]]]


def resolve_citations(
    searcher: Any, doc: Document, newest: Any = None
) -> list[tuple[str, list[Document]]]:
    """Each citation with the indexed documents it names (several if several match, the
    newest 20; none if the index lacks it). A number decides when it resolves; the title is
    the fallback. ``newest``: as for ``cited_by``."""
    out = []
    for label in doc.cites:
        citation = Citation.parse(label)
        found: list[Document] = []
        for key in citation.keys:  # number first
            found = _docs(searcher, "cite_keys", [key], doc.doc_id, 20, newest)
            if found:
                break
        out.append((label, found))
    return out


def cited_by(searcher: Any, doc: Document, limit: int = 100, newest: Any = None) -> list[Document]:
    """Documents whose text cites this one (by number, title or issued instrument);
    ``newest``: the generation's per-number place newest first (``ranking.Order.newest``)."""
    keys = own_keys(doc.doc_number, doc.title)
    return _docs(searcher, "cites", keys, doc.doc_id, limit, newest)


def _docs(
    searcher: Any, field: str, keys: list[str], own_id: str, limit: int = 100, newest: Any = None
) -> list[Document]:
    """The newest ``limit`` documents with any of ``keys`` in ``field``, without ``own_id``.
    Sorted before loading (a law cited by hundreds of documents must not load hundreds of
    stored bodies for one page): by ``newest`` where given, whose ties within a date go by
    document id, so an updated index lists them as a full rebuild does; else by date alone."""
    if not keys:
        return []
    q = query.Or([query.Term(field, k) for k in keys])
    if newest is not None:
        numbers = sorted(searcher.docs_for_query(q), key=lambda n: int(newest[n]))
    else:
        dates = searcher.reader().column_reader("date")
        numbers = sorted(searcher.docs_for_query(q), key=lambda n: dates[n], reverse=True)
    docs = (from_stored(searcher.stored_fields(n)) for n in numbers[: limit + 1])
    return [d for d in docs if d.doc_id != own_id][:limit]


class Statements:
    """What the documents of an index state about a citation key: ``crossdoc.Statements``."""

    def __init__(self, searcher: Any) -> None:
        self._searcher = searcher

    def repealing(self, key: str) -> list[Stated]:
        return _stated(self._searcher, "repeals", key)

    def cited_as(self, key: str) -> list[Stated]:
        return _stated(self._searcher, "cite_keys", key)


def apply(index: Any, passes: Passes) -> dict[str, int]:
    """Run the build door's passes against a freshly written index and rewrite the documents
    they change; returns how many documents each pass changed, by name."""
    with index.searcher() as s:
        named = passes(Statements(s))
    counts = rewrite(index, [updates for _, updates in named])
    return {name: n for (name, _), n in zip(named, counts, strict=True)}


def rewrite(index: Any, passes: list[dict[str, Update]]) -> list[int]:
    """Apply the passes' updates in order and re-add the documents any of them changed, in
    one small writer; returns how many documents each pass changed."""
    wanted = sorted(set().union(*passes))
    counts = [0] * len(passes)
    with index.searcher() as s:
        numbers = {doc_id: s.document_number(doc_id=doc_id) for doc_id in wanted}
        docs = [(n, from_stored(s.stored_fields(n))) for n in numbers.values() if n is not None]
    changed = []
    for docnum, doc in docs:
        before = _ruled(doc)
        hits = [i for i, updates in enumerate(passes) if doc.doc_id in updates]
        done = [i for i in hits if passes[i][doc.doc_id](doc)]
        for i in done:
            counts[i] += 1
        if done and _ruled(doc) != before:  # an update re-run on its own result: no rewrite
            changed.append((docnum, doc))
    if not changed:
        return counts
    # The rewritten documents are few: a small pool is enough. (Their analysis here, in the
    # main process, is what the version pass added to indexing's peak memory: 226 → 262 MB.)
    writer = index.writer(limitmb=32)
    try:
        for docnum, doc in changed:
            writer.delete_document(docnum)  # by number: no term lookup in a second reader
            writer.add_document(**to_fields(doc))
    except BaseException:
        writer.cancel()
        raise
    # merge=False: Whoosh would otherwise rewrite the whole (small-by-its-rule) main segment
    # here, which on the real corpus took the indexer's peak memory from 206 to 577 MB.
    writer.commit(merge=False)
    return counts


def _ruled(doc: Document) -> tuple:
    """What the passes rule on, as a value (to see whether an update changed anything)."""
    return (doc.validity, list(doc.repealed_by), list(doc.superseded_by), dict(doc.sources))


def _stated(searcher: Any, field: str, key: str) -> list[Stated]:
    out = []
    for n in searcher.docs_for_query(query.Term(field, key)):
        f = searcher.stored_fields(n)
        date = dt.date.fromisoformat(f["date"]) if f.get("date") else None
        out.append(Stated(f["doc_id"], date, f.get("department") or None))
    return out
