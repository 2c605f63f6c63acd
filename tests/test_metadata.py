"""Metadata rules on the GB/T 9704 layout, and the precedence of sidecar > page > body."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from indexer.ingest.extract import extract
from indexer.ingest.metadata import department_from_doc_number, describe, doc_codes

FILES = Path(__file__).parent / "fixtures" / "files"

# A complete 公文: red header, a number written with ［］ and a leading zero, a title over
# three lines, a number cited in the body, signature and a Chinese-numeral 成文日期, then a
# 版记 whose 印发 date is a day later.
NOTICE = """\
阿勒泰地区行政公署文件
阿行署发［2017］08号
阿勒泰地区行政公署关于印发
《阿勒泰地区政府信息公开
工作考核办法（试行）》的通知
各县（市）人民政府，行署各部门：
根据《国务院办公厅关于印发2014年政府信息公开工作要点的通知》（国办发〔2014〕12号）要求，现将《阿勒泰地区政府信息公开工作考核办法（试行）》印发给你们，请认真贯彻执行。
阿勒泰地区行政公署
二〇一七年三月十五日
（此件公开发布）
抄送：自治区人民政府办公厅。
阿勒泰地区行政公署办公室  2017年3月16日印发
"""


@pytest.fixture(scope="module")
def notice():
    return describe("notice", NOTICE, fallback_title="notice")


def test_doc_number_from_header_normalised(notice) -> None:
    assert notice.doc_number == "阿行署发〔2017〕8号"
    assert notice.sources["doc_number"] == "header"


def test_three_line_title_joined_without_spaces(notice) -> None:
    assert (
        notice.title
        == "阿勒泰地区行政公署关于印发《阿勒泰地区政府信息公开工作考核办法（试行）》的通知"
    )
    assert notice.sources["title"] == "body"


def test_signature_gives_department_and_chinese_numeral_date(notice) -> None:
    assert notice.department == "阿勒泰地区行政公署"
    assert notice.sources["department"] == "signature"
    assert notice.date == dt.date(2017, 3, 15)  # not the 印发 date, 2017-03-16
    assert notice.sources["date"] == "signature"
    assert notice.year == 2017


def test_doc_type_is_the_carrier_type(notice) -> None:
    assert notice.doc_type == "通知"
    assert notice.sources["doc_type"] == "title"


def test_labelled_portal_lines_are_read_but_nothing_is_guessed() -> None:
    doc = describe("x", "主题分类：综合政务\n索引号：000014349/2017-00110\n" + NOTICE)
    assert (doc.topic, doc.sources["topic"]) == ("综合政务", "label")
    assert (doc.index_no, doc.sources["index_no"]) == ("000014349/2017-00110", "label")
    assert doc.title.endswith("考核办法（试行）》的通知")
    plain = describe("x", NOTICE)  # describe reads; classifying is indexer/topics.py's job
    assert plain.topic is None and plain.index_no is None
    assert "topic" not in plain.sources


def test_red_header_is_never_the_title() -> None:
    text = (
        "阿勒泰地区财政局文件\n关于做好2017年度部门决算工作的通知\n各县（市）财政局：\n请按时报送。"
    )
    doc = describe("x", text)
    assert doc.title == "关于做好2017年度部门决算工作的通知"
    assert doc.department == "阿勒泰地区财政局"
    assert doc.sources["department"] == "header"


def test_joint_red_header_takes_the_lead_office() -> None:
    text = (
        "发展改革委办公厅\n税务总局办公厅\n文件\n发改办财金规〔2019〕860号\n"
        "关于加强个人所得税纳税信用建设的通知\n各有关单位：\n现通知如下。"
    )
    doc = describe("x", text)
    assert doc.department == "发展改革委办公厅"
    assert doc.title == "关于加强个人所得税纳税信用建设的通知"
    assert doc.doc_number == "发改办财金规〔2019〕860号"


def test_title_before_number_as_on_gov_cn() -> None:
    text = (
        "国务院办公厅关于同意以深圳市名义\n申办2011年第26届世界大学生\n夏季运动会的复函\n"
        "国办函〔2004〕88号\n广东省人民政府，教育部：\n同意申办。\n国务院办公厅\n二〇〇四年十二月十七日"
    )
    doc = describe("x", text)
    assert doc.title == "国务院办公厅关于同意以深圳市名义申办2011年第26届世界大学生夏季运动会的复函"
    assert doc.doc_type == "函"
    assert doc.doc_number == "国办函〔2004〕88号"
    assert doc.date == dt.date(2004, 12, 17)


def test_number_cited_in_the_body_is_not_the_doc_number() -> None:
    text = "关于转发有关文件的通知\n各单位：\n现将国办发〔2014〕57号文件转发给你们。"
    assert describe("x", text).doc_number is None


def test_addressee_line_is_not_the_department() -> None:
    text = "关于开展检查的通知\n各县（市）人民政府，行署各部门：\n现通知如下。\n2017年5月2日"
    doc = describe("x", text)
    assert doc.department is None
    assert doc.date == dt.date(2017, 5, 2)


def test_department_from_title_then_from_doc_code() -> None:
    assert describe("x", "阿勒泰地区财政局关于下达资金的通知\n各县：\n略。").department == (
        "阿勒泰地区财政局"
    )
    doc = describe("x", "国办发〔2014〕57号\n关于加强政府网站管理的通知\n各地区：\n略。")
    assert doc.department == "国务院办公厅"
    assert doc.sources["department"] == "doc_number"
    assert department_from_doc_number("阿行署发〔2017〕8号") == "阿勒泰地区行政公署"
    assert len(doc_codes()) >= 12


def test_precedence_sidecar_over_page_over_body() -> None:
    given = {"title": "CMS 标题", "date": "2017-04-01", "doc_number": None, "topic": ""}
    structured = {
        "title": "页面标题的通知",
        "date": "2017年03月20日",
        "doc_number": "阿行署发[2017]9号",
        "department": "阿勒泰地区行政公署办公室",
        "topic": "综合政务\\政务公开",
        "index_no": "01234567-8/2017-00009",
    }
    doc = describe("x", NOTICE, given=given, structured=structured, title_hint="提示")
    assert (doc.title, doc.sources["title"]) == ("CMS标题", "sidecar")
    assert (doc.date, doc.sources["date"]) == (dt.date(2017, 4, 1), "sidecar")
    assert (doc.doc_number, doc.sources["doc_number"]) == ("阿行署发〔2017〕9号", "page")
    assert (doc.department, doc.sources["department"]) == ("阿勒泰地区行政公署办公室", "page")
    assert (doc.topic, doc.sources["topic"]) == ("综合政务\\政务公开", "page")
    assert doc.index_no == "01234567-8/2017-00009"
    assert doc.doc_type is None  # "CMS标题" names no type; the body's title is not used


def test_title_hint_then_file_name() -> None:
    body = "各单位：\n请于本月底前报送材料。"
    hinted = describe("x", body, title_hint="关于报送材料的通知", fallback_title="f")
    assert (hinted.title, hinted.sources["title"], hinted.doc_type) == (
        "关于报送材料的通知",
        "hint",
        "通知",
    )
    named = describe("x", body, fallback_title="2017年工作要点")
    assert (named.title, named.sources["title"]) == ("2017年工作要点", "filename")
    assert describe("doc-1", body).title == "doc-1"


def test_unknown_stays_none() -> None:
    doc = describe("x", "各单位：\n请于本月底前报送材料，逾期不候。")
    assert (doc.department, doc.doc_number, doc.date, doc.doc_type) == (None, None, None, None)


def test_published_date_only_as_last_resort() -> None:
    body = "关于报送材料的通知\n各单位：\n请报送。"
    doc = describe("x", body, structured={"published": "2017-03-20"})
    assert (doc.date, doc.sources["date"]) == (dt.date(2017, 3, 20), "published")
    signed = describe("x", NOTICE, structured={"published": "2017-03-20"})
    assert signed.date == dt.date(2017, 3, 15)


def test_invalid_given_date_is_not_used() -> None:
    doc = describe("x", "各单位：\n请报送。", given={"date": "2017年2月30日"})
    assert doc.date is None


def test_law_header_gives_body_number_and_latest_date() -> None:
    text = (
        "危险化学品安全管理条例\n"
        "2002年1月26日 中华人民共和国国务院令第344号公布\n"
        "2011年2月16日 国务院第144次常务会议修订通过\n"
        "第一章 总则\n第一条 为了加强危险化学品的安全管理，制定本条例。"
    )
    doc = describe("x", text)
    assert doc.doc_number == "国务院令第344号"  # canonical: 中华人民共和国 dropped
    assert doc.department == "国务院"
    assert doc.date == dt.date(2011, 2, 16)
    assert doc.doc_type == "条例"


def test_local_congress_header() -> None:
    text = (
        "山东省机动车排气污染防治条例\n"
        "2011年5月27日 山东省第十一届人民代表大会常务委员会第二十四次会议通过\n"
        "（2018年1月23日山东省第十二届人民代表大会常务委员会第三十五次会议修正"
        " 自2018年3月1日起施行）\n"
        "第一条 为了防治机动车排气污染，制定本条例。"
    )
    doc = describe("x", text)
    assert doc.department == "山东省人民代表大会常务委员会"
    assert doc.date == dt.date(2018, 1, 23)  # the amendment, not the effective date


def test_work_report_speaker_is_resolved_from_the_header() -> None:
    text = (
        "2026年云南省政府工作报告\n——2026年1月27日在云南省第十四届人民代表大会第四次会议上\n"
        "各位代表：\n现在，我代表省人民政府，向大会报告工作，请予审议。"
    )
    doc = describe("x", text)
    assert doc.department == "云南省人民政府"
    assert doc.date == dt.date(2026, 1, 27)
    assert doc.doc_type == "报告"


def test_run_on_signature_of_a_flattened_page() -> None:
    text = (
        "为规范管理，现公告如下：一、适用范围……本公告自发布之日起实施。特此公告。"
        "海关总署 农业农村部2024年9月27日公告下载链接：公告.doc"
    )
    doc = describe("x", text)
    assert doc.department == "海关总署"
    assert doc.date == dt.date(2024, 9, 27)


def test_signature_glued_to_the_text_after_it() -> None:
    """customs pages flattened to one line: the 署名 and date run into the rules' title."""
    text = (
        "海关总署制定了《高风险特殊物品卫生检疫准入管理办法》，现予以发布。特此公告。"
        "海关总署2023年12月26日高风险特殊物品卫生检疫准入管理办法第一章总则"
    )
    assert describe("x", text).date == dt.date(2023, 12, 26)


