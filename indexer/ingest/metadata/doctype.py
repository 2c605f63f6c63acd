"""公文种类 from a title's last word (GB/T 9704: a title is 机关 + 事由 + 文种)."""

from __future__ import annotations

import re

#: 公文种类 (the 15 of the 2012 regulation) and the instruments that 规范性文件 are, matched
#: against the end of a title. Longest first, so 办法 wins over 法 and 命令 over 令.
DOC_TYPES: tuple[str, ...] = tuple(
    sorted(
        (
            "决议 决定 命令 令 公报 公告 通告 意见 通知 通报 报告 请示 批复 议案 函 纪要 "
            "办法 规定 细则 规则 方案 规划 条例 法 解释 章程 准则 纲要 计划 要点 指南 守则 "
            "规程 措施 清单 目录 标准 制度 指引 答复"
        ).split(),
        key=len,
        reverse=True,
    )
)
# Words that end like a type but are not one (…补偿安置协议案 is a case, not a 议案).
_NOT_TYPES = tuple("协议案 立法 方法 做法 说法 想法 司法 执法 违法 合法 守法".split())
#: Title endings that name a type differently from the list above.
DOC_TYPE_ALIASES: dict[str, str] = {"复函": "函"}
#: The instruments a 规范性文件 or a required report is, whether it stands alone or travels
#: inside a carrier 通知 ("关于印发《××管理办法》的通知"). Longest first.
INSTRUMENTS: tuple[str, ...] = tuple(
    "年度报告 办法 规定 细则 规则 方案 规划 条例 计划 要点 指南 标准 清单 目录 措施".split()
)
_CARRIER_RE = re.compile(r"(?:印发|转发|发布|公布|颁布)[^《》]*《(?P<inner>[^《》]+)》")


def find_doc_type(title: str | None) -> str | None:
    """文种 from the end of the title, ignoring （试行）-style parentheses and closing quotes."""
    t = _strip_parentheses(re.sub(r"\s+", "", title or "")).rstrip("》〉”\"'")
    for alias, kind in DOC_TYPE_ALIASES.items():
        if t.endswith(alias):
            return kind
    if t.endswith(_NOT_TYPES):
        return None
    return next((kind for kind in DOC_TYPES if t.endswith(kind)), None)


def find_instrument(title: str | None) -> str | None:
    """The instrument a title names: the one inside 《》 of a carrier ("关于印发《…办法（试
    行）》的通知" → 办法), else the title's own ending (…工作年度报告 → 年度报告)."""
    t = re.sub(r"\s+", "", title or "")
    carried = [m.group("inner") for m in _CARRIER_RE.finditer(t)]
    for candidate in [*carried[-1:], t]:
        core = _strip_parentheses(candidate).rstrip("》〉”\"'")
        if core.endswith(_NOT_TYPES):
            continue
        if kind := next((k for k in INSTRUMENTS if core.endswith(k)), None):
            return kind
    return None


def _strip_parentheses(text: str) -> str:
    while (stripped := re.sub(r"[(（][^()（）]*[)）]$", "", text)) != text:
        text = stripped
    return text


def clean_doc_type(raw: str) -> str | None:
    value = re.sub(r"\s+", "", str(raw))
    return DOC_TYPE_ALIASES.get(value, value) or None
