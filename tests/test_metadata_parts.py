"""The 公文 elements beyond the six catalogue fields (主送, 抄送, 印发, 附件说明, 文件类型,
labelled 索引号), the 发文字号/成文日期 variants real files use, conflicts, and bad input."""

from __future__ import annotations

import datetime as dt

import pytest

from indexer.ingest.metadata import describe, find_instrument

# A complete 公文 with every element of GB/T 9704 in place, written the way PDF extraction
# gives it: the title and the 抄送 list wrap, 附件说明 with two items, the 版记 at the end.
FULL = """\
阿勒泰地区财政局文件
阿地财发〔2019〕第012号
阿勒泰地区财政局关于印发《阿勒泰地区本级财政
专项资金管理办法（试行）》的通知
各县（市）财政局，地直各部门：
现将《阿勒泰地区本级财政专项资金管理办法（试行）》印发给你们，请认真贯彻执行。
附件：1.专项资金申报表
2.专项资金绩效目标表（地直部门
填报）
阿勒泰地区财政局
2019年3月15日
（此件公开发布）
抄送：行署办公室，地区审计局，
地区发展和改革委员会。
阿勒泰地区财政局办公室          2019年3月18日印发
"""


@pytest.fixture(scope="module")
def full():
    return describe("full", FULL)


def test_the_six_fields_of_a_full_document(full) -> None:
    assert (
        full.title == "阿勒泰地区财政局关于印发《阿勒泰地区本级财政专项资金管理办法（试行）》的通知"
    )
    assert full.doc_number == "阿地财发〔2019〕12号"  # 第 and the leading zero dropped
    assert (full.department, full.sources["department"]) == ("阿勒泰地区财政局", "signature")
    assert full.date == dt.date(2019, 3, 15)
    assert (full.doc_type, full.instrument) == ("通知", "办法")


def test_addressees_cc_and_printing(full) -> None:
    assert full.addressees == "各县（市）财政局，地直各部门"
    assert full.cc == "行署办公室，地区审计局，地区发展和改革委员会"
    assert full.printed_by == "阿勒泰地区财政局办公室"
    assert full.printed_date == dt.date(2019, 3, 18)


def test_attachment_list_joins_wrapped_items(full) -> None:
    assert full.attachment_titles == ["专项资金申报表", "专项资金绩效目标表（地直部门填报）"]


def test_the_document_does_not_cite_what_it_issues(full) -> None:
    assert full.cites == []  # 《…办法（试行）》 is the instrument this 通知 issues


def test_a_single_unnumbered_attachment_and_a_split_printing_line() -> None:
    text = (
        "关于公布行政许可事项清单的通知\n各县（市）人民政府：\n现予公布。\n"
        "附件：地区本级行政许可事项清单\n阿勒泰地区行政公署\n2019年4月18日\n"
        "抄送：地委办公室。\n阿勒泰地区行政公署办公室\n2019年4月19日印发"
    )
    doc = describe("x", text)
    assert doc.attachment_titles == ["地区本级行政许可事项清单"]
    assert (doc.printed_by, doc.printed_date) == ("阿勒泰地区行政公署办公室", dt.date(2019, 4, 19))
    assert doc.cc == "地委办公室"


def test_running_text_is_not_a_banji() -> None:
    """A law's "…抄送市知识产权局" is an article, not the 版记; "现将…如下：" is no 主送."""
    text = (
        "某市专利条例\n第一条 为了规范专利工作，制定本条例。\n"
        "第十一条 登记注册机构应当将登记情况抄送市知识产权局。\n现将有关事项说明如下："
    )
    doc = describe("x", text)
    assert (doc.cc, doc.printed_by, doc.printed_date, doc.addressees) == (None,) * 4
    assert doc.attachment_titles == []


@pytest.mark.parametrize(
    ("title", "instrument"),
    [
        ("关于印发《阿勒泰地区政府性债务风险管理办法》的通知", "办法"),
        ("关于印发《××市物业管理实施细则（试行）》的通知", "细则"),
        ("关于印发《2024年政务公开工作要点》的通知", "要点"),
        ("阿勒泰地区城镇住房保障家庭租赁补贴管理办法", "办法"),
        ("阿勒泰地区2016年政府信息公开工作年度报告", "年度报告"),
        ("转发《国务院办公厅关于加强政府网站管理的通知》的通知", None),
        ("关于做好2019年春耕备耕工作的通知", None),
        ("", None),
    ],
)
def test_instrument_inside_or_as_the_title(title: str, instrument: str | None) -> None:
    assert find_instrument(title) == instrument


@pytest.mark.parametrize(
    ("line", "number"),
    [
        ("阿行署发［2017］08号", "阿行署发〔2017〕8号"),
        ("阿行署发（2017）第8号", "阿行署发〔2017〕8号"),
        ("阿行署发【2017】8号", "阿行署发〔2017〕8号"),
        ("阿行署发﹝2017﹞8号", "阿行署发〔2017〕8号"),
        ("阿行署发 [ 2017 ] 8 号", "阿行署发〔2017〕8号"),
        ("阿行署发〔２０１７〕８号", "阿行署发〔2017〕8号"),
        ("发文字号：阿行署发(2017)008号", "阿行署发〔2017〕8号"),
    ],
)
def test_doc_number_variants_in_the_header(line: str, number: str) -> None:
    doc = describe("x", f"{line}\n关于开展检查的通知\n各县（市）人民政府：\n请按时报送。")
    assert doc.doc_number == number


