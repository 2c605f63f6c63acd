"""The header zone (版头, or the dated lines above a law's body): 发文字号, 发文机关标志, the
body that enacted a law, its latest version date, and a work report's speaker."""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from ...textnorm import CJK
from .dates import after_date, dated_segments, is_date_line, parse_date, starts_with_date
from .layout import (
    LING_RE,
    ORG_RE,
    RED_HEADER_RE,
    TRAILING_OWN_NUMBER_RE,
    Layout,
    doc_number_line,
    first_issuer,
    is_title_line,
    own_number_line,
)

_ISSUED_RE = re.compile(r"通过|修正|修订|公布|发布|批准|颁布")
_ENACT_RE = re.compile(f"{_ISSUED_RE.pattern}|会议上")
# A law text that carries a later amendment inline: "…按照投机倒把论处。(2011年1月8日删除)".
_INLINE_AMENDMENT_RE = re.compile(
    r"\((?P<date>(?:19|20)\d{2}年\d{1,2}月\d{1,2}日)(?:删除|修改|修正)\)"
)
_CONGRESS_RE = re.compile(
    rf"(?P<region>[{CJK}]*?)第[一二三四五六七八九十]+届(?P<nat>全国)?人民代表大会"
    r"(?P<sc>常务委员会)?会?第"
)
_RESOLVING_RE = re.compile(
    rf"^(?P<region>[{CJK}]*?)第[一二三四五六七八九十]+届(?P<nat>全国)?人民代表大会"
    r"(?P<sc>常务委员会)?第[一二三四五六七八九十]+次会议(?:听取|审议|决定|通过|认为|同意)"
)
_MEETING_ORG_RE = re.compile(
    rf"(?P<org>国务院|最高人民法院|最高人民检察院|[{CJK}]{{2,12}}人民政府)(?:审判委员会|检察委员会)?第"
)
_SPEAKER_RE = re.compile(rf"我代表(?P<org>[{CJK}]{{0,20}}?(?:人民政府|国务院))[，,]?向")
_RELATIVE_GOVS = frozenset(
    {"省人民政府", "市人民政府", "自治区人民政府", "区人民政府", "县人民政府"}
)


def find_doc_number(layout: Layout) -> str | None:
    """The 发文字号 standing on its own line in the header zone (not one cited in the body)."""
    for i in range(min(layout.body_start + 1, len(layout.compact))):
        number = doc_number_line(layout.compact[i])
        if number:
            return number
    for i in range(min(layout.body_start, len(layout.compact) - 1)):
        # a 令 set over two lines: "中华人民共和国国务院令" / "第707号"
        pair = layout.compact[i] + layout.compact[i + 1]
        if layout.compact[i].endswith("令") and (ling := LING_RE.fullmatch(pair)):
            return ling.group(0)
    for i in layout.head:  # laws: "2002年1月26日 中华人民共和国国务院令第344号公布"
        if starts_with_date(layout.compact[i]):
            if ling := LING_RE.search(after_date(layout.compact[i])):
                return ling.group(0).rsplit("、", 1)[-1]  # joint 令: the number is the last's
    return own_number(layout)


def own_number(layout: Layout) -> str | None:
    """A 通告/公告's own number ("2024年第5号") on its line under the title, or ending the
    title's line ("××市公安局通告第3号"): the document's number, not part of its title."""
    for i in range(min(layout.body_start, 8)):
        c = layout.compact[i]
        if i and layout.compact[i - 1].endswith("令"):
            continue  # "国务院令" / "第707号" is a 令 number, read above
        if number := own_number_line(c) or _trailing_own_number(c):
            return number
    return None


def _trailing_own_number(c: str) -> str | None:
    m = TRAILING_OWN_NUMBER_RE.search(c)
    return m.group("num") if m and not LING_RE.search(c) else None


def find_header_department(layout: Layout) -> str | None:
    """发文机关标志: ``××文件`` (or ``文件`` under stacked joint names), or organisation lines
    standing above the title."""
    for i in layout.head:
        m = RED_HEADER_RE.match(layout.compact[i])
        if not m:
            continue
        if m.group("org"):
            return first_issuer(m.group("org"))
        above = [j for j in range(max(0, i - 6), i) if ORG_RE.match(layout.compact[j])]
        return layout.compact[above[0]] if above else None
    for i in layout.head:
        c = layout.compact[i]
        if ORG_RE.match(c) and i + 1 < layout.body_start:
            return c
        if is_title_line(c):
            return None
    return None


def find_byline(layout: Layout) -> str | None:
    """公报 and reports name their author under the title, above its date ("某某市2024年…统计
    公报" / "某某市统计局" / "2025年3月20日"): an organisation line right after the title
    block and right before a date line, in the header zone."""
    for i in range(1, min(layout.body_start, 8) - 1):
        c = layout.compact[i]
        if ORG_RE.match(c) and is_title_line(layout.compact[i - 1]):
            if is_date_line(layout.compact[i + 1]):
                return c
    return None


