"""Document metadata from a sidecar, the portal's table, or the GB/T 9704 layout of the text.

Each field has one small rule function. ``describe`` applies, per field, the first source that
knows a value: ``given`` (sidecar / JSONL) > ``structured`` (portal table) > rules on the body
> title hint > file name, and records in ``Document.sources`` where each value came from.
A rule that is not sure returns None: a missing 发文机关 is better than a wrong one, because
facets and filters are built from these values.

The rules read the layout of an official document (GB/T 9704-2012):
版头 (red header ``××文件``, 发文字号) → 标题 (one to three lines) → 主送机关 (ends with ``：``)
→ 正文 → 署名 + 成文日期 → 版记 (抄送, 印发机关和印发日期).

``Document.sources`` values: ``sidecar`` (the ``given`` mapping), ``page`` (``structured``),
``header`` (版头, or the dated lines above a law's body), ``signature`` (署名/成文日期),
``body`` (the title block, or "我代表××人民政府" in a work report), ``title`` (derived from
the title: 文种, the organisation before 关于), ``doc_number`` (机关代字 table), ``published``
(the page's 发布日期, when nothing gives the 成文日期), ``hint`` (``title_hint``),
``filename`` (``fallback_title``) and ``id`` (no title at all: the doc id stands in).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .models import Document
from .textnorm import CJK, find_doc_numbers, normalize, normalize_doc_number

DATA = Path(__file__).parent / "data"

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

# Organisation names end with one of these (署名, red header, the org before 关于).
_ORG_END = (
    "人民政府|政府|行政公署|公署|行署|委员会|委|办公室|办公厅|厅|局|部|院|署|中心|办|"
    "管委会|领导小组|小组|会|所|站|队|处|科|行|公司|集团|党委|党组|法院|检察院|大学|学校|馆"
)
_ORG_RE = re.compile(rf"^(?!各)(?!.*(?:关于|的))[{CJK}()·、]{{2,40}}?(?:{_ORG_END})$")
_RUN_ON_RE = re.compile(
    rf"(?:^|[。！；：]|[^{CJK}\s])(?P<org>(?!附件|特此)[{CJK}][{CJK} ]{{1,40}}?(?:{_ORG_END}))"
    rf"\s*(?P<date>(?:19|20)\d{{2}}年\d{{1,2}}月\d{{1,2}}日)"
    rf"(?=$|[^{CJK}\d]|公告|附件|关于|中华人民共和国)"
)
_TITLE_ORG_RE = re.compile(rf"^(?P<org>[{CJK}（）()·、]{{2,40}}?(?:{_ORG_END}))关于")
# 发文机关标志: "××文件", or a series label such as "北京市人民政府规章".
_RED_HEADER_RE = re.compile(rf"^(?P<org>[{CJK}（）()、]{{0,60}}?)(?:文件|规章|行政规范性文件)$")
_LING_RE = re.compile(
    rf"(?P<org>[{CJK}、]{{2,40}}?)令第?(?P<num>[\d一二三四五六七八九十百零〇]+)号"
    rf"|(?P<org2>[{CJK}]{{2,20}}?)第(?P<num2>\d+)号令"
)
_ISSUED_RE = re.compile(r"通过|修正|修订|公布|发布|批准|颁布")
_ENACT_RE = re.compile(f"{_ISSUED_RE.pattern}|会议上")
_NEXT_YEAR_RE = re.compile(r"(?:19|20)\d{2}年|[〇零○一二三四五六七八九]{4}年")
_CONGRESS_RE = re.compile(
    rf"(?P<region>[{CJK}]*?)第[一二三四五六七八九十]+届(?P<nat>全国)?人民代表大会"
    r"(?P<sc>常务委员会)?会?第"
)
_MEETING_ORG_RE = re.compile(
    rf"(?P<org>国务院|最高人民法院|最高人民检察院|[{CJK}]{{2,12}}人民政府)(?:审判委员会|检察委员会)?第"
)
_SPEAKER_RE = re.compile(rf"我代表(?P<org>[{CJK}]{{0,20}}?(?:人民政府|国务院))[，,]?向")
_RELATIVE_GOVS = frozenset(
    {"省人民政府", "市人民政府", "自治区人民政府", "区人民政府", "县人民政府"}
)
_JUNK_LINES = frozenset(
    "下载 打印 全屏 收藏 关闭 分享 加大 减小 还原 大 中 小 返回 顶部 首页 【 】 打印本页 "
    "关闭窗口 字号 字体 默认 特急 加急 平急 急件 特提 机密 秘密 绝密 公开 主动公开".split()
)
_JUNK_PREFIX = re.compile(
    r"^(来源|时间|日期|发布|作者|编辑|浏览|点击|字号|【|\[|当前位置|您的位置|首页|分享|签发人|"
    r"——|—|-|附件|索引号|主题分类|发文机关|发文字号|成文日期|文号|\d+$)"
)
_LABEL_PREFIX = re.compile(r"^(发文字号|文号|发文号)[：:]")
_BANJI_RE = re.compile(r"^抄送|印发$|^(主题词|关键词)[：:]")

# Dates: Arabic, separated, and Chinese numerals with 〇/零 (二〇一七年三月十五日).
_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | dict.fromkeys("零○OoО0", 0)
_DATE_PATTERNS = (
    re.compile(r"(?P<y>(?:19|20)\d{2})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日?"),
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})[-./](?P<m>\d{1,2})[-./](?P<d>\d{1,2})(?!\d)"),
    re.compile(
        r"(?P<y>[〇零○OoО0一二三四五六七八九]{4})年"
        r"(?P<m>[一二三四五六七八九十]{1,2})月(?P<d>[一二三四五六七八九十]{1,3})日"
    ),
)


# ── public entry point ───────────────────────────────────────────────────────────────────────


def describe(
    doc_id: str,
    text: str,
    *,
    given: Mapping[str, str | None] | None = None,
    structured: Mapping[str, str] | None = None,
    title_hint: str | None = None,
    fallback_title: str | None = None,
    path: str | None = None,
    sha256: str | None = None,
    fmt: str | None = None,
    extra: dict | None = None,
) -> Document:
    """Build a Document, taking each field from the most trustworthy source that has it."""
    layout = Layout.of(text)
    given = _present(given)
    structured = _present(structured)
    sources: dict[str, str] = {}

    def pick(name: str, clean: Callable, rules: list[tuple[str, Callable[[], object]]]):
        chain = [("sidecar", lambda: given.get(name)), ("page", lambda: structured.get(name))]
        for source, produce in chain + rules:
            raw = produce()
            value = clean(raw) if raw is not None else None
            if value is not None:
                sources[name] = source
                return value
        return None

    title = pick(
        "title",
        clean_title,
        [("body", lambda: find_title(layout)), ("hint", lambda: title_hint)],
    ) or _fallback(fallback_title, doc_id, sources)
    doc_number = pick("doc_number", clean_doc_number, [("header", lambda: find_doc_number(layout))])
    department = pick("department", clean_department, _department_rules(layout, title, doc_number))
    date = pick("date", parse_date, _date_rules(layout, structured))
    doc_type = pick("doc_type", clean_doc_type, [("title", lambda: find_doc_type(title))])
    topic = pick("topic", _clean_plain, [])
    index_no = pick("index_no", _clean_plain, [])
    return Document(
        doc_id=doc_id,
        title=title,
        body=text,
        department=department,
        doc_number=doc_number,
        date=date,
        doc_type=doc_type,
        topic=topic,
        index_no=index_no,
        path=path,
        sha256=sha256,
        fmt=fmt,
        sources=sources,
        extra=dict(extra or {}),
    )


def _present(values: Mapping[str, str | None] | None) -> dict[str, str]:
    """Keys with a real value; blank strings count as unknown."""
    return {k: str(v) for k, v in (values or {}).items() if v is not None and str(v).strip()}


def _fallback(fallback_title: str | None, doc_id: str, sources: dict[str, str]) -> str:
    sources["title"] = "filename" if fallback_title else "id"
    return clean_title(fallback_title or "") or doc_id


def _department_rules(layout: Layout, title: str, doc_number: str | None):
    return [
        ("signature", lambda: find_signature_department(layout)),
        ("header", lambda: find_header_department(layout)),
        ("header", lambda: find_enacting_body(layout)),
        ("body", lambda: find_speaker(layout)),
        ("title", lambda: department_from_title(title)),
        ("doc_number", lambda: department_from_doc_number(doc_number)),
    ]


def _date_rules(layout: Layout, structured: Mapping[str, str]):
    return [
        ("signature", lambda: find_signature_date(layout)),
        ("header", lambda: find_header_date(layout)),
        ("published", lambda: structured.get("published")),
    ]


# ── layout ───────────────────────────────────────────────────────────────────────────────────


@dataclass
class Layout:
    """The text's non-empty lines, their space-free NFKC form, and where the body starts."""

    lines: list[str]
    compact: list[str]
    body_start: int

    @classmethod
    def of(cls, text: str) -> Layout:
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        compact = [re.sub(r"\s+", "", unicodedata.normalize("NFKC", line)) for line in lines]
        limit = min(len(compact), 40)
        start = next((i for i in range(limit) if _is_body_line(compact[i])), limit)
        return cls(lines, compact, start)

    @property
    def head(self) -> range:
        return range(self.body_start)


