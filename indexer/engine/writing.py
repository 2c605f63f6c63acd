"""Writing a full generation's postings: one writer for a small build, parallel segments for a
large one.

Whoosh's writer does all its work in one process: it analyses every field (the character
field alone is two tokens per character), pools the postings, and at commit sorts the whole
pool externally (``SortingPool._merge_runs``). A 1,000-document profile of the build spent 43 %
of the writer's time in ``add_document`` and 49 % in that final sort, and the extraction
workers were idle most of the time: the writer was the bottleneck. Above ``parallel_from``
documents the postings go to ``writers`` sub-writer processes (Whoosh's ``MpWriter`` with
``multisegment``), each analysing, sorting and writing its own segment, so both cores work and
no single sort covers everything. Segments are not merged afterwards: a merge re-sorts every
posting in one process, which is what this avoids; searching reads a few segments as one.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from typing import Any

from whoosh.index import Index

from ..errors import RebuildRefused
from ..models import Document
from .records import to_fields

#: Builds smaller than this use one writer: forking sub-writers costs more than it saves, and
#: a test's handful of documents stays in one segment.
PARALLEL_FROM = 2000

#: Documents per job file a sub-writer takes (Whoosh's ``batchsize``): small enough that both
#: sub-writers start early, large enough that handing out jobs costs little.
BATCH = 64


def write_all(
    ix: Index,
    docs: Iterable[Document],
    *,
    limitmb: int,
    writers: int = 1,
    parallel_from: int | None = None,
) -> int:
    """Add every document to ``ix`` and commit; returns the count. Raises RebuildRefused when
    the committed index does not hold every document (a sub-writer that died loses its part)."""
    from . import fastwrite  # noqa: F401 - its writer patches, before any writer (a server never)

    it, parallel_from = iter(docs), PARALLEL_FROM if parallel_from is None else parallel_from
    head = list(itertools.islice(it, parallel_from)) if writers > 1 else []
    parallel = writers > 1 and len(head) >= parallel_from
    writer = _writer(ix, limitmb, writers if parallel else 1)
    # the first documents are let go as they are written, not held to the end of the build
    it, head = itertools.chain(_drained(head), it), []
    count = 0
    try:
        for doc in it:
            writer.add_document(**to_fields(doc))
            count += 1
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
    written = ix.refresh().doc_count_all()
    if written != count:
        raise RebuildRefused(f"the index writers stored {written} of {count} documents")
    return count


def _drained(items: list) -> Iterator:
    """The list's items in order, each let go of as it is handed out."""
    items.reverse()
    while items:
        yield items.pop()


def _writer(ix: Index, limitmb: int, writers: int) -> Any:
    if writers <= 1:
        return ix.writer(limitmb=limitmb)
    # limitmb is each sub-writer's pool before it spills a sorted run to disk
    return ix.writer(procs=writers, multisegment=True, batchsize=BATCH, limitmb=limitmb)
