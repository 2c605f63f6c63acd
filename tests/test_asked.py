"""Questions asked before: a new question finds its article through the earlier questions most
like it (indexer/asked.py), and the shipped memory holds STARD's train split only."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from indexer import answers, articles, asked, question_articles, recall
from indexer.errors import ConfigError
from indexer.textnorm import title_key
from tests.conftest import index_texts, require_shared
from tests.test_answers import LAW, NOTICE

#: Earlier questions in a citizen's words; the first is answered by 第三条 (申请支付令), which
#: shares none of its content words.
EARLIER = {
    "老板三个月不给钱我能找法院吗": "第三条",
    "本条例什么时候开始生效": "第五条",
    "加班有没有额外的钱": "第四条",
}
#: A new question like the first earlier one, in other words again.
NEW = "老板半年不给钱能找法院吗"


def _words(text: str) -> list[str]:
    """Character pairs: enough to tell the toy questions apart, independent of jieba."""
    text = re.sub(r"\W", "", text)
    return [text[i : i + 2] for i in range(len(text) - 1)]


def _memory_file(path, title: str, outline: articles.Outline, prefix_of=None) -> None:
    lines = ["# test memory"]
    for question, label in EARLIER.items():
        art = next(a for a in outline.articles if a.label == label)
        prefix = prefix_of(art) if prefix_of else re.sub(r"\s+", "", art.text)[: asked.PREFIX]
        lines.append(f"{question}\t{title}\t{art.anchor}\t{prefix}\t某市条例{label}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_the_nearest_earlier_question_votes_for_its_article(tmp_path) -> None:
    outline = articles.split(LAW, "条例")
    path = tmp_path / "asked.tsv"
    _memory_file(path, "某市劳动者权益保障条例", outline)
    near = asked.Neighbours(asked.load(path), _words)
    # by hand: the new question shares 老板 / 不给 / 给钱 / 找法 / 法院 … only with the first
    shared = [len(set(_words(NEW)) & set(_words(q))) for q in EARLIER]
    assert shared.index(max(shared)) == 0
    votes = near.vote(NEW)
    best = max(votes, key=votes.get)
    assert (best.title, best.anchor) == (title_key("某市劳动者权益保障条例"), "第三条")
    assert all(v > 0 for v in votes.values())
    assert near.vote("台风天气停课通知") == {}  # like no earlier question: no vote
    first = next(iter(EARLIER))
    # the question itself left out, as when the memory is scored on its own questions
    assert all(near.memory.questions[i] != first for i, _ in near.nearest(first, skip=first))


def test_a_memory_line_without_five_columns_is_a_configuration_error(tmp_path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("# header\n问题\tlaw-1\t第三条\t用人单位\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="bad.tsv:2"):
        asked.load(bad)


@pytest.fixture(scope="module")
def law_service(tmp_path_factory):
    from indexer.service import SearchService

    settings = index_texts(tmp_path_factory.mktemp("asked"), {"law.txt": LAW, "n.txt": NOTICE})
    return SearchService(settings)


def _law(service):
    hits = service.search(service.request({"q": ["劳动者"]})).hits
    return next(h.doc for h in hits if "条例" in (h.doc.title or ""))


def test_a_question_reaches_the_article_earlier_questions_were_answered_by(
    law_service, tmp_path
) -> None:
    law = _law(law_service)
    path = tmp_path / "asked.tsv"
    _memory_file(path, law.title, answers.outline(law))
    ud = law_service.settings.analysis.user_dict
    # the search found no document: the memory fetches the law and names its article
    ranked, docs = question_articles.rank_articles(
        NEW, [], ud, fetch=law_service.with_title, asked_file=path
    )
    assert [d.doc_id for d in docs] == [law.doc_id]
    assert ranked[0].article.label == "第三条"
    without, _ = question_articles.rank_articles(NEW, [], ud, asked_file=path)
    assert without == []  # without the memory nothing in hand answers


def test_an_answer_whose_text_the_document_no_longer_holds_gets_no_vote(
    law_service, tmp_path
) -> None:
    law = _law(law_service)
    path = tmp_path / "asked.tsv"
    _memory_file(path, law.title, answers.outline(law), prefix_of=lambda a: "另一版本的条文开头")
    gone = tmp_path / "gone.tsv"
    _memory_file(gone, "某市不存在的条例", answers.outline(law))
    ud = law_service.settings.analysis.user_dict
    for memory in (path, gone):
        votes, added = recall.recalled(NEW, [], ud, law_service.with_title, memory)
        assert votes == {}
    assert added == []


def stard_questions() -> tuple[set[str], set[str]]:
    """STARD's train questions and the dev questions no train question repeats, as the shipped
    data files write them (whitespace squeezed); skips without ../shared."""
    stard = require_shared() / "eval" / "stard"
    split = Path(__file__).parents[1] / "bench" / "stard_split.json"
    dev = set(json.loads(split.read_text(encoding="utf-8"))["dev"])
    texts = {}
    with open(stard / "queries.jsonl", encoding="utf-8") as fh:
        for line in fh:
            q = json.loads(line)
            texts[q["query_id"]] = re.sub(r"\s+", " ", q["query"]).strip()
    train = {t for qid, t in texts.items() if qid not in dev}
    return train, {t for qid, t in texts.items() if qid in dev} - train


def test_the_shipped_memory_holds_no_dev_question() -> None:
    """STARD's dev split is never learned from: no dev question is in indexer/data/asked.tsv."""
    train, dev_only = stard_questions()
    memory = asked.load()
    assert len(memory.questions) > 1000
    assert set(memory.questions) <= train
    assert not set(memory.questions) & dev_only


