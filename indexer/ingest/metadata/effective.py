"""施行日期: the day a document says it takes effect ("本通知自2025年3月3日起施行").

Not a 成文日期, and usually a few days after it; ``describe`` dates a document by it only
when nothing else does (source ``effective``), and the 有效期 rules count from it.
"""

from __future__ import annotations

import datetime as dt
import re

from .dates import parse_date

# The document speaking of itself: 本办法, 本通知, 本实施细则, 此次通知…
SELF_RE = (
    r"(?:本|此次)(?:实施)?(?:办法|规定|细则|规则|方案|规划|意见|通知|决定|条例|公告|通告|文件|"
    r"政策|措施|制度|指引|指南|解释|批复|法)"
)
START_RE = re.compile(
    r"(?:自|从|于)(?:(?:公布|发布|印发)之日[(（])?(?P<start>[^，。；()（）]{8,16}?日)[)）]?"
    r"(?:[(（]含(?:当日)?[)）])?(?:零时)?起?(?:开始|正式)?(?:施行|执行|实施|生效|实行)"
)
# A news item or a 解读 names the policy it reports on instead: "“新湘十条”将于…起正式施行",
# "该政策自2023年3月14日起施行", "以上政策均于2023年9月8日开始实施".
_REPORTED_RE = re.compile(
    rf"{SELF_RE}|(?:该|此项|以上|上述|新)(?:政策|措施|规定)|新政|[”》](?:将|已|均)?(?:于|自|从)"
)
_SENTENCE_ENDS = "。；\n"


def find_effective_date(text: str) -> dt.date | None:
    """The date in the document's own 施行 clause; the last one wins (the 附则 comes last,
    and a 细则 quoting its parent's 施行 date does so earlier)."""
    text = text.replace(" ", "").replace("\u3000", "")
    found, seen = None, set()
    for m in START_RE.finditer(text):  # the clauses first: few texts have one
        begin = max(text.rfind(c, 0, m.start()) for c in _SENTENCE_ENDS) + 1
        if begin in seen:
            continue  # the first clause of a sentence speaks for it
        seen.add(begin)
        end = min((i for c in _SENTENCE_ENDS if (i := text.find(c, m.end())) >= 0), default=None)
        if _REPORTED_RE.search(text[begin:end]) and (when := parse_date(m.group("start"))):
            found = when
    return found