def _is_body_line(c: str) -> bool:
    """主送机关 (``各县人民政府：``), a sentence, or the first article/section of the body."""
    if c.endswith((":", "：")) and not _JUNK_PREFIX.match(c) and len(c) >= 3:
        return True
    if c.endswith("。") or re.match(
        r"^第[一二三四五六七八九十百零〇\d]+[条章]|^[一二三四五六七八九十]+、", c
    ):
        return True
    return len(c) > 50 and bool(re.search(r"[，。；]", c))


def _doc_number_line(c: str) -> str | None:
    """The number, if this line is (almost) only a 发文字号 or a 令 number."""
    c = _LABEL_PREFIX.sub("", c.strip("()（）"))
    c = re.sub(r"签发人[:：].*$", "", c)
    found = find_doc_numbers(c)
    if found and len(c) - (found[0].end - found[0].start) <= 4:
        return found[0].canonical()
    ling = _LING_RE.fullmatch(c)
    return ling.group(0) if ling else None


def _is_date_line(c: str) -> bool:
    c = c.strip("()（）")
    return any(p.fullmatch(c) for p in _DATE_PATTERNS)


def _is_title_line(c: str) -> bool:
    if not c or c in _JUNK_LINES or _JUNK_PREFIX.match(c) or _RED_HEADER_RE.match(c):
        return False
    if not re.search(f"[{CJK}]", c) or c[-1] in "，。；：:、" or len(c) > 80:
        return False
    return not (_is_date_line(c) or _starts_with_date(c) or _doc_number_line(c))


