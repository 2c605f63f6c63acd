"""主题分类 for documents that come without one: the catalogue is data, the rules are words,
a given topic is never replaced, an office can swap the catalogue. Truth: the topics the
shipped corpus's sidecars and portal pages give, and gov.cn's own labels in ../shared."""

from __future__ import annotations

import gzip
import json
import shutil

import pytest

from indexer.errors import ConfigError
from indexer.ingest.extract import extract
from indexer.ingest.metadata import describe
from indexer.ingest.topics import Catalogue, assign_topics, catalogue
from indexer.models import Document
from indexer.pipeline import build
from indexer.service import SearchService

from .conftest import CORPUS, REPO, make_settings, require_shared

TRUTH = json.loads((REPO / "tests" / "fixtures" / "corpus_truth.json").read_text(encoding="utf-8"))
DOCS: dict[str, dict] = TRUTH["documents"]
# shared/domain.md §3: the 22 一级 of the gov.cn catalogue, in order
LEVEL1 = (
    "国务院组织机构 综合政务 国民经济管理、国有资产监管 财政、金融、审计 国土资源、能源 "
    "农业、林业、水利 工业、交通 商贸、海关、旅游 市场监管、安全生产监管 城乡建设、环境保护 "
    "科技、教育 文化、广电、新闻出版 卫生、体育 人口与计划生育、妇女儿童工作 劳动、人事、监察 "
    "公安、安全、司法 民政、扶贫、救灾 民族、宗教 对外事务 港澳台侨工作 国防 其他"
).split()


def top(topic: str | None) -> str | None:
    return topic.split("\\")[0] if topic else None


def test_the_catalogue_is_the_gov_cn_tree() -> None:
    rules = catalogue()
    assert list(dict.fromkeys(t.level1 for t in rules.topics)) == LEVEL1
    values = rules.values()
    assert "综合政务\\政务公开" in values and "城乡建设、环境保护\\城乡建设（含住房）" in values
    assert "其他" in values  # a 一级 without 二级


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("阿勒泰地区2016年政府信息公开工作年度报告", "综合政务\\政务公开"),
        ("关于做好2019年春耕备耕工作的通知", "农业、林业、水利\\农业、畜牧业、渔业"),
        ("关于开展2023年安全生产月活动的通知", "市场监管、安全生产监管\\安全生产监管"),
        ("关于加强农村牧区寄宿制学校管理的意见", "科技、教育\\教育"),
        ("国务院办公厅对十届全国人大四次会议第7240号建议的答复", "其他"),
    ],
)
def test_title_words_decide(title: str, expected: str) -> None:
    assert catalogue().classify(title, "") == expected


def test_the_issuing_office_is_evidence_too() -> None:
    """A 海关总署 公告 that mentions 海关 once has too little evidence on its own words; the
    office's remit tips it, and does not outweigh a title."""
    body = "现将进口冷冻水产品有关要求公告如下：一、输出国家或地区应当经海关注册。"
    rules = catalogue()
    assert rules.classify("", body) is None
    assert rules.classify("", body, "海关总署") == "商贸、海关、旅游\\海关"
    title = "关于做好2019年春耕备耕工作的通知"
    assert top(rules.classify(title, "", "海关总署")) == "农业、林业、水利"
    assert (
        rules.explain("", body, "海关总署")["商贸、海关、旅游\\海关"]["海关"] == 2
    )  # office + body


def test_too_little_evidence_gives_no_topic() -> None:
    assert catalogue().classify("会议纪要", "今天开会。") is None
    assert catalogue().classify("", "") is None


def test_explain_names_the_words_that_counted() -> None:
    why = catalogue().explain("关于做好春耕备耕工作的通知", "做好农业生产和粮食安全。")
    assert why["农业、林业、水利\\农业、畜牧业、渔业"]["春耕"] == 1


