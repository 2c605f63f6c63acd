"""Which documents a 公文 cites and which it repeals, read from its text.

A citation is a 发文字号 ("国办发〔2014〕57号"), a 《title》 of a document, or both together —
the usual form is "《…的通知》（阿行署发〔2014〕3号）". Each is reduced to lookup keys: the
canonical number, and ``title_key`` of the title (folded, punctuation-free), so that "who cites
X" and "what does this cite" are exact term lookups in the index (indexer/links.py).

A document never cites itself: its own number, its own title and the instrument it carries
("现将《××办法》印发给你们" in the 通知 that issues the 办法) are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .textnorm import (
    DocNumberMatch,
    OrderNumberMatch,
    find_doc_numbers,
    find_order_numbers,
    fold_chars,
    title_key,
)

_TITLE_RE = re.compile(r"《(?P<title>[^《》\n]{4,120})》")
# The instrument a carrier issues ("关于印发《××办法》的通知"); not "关于适用《××法》…的解释",
# and not a forwarded document (转发《…》): citing those means the original.
_CARRIED_RE = re.compile(r"(?:印发|发布|公布|颁布)[^《》]{0,10}《(?P<title>[^《》]{4,120})》")
# A 《》 that names a kind of document, not one document ("按《实施意见》执行").
_GENERIC_RE = re.compile(
    r"^(?:实施|管理|暂行|若干|有关|补充|具体|工作|试行)*"
    r"(?:意见|办法|规定|细则|通知|方案|规则|决定|条例|公告|通告|报告|规划|计划|要点)"
    r"(?:[(（][^()（）]{1,6}[)）])?$"
)
# Words a number's code never contains: running text before it ("继续按照国办发…").
_CODE_CUT = re.compile(
    r".*(?:人民政府|政府|公署|委员会|办公室|办公厅|按照|参照|依照|依据|根据|执行|落实|贯彻|继续|"
    r"简称|文件|印发|转发|"
    r"[的将按照据要在以和及与或对为仍由见])"
)
# The same for a 令 number's issuer ("依据国务院令第707号"); 和/及/与 stay, issuers contain them
# (国家发展和改革委员会令).
_ISSUER_CUT = re.compile(
    r".*(?:按照|参照|依照|依据|根据|执行|落实|贯彻|继续|简称|印发|转发|公布|发布|[的将要在以对为仍由见经])"
)
_REPEAL_RE = re.compile(
    r"(?<!暂时)(?:同时|即行|予以|一并|自行|起)?(?:废止|不再执行|停止执行|同时失效|不再施行)"
)
_YEAR_RE = re.compile(r"〔\s*(?:19|20)\d{2}\s*〕")
_LABEL_RE = re.compile(r"《(?P<title>.+)》(?:（(?P<number>[^（）]+)）)?")
_CLAUSE_SPLIT = re.compile(r"[。；;！!\n]")
_SENTENCE_END = tuple("。；;：:！!")
#: A line this long that stops mid-sentence was wrapped by the layout; shorter ones are
#: header or signature lines ("阿勒泰地区行政公署" above its 发文字号) and stay apart.
_WRAP_MIN = 15
_GAP_BLOCKERS = re.compile(r"应当|可以|不得|规定|的|如|根据|依据|按照|，")
_CHAIN_BLOCKERS = re.compile(r"应当|可以|不得|根据|依据|按照")
_LIST_JOINS = ("、", "和", "及", "以及", "与")
#: Title endings that mark a document or law (a 《》 around a book or a form is not cited).
_DOCUMENT_ENDINGS = re.compile(
    r"(?:通知|决定|意见|办法|规定|细则|规则|方案|规划|条例|法|解释|批复|通告|公告|报告|函|请示|"
    r"通报|公报|议案|答复|规范|规程|守则|导则|"
    r"纲要|计划|要点|指南|准则|标准|清单|目录|措施|决议|命令|令|纪要|章程|制度|指引)"
    r"(?:[(（][^()（）]{1,20}[)）])*$"
)


@dataclass(frozen=True)
class Citation:
    """One cited document: its number, its title, or both as written side by side."""

    number: str | None = None
    title: str | None = None

    @property
    def keys(self) -> list[str]:
        """Index keys: the canonical number and the folded title."""
        return [k for k in (self.number, title_key(self.title) if self.title else None) if k]

    @property
    def label(self) -> str:
        """As a reader would write it, and as ``Document.cites`` stores it: 《title》（number）,
        《title》 or number. ``parse`` reads it back."""
        title = f"《{self.title}》" if self.title else ""
        return f"{title}（{self.number}）" if title and self.number else title or self.number or ""

    @classmethod
    def parse(cls, label: str) -> Citation:
        m = _LABEL_RE.fullmatch(label)
        if m:
            return cls(number=m.group("number"), title=m.group("title"))
        return cls(number=label)


def own_keys(doc_number: str | None, title: str | None) -> list[str]:
    """The keys under which other documents cite this one: its number, its title and the
    instrument title a carrier 通知 issues ("关于印发《××办法》的通知" → ××办法)."""
    keys = [doc_number] if doc_number else []
    if title:
        keys.append(title_key(title))
        keys += [title_key(m.group("title")) for m in _CARRIED_RE.finditer(title)]
    return [k for k in dict.fromkeys(keys) if k]


def find_citations(text: str, own: list[str] | tuple[str, ...] = ()) -> list[Citation]:
    """Every document the text cites, in order of first mention, without itself."""
    return _dedupe([c for _, _, c in _citations(_joined(text))], own)


def find_repeals(text: str, own: list[str] | tuple[str, ...] = ()) -> list[Citation]:
    """The cited documents the text declares repealed: "《…》（…〔2014〕3号）同时废止",
    "…不再执行", "…自2020年1月1日起废止", "决定废止《…》", or "下列文件同时废止：" and a
    list below. Only the citations joined to the verb count: "根据《××法》…，决定废止《…》"
    repeals the second, not the law it is based on."""
    clauses = [c for c in _CLAUSE_SPLIT.split(_joined(text)) if c.strip()]
    found: list[Citation] = []
    for i, clause in enumerate(clauses):
        for verb in _REPEAL_RE.finditer(clause):
            after = _citations(clause[verb.end() :])
            if after and after[0][0] <= 1:  # 废止《…》、《…》
                found += _chain(clause[verb.end() :], after)
                continue
            before = _citations(clause[: verb.start()])
            if before:
                gap = clause[before[-1][1] : verb.start()]
                if len(gap) <= 24 and not _GAP_BLOCKERS.search(gap):
                    found += _chain(clause, before[::-1])
            elif clause[verb.end() :].strip() in ("：", ":"):
                for item in clauses[i + 1 : i + 30]:  # the list, one document a line
                    listed = _citations(item)
                    if not listed:
                        break
                    found += [c for _, _, c in listed]
    return _dedupe(found, own)


def _chain(text: str, cites: list[tuple[int, int, Citation]]) -> list[Citation]:
    """The first citation and those joined to it as a list ("、", "和", "及"), in order."""
    out = [cites[0]]
    for nxt in cites[1:]:
        a, b = sorted((out[-1], nxt))
        gap = text[a[1] : b[0]].strip().lstrip("）)〕")
        if not gap.startswith(_LIST_JOINS) or _CHAIN_BLOCKERS.search(gap):
            break
        out.append(nxt)
    return [c for _, _, c in sorted(out)]


def keys_of(labels: list[str]) -> list[str]:
    """Index keys of stored citation labels (``Document.cites``), flattened, no repeats."""
    return list(dict.fromkeys(k for label in labels for k in Citation.parse(label).keys))


def _joined(text: str) -> str:
    """Line breaks inside a sentence removed: PDF layout wraps titles and numbers
    ("（阿行署发〔2014〕3\n号）"); a break after a full stop or colon stays a boundary."""
    out: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if out and len(out[-1]) >= _WRAP_MIN and not out[-1].endswith(_SENTENCE_END):
            out[-1] += line
        else:
            out.append(line)
    return "\n".join(out)


def _citations(text: str) -> list[tuple[int, int, Citation]]:
    """(start, end, citation) in order of position: a 《title》 with the number in brackets
    right after it is one citation; other numbers stand on their own."""
    folded = fold_chars(text)  # same length: offsets stay valid in ``text``
    numbers = {s: (n.end, _canonical(n)) for s, n in _numbers(folded).items()}
    numbers |= {n.start: (n.end, _order_canonical(n)) for n in find_order_numbers(folded)}
    out: list[tuple[int, int, Citation]] = []
    paired: set[int] = set()
    for m in _TITLE_RE.finditer(text):
        title = m.group("title").strip()
        if not _DOCUMENT_ENDINGS.search(title) or _GENERIC_RE.match(title):
            continue
        end, number = m.end(), None
        follow = re.match(r"\s*〔\s*", folded[end : end + 4])
        if follow:
            nearby = sorted(s for s in numbers if end + follow.end() <= s <= end + 6)
            if nearby:
                (end, number), _ = numbers[nearby[0]], paired.add(nearby[0])
        out.append((m.start(), end, Citation(number=number, title=title)))
    out += [(s, e, Citation(number=n)) for s, (e, n) in numbers.items() if s not in paired]
    return sorted(out, key=lambda found: found[0])


def _numbers(folded: str) -> dict[int, DocNumberMatch]:
    """``find_doc_numbers`` run only around each "〔2014〕": the full pattern tried at every
    character of a long text was most of the cost of reading citations."""
    found: dict[int, DocNumberMatch] = {}
    for anchor in _YEAR_RE.finditer(folded):
        lo = max(0, anchor.start() - 14)
        for n in find_doc_numbers(folded[lo : anchor.end() + 12]):
            if n.start + lo <= anchor.start() < n.end + lo:
                found.setdefault(n.start + lo, replace(n, start=n.start + lo, end=n.end + lo))
    return found


def _canonical(match: DocNumberMatch) -> str:
    """The number with its code cut after running-text words ("继续按照国办发" → 国办发)."""
    code = _CODE_CUT.sub("", match.code) or match.code
    return match.canonical(code if len(code) >= 2 else match.code)


def _order_canonical(match: OrderNumberMatch) -> str:
    """A 令 number with running text cut off its issuer ("依据国务院令" → 国务院令; "和国令",
    the end of 中华人民共和国, → 国令)."""
    issuer = match.org.replace("中华人民共和国", "")
    issuer = _ISSUER_CUT.sub("", issuer) or issuer
    issuer = re.sub(r"^(?:以及|和|及|与|或)(?=..)", "", issuer)  # "…）和国务院令第706号"
    return match.canonical("国" if issuer.endswith("国") else issuer)


def _dedupe(citations: list[Citation], own: list[str] | tuple[str, ...]) -> list[Citation]:
    """First mention of each document; a title cited once alone and once with its number
    becomes the paired citation; the document itself is dropped."""
    mine = set(own)
    by_key: dict[str, int] = {}
    out: list[Citation] = []
    for c in citations:
        if mine.intersection(c.keys) or _runs_into_own(c.number, own):
            continue
        seen = [by_key[k] for k in c.keys if k in by_key]
        if seen:
            i = seen[0]
            merged = Citation(out[i].number or c.number, out[i].title or c.title)
            out[i] = merged
            for k in merged.keys:
                by_key.setdefault(k, i)
            continue
        by_key.update(dict.fromkeys(c.keys, len(out)))
        out.append(c)
    return out


def _runs_into_own(number: str | None, own: list[str] | tuple[str, ...]) -> bool:
    """The document's own number with header text run into its code ("…行政公署阿行署函〔2017〕
    36号" when a layout lost the line break): a long prefix before exactly our number."""
    return bool(number) and any(
        "〔" in k and number.endswith(k) and len(number) - len(k) >= 3 for k in own
    )