# ── rules, one per field ─────────────────────────────────────────────────────────────────────


def find_doc_number(layout: Layout) -> str | None:
    """The 发文字号 standing on its own line in the header zone (not one cited in the body)."""
    for i in range(min(layout.body_start + 1, len(layout.compact))):
        number = _doc_number_line(layout.compact[i])
        if number:
            return number
    for i in layout.head:  # laws: "2002年1月26日 中华人民共和国国务院令第344号公布"
        if _starts_with_date(layout.compact[i]):
            if ling := _LING_RE.search(_after_date(layout.compact[i])):
                return ling.group(0).rsplit("、", 1)[-1]  # joint 令: the number is the last's
    return None


def find_title(layout: Layout) -> str | None:
    """The title block: after the red header and 发文字号, before the 主送机关 line."""
    head = [i for i in layout.head if _is_title_line(layout.compact[i])]
    numbers = [i for i in layout.head if _doc_number_line(layout.compact[i])]
    if numbers and any(i > numbers[0] for i in head):
        head = [i for i in head if i > numbers[0]]  # GB/T 9704: the title follows the number
    for run in _runs(head):
        lines = _strip_leading_orgs(layout, run)
        title = _join_title(layout, lines)
        if title and len(title) >= 4 and _balanced(title) and not _ORG_RE.match(title):
            return title
    return None


