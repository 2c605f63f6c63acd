"""Titles that are not titles: a source's title that is a time stamp ("2024-04-12 00:00:00"),
a file name ("20240412.pdf", "Microsoft Word - 文档1.docx") or the site's banner ("××市人民政府
门户网站"), and the title of a ledger row ("2024-07-04 00:00:00 | 【湖北省襄阳市】《…》 | 摘要 |
http://…") that scraped collections store as a document's whole text.

``describe`` replaces such a source value by the title read from the body and keeps the value in
``Document.sources["given_title"]``, so nobody's data is silently lost.
"""

from __future__ import annotations

import re

from ...textnorm import CJK
from .dates import parse_date
from .doctype import find_doc_type
from .layout import ORG_RE, Layout

_STAMP_RE = re.compile(r"^[\d\s:：/.\-年月日时分秒T]+$")
_FILE_RE = re.compile(
    r"(?:\.(?:pdf|docx?|wps|ofd|xlsx?|et|pptx?|txt|rtf|html?|shtml|jsp|aspx?|php|jpe?g|png|tiff?|zip|rar))$"
    r"|^(?:microsoft\s*word\s*-|新建\s*(?:microsoft\s*)?(?:word\s*)?文档|文档\d*$|untitled|无标题|未命名)",
    re.I,
)
_BANNER_RE = re.compile(
    rf"^(?:[{CJK}]{{0,20}}(?:门户网站|政府网站|人民政府网|政府网|网站)"
    r"|首页|网站首页|政府信息公开|信息公开|信息公开目录|通知公告|政策文件|政策法规|详情|正文|"
    r"文章详情|内容页|页面|欢迎访问.*)$"
)
_URL_RE = re.compile(r"^(?:https?://|www\.)\S+$", re.I)


def is_placeholder_title(text: str | None) -> bool:
    """True for a time stamp, a file name or a site banner given where a title should be."""
    value = re.sub(r"\s+", " ", str(text or "")).strip()
    if not value:
        return False
    compact = value.replace(" ", "")
    return bool(
        _STAMP_RE.match(value)
        or _FILE_RE.search(value)
        or _BANNER_RE.match(compact)
        or _URL_RE.match(value)
        or not re.search(rf"[{CJK}A-Za-z]{{2}}", compact)
    )


def row_title(layout: Layout) -> str | None:
    """The title field of a ledger row that opens the text with a time stamp: the first field
    naming a document type (or in 《》), else the first field that is neither an organisation,
    a date, an address nor a sentence."""
    if not layout.lines or layout.lines[0].count("|") < 2:
        return None
    fields = [f.strip() for f in layout.lines[0].split("|")]
    if not parse_date(fields[0]) and not _STAMP_RE.match(fields[0]):
        return None
    candidates = [f for f in fields[1:] if _title_like(f)]
    typed = [f for f in candidates if find_doc_type(f) or "《" in f]
    return (typed or candidates or [None])[0]


def _title_like(field: str) -> bool:
    compact = re.sub(r"\s+", "", field)
    if not 4 <= len(compact) <= 100 or compact.endswith(("。", "；")) or "，" in compact[:-1]:
        return False
    short_org = len(compact) <= 10 and ORG_RE.match(compact)  # "央行、银保监会", not "…座谈会"
    return not (is_placeholder_title(compact) or short_org)
