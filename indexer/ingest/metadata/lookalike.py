"""Look-alike glyphs on OCR'd header lines (issue 12, class 2): what the rules read on a scan.

Tesseract misreads a few common characters of 公文 header lines as glyphs that look like them:
关于 as 天于 or 美于, the placeholder 某 as 基, 革 or 其, and it adds specks (a quote mark, a
bar, a dash) at the ends of lines. The body is indexed as read; only the lines the metadata
rules take values from are corrected, and only for OCR'd text (``describe(ocr=True)``): the
header zone above the body (red header, 发文字号, title) and the signature block at its end.

Every substitution is data (``PAIRS``: the glyph read, the one meant, and the context that
licenses it), and a context fires only where the corrected line then is what that zone
holds while the line as read is not:

* ``title``: at the start of a header line (or right after an organisation's name), when the
  corrected line, alone or with the next header line, is a title ending in a 文种;
* ``issuer``: in a 发文字号's 机关代字, when the meant character is in the issuer's name (the
  red header's ``××文件``) and the read one is not, and the line then reads as a 发文字号; in
  an organisation line of the signature, when the line then is the issuer's name exactly.

Stray glyphs after the red header's ``文件`` go when the 署名 names the same issuer, and after
a 成文日期 when they are no Chinese word. A header line that still looks like a garbled
发文字号 (a year, a number, 号 or a look-alike at its end) is left out of what the rules read,
so that a title never starts with it.

A speck is stripped from either end of a header or signature line unless it closes or opens a
pair within the line ("“十四五”规划" keeps its quotes). Real words are never rewritten: a
line that already reads as a title, a number or the issuer is left as it is.
"""

from __future__ import annotations

import re

from .dates import is_date_line
from .doctype import find_doc_type
from .layout import ORG_RE, RED_HEADER_RE, Layout, doc_number_line

#: (read, meant, context): glyphs Tesseract confuses on the generated phone scans and faxes
#: (``tools/scan_fixtures.py``) and on the scanned originals.
PAIRS: tuple[tuple[str, str, str], ...] = (
    ("天于", "关于", "title"),  # 关 loses its two top strokes on a faint or shadowed copy
    ("美于", "关于", "title"),
    ("关干", "关于", "title"),
    ("矢于", "关于", "title"),
    ("基", "某", "issuer"),
    ("革", "某", "issuer"),
    ("其", "某", "issuer"),
    ("甚", "某", "issuer"),
    ("入", "人", "issuer"),  # 入民政府
)
#: Glyphs a speck, a fold or the sheet's edge is read as at either end of a line.
SPECKS = "|｜丨'\"“”‘’`,，.。·、-—_~¦"
_PAIRED = {"“": "”", "‘": "’", '"': '"', "'": "'"}
HEAD_LINES = 12  # the header zone is never longer on a 公文's first page
TAIL_LINES = 6  # the signature block and its date


def correct_header(text: str) -> str:
    """``text`` with its header and signature lines read tolerantly (see the module's doc);
    the other lines, and the line breaks, as they were."""
    raw = text.split("\n")
    layout = Layout.of(text)
    filled = [i for i, line in enumerate(raw) if line.strip()]
    if len(filled) != len(layout.lines):  # giant lines cut into pieces: not a scan's page
        return text
    head = list(range(min(layout.body_start, HEAD_LINES)))
    tail = list(range(max(layout.body_start, len(filled) - TAIL_LINES), len(filled)))
    lines = {k: strip_specks(raw[filled[k]].strip()) for k in head + tail}
    signed = [lines[k] for k in tail if ORG_RE.match(lines[k])]
    if head:
        lines[head[0]] = fix_red_header(lines[head[0]], signed)
    issuer = _issuer([lines[k] for k in head])
    for n, k in enumerate(head):
        after = lines[head[n + 1]] if n + 1 < len(head) else ""
        lines[k] = fix_number(fix_title(lines[k], after), issuer)
        if garbled_number(lines[k]):  # neither a number nor the title's first line
            lines[k] = ""
    for k in tail:  # a body line keeps its specks: only a signature line is read again
        line = fix_date(fix_org(lines[k], issuer))
        lines[k] = line if is_date_line(line) or ORG_RE.match(line) else raw[filled[k]]
    for k, line in lines.items():
        raw[filled[k]] = line
    return "\n".join(raw)


