"""The official title for the document page, where the source decorated it.

Portals list documents as "《关于调整2026年住房公积金缴存额的通知》" or "【天津】关于…"; about a
quarter of the real documents come titled so (1,336 of 5,839). The 政策文件库 page shows the
title as the document states it: the decoration goes, and where the body's first lines carry
the full title (the issuer's "…管理局关于" on the line above, or a "标　题：" line), that is used.
"""

from __future__ import annotations

import re

_CITY = re.compile(r"^【[^】]+】")  # a city, a county, or the issuers themselves
# 《title》, maybe followed by its 文号 ("《…的通知》哈政办规〔2018〕12号")
_WRAPPED = re.compile(r"^《([^《》]+)》(?:[^《》]*〔\d{4}〕[^《》]*号)?$")
_LABEL = re.compile(r"^标\s*题\s*[:：]\s*")
_SPACE = re.compile(r"\s+")
HEAD_LINES = 12  # the title stands in the first lines, below a 版头 or a portal's byline
LONGEST_ISSUER = 40  # characters an issuer's name may add in front of the listed title


def official_title(title: str, body: str) -> str:
    """``title`` without 《》/【城市】 decoration, completed from the body where it states more."""
    bare = _SPACE.sub("", title)
    bare = _CITY.sub("", bare).rstrip("。")
    wrapped = _WRAPPED.match(bare)
    if wrapped:
        bare = wrapped.group(1)
    if not bare or bare == _SPACE.sub("", title):
        return title  # not decorated: the title as indexed
    head = [_LABEL.sub("", _SPACE.sub("", line)) for line in body.split("\n")[: HEAD_LINES * 3]]
    head = [line for line in head if line][:HEAD_LINES]
    for start in range(len(head)):
        for end in range(start + 1, min(start + 4, len(head) + 1)):
            found = "".join(head[start:end])
            if found.endswith(bare) and len(found) <= len(bare) + LONGEST_ISSUER:
                return found
    return bare