@pytest.mark.parametrize(
    ("signed", "date"),
    [
        ("二〇一七年三月十五日", dt.date(2017, 3, 15)),
        ("二○一七年三月十五日", dt.date(2017, 3, 15)),
        ("2017年3月15日", dt.date(2017, 3, 15)),
        ("2017-03-15", dt.date(2017, 3, 15)),
        ("2017.3.15", dt.date(2017, 3, 15)),
        ("（2017年3月15日）", dt.date(2017, 3, 15)),
    ],
)
def test_signature_date_variants(signed: str, date: dt.date) -> None:
    text = f"关于开展检查的通知\n各县（市）人民政府：\n请按时报送。\n阿勒泰地区行政公署\n{signed}"
    doc = describe("x", text)
    assert (doc.date, doc.sources["date"], doc.department) == (
        date,
        "signature",
        "阿勒泰地区行政公署",
    )


def test_date_after_the_closing_formula_without_a_signature_line() -> None:
    """The 署名 is often an image (the seal): the date stands right after the last sentence."""
    text = (
        "关于印发促进消费若干措施的通知\n各有关单位：\n现印发给你们，请认真贯彻执行。\n"
        "2023年1月19日\n促进消费若干措施\n一、发放消费券。\n二、延长营业时间。\n"
        "三、鼓励夜间经济。\n四、支持汽车消费。\n五、其他。\n（2023年3月31日前有效）"
    )
    assert describe("x", text).date == dt.date(2023, 1, 19)


def test_the_publication_date_of_a_scraped_page_is_a_last_resort() -> None:
    page = "关于调整住房公积金政策的通知\n发布时间:2023-03-14来源:市公积金中心\n各单位：\n略。"
    doc = describe("x", page)
    assert (doc.date, doc.sources["date"]) == (dt.date(2023, 3, 14), "published")
    signed = describe("x", page + "\n某市住房公积金管理委员会\n2023年3月9日")
    assert (signed.date, signed.sources["date"]) == (dt.date(2023, 3, 9), "signature")


def test_flattened_page_signature_before_its_attachment() -> None:
    text = (
        "为规范管理，现公告如下：一、适用范围。特此公告。海关总署2024年7月19日"
        "附件有害生物监测要求塔方应采取必要的监测手段，对有害生物进行监测。"
        * 1
        + "监测记录应保存两年。" * 30
    )
    doc = describe("x", text)
    assert (doc.department, doc.date) == ("海关总署", dt.date(2024, 7, 19))


def test_labelled_lines_of_a_saved_portal_page() -> None:
    text = (
        "索引号：\n65430000/2019-00684\n发文机关：阿勒泰地区行政公署\n发文字号：阿行署发[2019]7号\n"
        "关于公布行政许可事项清单的通知\n各县（市）人民政府：\n现予公布。"
    )
    doc = describe("x", text)
    assert (doc.index_no, doc.sources["index_no"]) == ("65430000/2019-00684", "label")
    assert (doc.department, doc.sources["department"]) == ("阿勒泰地区行政公署", "label")
    assert doc.doc_number == "阿行署发〔2019〕7号"


def test_header_and_signature_disagree_the_signature_is_kept_and_the_conflict_logged() -> None:
    text = (
        "阿勒泰地区教育局文件\n阿地教发〔2018〕33号\n关于做好秋季学期开学工作的通知\n"
        "各县（市）教育局：\n请做好准备。\n阿勒泰地区卫生健康委员会\n2018年8月20日"
    )
    doc = describe("x", text)
    assert doc.department == "阿勒泰地区卫生健康委员会"
    assert doc.sources["department_conflict"] == "header"
    assert doc.warnings and "阿勒泰地区教育局" in doc.warnings[0]
    agree = describe("x", text.replace("阿勒泰地区卫生健康委员会", "阿勒泰地区教育局"))
    assert agree.warnings == [] and "department_conflict" not in agree.sources


def test_department_from_the_doc_code_table() -> None:
    doc = describe("x", "国办发〔2014〕57号\n关于加强政府网站管理的通知\n各地区：\n略。")
    assert (doc.department, doc.sources["department"]) == ("国务院办公厅", "doc_number")


def test_text_without_structure_gets_empty_fields_not_guesses() -> None:
    text = "今天天气很好。我们去公园散步，看见很多人在锻炼身体。\n" * 5
    doc = describe("x", text, today=dt.date(2026, 1, 1))
    assert (doc.department, doc.doc_number, doc.date, doc.doc_type) == (None,) * 4
    assert (doc.instrument, doc.addressees, doc.cc, doc.printed_by, doc.printed_date) == (None,) * 5
    assert (doc.cites, doc.repeals, doc.attachment_titles, doc.warnings) == ([], [], [], [])
    assert (doc.validity, doc.valid_until, doc.topic) == ("未知", None, None)