def test_signature_after_an_attachment_name_on_a_flattened_page() -> None:
    text = (
        "根据塔方整改结果，决定是否取消暂停措施。特此公告。附件：有害生物监测要求"
        "海关总署2024年7月19日附件有害生物监测要求塔方应采取必要的监测措施"
        + "，对出口果园开展有害生物监测"
        * 40  # the attachment: the signature is far from the end
    )
    assert describe("x", text).date == dt.date(2024, 7, 19)


def test_joint_signature_glued_to_a_download_link() -> None:
    text = (
        "做好检疫、防疫和监督工作。本公告自发布之日起实施。特此公告。"
        "海关总署 农业农村部2024年3月15日下载链接：海关总署 农业农村部关于防止格鲁吉亚"
        "小反刍兽疫传入我国的公告.doc"
    )
    assert describe("x", text).date == dt.date(2024, 3, 15)


def test_no_date_from_a_sentence_after_the_closing_formula() -> None:
    text = "本公告自发布之日起实施。特此公告。附件：2024年12月31日前完成备案的企业名单"
    assert describe("x", text).date is None


def test_work_report_dated_below_a_page_header() -> None:
    """ "发表时间：" and "阅读量：" are page furniture, not the body's 主送机关."""
    text = (
        "当前位置：\n首页\n>\n政务信息\n2026年宁夏回族自治区政府工作报告\n发表时间：\n"
        "2026-02-09 09:45:30\n来源：\n宁夏日报客户端\n阅读量：\n2026年宁夏回族自治区政府工作报告\n"
        "——2026年2月3日在宁夏回族自治区第十三届人民代表大会第四次会议上\n"
        "自治区主席\u3000张三\n各位代表：\n现在，我代表自治区人民政府，向大会报告工作，请予审议。"
    )
    assert describe("x", text).date == dt.date(2026, 2, 3)


