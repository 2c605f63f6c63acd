"""Values as 公文 write them: dates in every usual form, and 文种 from a title's ending."""

from __future__ import annotations

import datetime as dt

import pytest

from indexer.ingest.metadata import DOC_TYPES, find_doc_type, parse_date


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2017年3月15日", dt.date(2017, 3, 15)),
        ("2017 年 3 月 15 日", dt.date(2017, 3, 15)),
        ("２０１７年３月１５日", dt.date(2017, 3, 15)),
        ("二〇一七年三月十五日", dt.date(2017, 3, 15)),
        ("二○○四年十二月十七日", dt.date(2004, 12, 17)),
        ("一九九六年二月九日", dt.date(1996, 2, 9)),
        ("二零二零年十一月二十一日", dt.date(2020, 11, 21)),
        ("二〇二〇年十月三十一日", dt.date(2020, 10, 31)),
        ("2017-03-15", dt.date(2017, 3, 15)),
        ("2017.3.15", dt.date(2017, 3, 15)),
        ("2017/3/15", dt.date(2017, 3, 15)),
        ("2017-03-15 18:30", dt.date(2017, 3, 15)),
        ("2017年2月30日", None),
        ("二〇一七年二月三十日", None),
        ("2017年", None),
        ("", None),
    ],
)
def test_parse_date(raw: str, expected: dt.date | None) -> None:
    assert parse_date(raw) == expected


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("关于印发《阿勒泰地区财政专项资金管理办法》的通知", "通知"),
        ("阿勒泰地区财政专项资金管理办法（试行）", "办法"),
        ("阿勒泰地区行政公署关于加强政务公开工作的意见(征求意见稿)", "意见"),
        ("国务院办公厅关于黄金经济政策有关问题的复函", "函"),
        ("阿勒泰地区2016年政府信息公开工作年度报告", "报告"),
        ("2025年北京市政府工作报告", "报告"),
        ("关于提请审议《阿勒泰地区城市管理条例（草案）》的议案", "议案"),
        ("中华人民共和国行政诉讼法", "法"),
        ("《北京市人民政府规章立法后评估办法》", "办法"),
        ("某某诉某县人民政府不履行补偿安置协议案", None),
        ("关于某某同志任职的说明", None),
        ("", None),
    ],
)
def test_doc_type_from_title(title: str, kind: str | None) -> None:
    assert find_doc_type(title) == kind


def test_type_table_covers_the_fifteen_types() -> None:
    for (
        kind
    ) in "决议 决定 命令 令 公报 公告 通告 意见 通知 通报 报告 请示 批复 议案 函 纪要".split():
        assert kind in DOC_TYPES
