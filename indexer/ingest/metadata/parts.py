"""The smaller elements of a 公文 (GB/T 9704-2012): 主送机关, 附件说明, 抄送机关,
印发机关和印发日期, and labelled portal lines (索引号：…) kept in a saved page's text.

Each rule reads one fixed place of the layout and returns None (or an empty list) when the
text does not show the element there: a 抄送 inside a law's article ("…抄送市知识产权局") is
running text, not the 版记, so only lines that *start* with the label count.
"""

from __future__ import annotations

import datetime as dt
import re

from ...textnorm import CJK
from .dates import DATE_PATTERNS, parse_date
from .labels import read_labels
from .layout import ORG_END, Layout, first_issuer

_ADDRESSEE_RE = re.compile(rf"^[{CJK}（）()、，,·\s]{{2,120}}[:：]$")
_NOT_ADDRESSEE = re.compile(
    r"如下|为了|为进一步|根据|按照|现将|^各位|^同志们|^附件|^第.{1,6}[条章]"
)
_CC_RE = re.compile(r"^(?:抄送|抄报)[:：]\s*(?P<rest>.*)$")
_ATTACHMENT_RE = re.compile(r"^附\s*件[:：]\s*(?P<rest>.*)$")
_ITEM_RE = re.compile(r"^(?P<n>\d{1,2})\s*[.．、,，:：]\s*(?P<text>.+)$")
#: Label keys that describe reads from the text (the others are kept by the HTML extractor).
_FIELDS = ("index_no", "topic", "department", "date", "doc_number", "title")


def find_addressees(layout: Layout) -> str | None:
    """主送机关: the line the body starts with when it ends with a colon and names organs
    ("各县（市）人民政府，行署各部门："), not a sentence that announces a list."""
    if layout.body_start >= len(layout.compact):
        return None
    c = layout.compact[layout.body_start]
    if not _ADDRESSEE_RE.match(c) or _NOT_ADDRESSEE.search(c):
        return None
    if not (c.startswith("各") or re.search(ORG_END, c)):
        return None
    return _raw(layout, layout.body_start).rstrip(":：")


def find_cc(layout: Layout) -> str | None:
    """抄送机关 of the 版记: the lines after ``抄送：`` up to the full stop."""
    for i in range(layout.body_start, len(layout.compact)):
        m = _CC_RE.match(layout.compact[i])
        if not m:
            continue
        parts = [re.split("[:：]", _raw(layout, i), maxsplit=1)[-1]]
        j = i + 1
        while "。" not in parts[-1] and j < len(layout.compact) and j <= i + 3:
            if _printed_line(layout.compact[j]) or _CC_RE.match(layout.compact[j]):
                break
            parts.append(_raw(layout, j))
            j += 1
        value = "".join(parts).split("。")[0].strip("，,；; ")
        return value or None
    return None


def find_printed(layout: Layout) -> tuple[str | None, dt.date | None]:
    """印发机关和印发日期: "阿勒泰地区行政公署办公室  2017年3月16日印发", the organ maybe on
    the line above (or after the 抄送 list's full stop)."""
    for i in range(len(layout.compact) - 1, layout.body_start - 1, -1):
        found = _printed_line(layout.compact[i])
        if found is None:
            continue
        org, when = found
        if not org and i > layout.body_start:
            above = layout.compact[i - 1]
            org = above.rsplit("。", 1)[-1] if not _CC_RE.match(above) or "。" in above else ""
        org = org.strip("，,；; ")
        return (org if org and re.search(f"(?:{ORG_END})$", org) else None), when
    return None, None


def _printed_line(c: str) -> tuple[str, dt.date] | None:
    """(organ before the date, date) for a line ending "…2017年3月16日印发" (or "…日印")."""
    if not c.endswith(("印发", "日印")):
        return None
    rest = c.removesuffix("发").removesuffix("印")
    for pattern in DATE_PATTERNS:
        m = next((m for m in pattern.finditer(rest) if m.end() == len(rest)), None)
        if m and (when := parse_date(m.group(0))):
            return rest[: m.start()], when
    return None


def find_attachment_titles(layout: Layout) -> list[str]:
    """附件说明: "附件：1.××\\n2.××" (or one unnumbered title) after the body text. Wrapped
    items are joined while their brackets are open."""
    for i in range(layout.body_start, len(layout.compact)):
        m = _ATTACHMENT_RE.match(layout.compact[i])
        if not m:
            continue
        if not m.group("rest"):
            nxt = _raw(layout, i + 1) if i + 1 < len(layout.compact) else ""
            return [nxt] if nxt and len(nxt) <= 60 and not re.search("[。；]", nxt) else []
        items = [_item_text(re.split("[:：]", _raw(layout, i), maxsplit=1)[-1])]
        for j in range(i + 1, min(i + 40, len(layout.compact))):
            c = _raw(layout, j)
            item = _ITEM_RE.match(layout.compact[j])
            if item and int(item.group("n")) == len(items) + 1:
                items.append(_item_text(c))
            elif _open(items[-1]) and len(c) <= 60:
                items[-1] += c
            else:
                break
        return [t for t in items if t]
    return []


def _raw(layout: Layout, i: int) -> str:
    """Line ``i`` as written (full-width punctuation kept), without spaces: for display."""
    return re.sub(r"\s+", "", layout.lines[i])


def _item_text(c: str) -> str:
    m = _ITEM_RE.match(c)
    return (m.group("text") if m else c).strip("。；;，, ")


def _open(text: str) -> bool:
    return text.count("（") + text.count("(") > text.count("）") + text.count(")")


def find_labels(layout: Layout) -> dict[str, str]:
    """Portal metadata lines kept in a saved page's text ("索引号：000014349/2017-00110"), in
    the header zone. Labels flattened into one line ("发文机关:省住房公积金管理局成文日期:
    2026-07-02 00:01") are split where the next label starts; a label alone on its line takes
    the next line as its value. 标题 counts only beside another label (a form has 标题 too)."""
    end = min(len(layout.compact), max(layout.body_start, 12))
    lines = layout.normal[:end]
    found = read_labels(lines, anywhere=False)
    if not found.keys() & {"index_no", "doc_number", "date", "department"}:
        found.pop("title", None)
    if department := found.get("department"):  # joint issuers listed with spaces: the lead
        found["department"] = first_issuer(department.split()[0])
    return {key: value for key, value in found.items() if key in _FIELDS}


_PUBLISHED_RE = re.compile(
    r"(?:^|发布时间|发布日期|发文日期|公开日期|时间|日期)[:：]?\s*"
    r"(?P<y>(?:19|20)\d{2})[-./年](?P<m>\d{1,2})[-./月](?P<d>[0-3]?\d)(?=日|\s|\d{1,2}:|$|[^\d])"
)


def find_published(layout: Layout) -> dt.date | None:
    """发布日期 of a scraped page: "发布时间:2023-03-14来源:…", or a row that opens with a
    time stamp ("2021-11-01 00:00:00 | …"), in the first lines. Not a 成文日期: used only
    when nothing else dates the document (source ``published``)."""
    for c in layout.compact[:5]:
        if m := _PUBLISHED_RE.search(c):
            try:
                return dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
            except ValueError:
                continue
    return None
