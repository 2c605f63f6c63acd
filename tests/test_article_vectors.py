"""Word vectors learned at index time: a question's articles by meaning, where it shares no word
with them (indexer/article_vectors.py)."""

from __future__ import annotations

import numpy as np
import pytest

from indexer import article_index, article_vectors, articles, fusion, question_articles
from indexer.service import SearchService
from tests.conftest import index_texts, make_settings

LAW = """某市家庭和劳动保障条例

第一条 父母对未成年子女负有抚养、教育和保护的义务。

第二条 用人单位应当按时足额支付劳动报酬。

第三条 本条例自公布之日起施行。
"""
# The text the vectors learn from: 孩子 and 子女, 工资 and 劳动报酬 said in the same places.
USAGE = "\n".join(
    [
        "父母应当抚养教育孩子，关心孩子健康成长。",
        "父母应当抚养教育子女，关心子女健康成长。",
        "单位应当按月发放工资，不得克扣工资。",
        "单位应当按月发放劳动报酬，不得克扣劳动报酬。",
        "本条例自公布之日起施行。",
    ]
    * 120
)
CHILD, WAGES = "孩子归谁管", "工资被拖了"


@pytest.fixture(scope="module")
def vec_settings(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("article-vectors")
    settings = index_texts(tmp, {"law.txt": LAW, "usage.txt": USAGE})
    return settings.replace(article_vectors_min_words=1)


def _built(settings) -> tuple[article_index.ArticleIndex, article_vectors.ArticleVectors]:
    service = SearchService(settings)
    index = service.article_index()
    assert index is not None
    docs = service.backend.documents()
    words = article_vectors.build(docs, index.folder, settings.analysis.user_dict, 10**9, 1)
    assert words > 0
    article_vectors._load.cache_clear()
    vectors = article_vectors.load(index.folder)
    assert vectors is not None
    return index, vectors


def _labels(keys) -> list[str]:
    return [anchor for _, anchor in keys]


def test_a_question_finds_the_article_in_the_laws_word_by_its_meaning(vec_settings) -> None:
    index, vectors = _built(vec_settings)
    ud = vec_settings.analysis.user_dict
    for question, answer in ((CHILD, "第一条"), (WAGES, "第二条")):
        plain = {w: 1.0 for w in article_index.words(question, ud, query=True)}
        assert answer not in [c.anchor for c in index.search(plain)][:1]  # not by its words
        found = question_articles.nearest(question, ud, index, {})
        assert found and found[0][1] == answer, (question, found)


def test_an_articles_vector_is_its_words_weighted_mean_with_the_common_part_out(vec_settings):
    index, vectors = _built(vec_settings)
    ud = vec_settings.analysis.user_dict
    docs = SearchService(vec_settings).backend.documents()
    law = next(d for d in docs if articles.split(d.body or "", d.doc_type).articles)
    second = articles.split(law.body or "", law.doc_type).find("第二条")
    text = f"{law.title or ''}\n{' '.join(second.context)}\n{second.text}"
    ids = [vectors.vocab[w] for w in article_index.words(text, ud) if w in vectors.vocab]
    v = np.asarray(vectors.word_vecs[ids], np.float64).sum(axis=0)  # weighted by SIF already
    v /= np.linalg.norm(v)
    v -= (v @ vectors.pc) * vectors.pc
    v /= np.linalg.norm(v)
    i = [str(a) for a in index.anchors].index("第二条")
    assert np.allclose(vectors.art_vecs[i], v, atol=1e-5)
    assert np.allclose(np.linalg.norm(vectors.art_vecs, axis=1), 1.0, atol=1e-5)


def test_too_little_text_learns_nothing_and_removes_older_vectors(vec_settings) -> None:
    index, _ = _built(vec_settings)
    docs = SearchService(vec_settings).backend.documents()
    ud = vec_settings.analysis.user_dict
    assert article_vectors.build(docs, index.folder, ud, 10**9, 1, least=10**9) == 0
    article_vectors._load.cache_clear()
    assert article_vectors.load(index.folder) is None
    assert question_articles.nearest(CHILD, ud, index, {}) == []


def test_vectors_of_another_cut_of_the_articles_are_not_used(vec_settings, tmp_path) -> None:
    index, vectors = _built(vec_settings)
    np.save(index.folder / "vectors" / "art_vecs.npy", np.asarray(vectors.art_vecs)[:-1])
    article_vectors._load.cache_clear()
    assert len(article_vectors.load(index.folder)) == len(index) - 1
    assert question_articles.nearest(CHILD, vec_settings.analysis.user_dict, index, {}) == []
    _built(vec_settings)  # the module's others get theirs back


def test_the_nearest_list_is_fused_at_its_weight(vec_settings, monkeypatch) -> None:
    index, _ = _built(vec_settings)
    ud = vec_settings.analysis.user_dict
    fused = question_articles.fused_articles(CHILD, [], ud, index, None)
    assert fused[0][1] == "第一条"
    monkeypatch.setattr(fusion, "DENSE_WEIGHT", 0.0)
    assert "第一条" not in _labels(question_articles.fused_articles(CHILD, [], ud, index, None))


def test_the_build_door_learns_them_for_enough_text_and_not_below(tmp_path) -> None:
    texts = {"law.txt": LAW, "usage.txt": USAGE}
    (tmp_path / "small").mkdir()
    small = index_texts(tmp_path / "small", texts)  # default: 2,000,000 words at least
    assert article_vectors.load(SearchService(small).article_index().folder) is None
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in texts.items():
        (docs / name).write_text(text, encoding="utf-8")
    from indexer.pipeline import build

    settings = make_settings(tmp_path, docs=docs, article_vectors_min_words=1)
    report = build(settings)
    assert not any("词向量" in w for w in report.warnings)
    service = SearchService(settings)
    assert article_vectors.load(service.article_index().folder) is not None
    page = service.search(service.request({"q": [CHILD]}))
    assert page.answers and page.answers[0].article.label == "第一条"


def test_an_update_keeps_the_words_its_base_learned_and_makes_the_articles_again(
    tmp_path, monkeypatch
) -> None:
    from indexer.pipeline import build

    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in {"law.txt": LAW, "usage.txt": USAGE}.items():
        (docs / name).write_text(text, encoding="utf-8")
    settings = make_settings(tmp_path, docs=docs, article_vectors_min_words=1)
    build(settings)
    first = article_vectors.load(SearchService(settings).article_index().folder)
    words = dict(first.vocab)

    def relearn(*args):
        raise AssertionError("an update learned the words again")

    monkeypatch.setattr(article_vectors, "_learn", relearn)
    more = LAW.replace("某市家庭和劳动保障条例", "某市子女教育条例").replace("第三条", "第四条")
    (docs / "law2.txt").write_text(more + "\n第五条 学校应当保护子女安全。\n", encoding="utf-8")
    report = build(settings)
    assert report.indexed >= 1 and not report.warnings
    index = SearchService(settings).article_index()
    vectors = article_vectors.load(index.folder)
    assert vectors is not None and vectors.folder != first.folder  # a new generation's
    assert vectors.vocab == words and len(vectors) == len(index) > len(first)
    assert "第五条" in [a for _, a in question_articles.nearest("孩子在学校", None, index, {})][:3]
    report = build(settings)  # nothing changed: nothing to make
    assert not report.warnings
