"""``index_words`` (the words tantivy's workers pack, without positions) gives exactly the words
of ``tokenize_text`` in index mode, in order: on awkward text, generated documents and a sample
of the shared corpus."""

from __future__ import annotations

import gzip
import itertools
import json
import random

from indexer.pretokenized import PreTokenized
from indexer.segment import index_words, tokenize_text

from .conftest import ANALYSIS, require_shared
from .test_fastcut import AWKWARD, generate

UD = ANALYSIS.user_dict
MORE = [
    "根据阿行署发〔2014〕3号和国务院令第588号，2016年度工作报告5年内有效，3号楼",
    "5年",
    "2019",
    "第",
    "3号",
]


def _differ(texts: list[str]) -> list[str]:
    return [t[:40] for t in texts if index_words(t, UD) != [w for w, *_ in tokenize_text(t, UD)]]


def test_awkward_text():
    assert _differ(AWKWARD + MORE) == []


def test_generated_documents():
    docs = generate(40, seed=12).docs
    assert _differ([d["body"] for d in docs] + [d["title"] for d in docs]) == []


def test_shared_corpus_sample():
    with gzip.open(require_shared() / "docs.jsonl.gz", "rt", encoding="utf-8") as fh:
        records = [json.loads(line) for line in itertools.islice(fh, 3000)]
    sample = random.Random(17).sample(records, 60)
    texts = [str(r.get("body") or "") for r in sample] + [str(r.get("title") or "") for r in sample]
    assert sum(map(len, texts)) > 30_000
    assert _differ(texts) == []


def test_packed_without_positions_carries_those_words():
    packed = PreTokenized.of(MORE[0], UD, positions=False)
    assert packed.words.split("\x00") == [w for w, *_ in tokenize_text(MORE[0], UD)]
    assert str(packed) == MORE[0] and packed.nums == b""
