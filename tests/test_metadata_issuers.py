"""发文机关 where no 署名 line or red header names it: a 令's issuer, a flattened page's 署名
right after "特此公告。", a congress's 决议, and a 令 line with no verb above a rule."""

from __future__ import annotations

import datetime as dt

from indexer.ingest.metadata import describe

from .test_metadata_titles import ORDER


def test_an_order_is_issued_by_the_office_its_number_names() -> None:
    doc = describe("x", ORDER.replace("总理 李克强\n", ""))
    assert (doc.department, doc.sources["department"]) == ("国务院", "doc_number")


def test_signature_right_after_the_closing_formula_on_a_flattened_page() -> None:
    text = (
        "为加强出口水产品原料管理，海关总署制定了《出口水产品原料养殖场备案管理办法》，现予以公布。"
        "特此公告。海关总署2024年3月4日出口水产品原料养殖场备案管理办法第一条……"
    )
    doc = describe("x", text)
    assert (doc.department, doc.date) == ("海关总署", dt.date(2024, 3, 4))
    # an attachment's name run in before it: the date is kept, the department is not guessed
    annex = text.replace("特此公告。海关总署", "特此公告。附件：备案要求海关总署")
    doc = describe("x", annex)
    assert (doc.department, doc.date) == (None, dt.date(2024, 3, 4))


def test_a_congress_resolution_is_the_congress_s() -> None:
    text = (
        "第十四届全国人民代表大会第三次会议听取和审议了国务院总理所作的\n政府工作报告\n"
        "。会议充分肯定国务院过去一年的工作，决定批准这个报告。"
    )
    assert describe("x", text).department == "全国人民代表大会"


def test_an_order_line_without_a_verb_dates_and_issues_the_rule() -> None:
    text = (
        "中华人民共和国反间谍法实施细则\n"
        "2017年11月22日 中华人民共和国国务院令第692号\n"
        "第一章 总则\n第一条 根据《中华人民共和国反间谍法》，制定本实施细则。\n"
    )
    doc = describe("x", text)
    assert (doc.department, doc.date, doc.doc_number) == (
        "国务院",
        dt.date(2017, 11, 22),
        "国务院令第692号",
    )
    assert doc.history == ["2017-11-22 公布"]
