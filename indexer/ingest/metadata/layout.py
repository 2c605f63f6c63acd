"""The GB/T 9704-2012 layout of a 公文 as lines of text, and the line patterns the zone rules
share.

版头 (red header ``××文件``, 发文字号) → 标题 (one to three lines) → 主送机关 (ends with ``：``)
→ 正文 → 署名 + 成文日期 → 版记 (抄送, 印发机关和印发日期). ``Layout.body_start`` is where the
主送机关 or the first sentence stands: everything above it is the header zone.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ...charmap import nfkc
from ...textnorm import CJK, find_doc_numbers
from .dates import is_date_line, starts_with_date
from .labels import ALONE_RE, LABEL_RE

# Organisation names end with one of these (署名, red header, the org before 关于).
ORG_END = (
    "人民政府|政府|行政公署|公署|行署|委员会|委|办公室|办公厅|厅|局|部|院|署|中心|办|"
    "管委会|领导小组|小组|会|所|站|队|处|科|行|公司|集团|党委|党组|法院|检察院|大学|学校|馆"
)
ORG_RE = re.compile(rf"^(?!各)(?!.*(?:关于|的))[{CJK}()·、]{{2,40}}?(?:{ORG_END})$")
# 发文机关标志: "××文件", or a series label such as "北京市人民政府规章".
RED_HEADER_RE = re.compile(
    rf"^(?!.*(?:关于|转发|印发|的))(?P<org>[{CJK}（）()、]{{0,60}}?)(?:文件|规章|行政规范性文件)$"
)
LING_RE = re.compile(
    rf"(?P<org>[{CJK}、]{{2,40}}?)令第?(?P<num>[\d一二三四五六七八九十百零〇]+)号"
    rf"|(?P<org2>[{CJK}]{{2,20}}?)第(?P<num2>\d+)号令"
)
JUNK_LINES = frozenset(
    "下载 打印 全屏 收藏 关闭 分享 加大 减小 还原 大 中 小 返回 顶部 首页 【 】 打印本页 "
    "关闭窗口 字号 字体 默认 特急 加急 平急 急件 特提 机密 秘密 绝密 公开 主动公开".split()
)
JUNK_PREFIX = re.compile(
    r"^(来源|时间|日期|发布|发表|阅读|作者|编辑|浏览|点击|字号|【|\[|当前位置|您的位置|首页|分享|签发人|"
    r"——|—|-|附件|索引号|主题分类|发文机关|发文字号|成文日期|文号|\d+$)"
)
_AMENDMENT_END_RE = re.compile(r"(?:修正|修订|修改|通过|批准|公布)[)）]?$")
_LABEL_PREFIX = re.compile(r"^(发文字号|文号|发文号)[：:]")
_ENTITY_RE = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{2,5});")
#: Lines of the 版记 (抄送, 印发) or an old 主题词 line: the body has ended above them.
BANJI_RE = re.compile(r"^抄送|印发$|^(主题词|关键词)[：:]")


@dataclass
class Layout:
    """The text's non-empty lines, their space-free NFKC form, and where the body starts."""

    lines: list[str]
    compact: list[str]
    body_start: int
    normal: list[str]  # each line in NFKC (``compact`` without its spaces)

    @classmethod
    def of(cls, text: str) -> Layout:
        text = _ENTITY_RE.sub(" ", text)  # "国务院办公厅 &sp;" from a scraped page
        lines = [part for line in text.splitlines() for part in _pieces(line) if part]
        normal = _nfkc_lines(lines)
        compact = [_SPACES_RE.sub("", line) for line in normal]
        limit = min(len(compact), 40)
        start = next((i for i in range(limit) if _is_body_line(compact[i])), limit)
        return cls(lines, compact, start, normal)

    @property
    def head(self) -> range:
        return range(self.body_start)

    def is_label(self, i: int) -> bool:
        """Line ``i`` is a page's metadata label ("发布机构：…") or the value under a label
        standing alone on the line above: page furniture, neither header nor title."""
        above = self.compact[i - 1] if i > 0 else ""
        return bool(LABEL_RE.match(self.compact[i]) or ALONE_RE.match(above))

    def head_text(self) -> str:
        """The lines above the body joined (labels left out), plus a "（…公布）" the body opens
        with."""
        head = "".join(self.compact[i] for i in self.head if not self.is_label(i))
        if self.body_start < len(self.compact):
            head += re.match(r"^(?:\([^()]*\))?", self.compact[self.body_start]).group(0)
        return head

    def banji_start(self) -> int:
        """First line of the 版记 (抄送/印发), or the end: where the body and signature stop."""
        return next(
            (
                i
                for i in range(self.body_start, len(self.compact))
                if BANJI_RE.search(self.compact[i])
            ),
            len(self.compact),
        )


#: A line this long is a whole document or a giant paragraph run together (a text file saved
#: without line breaks): it is read as the pieces its spacing and sentence ends make. Shorter
#: run-on pages (海关 公告 of 2-5,000 characters) keep their line: the run-on 署名 rule reads it.
LONG_LINE = 20_000
_PIECE_BREAK_RE = re.compile(r"[ \t\u3000]{2,}|\u3000|(?<=[。；！？])")


