"""Generate the class 8 cases of issue 12: documents that name themselves, and laws with dates.

    .venv/bin/python -m tools.law_fixtures OUT_DIR

A 规章 lists the 令 that published it and the 令 of each later amendment above its articles;
its own 令号 is not a citation of another document, and its 成文日期 is no date of the original
令 (the page shows 公布日期, the latest 修正/修订 and the 施行日期 under their labels). A 通知
names its own number and the 办法 it issues in its last sentence. Each case keeps its truth
(``tools.hard_case.Case``, class ``laws``); nothing here reads our own code. The
``Document.date`` of a law is its latest version's date, which the page labels 最近修订.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from tools.hard_case import Case, put

LAW = """\
某某省物业管理条例
2005年3月1日某某省人民政府令第112号公布
2011年6月8日某某省人民政府令第140号第一次修正
2019年9月20日某某省人民政府令第205号修订
第一章 总则
第一条 为了规范物业管理活动，维护业主和物业服务企业的合法权益，制定本条例。
第二条 本省行政区域内的物业管理活动，适用本条例。
第五十条 本条例自2005年5月1日起施行。
"""

NOTICE = """\
某某市人民政府办公室文件
某政办发〔2024〕3号
关于印发某某市公共数据管理办法的通知
各区县人民政府，市政府各部门：
现将《某某市公共数据管理办法》印发给你们，请认真贯彻执行。
本通知（某政办发〔2024〕3号）自印发之日起施行，由市大数据局负责解释。
某某市人民政府办公室
2024年3月5日
"""


def write(out: Path) -> list[Case]:
    """The two cases under ``out/laws/``."""
    law = Case(
        "laws",
        "law.txt",
        "某某省物业管理条例",
        "某某省人民政府",
        "某某省人民政府令第112号",
        "2019-09-20",
        "条例",
        ["本省行政区域内的物业管理活动，适用本条例。"],
    )
    notice = Case(
        "laws",
        "notice.txt",
        "关于印发某某市公共数据管理办法的通知",
        "某某市人民政府办公室",
        "某政办发〔2024〕3号",
        "2024-03-05",
        "通知",
        ["由市大数据局负责解释"],
    )
    return [put(out, law, LAW), put(out, notice, NOTICE)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    print(f"{len(write(ap.parse_args().out))} cases written")


if __name__ == "__main__":
    main()
