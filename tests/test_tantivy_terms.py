"""The tantivy index holds exactly our tokens (issue 16): its word fields, quote pairs and
single characters, read back term by term from a generation the real pipeline built, equal
what ``segment`` and ``compact`` give for the stored documents.

tantivy's own tokenizers only split the strings we hand over (spaces for words and pairs,
one character at a time for ``grams``); a token that such a split cut in two, or a text that
lost a character, would show here as a term too many or too few.
"""

from __future__ import annotations

import importlib.util
import json

import pytest

from indexer.engine.choice import backend_for
from indexer.engine.records import grams_text, title_index_text
from indexer.segment import tokenize_text

from .conftest import make_settings

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("tantivy") is None, reason="the tantivy wheel is not installed"
)

#: Text where a split could go wrong: Latin with digits and dots, 文号 in running text, a
#: number with its unit, full-width and traditional forms, another script, an emoji, tabs.
TEXTS = [
    "依据GB/T 9704-2012《党政机关公文格式》，按照阿行署发〔2014〕3号执行，有效期5年。",
    "港府發〔2024〕3號：ＡＢＣ１２３ 全角\t制表符\n换行，第5.1.1条，浓度0.10g/L，github.com。",
    "ئۇيغۇرچە خەت بىلەن يېزىلغان ئۇقتۇرۇش 与 Кириллица 混排 😀 的文本。",
    "关于做好2019年住房公积金提取工作的通知（试行）　第一条 职工可以提取住房公积金。",
]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from indexer.pipeline import build

    tmp = tmp_path_factory.mktemp("tantivy-terms")
    rows = [{"id": f"t{i}", "title": f"测试文件{i}号", "body": t} for i, t in enumerate(TEXTS)]
    path = tmp / "terms.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    settings = make_settings(tmp, engine="tantivy")
    assert build(settings, jsonl=path).indexed == len(rows)
    backend = backend_for(settings)
    docs = [backend.get(r["id"]) for r in rows]
    with backend.readers.use() as gen:
        searcher = gen.index.searcher()
        terms = {
            f: {t for t, _ in searcher.terms_with_prefix(f, "")}
            for f in ("title", "body", "bigrams", "grams")
        }
    return docs, terms, settings.analysis.user_dict


def _tokens(text: str, user_dict: str | None) -> set[str]:
    return {t for t, *_ in tokenize_text(text, user_dict)}


def test_word_fields_hold_our_tokens_and_nothing_else(built):
    docs, terms, user_dict = built
    assert terms["body"] == set().union(*(_tokens(d.body, user_dict) for d in docs))
    titles = set().union(*(_tokens(title_index_text(d), user_dict) for d in docs))
    assert terms["title"] == titles
    assert {"阿行署发〔2014〕3号", "5年", "9704"} <= terms["body"]


def test_quote_fields_hold_every_pair_and_character_of_the_compact_text(built):
    from indexer.engine.tantivy_schema import quoted

    docs, terms, _ = built
    texts = [quoted(grams_text(d)) for d in docs]
    assert terms["bigrams"] == {t[i : i + 2] for t in texts for i in range(len(t) - 1)}
    assert terms["grams"] == set("".join(texts))
    assert not any(ch.isspace() for t in terms["bigrams"] for ch in t)
