"""Paragraphs as the original has them, from text extracted line by line.

A PDF's text layer breaks every printed line, so a page showing one ``<p>`` per line reads (and
prints) as a column of fragments. A line is continued by the next when it is long (a 公文 line
holds 28 characters; a heading, 主送机关, signature or date line is short) and does not end a
sentence, and the next line does not open a new item (第一条, 一、, （一）, 1., 附件). Text that
already has a paragraph per line (TXT, DOCX, HTML) keeps it: its paragraphs end with 。. A
document often mixes both (one paragraph of a PDF broken, the rest whole).
"""

from __future__ import annotations

import re

_ENDS = tuple("。！？；：…")  # a closing 》 or ） ends a phrase, not a paragraph
_OPENS = re.compile(
    r"^(第[一二三四五六七八九十百零〇\d]+[条章节]|[一二三四五六七八九十]+、|（[一二三四五六七八九十\d]+）|\d+[.．、]|附件)"
)
# a title's last line, above the first sentence of the body (主送机关 line included)
_TITLE_END = re.compile(
    r"(通知|通报|意见|办法|规定|决定|公告|通告|报告|请示|批复|函|方案|规划|细则|条例)$"
)
FULL_LINE = 20  # characters: shorter lines end where the author ended them


def paragraphs(body: str) -> list[str]:
    """The body's paragraphs, wrapped lines joined; nothing is dropped but blank lines."""
    lines = [line.strip() for line in body.split("\n") if line.strip()]
    if not lines:
        return []
    out = [lines[0]]
    head = True  # still in the 版头 and title: no line has ended a sentence yet
    for prev, line in zip(lines, lines[1:], strict=False):
        head = head and not prev.endswith(_ENDS)
        continues = (
            len(prev) >= FULL_LINE
            and not prev.endswith(_ENDS)
            and not (head and _TITLE_END.search(prev))
            and not _OPENS.match(line)
        )
        if continues:
            out[-1] += line
        else:
            out.append(line)
    return out


def anchored(paras: list[str], anchors: list[str]) -> list[tuple[str | None, list[str]]]:
    """The paragraphs in groups, each led by the anchor it starts (第五百七十七条, 第二章).

    ``anchors`` are the outline's, in the order of their lines; a paragraph opens the next
    group when it begins with that anchor's label (a cross-reference inside a paragraph never
    does), and the 款 that follow stay in their article's group, so ``:target`` marks all of it.
    """
    groups: list[tuple[str | None, list[str]]] = [(None, [])]
    pending = iter(anchors)
    nxt = next(pending, None)
    for p in paras:
        label = nxt.split("-")[0] if nxt else None
        if label and p.lstrip(" \u3000").startswith(label):
            groups.append((nxt, [p]))
            nxt = next(pending, None)
        else:
            groups[-1][1].append(p)
    return [g for g in groups if g[1]]
