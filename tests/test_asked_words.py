"""Words earlier questions teach: a question's words stand for the article words of the
articles that answered questions like it (indexer/asked_words.py), and the article index
searched with them brings the answering article to a question that shares no word with it."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from indexer import article_index, asked_words, question_articles
from indexer.errors import ConfigError
from indexer.service import SearchService
from tests.conftest import index_texts
from tests.test_article_index import LAW_A, LAW_B, NOTICE
from tests.test_asked import stard_questions

#: Earlier questions in a citizen's words, each answered by LAW_A's 第二条 (劳动报酬), which
#: shares none of their words; and one answered by 第三条 (加班费).
PAID = "用人单位 应当 按时 足额 支付 劳动报酬 不得 拖欠"
EARLIER = [
    ("老板三个月不发钱怎么办", PAID),
    ("老板半年不发钱能告吗", PAID),
    ("干了活老板一直不发钱", PAID),
    ("周末干活老板给不给钱", "用人单位 安排 加班 应当 支付 加班费"),
]
NEW = "老板一年不发钱怎么办"
#: The thresholds are shares (a word in more than 5 % of the questions, an article word in
#: more than about 5 % of the articles): a realistic memory and index hold many unrelated ones.
OTHER_QUESTIONS = [(f"第{n}件事务怎么办", "本市 事务 部门 管理") for n in range(100)]
OTHER_LAW = "某市事务管理规定\n\n" + "\n\n".join(
    f"第{n}条 本市第{n}项事务由有关部门管理。" for n in range(1, 61)
)


@pytest.fixture(scope="module")
def law_settings(tmp_path_factory):
    texts = {"a.txt": LAW_A, "b.txt": LAW_B, "c.txt": OTHER_LAW, "n.txt": NOTICE}
    return index_texts(tmp_path_factory.mktemp("asked-words"), texts)


def _pairs(path: Path, lines=EARLIER) -> Path:
    rows = ["# test pairs"] + [f"{q}\t{words}" for q, words in [*lines, *OTHER_QUESTIONS]]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    asked_words.load.cache_clear()
    return path


def _words(settings, text: str) -> dict[str, float]:
    return {w: 1.0 for w in article_index.words(text, settings.analysis.user_dict, query=True)}


def test_a_question_word_stands_for_the_words_of_the_articles_it_was_answered_by(
    law_settings, tmp_path
) -> None:
    ud = law_settings.analysis.user_dict
    index = SearchService(law_settings).article_index()
    learned = asked_words.load(_pairs(tmp_path / "p.tsv"), ud)
    got = learned.expand(_words(law_settings, NEW), index.idf)
    # 劳动报酬 is in the three pairs of 老板 … 不发钱 and rarer among the articles than 用人单位
    assert "劳动报酬" in got
    # the best at WEIGHT times the known part of the question (一年: in no earlier question),
    # by hand: each word's BM25 IDF among the questions, a word in 2+ of them known
    cut = [set(_words(law_settings, q)) for q, _ in [*EARLIER, *OTHER_QUESTIONS]]
    df = {w: sum(w in c for c in cut) for w in _words(law_settings, NEW)}
    rare = {w: math.log(1 + (len(cut) - n + 0.5) / (n + 0.5)) for w, n in df.items()}
    uncommon = [w for w, n in df.items() if n <= asked_words.COMMON_QUESTION_WORD * len(cut)]
    share = sum(rare[w] for w in uncommon if df[w] >= 2) / sum(rare[w] for w in uncommon)
    assert df["一年"] == 0 and 0 < share < 1
    want = asked_words.WEIGHT * share**asked_words.KNOWN_POWER
    assert max(got.values()) == pytest.approx(want) and want < asked_words.WEIGHT
    everything_known = learned.expand(_words(law_settings, "老板不发钱"), index.idf)
    assert max(everything_known.values()) == pytest.approx(asked_words.WEIGHT)
    assert not set(got) & set(_words(law_settings, NEW))  # the question's own words are searched
    assert "加班费" not in got  # one pair holds it: one question's accident
    assert all(index.idf(a) >= asked_words.MIN_IDF for a in got)
    # the question itself left out: its pairs do not count (two of 老板 … 不发钱's three remain)
    left = learned.expand(_words(law_settings, EARLIER[0][0]), index.idf, EARLIER[0][0])
    kept = learned.expand(_words(law_settings, EARLIER[0][0]), index.idf)
    assert "劳动报酬" in left and left != {} and kept
    two = asked_words.load(_pairs(tmp_path / "two.tsv", EARLIER[1:]), ud)
    alone = two.expand(_words(law_settings, EARLIER[1][0]), index.idf, EARLIER[1][0])
    assert "劳动报酬" not in alone  # one pair left: nothing taught


def test_a_word_in_many_earlier_questions_teaches_nothing(law_settings, tmp_path) -> None:
    ud = law_settings.analysis.user_dict
    index = SearchService(law_settings).article_index()
    learned = asked_words.load(_pairs(tmp_path / "p.tsv"), ud)
    assert "怎么办" in learned.common and "老板" not in learned.common  # 101 and 4 of 104
    assert learned.expand(_words(law_settings, "怎么办"), index.idf) == {}
    assert learned.expand({}, index.idf) == {}


def test_a_pairs_line_without_both_columns_is_a_configuration_error(tmp_path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("老板不发钱怎么办\n", encoding="utf-8")
    asked_words.load.cache_clear()
    with pytest.raises(ConfigError, match="bad.tsv:1"):
        asked_words.load(bad, None)


def test_a_question_finds_the_article_only_the_taught_words_reach(law_settings, tmp_path) -> None:
    ud = law_settings.analysis.user_dict
    service = SearchService(law_settings)
    index = service.article_index()
    law = next(h.doc for h in service.search(service.request({"q": ["劳动者"]})).hits)
    paid = (law.doc_id, "第二条")
    pairs = _pairs(tmp_path / "p.tsv")
    assert paid not in [(c.doc_id, c.anchor) for c in index.search(_words(law_settings, NEW))]
    fused = question_articles.fused_articles(NEW, [], ud, index, None, taught=pairs)
    assert fused[0] == paid
    assert paid not in question_articles.fused_articles(NEW, [], ud, index, None, taught=None)


def test_the_page_answers_with_the_articles_the_taught_words_reach(law_settings, tmp_path) -> None:
    """Through the service: the question's search finds the tenancy law only (房东 read as
    出租人); the taught words bring the unpaid-pay article of another law above the hits."""
    empty = tmp_path / "empty.tsv"
    empty.write_text("# nothing learned\n", encoding="utf-8")
    asked = "房东一年不发钱怎么办"
    got = {}
    for name, pairs in (("taught", _pairs(tmp_path / "p.tsv")), ("untaught", empty)):
        service = SearchService(law_settings.replace(asked_words=pairs))
        page = service.search(service.request({"q": [asked]}))
        assert {h.doc.title for h in page.hits} == {"某市房屋租赁管理办法"}
        got[name] = [(a.title, a.article.label) for a in page.answers]
    assert ("某市劳动者权益保障条例", "第二条") in got["taught"]
    assert ("某市劳动者权益保障条例", "第二条") not in got["untaught"]


def test_the_shipped_pairs_hold_no_dev_question() -> None:
    """STARD's dev split is never learned from: no dev question is in asked_words.tsv."""
    train, dev_only = stard_questions()
    learned = asked_words.load(asked_words.DEFAULT_ASKED_WORDS, None)
    assert len(learned.asked) > 1000
    assert set(learned.asked) <= train
    assert not set(learned.asked) & dev_only
