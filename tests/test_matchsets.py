"""MatchSets on its own (issue 13.6): the same documents as Whoosh's own matching, and loud
when the Whoosh internals its fast path reads change (a slow step is recorded, and these tests
require none for the node types it evaluates itself)."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
from whoosh import index as windex
from whoosh import query
from whoosh.query import spans

from indexer.engine.backend import WhooshBackend
from indexer.engine.matchsets import BLOCK_INTERNALS, MatchSets

from .conftest import index_texts

TEXTS = {
    f"{i:02d}.txt": f"关于{topic}的通知\n各单位：\n{body}\n"
    for i, (topic, body) in enumerate(
        [
            ("住房公积金提取", "职工购买住房可以提取住房公积金。"),
            ("住房公积金贷款", "住房公积金贷款额度调整，购房首付比例下调。"),
            ("进口货物检疫", "海关对进口货物实施检疫，进口食品需申报。"),
            ("出口退税", "海关总署关于出口货物退税的规定。"),
            ("商品房预售", "商品房预售资金监管，住房建设。"),
            ("政务公开", "加强政务公开工作，政府信息公开。"),
            ("住房租赁", "发展住房租赁市场，房屋租赁备案。"),
            ("义务教育招生", "做好义务教育招生入学工作。"),
            ("环境保护", "加强环境保护和污染防治。"),
            ("公积金缴存", "单位和职工缴存住房公积金。"),
            ("进口食品", "进口食品安全管理，海关检疫。"),
            ("房地产市场", "促进房地产市场平稳健康发展，住房消费。"),
        ]
    )
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    settings = index_texts(tmp_path_factory.mktemp("matchsets"), TEXTS)
    return settings.index / WhooshBackend.from_settings(settings).current_name()


def T(word: str, field: str = "body") -> query.Term:
    return query.Term(field, word)


FAST = {
    "term": T("住房"),
    "title term": T("公积金", "title"),
    "absent term": T("量子"),
    "and": query.And([T("住房"), T("公积金")]),
    "or": query.Or([T("海关"), T("租赁")]),
    "and not": query.AndNot(T("住房"), T("租赁")),
    "not": query.And([query.Every(), query.Not(T("公积金", "title"))]),
    "and maybe": query.AndMaybe(T("进口"), T("食品")),
    "nested": query.Or([query.And([T("住房"), query.Or([T("提取"), T("贷款")])]), T("检疫")]),
    "every": query.Every(),
}
FAST |= {
    "phrase": query.Phrase("body", ["进口", "货物"]),  # adjacent words: engine/phrases.py
    "fragment": query.Phrase("grams", ["公积", "积金", "金提"]),  # a quote cut mid-word
    "phrase in a title": query.Phrase("title", ["进口", "货物"]),
}
SLOW = {
    "loose phrase": query.Phrase("body", ["进口", "食品"], slop=3),
    "near": spans.SpanNear2([T("提取"), T("住房公积金")], slop=1, ordered=True, mindist=0),
    "wildcard": query.Wildcard("body", "住*"),
}


def whoosh_docnums(s, q: query.Query) -> set[int]:
    return {h.docnum for h in s.search(q, limit=None)}


@pytest.mark.parametrize("name", sorted(FAST))
def test_fast_kinds_equal_whoosh_and_stay_on_the_fast_path(built, name):
    with windex.open_dir(str(built)).searcher() as s:
        sets = MatchSets(s)
        assert sets.of(FAST[name]) == whoosh_docnums(s, FAST[name])
        assert sets.slow == []
    if name not in ("absent term", "every"):
        assert whoosh_docnums_nonempty(built, FAST[name])


def whoosh_docnums_nonempty(built, q) -> bool:
    with windex.open_dir(str(built)).searcher() as s:
        return bool(whoosh_docnums(s, q))


@pytest.mark.parametrize("name", sorted(SLOW))
def test_other_kinds_are_delegated_correctly_and_recorded(built, name):
    with windex.open_dir(str(built)).searcher() as s:
        sets = MatchSets(s)
        assert sets.of(SLOW[name]) == whoosh_docnums(s, SLOW[name]) != set()
        assert sets.slow and "delegated" in sets.slow[0]


def test_the_internals_the_fast_path_reads_are_there(built):
    """Fails when a Whoosh release renames what the block reader uses."""
    with windex.open_dir(str(built)).searcher() as s:
        for reader, _ in s.reader().leaf_readers():
            m = reader.postings("body", "住房")
            assert [a for a in BLOCK_INTERNALS if not hasattr(m, a)] == []


def deleted_and_added(built, tmp_path, word: str, body: str):
    """A copy of the index with the first document holding ``word`` deleted and one added in
    a second segment: (index, the deleted id)."""
    copy = tmp_path / "ix"
    shutil.copytree(built, copy)
    ix = windex.open_dir(str(copy))
    with ix.searcher() as s:
        victim = s.stored_fields(min(whoosh_docnums(s, T(word))))["doc_id"]
    w = ix.writer()
    w.delete_by_term("doc_id", victim)
    w.add_document(doc_id="new", title="住房公积金新规", body=body)
    w.commit(merge=False)
    return ix, victim


def test_deleted_documents_and_several_segments(built, tmp_path):
    """A deleted document is left out (Whoosh wraps the postings in a FilterMatcher), and a
    second segment's ids are offset: both still on the fast path."""
    ix, victim = deleted_and_added(built, tmp_path, "公积金", "住房公积金 提取 新规")
    with ix.searcher() as s:
        assert len(s.reader().leaf_readers()) >= 2
        for q in (T("公积金"), FAST["and"], FAST["nested"], FAST["not"]):
            sets = MatchSets(s)
            assert sets.of(q) == whoosh_docnums(s, q)
            assert sets.slow == []
        gone = s.document_number(doc_id=victim)
        assert gone is None


