"""An incremental update scores every hit exactly as a full rebuild of the same files does.

Whoosh keeps a deleted (or rewritten) document's postings and length in its segment until the
segment is merged, and its own BM25 statistics (document count, document frequency, field
length totals) count them. An update deletes the old version of every edited or removed file
and a full build deletes what the cross-document passes rewrite, so without care the same
files scored differently after a week of changes than after a rebuild, and a few top 10s came
out in another order. The independent answer here is a full rebuild in another folder.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
from whoosh.filedb.filestore import FileStorage

from indexer.models import SearchRequest
from indexer.pipeline import backend_for, build
from indexer.service import SearchService

from .conftest import make_settings

PHRASES = (
    "加强安全生产监督管理",
    "做好饮用水水源保护工作",
    "推进政府信息公开",
    "落实住房公积金提取政策",
    "开展消防安全检查",
    "规范行政执法行为",
    "提高财政资金使用效益",
    "保障农村饮水安全",
)
QUERIES = ("安全生产", "水源保护", "政府信息公开", "住房公积金 提取", "安全", "消防 检查 执法")


def _text(rng: random.Random, n: int) -> str:
    title = f"关于{rng.choice(PHRASES)}的通知"
    body = "。".join(rng.choice(PHRASES) for _ in range(n))
    return f"{title}\n各有关单位：\n{body}。\n"


def _scores(settings) -> dict[str, list[tuple[str, float]]]:
    service = SearchService(settings)
    out = {}
    for q in QUERIES:
        hits = service.search(SearchRequest(q=q, size=50)).hits
        out[q] = [(h.doc.doc_id, h.score) for h in hits]
    return out


@pytest.fixture(scope="module")
def updated(tmp_path_factory):
    """(settings after a full build and an update with edits, deletions and additions;
    settings of a full rebuild of the same files)."""
    tmp = tmp_path_factory.mktemp("scores")
    docs = tmp / "docs"
    docs.mkdir()
    rng = random.Random(11)
    for i in range(16):
        (docs / f"d{i:02}.txt").write_text(_text(rng, rng.randint(2, 12)), encoding="utf-8")
    inc = make_settings(tmp, docs=docs)
    build(inc)
    for i in (1, 4, 9):  # edited: longer, so their old lengths and terms would linger
        path = docs / f"d{i:02}.txt"
        path.write_text(path.read_text(encoding="utf-8") + _text(rng, 9), encoding="utf-8")
    for i in (2, 7, 12):
        (docs / f"d{i:02}.txt").unlink()
    for i in range(16, 19):
        (docs / f"d{i:02}.txt").write_text(_text(rng, rng.randint(2, 6)), encoding="utf-8")
    assert build(inc).run["mode"] == "update"
    full = inc.replace(index=tmp / "full-index")
    build(full, full=True)
    return inc, full


def _has_deletions(settings) -> bool:
    backend = backend_for(settings)
    with backend.readers.use() as gen, gen.index.reader() as r:
        return r.has_deletions()


def test_the_update_holds_deleted_documents(updated) -> None:
    """The premise: the updated index still holds the old versions (else this proves nothing)."""
    inc, _ = updated
    assert _has_deletions(inc)


def test_every_hit_scores_as_in_a_full_rebuild(updated) -> None:
    inc, full = updated
    got, want = _scores(inc), _scores(full)
    assert all(want[q] for q in QUERIES)  # the queries do match
    for q in QUERIES:
        assert got[q] == want[q], q


def test_live_statistics_are_those_of_the_index_with_deletions_merged_away(
    updated, tmp_path: Path
) -> None:
    """Whoosh's own statistics of a copy whose deletions a full merge removed are the
    independent answer for the statistics the searcher scores with."""
    inc, _ = updated
    backend = backend_for(inc)
    copy = tmp_path / "merged"
    with backend.readers.use() as gen:
        shutil.copytree(gen.index.storage.folder, copy)
        merged = FileStorage(str(copy)).open_index()
        merged.optimize()
        with backend.readers.searcher(gen) as s, merged.searcher() as want:
            assert not want.reader().has_deletions()
            assert s.stats.doc_count == want.doc_count_all()
            for field in ("title", "body", "grams"):
                assert s.field_length(field) == want.field_length(field), field
                terms = [t for t, _ in want.reader().iter_field(field)]
                for text in terms[:: max(1, len(terms) // 60)]:
                    assert s.doc_frequency(field, text) == want.doc_frequency(field, text)
                    assert s.idf(field, text) == want.idf(field, text)


def test_a_document_with_an_empty_field_adds_nothing_to_its_length_total(tmp_path: Path):
    """Whoosh 2.7.5 reads a stored length byte of 0 (an empty title) as None; the live total
    must still be the sum of the other lengths, not a crash of every search (seen on the
    shared corpus, whose one empty title stopped the server)."""
    from whoosh.fields import ID, TEXT, Schema

    from indexer.engine.livestats import LiveStats

    ix = FileStorage(str(tmp_path)).create_index(Schema(id=ID(stored=True), title=TEXT))
    with ix.writer() as w:
        w.add_document(id="a", title="alpha beta gamma")
        w.add_document(id="b", title="")
        w.add_document(id="c", title="delta epsilon")
    with ix.writer() as w:
        w.delete_by_term("id", "c")
    with ix.reader() as r:
        assert LiveStats(r).field_length(r, "title") == 3