def test_pdf_end_to_end() -> None:
    extracted = extract(FILES / "two_pages.pdf")
    doc = describe(
        "two_pages.pdf",
        extracted.text,
        structured=extracted.meta,
        title_hint=extracted.title,
        fallback_title="two_pages",
        path="two_pages.pdf",
        fmt="pdf",
    )
    assert doc.title == "关于印发《阿勒泰地区财政专项资金管理办法》的通知"
    assert doc.doc_number == "阿地财发〔2017〕12号"
    assert doc.department == "阿勒泰地区财政局"
    assert doc.date == dt.date(2017, 3, 15)
    assert doc.doc_type == "通知"
    assert (doc.path, doc.fmt, doc.body) == ("two_pages.pdf", "pdf", extracted.text)


def test_html_end_to_end_page_table_wins() -> None:
    extracted = extract(FILES / "portal_declared_gb2312_utf8.htm")
    doc = describe("p", extracted.text, structured=extracted.meta, title_hint=extracted.title)
    assert doc.doc_number == "阿行署发〔2017〕9号"  # the page says 9; the body line says 8
    assert doc.sources["doc_number"] == "page"
    assert doc.date == dt.date(2017, 4, 1)
    assert doc.title == "阿勒泰地区行政公署关于进一步加强政务公开工作的通知"
    assert doc.sources["title"] == "hint"
