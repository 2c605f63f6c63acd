"""The `xxgk` command line against real indexes."""

from __future__ import annotations

import gzip
import json
import random

from click.testing import CliRunner

from indexer.cli import cli

from .conftest import CORPUS, require_shared


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_search_json_is_exactly_the_api(corpus_index, client):
    idx = str(corpus_index.index)
    out = run("search", "--index", idx, "--json", "--year", "2019", "--sort", "date", "通知")
    api = client.get("/api/search", query_string={"q": "通知", "year": "2019", "sort": "date"})
    assert json.loads(out) == api.get_json()


def test_search_bad_page_is_a_clear_error(corpus_index):
    result = CliRunner().invoke(
        cli, ["search", "--index", str(corpus_index.index), "--page", "x", "通知"]
    )
    assert result.exit_code != 0 and "page" in result.output


def test_status_lists_the_generation(corpus_index):
    out = run("status", "--index", str(corpus_index.index))
    assert "documents:" in out and "gen-" in out


def test_index_reports_bad_files_and_goes_on(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for src in sorted(CORPUS.rglob("*.txt"))[:3]:
        (docs / src.name).write_bytes(src.read_bytes())
    (docs / "broken.pdf").write_bytes(b"%PDF-1.4\n garbage")
    (docs / "empty.docx").write_bytes(b"")
    (docs / "notes.xyz").write_text("hello", encoding="utf-8")
    out = run("index", "--docs", str(docs), "--index", str(tmp_path / "ix"), "--quiet")
    assert "indexed 3 documents" in out
    for name in ("broken.pdf", "empty.docx", "notes.xyz"):
        assert name in out
    status = json.loads(run("status", "--json", "--index", str(tmp_path / "ix")))
    assert {f["path"] for f in status["report"]["failures"]} == {
        "broken.pdf",
        "empty.docx",
        "notes.xyz",
    }


def search_json(index, *args: str) -> dict:
    return json.loads(run("search", "--index", str(index), "--json", *args))


def test_index_jsonl_keeps_ids(tmp_path):
    shared = require_shared()
    with gzip.open(shared / "docs.jsonl.gz", "rt", encoding="utf-8") as fh:
        lines = fh.readlines()
    sample = random.Random(5).sample(lines, 150)
    path = tmp_path / "sample.jsonl"
    path.write_text("".join(sample), encoding="utf-8")
    records = [json.loads(x) for x in sample]
    out = run("index", "--jsonl", str(path), "--index", str(tmp_path / "ix"), "--quiet")
    assert "indexed 150 documents" in out
    ix = tmp_path / "ix"
    assert search_json(ix, "--size", "100")["total"] == 150
    every = set()
    for page in ("1", "2"):
        every |= {h["id"] for h in search_json(ix, "--size", "100", "--page", page)["hits"]}
    assert every == {r["id"] for r in records}
    titled = [r for r in records if r.get("title")][:10]
    for r in titled:
        hits = search_json(ix, "--size", "50", f'"{r["title"]}"')["hits"]
        assert r["id"] in {h["id"] for h in hits}, r["title"]
