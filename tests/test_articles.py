"""indexer.articles: a law cut into its 条 with context and anchors; cross-references kept."""

from __future__ import annotations

import csv
import gzip
import json
import random
import re

from indexer.articles import split
from tests.conftest import require_shared

LAW = """中华人民共和国某某法

第一章  总则

第一条 为了规范某事，制定本法。

第二条 本法适用于某事。
依照本法第十条规定的期限办理。
第十条规定的期限届满的，不再办理。

第二章 细则
第一节 一般规定

第十条 当事人应当：
（一）按期办理；
（二）如实申报。

有前款情形的，依照本法第一条处理。

第十条之一　下列事项另行规定。
第十一条
本条无正文同行。
"""


def test_articles_with_context_and_paragraphs_inside() -> None:
    out = split(LAW, "法")
    assert [a.label for a in out.articles] == [
        "第一条",
        "第二条",
        "第十条",
        "第十条之一",
        "第十一条",
    ]
    tenth = out.find("第十条")
    assert tenth is not None
    assert tenth.context == ("第二章 细则", "第一节 一般规定")
    # 项 and 款 stay inside their article, the label is not repeated in the text
    assert "（二）如实申报。" in tenth.text and "有前款情形的" in tenth.text
    assert not tenth.text.startswith("第十条")
    assert out.find("第一条").context == ("第一章 总则",)
    assert out.find("第十一条").text == "本条无正文同行。"


def test_cross_references_are_not_articles() -> None:
    second = split(LAW, "法").find("第二条")
    # "第十条规定的期限届满的" begins a line but reads on: it is part of 第二条
    assert "第十条规定的期限届满的" in second.text
    assert "依照本法第十条" in second.text


def test_table_of_contents_and_line_anchors_follow_reading_order() -> None:
    out = split(LAW, "法")
    toc = [(kind, item.label) for kind, item in out.toc]
    assert toc[:3] == [("heading", "第一章"), ("article", "第一条"), ("article", "第二条")]
    assert ("heading", "第一节") in toc
    lines = LAW.splitlines()
    for n, anchor in out.line_anchors.items():
        assert lines[n].strip().startswith(anchor.split("-")[0])


def test_repeated_labels_get_unique_anchors() -> None:
    text = "第一条 甲。\n第二条 乙。\n第三条 丙。\n附：修正决定\n第一条 丁。\n"
    out = split(text, "决定")
    anchors = [a.anchor for a in out.articles]
    assert anchors == ["第一条", "第二条", "第三条", "第一条-2"]
    assert len(set(anchors)) == len(anchors)


def test_a_notice_is_not_cut() -> None:
    notice = "各区人民政府：\n第一条意见已收悉。\n现将有关事项通知如下。\n"
    assert not split(notice, "通知")
    assert split("第一条 甲。\n第二条 乙。\n第三条 丙。", "通知")  # numbered rules in a notice


def test_real_laws_articles_match_stard_judgements() -> None:
    """Every judged STARD article (sampled) is one article of its judged document, by text."""
    shared = require_shared()
    stard = shared / "eval" / "stard"
    queries = {}
    with open(stard / "queries.jsonl", encoding="utf-8") as fh:
        for line in fh:
            q = json.loads(line)
            queries[q["query_id"]] = q["relevant_articles"]
    with open(stard / "qrels.tsv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    sample = random.Random(14).sample(rows, 40)
    wanted = {r["doc_id"] for r in sample}
    docs = {}
    with gzip.open(shared / "docs.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            if '"lawref-' in line[:30]:
                d = json.loads(line)
                if d["id"] in wanted:
                    docs[d["id"]] = d
    for r in sample:
        judged = re.sub(r"\s", "", queries[int(r["query_id"])][r["article"]])[:40]
        doc = docs[r["doc_id"]]
        texts = [re.sub(r"\s", "", a.text) for a in split(doc["body"], doc["doc_type"]).articles]
        holders = [t for t in texts if judged in t]
        assert len(holders) == 1, (r["article"], r["doc_id"])