def test_postings_arrays_equal_whoosh_walk_and_are_kept_per_generation(built, tmp_path):
    """``postings.read`` (ids and weights, the numbers topk bounds scores with) equals walking
    Whoosh's matcher, over a deletion and two segments; a generation's searchers share one
    bounded cache, and a plain searcher (no generation) keeps nothing."""
    from indexer.engine import livestats, postings

    ix, victim = deleted_and_added(built, tmp_path, "住房", "住房公积金 住房 提取")
    with ix.reader() as r:
        stats = livestats.LiveStats(r)
    with livestats.searcher(ix, stats) as s, livestats.searcher(ix, stats) as other:
        for field, word in (("body", "住房"), ("title", "公积金"), ("body", "量子")):
            walked = []
            for leaf, offset in s.reader().leaf_readers():
                if (field, word) in leaf:
                    m = leaf.postings(field, word)
                    while m.is_active():
                        walked.append((offset + m.id(), m.weight()))
                        m.next()
            ids, weights = postings.read(s, field, word)
            live = postings.live(s)
            pairs = zip(ids.tolist(), weights.tolist(), strict=True)
            kept = [(d, w) for d, w in pairs if live[d]]
            assert kept == walked
            assert postings.read(other, field, word)[0] is ids  # shared, not read again
        assert postings.live(s).sum() == s.doc_count()  # the deleted one is not live
        assert postings.cache_of(s) is postings.cache_of(other) is not None
    with ix.searcher() as plain:
        assert postings.cache_of(plain) is None


def test_field_lengths_read_whole_equal_whoosh_per_document(built, tmp_path):
    """``postings.lengths`` reads a segment's length column as one array; it must equal
    Whoosh's per-document ``doc_field_length`` (what BM25F scores with) over two segments, a
    deletion and an empty title (a 0 byte, which Whoosh reads as None: 0 here)."""
    from indexer.engine import livestats, postings

    ix, _ = deleted_and_added(built, tmp_path, "住房", "住房公积金 住房 提取")
    w = ix.writer()
    w.add_document(doc_id="untitled", title="", body="没有标题的文件 住房")
    w.commit(merge=False)
    with ix.reader() as r:
        stats = livestats.LiveStats(r)
    with livestats.searcher(ix, stats) as s:
        assert len(s.reader().leaf_readers()) >= 3
        for field in ("title", "body", "grams"):
            walked = [
                leaf.doc_field_length(d, field, 0) or 0
                for leaf, _ in s.reader().leaf_readers()
                for d in range(leaf.doc_count_all())
            ]
            assert postings.lengths(s, field).tolist() == walked
        assert 0 in postings.lengths(s, "title").tolist()  # the empty title


