"""A law's dates under their own labels (issue 12, class 8): the page shows 公布日期, 施行日期 and
the latest 修正/修订, never the latest version's date as a 成文日期 beside the original 令号;
and no document lists itself among the documents it cites."""

from __future__ import annotations

import gzip
import json
import random
import re

from indexer.citations import Citation
from indexer.ingest.metadata import describe
from indexer.textnorm import normalize_doc_number, title_key
from search_app import create_app

from .conftest import index_texts, require_shared

LAW = """\
某某省物业管理条例
2005年3月1日某某省人民政府令第112号公布
2011年6月8日某某省人民政府令第140号第一次修正
2019年9月20日某某省人民政府令第205号修订
第一章 总则
第一条 为了规范物业管理活动，制定本条例。
第五十条 本条例自2005年5月1日起施行。
"""


def test_a_law_page_labels_promulgation_amendment_and_effect(tmp_path) -> None:
    settings = index_texts(tmp_path, {"law.txt": LAW})
    html = create_app(settings).test_client().get("/doc/law.txt").get_data(as_text=True)
    rows = dict(re.findall(r"<tr><th>([^<]+)</th><td[^>]*>([^<]*)</td></tr>", html))
    assert rows["公布日期"] == "2005-03-01"
    assert rows["最近修订"] == "2019-09-20"
    assert rows["施行日期"] == "2005-05-01"
    assert "成文日期" not in rows  # the 2019 date is not the 令第112号's


def test_a_notice_keeps_its_chengwen_date() -> None:
    doc = describe("n", "关于报送材料的通知\n各单位：\n请报送。\n某某局\n2024年3月5日\n")
    assert doc.law_dates == [] and doc.date.isoformat() == "2024-03-05"


def test_no_shared_corpus_document_cites_itself() -> None:
    """A sample of real documents: no cited number is the document's own, no cited title is
    its own title (with or without 中华人民共和国 and a bracketed note)."""
    path = require_shared() / "docs.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh]
    sample = random.Random(12).sample(records, 300)

    def core(title: str | None) -> str:
        return re.sub(r"^中华人民共和国|[(（][^()（）]*[)）]$", "", title_key(title or ""))

    checked = 0
    for record in sample:
        given = {"title": record["title"]} if record.get("title") else None
        doc = describe(record["id"], record["body"], given=given)
        own_number = normalize_doc_number(doc.doc_number or "") or doc.doc_number
        for label in doc.cites:
            cited = Citation.parse(label)
            checked += 1
            assert not (own_number and cited.number == own_number), (record["id"], label)
            assert not (cited.title and core(cited.title) == core(doc.title)), (record["id"], label)
    assert checked > 100