def test_the_article_shown_under_a_hit_is_the_one_earlier_questions_were_answered_by(
    law_service, tmp_path
) -> None:
    from indexer.service import SearchService

    law = _law(law_service)
    second = answers.outline(law).find("第二条")  # 适用范围: none of the question's words
    prefix = re.sub(r"\s+", "", second.text)[: asked.PREFIX]
    path = tmp_path / "asked.tsv"
    earlier = ["外地公司欠我劳动报酬能去哪里告", "外地公司拖欠劳动报酬去哪里告"]
    path.write_text(
        "".join(f"{q}\t{law.title}\t第二条\t{prefix}\t条例第二条\n" for q in earlier),
        encoding="utf-8",
    )
    question = "外地公司欠劳动报酬去哪里告吗"

    def shown(service) -> list[str]:
        hits = service.search(service.request({"q": [question]})).hits
        hit = next(h for h in hits if h.doc.doc_id == law.doc_id)
        return [a.label for a in hit.articles]

    assert shown(law_service)[0] == "第三条"  # its words alone: 劳动报酬 is in 第三条
    remembering = SearchService(law_service.settings.replace(asked=path))
    assert shown(remembering)[0] == "第二条"


def test_an_index_with_other_document_ids_still_gets_the_vote(tmp_path) -> None:
    """The memory names a law by its title, not by one corpus's document id: an office's own
    index, whose ids differ (here: other file names), resolves the voted law all the same,
    and an index without that law gets no vote however its ids collide."""
    from indexer.service import SearchService

    path = tmp_path / "asked.tsv"
    _memory_file(path, "某市劳动者权益保障条例", articles.split(LAW, "条例"))
    found = {}
    for name in ("office-a/条例.txt", "office-b/劳动条例2024.txt"):
        root = tmp_path / name.split("/")[0]
        root.mkdir()
        service = SearchService(index_texts(root, {name.split("/")[1]: LAW, "n.txt": NOTICE}))
        ud = service.settings.analysis.user_dict
        ranked, docs = question_articles.rank_articles(
            NEW, [], ud, fetch=service.with_title, asked_file=path
        )
        assert ranked and ranked[0].article.label == "第三条"
        found[name] = docs[ranked[0].doc].doc_id
    assert len(set(found.values())) == 2  # two indexes, two ids, one law
    bare = tmp_path / "bare"
    bare.mkdir()
    other = SearchService(index_texts(bare, {"law.txt": NOTICE}))
    ud = other.settings.analysis.user_dict
    assert recall.recalled(NEW, [], ud, other.with_title, path) == ({}, [])


def test_a_question_only_loosely_like_an_earlier_one_gets_no_vote_past_the_gate(tmp_path) -> None:
    """The gate: an earlier question sharing one word pair of many ("老板" of 老板三个月不给钱…)
    votes with no gate, and not at a gate of one half; the earlier question itself, asked
    again, is its own nearest with every word shared and passes."""
    path = tmp_path / "asked.tsv"
    _memory_file(path, "某市劳动者权益保障条例", articles.split(LAW, "条例"))
    near = asked.Neighbours(asked.load(path), _words)
    loose = "老板说台风天气停课通知怎么写"
    assert [len(set(_words(loose)) & set(_words(q))) for q in EARLIER] == [1, 0, 0]
    assert near.vote(loose, gate=0.0)
    assert near.vote(loose, gate=0.5) == {}
    first = next(iter(EARLIER))
    best = near.vote(first, gate=0.5)
    assert max(best, key=best.get).anchor == EARLIER[first]


def test_words_no_earlier_question_used_weaken_the_vote(tmp_path) -> None:
    """A vote is a share of the question's whole self-score, its unseen words counted as rare
    as can be: the same likeness in a question whose telling words no earlier question used
    is weaker evidence (it was the share of the known words, which gave it the full vote)."""
    path = tmp_path / "asked.tsv"
    _memory_file(path, "某市劳动者权益保障条例", articles.split(LAW, "条例"))
    near = asked.Neighbours(asked.load(path), _words)
    first = next(iter(EARLIER))
    longer = first + "拖欠薪酬"  # pairs no earlier question holds
    assert not set(_words(longer)) - set(_words(first)) & {w for q in EARLIER for w in _words(q)}
    plain, weak = near.vote(first), near.vote(longer)
    key = max(plain, key=plain.get)
    # by hand: the same neighbours score the same; only the self-score grows by the new pairs
    new = set(_words(longer)) - set(_words(first))
    ratio = sum(near.idf[w] for w in set(_words(first))) / (
        sum(near.idf[w] for w in set(_words(first))) + near.unseen * len(new)
    )
    assert weak[key] == pytest.approx(plain[key] * ratio) and ratio < 1