def test_the_postings_cache_is_bounded():
    from indexer.engine.postings import Cache

    cache = Cache(max_postings=100)
    arrays = {k: (np.arange(n), np.ones(n)) for k, n in (("a", 40), ("b", 40), ("c", 30))}
    for key, value in arrays.items():
        cache.put(key, value)
    assert cache.held == 70 and cache.get("a") is None and cache.get("c") is not None
    cache.put("huge", (np.arange(101), np.ones(101)))  # larger than the whole cache: not kept
    assert cache.get("huge") is None and cache.held <= 100


@pytest.mark.parametrize("name", ["phrase", "fragment", "phrase in a title"])
def test_phrases_equal_whoosh_when_only_the_rarest_word_is_read(built, name, monkeypatch):
    """With READ_FACTOR 0 a phrase's candidates are the documents of its rarest word alone
    (as for a word in most documents at 100,000): ``phrases.adjacent`` must still check every
    other word at each candidate."""
    from indexer.engine import matchsets

    monkeypatch.setattr(matchsets, "READ_FACTOR", 0)
    with windex.open_dir(str(built)).searcher() as s:
        sets = MatchSets(s)
        assert sets.of(FAST[name]) == whoosh_docnums(s, FAST[name]) != set()
        rarest = min(FAST[name].words, key=lambda w: s.doc_frequency(FAST[name].fieldname, w))
        holding = sets.term(FAST[name].fieldname, rarest)
        assert sets.of(FAST[name]) <= holding


def test_frequencies_walked_to_each_document_equal_those_read_whole(built, tmp_path):
    """``postings.frequencies`` at a few documents skips to each (topk's bounds for a word in
    most documents); read whole or walked, every weight must be the same, over a deletion and
    two segments, for documents with and without the word."""
    from indexer.engine import livestats, postings

    ix, _ = deleted_and_added(built, tmp_path, "住房", "住房公积金 住房 提取")
    with ix.reader() as r:
        stats = livestats.LiveStats(r)
    with livestats.searcher(ix, stats) as s:
        docs = np.flatnonzero(postings.live(s))
        for field, word in (
            ("body", "住房"),
            ("title", "公积金"),
            ("grams", "住房"),
            ("body", "量子"),
        ):
            for picked in (docs, docs[::3], docs[-2:]):
                walked = postings.frequencies(s, field, word, picked, walk=True)
                whole = postings.frequencies(s, field, word, picked, walk=False)
                assert walked.tolist() == whole.tolist()
            if word != "量子":
                assert postings.frequencies(s, field, word, docs, walk=True).any()


def test_a_pinned_phrase_visits_where_it_stands_and_scores_as_whoosh(built):
    """engine/pinned.py: at the documents it is given, a phrase's matcher lands only where the
    phrase stands, with Whoosh's own score there."""
    from indexer.engine import pinned

    with windex.open_dir(str(built)).searcher() as s:
        for name in ("phrase", "fragment", "phrase in a title"):
            q = FAST[name]
            stands = {h.docnum: h.score for h in s.search(q, limit=None)}
            assert stands
            for sub, offset in s.leaf_searchers():
                context = s.context()
                context.scored = list(range(sub.doc_count_all()))  # every document listed
                m = pinned.pin(s, q).matcher(sub, context)
                seen = {}
                while m.is_active():
                    seen[offset + m.id()] = m.score()
                    m.next()
                here = range(offset, offset + sub.doc_count_all())
                assert seen == {d: v for d, v in stands.items() if d in here}
