"""Links between indexed documents: citations resolved, "cited by", and the rebuild's
cross-document passes (repeals, newer versions of a law), applied in one ``rewrite``.

The texts were read by indexer/citations.py at index time; here the keys meet the index. Each
document carries three keyword fields (schema.py): ``cites`` (keys of what it cites),
``repeals`` (keys of what it declares repealed) and ``cite_keys`` (keys under which others cite
it: its 发文字号, its title, the instrument it issues). Every lookup is one exact Term.

Called by WhooshBackend (the only owner of the index); ``to_document``/``to_fields`` are its
stored-fields ↔ Document converters, passed in so this module does not import the backend.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from whoosh import query

from ..citations import Citation, keys_of, own_keys
from ..models import Document
from ..validity import EXPIRED, REPEALED, Stated, repealed_targets

ToDocument = Callable[[dict[str, Any]], Document]
#: Sources whose 时效性 the repeal pass must not overrule: the CMS said so explicitly.
_GIVEN = ("sidecar", "page")


def index_keys(doc: Document) -> dict[str, str]:
    """The three keyword fields of a document, one key a line."""
    return {
        "cites": "\n".join(keys_of(doc.cites)),
        "repeals": "\n".join(keys_of(doc.repeals)),
        "cite_keys": "\n".join(own_keys(doc.doc_number, doc.title)),
    }


def resolve_citations(
    searcher: Any, doc: Document, to_document: ToDocument
) -> list[tuple[str, list[Document]]]:
    """Each citation with the indexed documents it names (several if several match, the
    newest 20; none if the index lacks it). A number decides when it resolves; the title is
    the fallback."""
    out = []
    for label in doc.cites:
        citation = Citation.parse(label)
        found: list[Document] = []
        for key in citation.keys:  # number first
            found = _docs(searcher, "cite_keys", [key], doc.doc_id, to_document, limit=20)
            if found:
                break
        out.append((label, found))
    return out


def cited_by(
    searcher: Any, doc: Document, to_document: ToDocument, limit: int = 100
) -> list[Document]:
    """Documents whose text cites this one (by number, title or issued instrument)."""
    keys = own_keys(doc.doc_number, doc.title)
    return _docs(searcher, "cites", keys, doc.doc_id, to_document, limit)


def _docs(
    searcher: Any,
    field: str,
    keys: list[str],
    own_id: str,
    to_document: ToDocument,
    limit: int = 100,
) -> list[Document]:
    """The newest ``limit`` documents with any of ``keys`` in ``field``, without ``own_id``.
    Sorted on the date column before loading: a law cited by hundreds of documents must not
    load hundreds of stored bodies for one page."""
    if not keys:
        return []
    q = query.Or([query.Term(field, k) for k in keys])
    dates = searcher.reader().column_reader("date")
    numbers = sorted(searcher.docs_for_query(q), key=lambda n: dates[n], reverse=True)
    docs = (to_document(searcher.stored_fields(n)) for n in numbers[: limit + 1])
    return [d for d in docs if d.doc_id != own_id][:limit]


Update = Callable[[Document], bool]


def repeal_updates(index: Any, repeal_keys: Iterable[str]) -> dict[str, Update]:
    """The cross-document pass of a rebuild: every document that a later indexed one repeals
    becomes 已废止 (unless the CMS stated its status)."""
    changed: dict[str, list[str]] = {}
    with index.searcher() as s:
        for key in sorted(repeal_keys):
            repealers = _stated(s, "repeals", key)
            targets = _stated(s, "cite_keys", key)
            for target, by in repealed_targets(key, repealers, targets).items():
                changed.setdefault(target, []).extend(by)

    def repeal(doc: Document) -> bool:
        if doc.sources.get("validity") in _GIVEN:
            return False
        doc.validity = REPEALED
        doc.repealed_by = sorted(set(changed[doc.doc_id]))
        doc.sources["validity"] = "repeal"
        return True

    return dict.fromkeys(changed, repeal)


def version_updates(superseded: dict[str, list[str]]) -> dict[str, Update]:
    """Every older version of a law (``validity.superseded_versions``) links to its newer
    ones and becomes 已失效, unless the CMS stated its status or a repeal decided it."""

    def supersede(doc: Document) -> bool:
        doc.superseded_by = superseded[doc.doc_id]
        if doc.sources.get("validity") not in (*_GIVEN, "repeal"):
            doc.validity = EXPIRED
            doc.sources["validity"] = "version"
        return True

    return dict.fromkeys(superseded, supersede)


def rewrite(
    index: Any,
    passes: list[dict[str, Update]],
    to_document: ToDocument,
    to_fields: Callable[[Document], dict[str, Any]],
) -> list[int]:
    """Apply the passes' updates in order and re-add the documents any of them changed, in
    one small writer; returns how many documents each pass changed."""
    wanted = sorted(set().union(*passes))
    counts = [0] * len(passes)
    with index.searcher() as s:
        numbers = {doc_id: s.document_number(doc_id=doc_id) for doc_id in wanted}
        docs = [(n, to_document(s.stored_fields(n))) for n in numbers.values() if n is not None]
    changed = []
    for docnum, doc in docs:
        hits = [i for i, updates in enumerate(passes) if doc.doc_id in updates]
        done = [i for i in hits if passes[i][doc.doc_id](doc)]
        for i in done:
            counts[i] += 1
        if done:
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


def _stated(searcher: Any, field: str, key: str) -> list[Stated]:
    out = []
    for n in searcher.docs_for_query(query.Term(field, key)):
        f = searcher.stored_fields(n)
        date = dt.date.fromisoformat(f["date"]) if f.get("date") else None
        out.append(Stated(f["doc_id"], date, f.get("department") or None))
    return out
