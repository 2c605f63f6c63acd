"""A question's first articles lend to their neighbours in their law (``fusion.lend``): the
article that answers is often next to the one whose words matched."""

from __future__ import annotations

import pytest

from indexer import articles, fusion, question_articles
from indexer.service import SearchService
from tests.conftest import index_texts

#: Only 第一条 holds the question's words; the others share none of them (nor does the title).
LAW = """某县河道管理规定

第一条 在河道内采砂的，应当向水行政主管部门申请采砂许可证。

第二条 期限届满后，持证人应当停止作业并恢复原状。

第三条 堤防两侧五十米内不得建房。

第四条 汛期期间服从统一调度。

第五条 禁止向水体倾倒垃圾。

第六条 护岸林木不得砍伐。

第七条 违反本规定的，处以罚款。

第八条 本规定自公布之日起施行。
"""
QUESTION = "采砂许可证到哪里申请"


@pytest.fixture(scope="module")
def law_settings(tmp_path_factory):
    return index_texts(tmp_path_factory.mktemp("neighbours"), {"law.txt": LAW})


def _row(anchors: list[str]) -> fusion.Around:
    """Neighbours along one made-up law ``d`` (test data, not our code)."""

    def around(key, reach):
        i = anchors.index(key[1])
        near = range(max(0, i - reach), min(len(anchors), i + reach + 1))
        return [(abs(j - i), ("d", anchors[j])) for j in near if j != i]

    return around


def test_the_first_articles_lend_a_share_of_their_scores_over_the_distance() -> None:
    names = [f"a{i}" for i in range(12)]
    score = {("d", "a3"): 1.0, ("d", "a4"): 0.5, ("e", "x"): 0.7}
    got = fusion.lend(score, lambda key, reach: _row(names)(key, reach) if key[0] == "d" else [])
    share, reach = fusion.NEIGHBOUR_SHARE, fusion.NEIGHBOUR_REACH
    want = dict(score)
    for source, s in ((3, 1.0), (4, 0.5)):  # by hand: each lends what it had before lending
        for j in range(source - reach, source + reach + 1):
            if 0 <= j < len(names) and j != source:
                want[("d", names[j])] = want.get(("d", names[j]), 0.0) + share * s / abs(j - source)
    assert got == pytest.approx(want)
    assert ("d", "a10") not in got  # 6 from a4, 7 from a3: beyond the reach
    assert got[("d", "a3")] == pytest.approx(1.0 + share * 0.5)  # a4 lends its 0.5 back


def test_only_the_first_articles_lend() -> None:
    names = [f"a{i}" for i in range(3)]
    score = {("d", "a0"): 1.0, **{("z", str(i)): 0.9 for i in range(fusion.NEIGHBOUR_TOP)}}
    got = fusion.lend(score, lambda key, reach: _row(names)(key, reach) if key[0] == "d" else [])
    assert ("d", "a1") in got  # a0 is first
    score[("d", "a0")] = 0.1  # now below NEIGHBOUR_TOP others: it lends nothing
    got = fusion.lend(score, lambda key, reach: _row(names)(key, reach) if key[0] == "d" else [])
    assert ("d", "a1") not in got


def test_the_article_index_gives_a_laws_anchors_in_order(law_settings) -> None:
    service = SearchService(law_settings)
    index = service.article_index()
    doc_id = service.search(service.request({"q": ["河道"]})).hits[0].doc.doc_id
    assert index.anchors_of(doc_id) == [a.anchor for a in articles.split(LAW).articles]
    assert index.anchors_of("no-such-document") == []


@pytest.mark.parametrize("source", ["the article index", "the search's documents"])
def test_an_article_next_to_the_matched_one_is_among_a_questions_articles(
    law_settings, source
) -> None:
    service = SearchService(law_settings)
    ud, index = law_settings.analysis.user_dict, service.article_index()
    doc = service.search(service.request({"q": ["河道"]})).hits[0].doc
    if source == "the article index":
        fused = question_articles.fused_articles(QUESTION, [], ud, index, None)
    else:  # no article index: the documents' own cut gives the order
        fused = question_articles.fused_articles(QUESTION, [doc], ud, None, None)
    anchors = [a for d, a in fused if d == doc.doc_id]
    assert anchors[0] == "第一条"  # the one whose words match
    assert "第二条" in anchors and "第六条" in anchors  # 1 and 5 away: lent to
    assert anchors.index("第二条") < anchors.index("第三条") < anchors.index("第六条")
    assert "第七条" not in anchors and "第八条" not in anchors  # 6 and 7 away: beyond the reach
    plain = index.search({w: 1.0 for w in ("采砂", "许可证", "申请")}, k=10)
    assert [c.anchor for c in plain] == ["第一条"]  # without lending, no other article is found