def strip_specks(line: str) -> str:
    """The line without the specks at its ends; a quote that pairs with one inside stays."""
    while line and line[0] in SPECKS and _PAIRED.get(line[0], "\0") not in line[1:]:
        line = line[1:].lstrip()
    while line and line[-1] in SPECKS and not _closes(line):
        line = line[:-1].rstrip()
    return line


def _closes(line: str) -> bool:
    """The last character closes a quote opened earlier in the line."""
    opening = next((a for a, b in _PAIRED.items() if b == line[-1]), None)
    return opening is not None and opening in line[:-1]


def fix_title(line: str, after: str = "") -> str:
    """天于/美于… → 关于 at the start of a title line (or after an organisation's name), where
    the corrected line, alone or continued by the next line, ends with a 文种."""
    if _is_title(line, after):
        return line
    for read, meant, context in PAIRS:
        if context != "title":
            continue
        at = line.find(read)
        if at < 0 or (at and not ORG_RE.match(line[:at])):
            continue
        fixed = line[:at] + meant + line[at + len(read) :]
        if _is_title(fixed, after):
            return fixed
    return line


def _is_title(line: str, after: str) -> bool:
    return "关于" in line and any(find_doc_type(t) for t in (line, line + after))


def fix_number(line: str, issuer: str | None) -> str:
    """A 发文字号 whose 机关代字 has a look-alike of a character of the issuer's name (read
    as a number either way, its code would be wrong)."""
    if not issuer or not re.search(r"(?:19|20)\d{2}", line):
        return line
    code = re.match(r"^[^\d\[【〔(（{「『|]{1,12}", line)
    if not code:
        return line
    fixed = code.group(0)
    for read, meant, context in PAIRS:
        if context == "issuer" and meant in issuer and read not in issuer:
            fixed = fixed.replace(read, meant)
    candidate = fixed + line[code.end() :]
    return candidate if fixed != code.group(0) and doc_number_line(candidate) else line


def fix_org(line: str, issuer: str | None) -> str:
    """A signature line that is the issuer's name but for look-alike glyphs: the issuer's."""
    if not issuer or line == issuer or len(line) != len(issuer):
        return line
    licensed = {(read, meant) for read, meant, context in PAIRS if context == "issuer"}
    differ = [(a, b) for a, b in zip(line, issuer, strict=True) if a != b]
    return issuer if all(pair in licensed for pair in differ) else line


def fix_red_header(line: str, signed: list[str]) -> str:
    """``××文件`` with a stray glyph after it ("江苏省交通运输厅文件本"), when the 署名 names
    the same ×× (the issuer stands in both places)."""
    m = re.match(r"^(?P<org>.+?)文件.{1,2}$", line)
    return f"{m.group('org')}文件" if m and m.group("org") in signed else line


#: A date with up to three stray glyphs after it that are no word ("2020年9月30日1").
_DATE_TAIL_RE = re.compile(r"^((?:19|20)\d{2}年\d{1,2}月\d{1,2}日)[^\u4e00-\u9fff]{1,3}$")


def fix_date(line: str) -> str:
    """A 成文日期 line with specks after the 日 read as digits or marks."""
    m = _DATE_TAIL_RE.match(line)
    return m.group(1) if m else line


#: A header line with a year and a number ending in 号 or a look-alike, that no repair made
#: readable as a 发文字号: it is still no part of the title under it.
_NUMBERISH_RE = re.compile(r"(?:19|20)\d{2}\D{0,3}\d{1,5}\W?[号號与亏弓兮丐导]\W?$")


def garbled_number(line: str) -> bool:
    return bool(_NUMBERISH_RE.search(line)) and "关于" not in line and not doc_number_line(line)


def _issuer(head: list[str]) -> str | None:
    """The issuer the red header names (``××文件``), read as written."""
    for line in head:
        m = RED_HEADER_RE.match(re.sub(r"\s+", "", line))
        if m and m.group("org") and ORG_RE.match(m.group("org")):
            return m.group("org")
    return None