def _runs(indexes: list[int]) -> list[list[int]]:
    """Consecutive line numbers grouped: a title is one unbroken block of lines."""
    runs: list[list[int]] = []
    for i in indexes:
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def _strip_leading_orgs(layout: Layout, run: list[int]) -> list[int]:
    """Stacked organisation lines above a title are a joint 版头, not part of the title; a
    single one is usually the title's own first line ("国务院办公厅" / "关于…的通知")."""
    orgs = 0
    while orgs < len(run) - 1 and _ORG_RE.match(layout.compact[run[orgs]]):
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
    return clean_title("".join(lines[: complete[-1] if complete else 1]))


def _title_ends_before(lines: list[str], line: str) -> bool:
    """A complete title followed by its carrier ("关于印发…的通知") or by itself again, or a
    line opening a long bracketed note ("（2011年…会议通过）")."""
    if line[:1] in "(（" and len(line) > 20:
        return True
    return _complete("".join(lines)) and (line.startswith("关于") or line[:6] == lines[0][:6])


def _complete(text: str) -> bool:
    """Ends with a document type and closes every bracket it opens."""
    return bool(find_doc_type(text)) and _balanced(text)


def _balanced(text: str) -> bool:
    text = unicodedata.normalize("NFKC", text)
    return all(text.count(a) == text.count(b) for a, b in ("《》", "()", "〔〕"))


def _is_parenthetical(c: str) -> bool:
    return bool(re.fullmatch(r"[(（][^()（）]{1,20}[)）]", c))


def find_signature_date(layout: Layout) -> str | None:
    """成文日期: the date standing alone under the 署名, before the 版记 (抄送/印发)."""
    index = signature_date_index(layout)
    if index is not None:
        return layout.compact[index].strip("()（）")
    run_on = _run_on_signature(layout)
    return run_on.group("date") if run_on else None


def _run_on_signature(layout: Layout) -> re.Match | None:
    """Pages scraped without line breaks end "…特此公告。海关总署2024年8月7日…": an
    organisation right after a sentence end, glued to a date, near the end of the text."""
    tail = "".join(unicodedata.normalize("NFKC", line) for line in layout.lines[-3:])[-400:]
    return _RUN_ON_RE.search(tail)


def signature_date_index(layout: Layout) -> int | None:
    """The first standalone date line with an organisation right above it, else the last
    standalone date line in the final third of the text."""
    compact = layout.compact
    end = next(
        (i for i in range(layout.body_start, len(compact)) if _BANJI_RE.search(compact[i])),
        len(compact),
    )
    dates = [i for i in range(layout.body_start, end) if _is_date_line(compact[i])]
    for i in dates:
        if _org_lines_above(layout, i):
            return i
    late = [i for i in dates if i >= len(compact) * 2 / 3]
    return late[-1] if late else None


def _org_lines_above(layout: Layout, index: int) -> list[int]:
    """The contiguous 署名 lines above a date line (a seal note in brackets is skipped)."""
    found: list[int] = []
    i = index - 1
    while i >= max(layout.body_start, index - 6):
        c = layout.compact[i]
        if _ORG_RE.match(c):
            found.insert(0, i)
        elif not (_is_parenthetical(c) and found):
            break
        i -= 1
    return found


def find_signature_department(layout: Layout) -> str | None:
    """The lead (first) organisation of the 署名 above the 成文日期."""
    index = signature_date_index(layout)
    if index is None:
        run_on = _run_on_signature(layout)
        return run_on.group("org").split()[0] if run_on else None
    orgs = _org_lines_above(layout, index)
    return _first_org(layout.lines[orgs[0]]) if orgs else None


