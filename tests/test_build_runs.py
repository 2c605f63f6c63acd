"""The build's writer patches (engine/fastwrite.py) against Whoosh's own code: runs written in
chunks, lengths read once and postings made without Token objects give the same segment, file
for file, byte for byte."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from whoosh import formats as whoosh_formats
from whoosh import writing as whoosh_writing
from whoosh.filedb.filestore import FileStorage

from .conftest import ANALYSIS

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from scale_corpus import generate  # noqa: E402


def _build(path: Path, docs: list, patched: bool, monkeypatch) -> int:
    """One writer with a 1 MB pool (so it spills runs), with our patches or Whoosh's own code;
    returns how many runs it wrote."""
    from indexer.engine import fastwrite
    from indexer.engine.records import to_fields
    from indexer.engine.schema import build_schema

    pool = fastwrite.ChunkedPostingPool if patched else fastwrite.WHOOSH["PostingPool"]
    flush = fastwrite._flush_segment if patched else fastwrite.WHOOSH["_flush_segment"]
    monkeypatch.setattr(whoosh_writing, "PostingPool", pool)
    monkeypatch.setattr(whoosh_writing.SegmentWriter, "_flush_segment", flush)
    values = fastwrite._word_values if patched else fastwrite.WHOOSH["word_values"]
    monkeypatch.setattr(whoosh_formats.Positions, "word_values", values)
    path.mkdir()
    ix = FileStorage(str(path)).create_index(build_schema(ANALYSIS))
    writer = ix.writer(limitmb=1, compound=False)
    assert type(writer.pool) is pool
    for doc in docs:
        writer.add_document(**to_fields(doc))
    runs = len(writer.pool.runs)
    writer.commit()
    return runs


def _segment_files(path: Path) -> dict[str, bytes]:
    """The segment's files by what follows its (random) name; the TOC, which names it, aside."""
    files = [p for p in path.iterdir() if p.suffix != ".toc" and p.stat().st_size]
    by_kind = {p.name.split(".", 1)[1]: p.read_bytes() for p in files}
    assert len(by_kind) == len(files), files
    return by_kind


@pytest.fixture(scope="module")
def documents():
    """Generated documents as a worker hands them over: title and body pre-tokenised."""
    from indexer.engine.records import title_index_text, to_fields
    from indexer.pipeline import _from_record
    from indexer.pretokenized import PreTokenized

    docs = [_from_record(rec)[0] for rec in generate(40, seed=5).docs]
    for doc in docs:
        doc.prepared["title"] = PreTokenized.of(title_index_text(doc), ANALYSIS.user_dict)
        doc.prepared["body"] = PreTokenized.of(doc.body, ANALYSIS.user_dict)
    assert all(isinstance(to_fields(d)["body"], PreTokenized) for d in docs)
    return docs


def test_patched_writer_writes_the_same_segment(tmp_path, documents, monkeypatch):
    from indexer.engine import fastwrite

    assert fastwrite.WHOOSH["PostingPool"].__module__ == "whoosh.writing"
    runs = _build(tmp_path / "whoosh", documents, False, monkeypatch)
    chunked = _build(tmp_path / "chunked", documents, True, monkeypatch)
    assert runs == chunked >= 3  # the pool spilled: the runs were read back and merged
    ours, theirs = _segment_files(tmp_path / "chunked"), _segment_files(tmp_path / "whoosh")
    assert set(ours) == set(theirs) and "pst" in ours
    for suffix in ours:
        assert ours[suffix] == theirs[suffix], suffix


class _Item:
    pass


@pytest.mark.parametrize("where", ["tasks", "writing"])
def test_a_build_lets_go_of_what_it_handed_out(where):
    """The run's task list (pipeline) and the first documents a parallel build looks at
    (engine/writing.py) are handed out in order and not held after: at 100,000 JSONL records
    the list alone is about 400 MB of text."""
    import gc
    import weakref

    from indexer import tasks
    from indexer.engine import writing

    drained = tasks.drained if where == "tasks" else writing._drained
    items = [_Item() for _ in range(5)]
    refs = [weakref.ref(i) for i in items]
    out = drained(items)
    first = next(out)
    assert first is refs[0]()
    del first
    gc.collect()
    assert refs[0]() is None  # handed out and dropped by the taker: gone
    assert [i is r() for i, r in zip(out, refs[1:], strict=True)] == [True] * 4
    assert items == []