def find_enacting_body(layout: Layout) -> str | None:
    """Laws and rules name the body that passed or issued them after the dates above the
    body ("2011年5月27日 山东省第十一届人民代表大会常务委员会第二十四次会议通过"); the first
    one named is the author (a later one may only approve)."""
    segments = [segment for _, segment in dated_segments(layout.head_text())]
    for i, segment in enumerate(segments):
        # "法院审判委员会第1552次会议、2012年9月12日检察院…会议通过": the verb comes later
        joint = i
        while segments[joint].endswith(("、", "，", ",")) and joint + 1 < len(segments):
            joint += 1
        if not _ISSUED_RE.search("".join(segments[i : joint + 1])) and not LING_RE.match(segment):
            continue
        if (m := _CONGRESS_RE.search(segment)) and (m.group("nat") or len(m.group("region")) > 1):
            region = "全国" if m.group("nat") else m.group("region")
            return f"{region}人民代表大会{m.group('sc') or ''}"
        if m := LING_RE.search(segment):
            org = first_issuer(m.group("org") or m.group("org2"))
            return re.sub("^中华人民共和国", "", org)
        if m := _MEETING_ORG_RE.search(segment):
            return m.group("org")
    return None


class HeaderDates(NamedTuple):
    history: list[tuple[dt.date, str]]  # a law's acts, oldest first (_history)
    date: dt.date | None  # the version in hand (find_header_date)


def read_header_dates(layout: Layout) -> HeaderDates:
    """Both date readings of the header from one pass over it (describe needs both)."""
    acts = _dated_acts(layout)
    history = _history(layout, acts)
    reported = [when for when, act in acts if act == "会议上"]
    return HeaderDates(history, max([*reported, *(w for w, _ in history)], default=None))


def find_header_date(layout: Layout) -> dt.date | None:
    """Laws and reports date themselves above the body ("2011年5月27日 …通过", "（…会议通过
    2002年8月16日…公布）", "——2021年3月5日在…会议上"): the latest such date is the version
    in hand."""
    return read_header_dates(layout).date


def _history(layout: Layout, acts: list[tuple[dt.date, str]]) -> list[tuple[dt.date, str]]:
    """A law's making and amending, oldest first: (date, 通过/修正/修订/公布/…) for each dated
    line above its body. A date that only says when the text takes effect (自…起施行) is not
    one. Inline "(2011年1月8日删除)" notes in the body are amendments the header may predate."""
    found = [(when, act) for when, act in acts if act != "会议上"]
    if not found:
        return []
    inline = {
        when
        for c in layout.compact[layout.body_start :]
        for m in _INLINE_AMENDMENT_RE.finditer(c)
        if (when := parse_date(m.group("date")))
    }
    found += [(when, "修改") for when in sorted(inline)]
    return sorted(dict.fromkeys(found), key=lambda item: item[0])


def _dated_acts(layout: Layout) -> list[tuple[dt.date, str]]:
    """Each dated header segment with the last act it names (通过, 修正, …, 会议上)."""
    found = []
    for when, segment in dated_segments(layout.head_text()):
        if acts := _ENACT_RE.findall(segment.split("施行")[0]):
            found.append((when, acts[-1]))
        elif LING_RE.match(segment.strip()):  # "2017年11月22日 中华人民共和国国务院令第692号"
            found.append((when, "公布"))
    return found


def find_speaker(layout: Layout) -> str | None:
    """政府工作报告: "我代表××人民政府，向大会报告" names the reporting government; "我代表省
    人民政府" is completed from the header's "在××省第十四届人民代表大会…". A congress's 决议
    opens with the congress itself: "第十四届全国人民代表大会第三次会议听取和审议了…"."""
    for c in layout.compact[layout.body_start : layout.body_start + 8]:
        if m := _SPEAKER_RE.search(c):
            org = m.group("org")
            return _resolve_level(layout, org) if org in _RELATIVE_GOVS else org
    for c in layout.compact[: layout.body_start + 1]:
        if (m := _RESOLVING_RE.match(c)) and (m.group("nat") or len(m.group("region")) > 1):
            region = "全国" if m.group("nat") else m.group("region")
            return f"{region}人民代表大会{m.group('sc') or ''}"
    return None


def _resolve_level(layout: Layout, org: str) -> str | None:
    level = org.removesuffix("人民政府")
    for c in layout.compact[: layout.body_start + 1]:
        m = re.search(rf"(?P<region>[{CJK}]{{2,10}}?{level})第[一二三四五六七八九十]+届", c)
        if m:
            return re.sub(r"^.*?在", "", m.group("region")) + "人民政府"
    return None
