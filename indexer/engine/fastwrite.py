"""Whoosh's segment writer (2.7.5, pinned) with two per-posting costs cut, byte for byte.

A generated document makes about 1,640 postings (words, sub-words, the character field), and a
full build's sub-writers spend most of their time moving them: each is a tuple sorted into a
run on disk when the pool is full, read back and merged at commit, then written. A 5,000-document
profile of the build (py-spy, every process) put 79 % of all CPU in the sub-writers, 12 % in
``_write_run`` and 12 % in ``_read_run`` (one ``marshal`` call per posting), and a one-writer
cProfile put a quarter of the commit in ``doc_field_length`` (four calls per posting to read a
length the segment already holds). Here:

* a run is a series of marshalled lists of ``CHUNK`` postings: the same postings in the same
  order, one call per chunk (a run lives only while its writer does);
* the commit reads each field's lengths once into a list (``_Lengths``);
* our analyzers' tokens become postings without a Whoosh Token object each (``_word_values``).

So the segment is the same byte for byte (``tests/test_build_runs.py``). Installed by importing
this module (``writing.write_all`` does, so a server never loads Whoosh's writer): sub-writers
are forked after it, so they use it too.
Whoosh's ``MpWriter`` without ``multisegment`` reads runs itself and is never used with it.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable, Iterator
from marshal import dump, load
from typing import Any

from whoosh import formats, writing

from ..char_grams import char_grams
from ..pretokenized import PreTokenized
from .analyzer import CharGramAnalyzer, ChineseAnalyzer

#: Postings per marshalled list: large enough that the per-call cost vanishes, small enough
#: that a merge holding one chunk per run (up to 128 runs) stays within a few MB.
CHUNK = 2048


class ChunkedPostingPool(writing.PostingPool):
    """``PostingPool`` whose runs are marshalled lists of up to ``CHUNK`` postings."""

    def _write_run(self, f: Any, items: Iterable[tuple]) -> None:
        it = iter(items)
        try:
            while chunk := list(itertools.islice(it, CHUNK)):
                dump(chunk, f, 2)
        finally:
            f.close()

    def _read_run(self, path: str) -> Iterator[tuple]:
        f = self._open_run(path)
        try:
            while True:
                try:
                    chunk = load(f)
                except EOFError:
                    return
                yield from chunk
        finally:
            f.close()
            self._remove_run(path)


class _Lengths:
    """The per-document reader's field lengths, each field's read once into a list."""

    def __init__(self, pdr: Any) -> None:
        self._pdr, self._cache, self._n = pdr, {}, pdr.doc_count_all()

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        lengths = self._cache.get(fieldname)
        if lengths is None:
            read = self._pdr.doc_field_length
            lengths = self._cache[fieldname] = [read(d, fieldname) for d in range(self._n)]
        return lengths[docnum] if docnum < self._n else default


def _flush_segment(self: Any) -> None:
    """``SegmentWriter._flush_segment`` with the lengths read once per field."""
    self.perdocwriter.close()
    pdr = self.per_document_reader() if self.codec.length_stats else None
    postings = self.pool.iter_postings()
    self.fieldwriter.add_postings(self.schema, _Lengths(pdr) if pdr else None, postings)
    self.fieldwriter.close()
    if pdr:
        pdr.close()


def _word_values(self: Any, value: Any, analyzer: Any, **kwargs: Any) -> Iterator[tuple]:
    """``Positions.word_values`` without a Token object per token for our two analyzers' index
    mode: the character field's grams (``char_grams.char_grams``, 77 % of a generated document's
    postings) and the words a worker pre-tokenised. The same (term, count, weight, positions)
    in the same order; a term seen once in a document (most grams) encodes from a cache."""
    if kwargs.get("mode") != "index" or kwargs.get("start_pos"):
        return WHOOSH["word_values"](self, value, analyzer, **kwargs)
    if type(analyzer) is CharGramAnalyzer and isinstance(value, str):
        return _values(self, ((g, k >> 1) for k, g in enumerate(char_grams(value))))
    if type(analyzer) is ChineseAnalyzer and isinstance(value, PreTokenized):
        return _values(self, ((w, p) for w, p, _, _ in value.tokens()))
    return WHOOSH["word_values"](self, value, analyzer, **kwargs)


def _values(self: Any, pairs: Iterable[tuple[str, int]]) -> Iterator[tuple]:
    poses: dict[str, list[int]] = {}
    for text, pos in pairs:
        seen = poses.get(text)
        if seen is None:
            poses[text] = [pos]
        else:
            seen.append(pos)
    fb, encode = self.field_boost, self.encode
    one = _one if type(self).encode is formats.Positions.encode else lambda p: encode([p])
    for text, poslist in poses.items():
        n = len(poslist)
        yield text, n, float(n) * fb, one(poslist[0]) if n == 1 else encode(poslist)


@functools.lru_cache(maxsize=8192)  # positions within a document's first few thousand words
def _one(pos: int) -> bytes:
    """``Positions.encode([pos])``, which does not depend on the format object."""
    return formats.Positions.encode(None, [pos])


#: Whoosh's own, for the test that holds the patches to them.
WHOOSH = {
    "PostingPool": writing.PostingPool,
    "_flush_segment": writing.SegmentWriter._flush_segment,
    "word_values": formats.Positions.word_values,
}
writing.PostingPool = ChunkedPostingPool  # SegmentWriter names the class at its creation
writing.SegmentWriter._flush_segment = _flush_segment
formats.Positions.word_values = _word_values
