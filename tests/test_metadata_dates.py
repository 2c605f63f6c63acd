"""Which date dates a document: the 成文日期, a law's current version, and the dates that stand
in for a missing 成文日期 (印发日期, 发布日期, 施行日期) — each labelled for what it is."""

from __future__ import annotations

import datetime as dt

import pytest

from indexer.ingest.metadata import describe
from indexer.ingest.metadata.effective import find_effective_date
from search_app import create_app

from .conftest import index_texts

# A law whose header line breaks inside an amendment's name: the broken line starts with
# "第三十一条" and must not be mistaken for the first article of the body.
AMENDED_LAW = """\
中华人民共和国文物保护法
1982年11月19日第五届全国人民代表大会常务委员会第二十五次会议通过
1991年6月29日第七届全国人民代表大会常务委员会第二十次会议《关于修改<中华人民共和国文物保护法>第三十条
第三十一条的决定》第一次修正
2017年11月4日第十二届全国人民代表大会常务委员会第三十次会议《关于修改<中华人民共和国会计法>等十一部法律的决定》第五次修正
第一章 总则
第一条 为了加强对文物的保护，制定本法。
"""

POLICY = """\
关于调整住房公积金贷款有关政策的通知
各缴存单位、缴存职工：
一、购买首套住房的，最低首付比例调整为20%。
二、对在2025年9月25日至2025年12月31日期间购房的家庭给予补贴。
本通知自2025年3月3日起执行，以前有关规定与本通知不一致的，以本通知为准。
"""


def test_a_broken_amendment_line_stays_in_the_header() -> None:
    doc = describe("law", AMENDED_LAW)
    assert (doc.date, doc.sources["date"]) == (dt.date(2017, 11, 4), "header")
    assert doc.department == "全国人民代表大会常务委员会"


def test_inline_deletion_notes_date_the_version() -> None:
    text = (
        "中华人民共和国国库券条例\n"
        "1992年3月18日中华人民共和国国务院令第95号发布\n"
        "第一条 为了筹集社会资金，制定本条例。\n"
        "第十一条 对倒卖国库券的，按照投机倒把论处。(2011年1月8日删除)\n"
        "第十四条 本条例自发布之日起施行。\n"
    )
    assert describe("law", text).date == dt.date(2011, 1, 8)
    # a date in brackets that is not an amendment note changes nothing
    other = text.replace("(2011年1月8日删除)", "(2011年1月8日以后出生的)")
    assert describe("law", other).date == dt.date(1992, 3, 18)


def test_signature_date_wins_and_the_effective_date_is_kept() -> None:
    signed = POLICY + "许昌市住房公积金管理中心\n2025年2月28日\n"
    doc = describe("x", signed)
    assert (doc.date, doc.sources["date"], doc.date_kind) == (
        dt.date(2025, 2, 28),
        "signature",
        "成文日期",
    )
    assert doc.effective_date == dt.date(2025, 3, 3)


def test_without_a_signature_the_effective_date_dates_the_text() -> None:
    doc = describe("x", POLICY)
    assert (doc.date, doc.sources["date"], doc.date_kind) == (
        dt.date(2025, 3, 3),
        "effective",
        "施行日期",
    )
    assert doc.year == 2025


def test_printed_then_published_then_effective() -> None:
    printed = POLICY + "宁波市人大常委会办公厅 2025年2月20日印\n"
    doc = describe("x", printed, structured={"published": "2025-02-26"})
    assert (doc.date, doc.date_kind) == (dt.date(2025, 2, 20), "印发日期")
    doc = describe("x", POLICY, structured={"published": "2025-02-26"})
    assert (doc.date, doc.date_kind) == (dt.date(2025, 2, 26), "发布日期")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("本办法自2019年10月1日起施行。", dt.date(2019, 10, 1)),
        ("本政策自公布之日(2023年12月1日)起施行，有效期至2024年12月31日。", dt.date(2023, 12, 1)),
        ("以上政策均于2023年9月8日开始实施。", dt.date(2023, 9, 8)),
        ("“新湘十条”将于2026年5月13日起正式施行，有效期3年。", dt.date(2026, 5, 13)),
        ("本通知自2025年1月6日(含)起施行。", dt.date(2025, 1, 6)),
        ("此次通知自二〇二五年十月九日起施行。", dt.date(2025, 10, 9)),
        # not about the document itself: a period for buyers, a cited law's own date
        ("购房家庭自2025年9月25日起可申请补贴。", None),
        ("根据《中华人民共和国土地管理法》，自1999年1月1日起施行的规定办理。", None),
        ("本通知自印发之日起施行。", None),
    ],
)
def test_effective_date_clauses(sentence: str, expected: dt.date | None) -> None:
    assert find_effective_date("正文。\n" + sentence) == expected


def test_the_last_own_clause_wins() -> None:
    text = "根据本办法，补贴自2024年1月1日起发放。\n第二十条 本办法自2024年3月1日起施行。"
    assert find_effective_date(text) == dt.date(2024, 3, 1)


def test_document_page_names_the_date_it_has(tmp_path) -> None:
    signed = POLICY + "许昌市住房公积金管理中心\n2025年2月28日\n"
    settings = index_texts(tmp_path, {"policy.txt": POLICY, "signed.txt": signed})
    client = create_app(settings).test_client()
    page = client.get("/doc/policy.txt").get_data(as_text=True)
    assert "正文未写明（年份按施行日期 2025-03-03 计）" in page
    signed = client.get("/doc/signed.txt").get_data(as_text=True)
    assert '<td class="date">2025-02-28</td>' in signed
    assert '<td class="effective">2025-03-03</td>' in signed
    api = client.get("/api/doc/policy.txt").get_json()
    assert (api["date"], api["date_kind"], api["effective_date"]) == (
        "2025-03-03",
        "施行日期",
        "2025-03-03",
    )
    facets = client.get("/api/search?q=公积金").get_json()["facets"]["year"]
    assert {f["value"]: f["count"] for f in facets} == {"2025": 2}
