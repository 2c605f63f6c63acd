"""Character-level normalisation shared by extraction, metadata rules, the analyzer and queries.

NFKC folds full-width letters, digits and most brackets, but not 〔〕 or 【】, which real
发文字号 use in every variant; those go through an explicit map. ``fold_chars`` keeps the text
length so that token offsets (highlighting) still point into the stored original.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .charmap import CharMap

# Every bracket pair seen around the year of a 发文字号, mapped to the standard 〔〕.
_OPEN = "〔[［(（【﹝〖{｛⁅〘"
_CLOSE = "〕]］)）】﹞〗}｝⁆〙"
_BRACKET_MAP = str.maketrans({**{c: "〔" for c in _OPEN}, **{c: "〕" for c in _CLOSE}})

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RE = re.compile(f"[{CJK}]")

# 机关代字 + 〔年份〕 + 序号 + 号. The code is CJK (a few carry Latin letters).
DOC_NUMBER_RE = re.compile(
    rf"(?P<code>[{CJK}A-Za-z]{{1,12}}?)\s*[{re.escape(_OPEN)}]\s*"
    r"(?P<year>(?:19|20)\d{2})\s*"
    rf"[{re.escape(_CLOSE)}]\s*第?\s*(?P<num>\d{{1,6}})\s*号"
)
# Words that often stand right before a number in running text but are not part of its code.
_LEAD_WORDS = (
    "根据",
    "按照",
    "依据",
    "依照",
    "参照",
    "参见",
    "贯彻",
    "落实",
    "执行",
    "印发",
    "转发",
    "见",
    "据",
    "依",
    "按",
    "和",
    "及",
    "与",
    "或",
    "以",
    "的",
    "文",
)


def _load_t2s() -> dict[int, str]:
    """OpenCC's traditional → simplified map, one character each (indexer/data/t2s.tsv)."""
    table: dict[int, str] = {}
    path = Path(__file__).parent / "data" / "t2s.tsv"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            trad, simp = line.split("\t")
            table[ord(trad)] = simp
    return table


class _Identity(dict):
    """A str.translate table that maps every character it does not know to itself, once: a
    plain dict makes translate raise and catch a LookupError for each such character (about
    4 ms on a 5,000-character document)."""

    def __missing__(self, code: int) -> int:
        self[code] = code
        return code


_T2S = _Identity(_load_t2s())
_T2S_MAP = CharMap(_T2S)


def to_simplified(text: str) -> str:
    """Traditional characters folded to simplified, character by character (length kept)."""
    return _T2S_MAP(text)


def fold_char(ch: str) -> str:
    """One character in, one character out: NFKC where that keeps length, traditional →
    simplified, the bracket map, lower case."""
    folded = unicodedata.normalize("NFKC", ch)
    if len(folded) != 1:
        folded = ch
    return folded.translate(_T2S).translate(_BRACKET_MAP).lower()


class _FoldTable(dict):
    """A str.translate table that computes each character's fold once, on first sight, so
    folding runs at C speed (a per-character Python loop cost ~5 ms per long document)."""

    def __missing__(self, code: int) -> str:
        folded = fold_char(chr(code))
        if len(folded) != 1:
            folded = chr(code)  # e.g. "İ".lower() has two characters: keep the length
        self[code] = folded
        return folded


_FOLD = _FoldTable()
_FOLD_MAP = CharMap(_FOLD)


def fold_chars(text: str) -> str:
    """Length-preserving normalisation used by the analyzer (offsets stay valid)."""
    return _FOLD_MAP(text)


_SPACE_RE = re.compile(r"\s+")


def compact(text: str) -> str:
    """Folded text without whitespace: what a quoted fragment must be a substring of. A PDF's
    line breaks and layout spaces fall anywhere in a sentence, so a copied stretch may carry
    them where the stored text has none, and the reverse."""
    return _SPACE_RE.sub("", fold_chars(text))


def normalize(text: str) -> str:
    """Full normalisation for short strings (queries, metadata values): NFKC, brackets, spaces."""
    text = unicodedata.normalize("NFKC", text).translate(_BRACKET_MAP)
    return re.sub(r"\s+", " ", text).strip()


def normalize_doc_number(raw: str) -> str | None:
    """Canonical ``代字〔年份〕序号号`` for one number written any way (or ``机关令第N号`` for an
    order), or None if it is not one. Traditional script folds (港府發〔2024〕3號 →
    港府发〔2024〕3号) so that either spelling looks up the same number."""
    text = to_simplified(normalize(raw))
    m = DOC_NUMBER_RE.search(text)
    if not m:
        orders = find_order_numbers(text)
        return orders[0].canonical() if orders else None
    code = m.group("code")
    return f"{code}〔{m.group('year')}〕{int(m.group('num'))}号"


# 令 numbers, the 发文字号 of rules issued by order: 中华人民共和国国务院令第707号, 国令第707号
# (gov.cn's form), 财政部令第100号, 海关总署第262号令. Found from the anchor (令第N号, 第N号令)
# back to the issuer: a pattern that starts with the issuer would be tried at every character.
_ORDER_ANCHOR_RE = re.compile(r"令\s*第\s*(?P<num>\d{1,5})\s*号|第\s*(?P<num2>\d{1,5})\s*号令")
_ISSUER_BEFORE_RE = re.compile(f"[{CJK}]{{1,30}}$")
_ORDER_ISSUER = {"国": "国务院"}


