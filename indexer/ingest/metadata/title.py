"""标题: the title block after the red header and 发文字号, before the 主送机关 line.

A title may run over several lines; the red header (``××文件``), the number, a date and
stacked joint-issuer names above it are not part of it.
"""

from __future__ import annotations

import re
import unicodedata

from ...textnorm import CJK
from .doctype import find_doc_type
from .layout import (
    LING_RE,
    ORG_RE,
    TRAILING_OWN_NUMBER_RE,
    Layout,
    doc_number_line,
    is_title_line,
)

_ADDRESSEES_RE = re.compile(r"^各.*[，、,]")
# A book of a code under the code's name ("中华人民共和国民法典" / "人格权编").
_PART_RE = re.compile(rf"^[{CJK}]{{0,8}}(?:编|总则|分则)$")
# A 令 that promulgates a rule: its title is the rule's ("中华人民共和国国务院令 / 第707号 /
# 现公布修订后的《中华人民共和国个人所得税法实施条例》…").
_ORDER_TITLE_RE = re.compile(rf"^[{CJK}]{{2,30}}令$")
_PROMULGATED_RE = re.compile(
    r"公布[^《。]{0,8}《(?P<title>[^《》]{2,80})》|《(?P<t2>[^《》]{2,80})》[^。]{0,30}公布"
)


def find_title(layout: Layout) -> str | None:
    """The title block: after the red header and 发文字号, before the 主送机关 line."""
    head = [i for i in layout.head if is_title_line(layout.compact[i]) and not layout.is_label(i)]
    numbers = [i for i in layout.head if doc_number_line(layout.compact[i])]
    if numbers:  # GB/T 9704: the title follows the number; gov.cn pages put it above
        after = [i for i in head if i > numbers[0]]
        head = after + [i for i in head if i < numbers[0]]
    for run in runs(head):
        lines = _strip_leading_orgs(layout, run)
        title = _join_title(layout, lines)
        if title and _ADDRESSEES_RE.match(title) and not _complete(title):
            continue  # "各区人民政府，市政府各委、办、局" whose colon OCR lost
        if title and len(title) >= 4 and balanced(title) and not ORG_RE.match(title):
            return _promulgated(layout, title) or title
    return None


def _promulgated(layout: Layout, title: str) -> str | None:
    """The rule a 令 promulgates, named in its first sentences."""
    if not _ORDER_TITLE_RE.match(title):
        return None
    for c in layout.compact[layout.body_start : layout.body_start + 3]:
        if m := _PROMULGATED_RE.search(c):
            return m.group("title") or m.group("t2")
    return None


def runs(indexes: list[int]) -> list[list[int]]:
    """Consecutive line numbers grouped: a title is one unbroken block of lines."""
    out: list[list[int]] = []
    for i in indexes:
        if out and out[-1][-1] == i - 1:
            out[-1].append(i)
        else:
            out.append([i])
    return out


def _strip_leading_orgs(layout: Layout, run: list[int]) -> list[int]:
    """Stacked organisation lines above a title are a joint 版头, not part of the title; a
    single one is usually the title's own first line ("国务院办公厅" / "关于…的通知")."""
    orgs = 0
    while orgs < len(run) - 1 and ORG_RE.match(layout.compact[run[orgs]]):
        orgs += 1
    spaced = orgs and re.search(rf"[{CJK}]\s+[{CJK}]", layout.lines[run[0]])
    return run[orgs:] if orgs >= 2 or spaced else run


def _join_title(layout: Layout, run: list[int]) -> str | None:
    """Join the run's lines up to the last one that completes a title (ends with a document
    type, brackets balanced), so a signer or subtitle line after it is left out; with no
    document type anywhere, only the first line is sure to be title."""
    lines = [layout.lines[i] for i in run[:4]]
    for n in range(1, len(lines)):
        if _title_ends_before(lines[:n], lines[n]):
            lines = lines[:n]
            break
    complete = [n for n in range(1, len(lines) + 1) if _complete("".join(lines[:n]))]
    n = complete[-1] if complete else 1
    if n < len(lines) and _PART_RE.match(layout.compact[run[n]]):
        n += 1
    return _without_own_number(clean_title("".join(lines[:n])))


def _without_own_number(title: str | None) -> str | None:
    """ "××市公安局通告第3号": the number is the 通告's own (``header.own_number``), not title."""
    if not title or LING_RE.search(title):
        return title
    return TRAILING_OWN_NUMBER_RE.sub("", title) or title


def _title_ends_before(lines: list[str], line: str) -> bool:
    """A complete title followed by its carrier ("关于印发…的通知") or by itself again, or a
    line opening a long bracketed note ("（2011年…会议通过）")."""
    if line[:1] in "(（" and len(line) > 20:
        return True
    return _complete("".join(lines)) and (line.startswith("关于") or line[:6] == lines[0][:6])


def _complete(text: str) -> bool:
    """Ends with a document type and closes every bracket it opens."""
    return bool(find_doc_type(text)) and balanced(text)


def balanced(text: str) -> bool:
    text = unicodedata.normalize("NFKC", text)
    return all(text.count(a) == text.count(b) for a, b in ("《》", "()", "〔〕"))


def clean_title(raw: str) -> str | None:
    """Title lines joined: no whitespace between Chinese characters, single spaces elsewhere."""
    text = " ".join(str(raw).split())
    text = re.sub(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])", "", text)
    return text or None