def _first_org(line: str) -> str:
    """A line may hold several joint issuers separated by spaces; the first one leads."""
    parts = [p for p in re.split(r"\s{2,}|\u3000+", line.strip()) if p]
    return parts[0] if parts else line.strip()


def find_header_department(layout: Layout) -> str | None:
    """发文机关标志: ``××文件`` (or ``文件`` under stacked joint names), or organisation lines
    standing above the title."""
    for i in layout.head:
        m = _RED_HEADER_RE.match(layout.compact[i])
        if not m:
            continue
        if m.group("org"):
            return _strip_header(m.group("org"))
        above = [j for j in range(max(0, i - 6), i) if _ORG_RE.match(layout.compact[j])]
        return layout.compact[above[0]] if above else None
    for i in layout.head:
        c = layout.compact[i]
        if _ORG_RE.match(c) and i + 1 < layout.body_start:
            return c
        if _is_title_line(c):
            return None
    return None


def _strip_header(org: str) -> str:
    """ "中共××委员会、××人民政府" headers keep the first issuer."""
    return re.split(r"[、，,]", org)[0]


def find_enacting_body(layout: Layout) -> str | None:
    """Laws and rules name the body that passed or issued them after the dates above the
    body ("2011年5月27日 山东省第十一届人民代表大会常务委员会第二十四次会议通过"); the first
    one named is the author (a later one may only approve)."""
    segments = [segment for _, segment in _dated_segments(_head_text(layout))]
    for i, segment in enumerate(segments):
        # "法院审判委员会第1552次会议、2012年9月12日检察院…会议通过": the verb comes later
        joint = i
        while segments[joint].endswith(("、", "，", ",")) and joint + 1 < len(segments):
            joint += 1
        if not _ISSUED_RE.search("".join(segments[i : joint + 1])):
            continue
        if (m := _CONGRESS_RE.search(segment)) and (m.group("nat") or len(m.group("region")) > 1):
            region = "全国" if m.group("nat") else m.group("region")
            return f"{region}人民代表大会{m.group('sc') or ''}"
        if m := _LING_RE.search(segment):
            org = _strip_header(m.group("org") or m.group("org2"))
            return re.sub("^中华人民共和国", "", org)
        if m := _MEETING_ORG_RE.search(segment):
            return m.group("org")
    return None


def _head_text(layout: Layout) -> str:
    """The lines above the body joined, plus a "（…公布）" the body opens with."""
    head = "".join(layout.compact[: layout.body_start])
    if layout.body_start < len(layout.compact):
        head += re.match(r"^(?:\([^()]*\))?", layout.compact[layout.body_start]).group(0)
    return head


def _dated_segments(text: str) -> list[tuple[dt.date, str]]:
    """Each valid full date with the text after it, up to the next year: what happened then."""
    found = (m for pattern in _DATE_PATTERNS for m in pattern.finditer(text))
    segments = []
    for m in sorted(found, key=lambda m: m.start()):
        if when := parse_date(m.group(0)):
            segments.append((when, _NEXT_YEAR_RE.split(text[m.end() :])[0]))
    return segments


def find_speaker(layout: Layout) -> str | None:
    """政府工作报告: "我代表××人民政府，向大会报告" names the reporting government; "我代表省
    人民政府" is completed from the header's "在××省第十四届人民代表大会…"."""
    for c in layout.compact[layout.body_start : layout.body_start + 8]:
        if m := _SPEAKER_RE.search(c):
            org = m.group("org")
            return _resolve_level(layout, org) if org in _RELATIVE_GOVS else org
    return None


def _resolve_level(layout: Layout, org: str) -> str | None:
    level = org.removesuffix("人民政府")
    for c in layout.compact[: layout.body_start + 1]:
        m = re.search(rf"(?P<region>[{CJK}]{{2,10}}?{level})第[一二三四五六七八九十]+届", c)
        if m:
            return re.sub(r"^.*?在", "", m.group("region")) + "人民政府"
    return None