@dataclass(frozen=True)
class OrderNumberMatch:
    start: int
    end: int
    org: str
    num: int

    def canonical(self, org: str | None = None) -> str:
        org = (org or self.org).removeprefix("中华人民共和国")
        return f"{_ORDER_ISSUER.get(org, org)}令第{self.num}号"

    def variants(self) -> list[str]:
        """Each trailing part of the issuer, as for 发文字号 in running text (and 国 → 国务院)."""
        orgs = [self.org[i:] for i in range(len(self.org) - 1)]
        if self.org.endswith("国") or len(self.org) == 1:
            orgs.append(self.org[-1])
        return list(dict.fromkeys(self.canonical(o) for o in orgs if o))


def find_order_numbers(text: str) -> list[OrderNumberMatch]:
    """Every 令 number in a text: the issuer is the run of Chinese right before it."""
    if "令" not in text:
        return []
    found: list[OrderNumberMatch] = []
    for anchor in _ORDER_ANCHOR_RE.finditer(text):
        lo = max(0, anchor.start() - 30, found[-1].end if found else 0)
        issuer = _ISSUER_BEFORE_RE.search(text, lo, anchor.start())
        num = anchor.group("num") or anchor.group("num2")
        if issuer and (anchor.group("num") or len(issuer.group(0)) >= 2):
            start, org = _after_date(text, issuer.start(), issuer.group(0))
            found.append(OrderNumberMatch(start, anchor.end(), org, int(num)))
    return found


def _after_date(text: str, start: int, org: str) -> tuple[int, str]:
    """ "2005年3月1日某省人民政府令第112号公布": the 日 ends the date, not the issuer's name
    (日照市 keeps its 日: no digit stands before it)."""
    if len(org) > 2 and org[0] in "年月日" and start and text[start - 1].isdigit():
        return start + 1, org[1:]
    return start, org


@dataclass(frozen=True)
class DocNumberMatch:
    start: int
    end: int
    code: str
    year: str
    num: int

    def canonical(self, code: str | None = None) -> str:
        return f"{code or self.code}〔{self.year}〕{self.num}号"

    def variants(self, min_code: int = 2) -> list[str]:
        """The number with each trailing part of its code: the code's start is unknowable in
        running text ("根据国办发〔2014〕57号"), so every suffix is a candidate."""
        codes = [self.code[i:] for i in range(len(self.code) - min_code + 1)] or [self.code]
        return [self.canonical(c) for c in codes]


def find_doc_numbers(text: str) -> list[DocNumberMatch]:
    """Every 发文字号 in a text, with lead words such as 根据/按照 trimmed off the code."""
    found = []
    for m in DOC_NUMBER_RE.finditer(text.translate(_BRACKET_MAP)):
        code = m.group("code")
        start = m.start("code")
        for lead in _LEAD_WORDS:
            if code.startswith(lead) and len(code) - len(lead) >= 2:
                code, start = code[len(lead) :], start + len(lead)
                break
        found.append(DocNumberMatch(start, m.end(), code, m.group("year"), int(m.group("num"))))
    return found


_KEY_DROP = re.compile(r"[\W_]+")


@functools.lru_cache(maxsize=4096)
def title_key(text: str) -> str:
    """A title reduced to its folded letters and digits: the exact-title lookup key. Cached:
    the build asks it of each title about seven times (columns, manifest, citations, passes)."""
    return _KEY_DROP.sub("", fold_chars(normalize(text)))


def has_cjk(text: str) -> bool:
    return bool(_CJK_RE.search(text))


_LINE_JOIN_RE = re.compile(rf"(?<=[{CJK}，、；：（“《])\n(?=[{CJK}，。、；：）”》])")


def join_cjk_lines(text: str) -> str:
    """Remove line breaks inside Chinese sentences (PDF layout) without inserting spaces."""
    return _LINE_JOIN_RE.sub("", text)


_BLANK_RUN_RE = re.compile(r"\n{3,}")
_ZERO_WIDTH_RE = re.compile("[\u200b-\u200d\u2060\ufeff]|(?<!\\d)\u00ad|\u00ad(?!\\d)")


def tidy_text(text: str, *, blank_lines: bool = False) -> str:
    """Common output shape of every extractor: ``\\n`` newlines, lines stripped, no NULs.

    With ``blank_lines=False`` (PDF, DOCX, HTML) each paragraph is one line and empty lines go;
    plain text keeps its blank lines as paragraph separators, collapsed to one.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    text = text.replace("\xa0", " ").replace("\u2028", "\n").replace("\u2029", "\n")
    text = _ZERO_WIDTH_RE.sub("", text).replace("\u00ad", "-")  # a soft hyphen between digits
    lines = [line.strip(" \t\u3000\f\v") for line in text.split("\n")]
    if not blank_lines:
        return "\n".join(line for line in lines if line)
    return _BLANK_RUN_RE.sub("\n\n", "\n".join(lines)).strip("\n")


def join_wrapped(left: str, right: str) -> str:
    """Join two pieces of one paragraph that a layout wrapped: no space beside Chinese text,
    one space between two Latin words; digits split by a wrap are rejoined."""
    if not left or not right:
        return left + right
    a, b = left[-1], right[0]
    if a.isascii() and b.isascii() and a.isalnum() and b.isalnum() and not (a + b).isdigit():
        return f"{left} {right}"
    return left + right


_CJK_OR_PUNCT = f"{CJK}\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\u2014\u2018-\u201d"
_LAYOUT_SPACE_RE = re.compile(
    rf"(?<=[{_CJK_OR_PUNCT}])[ \t]+(?=[{_CJK_OR_PUNCT}\d])|(?<=\d)[ \t]+(?=[{_CJK_OR_PUNCT}])"
)


def squeeze_layout_spaces(text: str) -> str:
    """Drop the spaces a PDF layout puts between Chinese characters ("税 务 总 局", "2019 年"),
    which written Chinese never has; spaces between Latin words stay."""
    return _LAYOUT_SPACE_RE.sub("", text)