_SPACES_RE = re.compile(r"\s+")


def _nfkc_lines(lines: list[str]) -> list[str]:
    """Each line in NFKC, from one call over the joined lines, not one per line (a call apiece
    was a tenth of reading a document's metadata): a line feed is a stable character that NFKC
    neither makes nor composes across, checked by the count."""
    parts = nfkc("\n".join(lines)).split("\n")
    if len(parts) != len(lines):
        parts = [unicodedata.normalize("NFKC", line) for line in lines]
    return parts


def _pieces(line: str) -> list[str]:
    """The line stripped, or, when it runs for thousands of characters, its pieces."""
    if len(line) <= LONG_LINE:
        return [line.strip()]
    return [piece.strip() for piece in _PIECE_BREAK_RE.split(line)]


def _is_body_line(c: str) -> bool:
    """主送机关 (``各县人民政府：``), a sentence, or the first article/section of the body."""
    if c.endswith((":", "：")) and not _is_label_line(c) and len(c) >= 3:
        return True
    if c.endswith("。"):
        return True
    if re.match(r"^第[一二三四五六七八九十百零〇\d]+[条章]|^[一二三四五六七八九十]+、", c):
        # "第三十一条的决定》第一次修正": a header line broken inside an amendment's name
        return not _AMENDMENT_END_RE.search(c)
    return len(c) > 50 and bool(re.search(r"[，。；]", c))


def _is_label_line(c: str) -> bool:
    """A page's chrome or metadata line ("公开方式:主动公开文号:"), neither title nor body."""
    return bool(JUNK_PREFIX.match(c) or LABEL_RE.match(c))


# A 发文字号 line as OCR misreads it ("某政发【2015j」19与"): brackets read as look-alike glyphs
# (j, l, 1, |, 」, 』), 号 as 与/亏/弓/兮/丐, a speck after the bracket as a dot (a fax:
# "(2023].5号", "120211.7号"). Read only where a whole header line is such a number.
_OCR_NUMBER_RE = re.compile(
    rf"^(?P<code>[{CJK}]{{1,12}}?)[〔【\[(（{{「『|lI1]\s*(?P<year>(?:19|20)\d{{2}})\s*"
    r"[〕】\])）}」』jJlI1|]{1,2}\s*[.,·、]?\s*第?\s*(?P<num>\d{1,5})\s*[号號与亏弓兮丐导]$"
)


def ocr_number_line(c: str) -> str | None:
    """A header line that is a 发文字号 whose brackets or 号 OCR misread, canonical."""
    m = _OCR_NUMBER_RE.match(c)
    return f"{m.group('code')}〔{m.group('year')}〕{int(m.group('num'))}号" if m else None


def doc_number_line(c: str) -> str | None:
    """The number, if this line is (almost) only a 发文字号 or a 令 number (or one OCR misread)."""
    c = _LABEL_PREFIX.sub("", c.strip("()（）"))
    c = re.sub(r"签发人[:：].*$", "", c)
    found = find_doc_numbers(c)
    if found and len(c) - (found[0].end - found[0].start) <= 4:
        return found[0].canonical()
    ling = LING_RE.fullmatch(c)
    return ling.group(0) if ling else ocr_number_line(c)


# A 通告/公告's own number ("2024年第5号", "（第3号）", "〔2024〕第5号"): the document's number,
# written without a 机关代字, standing under the title or at its end.
_OWN_NUMBER = r"(?:(?:19|20)\d{2}年度?|[〔\[(（](?:19|20)\d{2}[〕\])）])?第\d{1,4}号"
OWN_NUMBER_RE = re.compile(rf"^[(（〔\[]?(?P<num>{_OWN_NUMBER})[)）〕\]]?$")
TRAILING_OWN_NUMBER_RE = re.compile(rf"(?<=[告令])[(（〔\[]?(?P<num>{_OWN_NUMBER})[)）〕\]]?$")


def own_number_line(c: str) -> str | None:
    """A line that is only a 通告/公告's own number: the number, brackets around it dropped."""
    m = OWN_NUMBER_RE.match(c)
    return m.group("num") if m else None


def is_title_line(c: str) -> bool:
    if not c or c in JUNK_LINES or _is_label_line(c) or RED_HEADER_RE.match(c):
        return False
    if not re.search(f"[{CJK}]", c) or c[-1] in "，。；：:、" or len(c) > 80:
        return False
    return not (is_date_line(c) or starts_with_date(c) or doc_number_line(c) or own_number_line(c))


def is_parenthetical(c: str) -> bool:
    return bool(re.fullmatch(r"[(（][^()（）]{1,20}[)）]", c))


def first_issuer(org: str) -> str:
    """ "中共××委员会、××人民政府" headers keep the first issuer."""
    return re.split(r"[、，,]", org)[0]
