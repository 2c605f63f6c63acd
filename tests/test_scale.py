"""`make bench-scale`'s generator and query mix on a small corpus (N=200), and the parallel
segment writer of large builds (engine/writing.py) against the single writer."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import make_settings

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from scale_corpus import DOC_TYPES, TOPICS, YEARS, cited_name, generate, write_jsonl  # noqa: E402
from scale_queries import KINDS, query_set  # noqa: E402

N = 200
REPO = Path(__file__).resolve().parents[1]
_CITED = re.compile(r"依据《([^》]+)》（([^）]+)）")


@pytest.fixture(scope="module")
def corpus():
    return generate(N, seed=3)


def test_generator_is_seeded_and_documents_are_distinct(corpus):
    again = generate(N, seed=3, vocab=corpus.vocab)
    assert [d["body"] for d in again.docs] == [d["body"] for d in corpus.docs]
    other = generate(N, seed=4, vocab=corpus.vocab)
    assert [d["body"] for d in other.docs] != [d["body"] for d in corpus.docs]
    for key in ("id", "body", "doc_number"):
        assert len({d[key] for d in corpus.docs}) == N, key


def test_generator_spreads_departments_years_topics_and_types(corpus):
    docs = corpus.docs
    assert len({d["department"] for d in docs}) >= 40
    assert len({d["date"][:4] for d in docs}) >= 15
    assert len({d["topic"] for d in docs}) >= 20
    assert {d["doc_type"] for d in docs} <= set(DOC_TYPES)
    assert {d["date"][:4] for d in docs} <= {str(y) for y in YEARS}
    assert {d["topic"] for d in docs} <= set(TOPICS)
    mean = sum(len(d["body"]) for d in docs) / N
    assert 900 <= mean <= 1500


def test_generator_writes_gongwen_structure(corpus):
    for d in corpus.docs:
        assert re.match(
            r"^.*关于.+的(通知|办法|意见|规定|决定|通报|批复|方案|实施细则)$", d["title"]
        )
        assert re.fullmatch(r".+〔\d{4}〕\d+号", d["doc_number"])
        assert "一、" in d["body"] or "第一条" in d["body"], d["id"]
        y, m, day = (int(x) for x in d["date"].split("-"))
        assert d["body"].rstrip().endswith(f"{d['department']}\n{y}年{m}月{day}日")


def test_every_citation_names_an_earlier_document(corpus):
    seen: dict[tuple[str, str], str] = {}
    cited = 0
    for d in corpus.docs:
        for title, number in _CITED.findall(d["body"]):
            assert (title, number) in seen, (d["id"], title, number)
            assert seen[(title, number)][:4] < d["date"][:4]
            cited += 1
        seen[(cited_name(d["title"]), d["doc_number"])] = d["date"]
    assert cited >= N // 5


def test_vocabulary_is_zipfian(corpus):
    """High-ranked words are far more frequent than mid-ranked ones, and the tail occurs."""
    text = "".join(d["body"] for d in corpus.docs)
    top = sum(text.count(w) for w in corpus.vocab[:5])
    mid = sum(text.count(w) for w in corpus.vocab[500:505])
    assert top > 20 * max(1, mid)
    assert any(w in text for w in corpus.vocab[2000:3000])


@pytest.fixture(scope="module")
def built(tmp_path_factory, corpus):
    """The generated corpus as JSONL and its index, built once by the real pipeline."""
    from indexer.pipeline import build

    tmp = tmp_path_factory.mktemp("scale")
    jsonl = tmp / "scale.jsonl.gz"
    write_jsonl(corpus, jsonl)
    settings = make_settings(tmp)
    report = build(settings, jsonl=jsonl)
    assert report.indexed == N and not report.failures
    return settings, jsonl


def test_a_generated_corpus_builds_and_answers_every_query_kind(built, corpus):
    from search_app import create_app

    settings, _ = built
    client = create_app(settings).test_client()
    queries = query_set(corpus.vocab, corpus.docs, 1, seed=5)
    assert [k for k, _ in queries] == list(KINDS)
    for kind, args in queries:
        r = client.get("/api/search", query_string=args)
        assert r.status_code == 200, (kind, args, r.data[:200])
        page = json.loads(r.data)
        if kind == "number":  # the 文号 of a generated document finds it first
            assert page["hits"][0]["doc_number"] == args["q"], args
        if kind == "fragment":  # text cut out of a document finds at least that document
            assert page["total"] >= 1, args


def test_bench_scale_serves_a_built_index_beside_another_code(built):
    """``bench/scale.py --index --jsonl --base``: no generation and no build, both codes serve
    the index at once (here both are this checkout, so every answer pair must be identical),
    and the report keeps its last line ``BENCH-SCALE {json}`` with every kind's figures."""
    settings, jsonl = built
    cmd = [sys.executable, str(REPO / "bench" / "scale.py"), "--index", str(settings.index)]
    cmd += ["--jsonl", str(jsonl), "--per-kind", "1", "--base", str(REPO), "--budget-ms", "0"]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=600, cwd=REPO)
    assert out.returncode == 0, out.stderr[-2000:]
    last = out.stdout.strip().splitlines()[-1]
    assert last.startswith("BENCH-SCALE ")
    res = json.loads(last.removeprefix("BENCH-SCALE "))
    assert res["n"] == N and res["reused"] == str(settings.index)
    assert "xxgk_build" not in res and not list(jsonl.parent.glob("baseline*"))
    assert set(res["latency"]) == {*KINDS, "all"} == set(res["base"]["latency"])
    assert res["failed"] == res["base"]["failed"] == 0
    assert res["answers"] == {"identical": len(KINDS), "partial": 0, "differ": []}
    assert "p95 new/old" in out.stdout


def _hits(settings, q: str) -> list[str]:
    from indexer.service import SearchService

    service = SearchService(settings)
    page = service.search(service.request({"q": [q], "size": ["100"]}))
    return [h.doc.doc_id for h in page.hits] + [str(page.total)]


def test_parallel_segments_answer_like_one_writer(tmp_path, corpus):
    """A build split over sub-writer processes (engine/writing.py) holds the same documents
    and answers the same queries, in the same order, as one writer's single segment."""
    from indexer.engine import writing
    from indexer.pipeline import build

    jsonl = tmp_path / "scale.jsonl"
    corpus_60 = generate(60, seed=8, vocab=corpus.vocab)
    write_jsonl(corpus_60, jsonl)
    one = make_settings(tmp_path / "one", index_writers=1)
    two = make_settings(tmp_path / "two", index_writers=2)
    build(one, jsonl=jsonl)
    old = writing.PARALLEL_FROM, writing.BATCH
    writing.PARALLEL_FROM, writing.BATCH = 10, 8
    try:
        build(two, jsonl=jsonl)
    finally:
        writing.PARALLEL_FROM, writing.BATCH = old
    segments = list((two.index).glob("gen-*/*.seg"))
    assert len(segments) >= 2, segments
    assert len(list((one.index).glob("gen-*/*.seg"))) == 1
    doc = corpus_60.docs[17]
    queries = [corpus.vocab[3], corpus.vocab[400], doc["doc_number"], f'"{doc["body"][40:52]}"']
    queries += [f"{corpus.vocab[1]} {corpus.vocab[2]}"]
    for q in queries:
        assert _hits(one, q) == _hits(two, q), q
