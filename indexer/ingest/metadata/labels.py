"""Portal label runs ("索 引 号：… 主题分类：…", "发文机关:省住房公积金管理局成文日期:2026-07-02"):
one reader for a saved page's metadata block (``extract.html``) and for label lines kept in a
document's text (``parts.find_labels``).

Portals justify labels with spaces and, once saved as text, run several of them into one line.
A value therefore ends wherever the next known label starts, not at the end of the line; labels
that name no field (来源, 浏览量, 时效性…) are known only so that they end the value before them.
"""

from __future__ import annotations

import re

from ...textnorm import CJK

# Page labels → field keys. "published" (发布日期) is not a 成文日期; metadata uses it only when
# nothing better dates the document.
LABELS: dict[str, str] = {
    "索引号": "index_no",
    **dict.fromkeys(["主题分类", "分类", "信息分类", "所属主题", "主题"], "topic"),
    **dict.fromkeys(
        ["发文机关", "发文单位", "发文机构", "发布机构", "发布机关", "发布单位", "制发机关"],
        "department",
    ),
    **dict.fromkeys(["成文日期", "发文日期", "成文时间"], "date"),
    **dict.fromkeys(["发布日期", "发布时间", "公开日期"], "published"),
    **dict.fromkeys(["标题", "名称", "文件名称", "文件标题", "题名"], "title"),
    **dict.fromkeys(["发文字号", "文号", "发文号"], "doc_number"),
    **dict.fromkeys(["公文种类", "文种"], "doc_type"),
    # Labels read only so that they end the value before them ("发布时间：… 来源：…").
    **dict.fromkeys(
        (
            "来源 作者 编辑 责任编辑 阅读 浏览 浏览量 浏览次数 点击 字号 字体 有效性 时效性 "
            "公开方式 公开范围 统一编号 生效日期 废止日期 签发人 关键词 主题词 体裁分类 "
            "备案登记号 登记号"
        ).split(),
        "",
    ),
}
SPACE = r"[\s\u3000]*"


def _alternation(labels: list[str]) -> str:
    """Regex alternation of labels, longest first, tolerating the spaces portals justify with."""
    return "|".join(
        SPACE.join(map(re.escape, label)) for label in sorted(labels, key=len, reverse=True)
    )


_LABEL_ALT = _alternation(list(LABELS))
# A label in [brackets] (colon optional) or followed by a colon. Two-character labels (名称,
# 分类) must start the line, follow a space or end a run's value that is a date or a number
# ("…2026-41003主题分类:"), so "项目名称：" in a form is not read as 名称.
LABEL_RE = re.compile(
    rf"[\[【]{SPACE}(?P<b>{_LABEL_ALT}){SPACE}[\]】]{SPACE}[：:]?"
    rf"|(?P<l>{_alternation([k for k in LABELS if len(k) > 2])}){SPACE}[：:]"
    rf"|(?:^|(?<=[\s\d]))(?P<s>{_alternation([k for k in LABELS if len(k) == 2])}){SPACE}[：:]"
)
ALONE_RE = re.compile(rf"^[\[【]?{SPACE}(?P<l>{_LABEL_ALT}){SPACE}[\]】]?{SPACE}[：:]?$")
_DATE_RE = re.compile(r"\d{4}\s*[-年./]\s*\d{1,2}\s*[-月./]\s*\d{1,2}\s*日?")


def read_labels(lines: list[str], *, anywhere: bool = True) -> dict[str, str]:
    """Label/value pairs of the lines; the first value of each key wins. A label alone on its
    line takes the next line; a run of labels on one line is split where each label starts.
    With ``anywhere`` false, only lines that start with a label are read."""
    meta: dict[str, str] = {}
    for i, line in enumerate(lines):
        alone = ALONE_RE.match(line)
        if alone:
            following = lines[i + 1] if i + 1 < len(lines) else ""
            if not ALONE_RE.match(following) and not LABEL_RE.match(following):
                keep(meta, alone.group("l"), following)
            continue
        matches = list(LABEL_RE.finditer(line))
        if not matches or (not anywhere and matches[0].start() > 0):
            continue
        ends = [m.start() for m in matches[1:]] + [len(line)]
        for m, end in zip(matches, ends, strict=True):
            keep(meta, m.group("b") or m.group("l") or m.group("s"), line[m.end() : end])
    return meta


def keep(meta: dict[str, str], label: str, value: str) -> None:
    """Store a value under its field unless it is empty, a template, or not the first one."""
    key = LABELS[re.sub(r"[\s\u3000]", "", label)]
    value = " ".join(value.split("|")[0].split()).strip("：: ")
    if not key or key in meta or not value or len(value) > 120:
        return
    if key in {"date", "published"}:
        found = _DATE_RE.search(value)
        value = found.group(0) if found else ""  # "2026-07-02 00:01": the day, not the time
    elif key == "doc_number" and not re.search(r"\d", value):
        value = ""  # an empty template such as "〔〕号"
    if re.search(rf"[\w{CJK}]", value):
        meta[key] = value