def test_a_given_topic_is_never_replaced() -> None:
    given = Document("a", "关于做好春耕备耕工作的通知", "农业", topic="综合政务\\其他")
    given.sources["topic"] = "sidecar"
    missing = Document("b", "关于做好春耕备耕工作的通知", "农业")
    out = list(assign_topics([given, missing], catalogue()))
    assert (out[0].topic, out[0].sources["topic"]) == ("综合政务\\其他", "sidecar")
    assert (out[1].topic, out[1].sources["topic"]) == (
        "农业、林业、水利\\农业、畜牧业、渔业",
        "rules",
    )


def test_a_broken_catalogue_is_a_configuration_error(tmp_path) -> None:
    bad = tmp_path / "topics.toml"
    bad.write_text('["综合政务"]\n"政务公开" = "政务公开"\n', encoding="utf-8")
    with pytest.raises(ConfigError):
        Catalogue.load(bad)
    with pytest.raises(ConfigError):
        Catalogue.load(tmp_path / "missing.toml")


def test_shipped_corpus_topics_recovered_with_the_given_value_hidden() -> None:
    """The sidecar/portal topics of the shipped corpus as truth: classify each of those
    documents as if it had none; the 一级 must agree for at least 80 %."""
    rules, right, total = catalogue(), 0, 0
    for rel, truth in DOCS.items():
        if not truth["topic"]:
            continue
        ext = extract(CORPUS / rel)
        doc = describe(rel, ext.text, title_hint=ext.title, structured=ext.meta)
        total += 1
        right += top(rules.classify(truth["title"] or doc.title, doc.body)) == top(truth["topic"])
    assert total >= 20 and right / total >= 0.8, (right, total)


@pytest.mark.shared
def test_gov_cn_labels_top_level() -> None:
    """The only comparable labels in the real corpus: gov.cn's own 主题分类 (60 documents).
    The word lists were tuned on these, so this guards against regressions; see the issue
    report for the figures before tuning."""
    path = require_shared() / "docs.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        records = [r for r in map(json.loads, fh) if r["id"].startswith("govcn-")]
    rules = catalogue()
    right = sum(top(rules.classify(r["title"], r["body"])) == top(r["topic"]) for r in records)
    assert len(records) == 60 and right / len(records) >= 0.8, right


@pytest.mark.shared
@pytest.mark.parametrize(("source", "level1"), [("customs", "商贸、海关、旅游")])
def test_held_out_source_lands_in_its_catalogue_branch(source: str, level1: str) -> None:
    """Held out: no word list was tuned on the 海关总署 公告 (their own tags are another
    scheme); all belong under 商贸、海关、旅游 except those tagged 知识产权类. A sample of 120,
    read from the body alone as describe sees it (department from the text)."""
    path = require_shared() / "docs.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        records = [r for r in map(json.loads, fh) if r["id"].startswith(f"{source}-")]
    sample = [r for r in records if r.get("topic") != "知识产权类"][:120]
    rules, right = catalogue(), 0
    for r in sample:
        doc = describe(r["id"], r["body"])
        right += top(rules.classify(doc.title, doc.body, doc.department or "")) == level1
    assert len(sample) == 120 and right / len(sample) >= 0.85, right


def test_an_office_swaps_in_its_own_catalogue(tmp_path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for rel in ("2019/关于做好2019年春耕备耕工作的通知.docx", "2015/阿地建发〔2015〕31号.pdf"):
        shutil.copy(CORPUS / rel, docs / rel.split("/")[-1])
    shutil.copy(CORPUS / "2015/阿地建发〔2015〕31号.pdf.meta.json", docs)
    own = tmp_path / "own.toml"
    own.write_text('["三农工作"]\n"春耕生产" = ["春耕", "备耕"]\n', encoding="utf-8")
    settings = make_settings(tmp_path / "index", docs=docs, topics_file=own)
    assert build(settings).indexed == 2
    service = SearchService(settings)
    spring = service.get("关于做好2019年春耕备耕工作的通知.docx")
    assert (spring.topic, spring.sources["topic"]) == ("三农工作\\春耕生产", "rules")
    given = service.get("阿地建发〔2015〕31号.pdf")  # its sidecar's topic stays
    assert (given.topic, given.sources["topic"]) == (
        DOCS["2015/阿地建发〔2015〕31号.pdf"]["topic"],
        "sidecar",
    )
