"""Titles that are not one block under a red header: a code's book under the code's name, and
a 令 whose title is the rule it promulgates."""

from __future__ import annotations

from indexer.ingest.metadata import describe

CIVIL_CODE_BOOK = """\
中华人民共和国民法典
人格权编
2020年5月28日 第十三届全国人民代表大会第三次会议通过
第一章 一般规定
第九百八十九条 本编调整因人格权的享有和保护产生的民事关系。
"""

ORDER = """\
中华人民共和国国务院令
第707号
现公布修订后的《中华人民共和国个人所得税法实施条例》，自2019年1月1日起施行。
总理 李克强
2018年12月18日
中华人民共和国个人所得税法实施条例
（1994年1月28日中华人民共和国国务院令第142号发布）
第一条 根据《中华人民共和国个人所得税法》，制定本条例。
"""


def test_a_book_of_a_code_keeps_its_name() -> None:
    doc = describe("x", CIVIL_CODE_BOOK)
    assert (doc.title, doc.sources["title"]) == ("中华人民共和国民法典人格权编", "body")
    # an ordinary next line is not taken as part of the title
    plain = CIVIL_CODE_BOOK.replace("人格权编\n", "")
    assert describe("x", plain).title == "中华人民共和国民法典"


def test_an_order_is_titled_by_the_rule_it_promulgates() -> None:
    doc = describe("x", ORDER)
    assert doc.title == "中华人民共和国个人所得税法实施条例"
    assert doc.doc_type == "条例"
    assert doc.doc_number == "国务院令第707号"
    # a 令 that names no rule keeps its own heading
    bare = ORDER.replace("现公布修订后的《中华人民共和国个人所得税法实施条例》，", "现予公布，")
    assert describe("x", bare).title == "中华人民共和国国务院令"


def test_an_addressee_line_that_lost_its_colon_is_not_the_title() -> None:
    """OCR drops the colon after the 主送机关; the title above the number is the title."""
    text = (
        "北京市人民政府办公厅关于印发\n"
        "北京市关于完善生育支持政策体系推动建设生育友好型社会的工作措施的通知\n"
        "京政办发〔2025〕13号\n"
        "各区人民政府，市政府各委、办、局，各市属机构\n"
        "经市政府同意，现将《工作措施》印发给你们，请结合实际认真贯彻落实。\n"
    )
    assert describe("x", text).title == (
        "北京市人民政府办公厅关于印发北京市关于完善生育支持政策体系推动建设生育友好型社会的工作措施的通知"
    )
