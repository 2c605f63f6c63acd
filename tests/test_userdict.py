"""Department names from the corpus itself feed the jieba user dictionary."""

from __future__ import annotations

import json

from click.testing import CliRunner

from indexer.cli import cli
from indexer.ingest.userdict import department_words, merge
from indexer.segment import tokenize_text

from .conftest import REPO


def test_department_words_split_joint_issuers_and_rank_by_use():
    names = ["海关总署 农业农村部", "海关总署", None, "", "国务院", "x"]
    assert department_words(names) == ["海关总署", "农业农村部", "国务院"]
    assert department_words(names, min_count=2) == ["海关总署"]


def test_merge_appends_only_new_words():
    text = "# c\n海关总署 100\n"
    assert merge(text, ["海关总署", "国务院"]) == "# c\n海关总署 100\n国务院\n"


def test_cli_lists_the_corpus_departments(tmp_path):
    truth = json.loads((REPO / "tests" / "fixtures" / "corpus_truth.json").read_text("utf-8"))
    path = tmp_path / "docs.jsonl"
    rows = [
        {"id": k, "body": "正文", "department": v["department"]}
        for k, v in truth["documents"].items()
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    out = CliRunner().invoke(cli, ["userdict", "--jsonl", str(path)]).output.split()
    assert set(out) == {v["department"] for v in truth["documents"].values() if v["department"]}


def test_shipped_dictionary_keeps_department_names_whole():
    toks = [
        t
        for t, *_ in tokenize_text(
            "浙江省人民代表大会常务委员会关于", str(REPO / "indexer/data/userdict.txt"), query=True
        )
    ]
    assert toks[0] == "浙江省人民代表大会常务委员会"