def department_from_title(title: str | None) -> str | None:
    """ "阿勒泰地区财政局关于…" → 阿勒泰地区财政局 (the first of joint issuers)."""
    m = _TITLE_ORG_RE.match(re.sub(r"\s+", "", title or ""))
    return _strip_header(m.group("org")) if m else None


def department_from_doc_number(doc_number: str | None) -> str | None:
    """The 机关代字 table (indexer/data/doc_codes.tsv); a last resort."""
    m = re.match(r"(.+?)〔", doc_number or "")
    return doc_codes().get(m.group(1)) if m else None


@cache
def doc_codes() -> dict[str, str]:
    """机关代字 → department, read once from the data file."""
    table: dict[str, str] = {}
    for line in (DATA / "doc_codes.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            code, _, name = line.partition("\t")
            table[code.strip()] = name.strip()
    return table


def find_header_date(layout: Layout) -> dt.date | None:
    """Laws and reports date themselves above the body ("2011年5月27日 …通过", "（…会议通过
    2002年8月16日…公布）", "——2021年3月5日在…会议上"): the latest such date is the version
    in hand. A date that only says when the text takes effect (自…起施行) is not one."""
    found = [
        when
        for when, segment in _dated_segments(_head_text(layout))
        if _ENACT_RE.search(segment.split("施行")[0])
    ]
    return max(found, default=None)


def _starts_with_date(c: str) -> bool:
    c = c.lstrip("(（—-")
    return any(p.match(c) for p in _DATE_PATTERNS)


def _after_date(c: str) -> str:
    """The rest of a line that starts with a date ("2002年1月26日 国务院令第344号公布")."""
    c = c.lstrip("(（—-")
    return next((p.sub("", c, count=1) for p in _DATE_PATTERNS if p.match(c)), c)


def find_doc_type(title: str | None) -> str | None:
    """文种 from the end of the title, ignoring （试行）-style parentheses and closing quotes."""
    t = re.sub(r"\s+", "", title or "")
    while (stripped := re.sub(r"[(（][^()（）]*[)）]$", "", t)) != t:
        t = stripped
    t = t.rstrip("》〉”\"'")
    for alias, kind in DOC_TYPE_ALIASES.items():
        if t.endswith(alias):
            return kind
    if t.endswith(_NOT_TYPES):
        return None
    return next((kind for kind in DOC_TYPES if t.endswith(kind)), None)


# ── cleaning values from any source ──────────────────────────────────────────────────────────


def parse_date(raw: str | dt.date) -> dt.date | None:
    """The first valid date written in any usual form; None for 2月30日 or no date."""
    if isinstance(raw, dt.date):
        return raw
    text = re.sub(r"\s*([年月日])\s*", r"\1", normalize(str(raw)))
    for pattern in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            try:
                y, mo, d = (_number(m.group(k)) for k in ("y", "m", "d"))
                if 1900 <= y <= 2100:
                    return dt.date(y, mo, d)
            except ValueError:
                continue
    return None


def _number(s: str) -> int:
    """Arabic digits, or Chinese numerals: digit by digit for years, 十-style for days."""
    if s.isdigit() and s.isascii():
        return int(s)
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)
    try:
        return int("".join(str(_CN_DIGITS[c]) for c in s))
    except KeyError as exc:
        raise ValueError(s) from exc


def clean_title(raw: str) -> str | None:
    """Title lines joined: no whitespace between Chinese characters, single spaces elsewhere."""
    text = " ".join(str(raw).split())
    text = re.sub(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])", "", text)
    return text or None


def clean_doc_number(raw: str) -> str | None:
    """Canonical ``代字〔年份〕序号号``; a given value that is no such number is kept as written."""
    return normalize_doc_number(raw) or (normalize(raw) or None)


def clean_department(raw: str) -> str | None:
    return re.sub(r"\s+", "", str(raw)) or None


def clean_doc_type(raw: str) -> str | None:
    value = re.sub(r"\s+", "", str(raw))
    return DOC_TYPE_ALIASES.get(value, value) or None


def _clean_plain(raw: str) -> str | None:
    return " ".join(str(raw).split()) or None
