"""Assemble the sample corpus's documents from data, in GB/T 9704 order, as tagged blocks.

The texts live in ``corpus_data/documents.toml`` (one entry per document) and
``corpus_data/material.toml`` (departments, per-topic paragraph pools), read by corpus_specs.
This module turns an entry into a list of ``Block``s (red header, 发文字号, 标题, 主送机关,
正文, 署名, 成文日期, 版记); the writers only decide how each role looks in a PDF, DOCX, HTML
page or text file. One list of blocks per document is what lets the truth file describe every
format from one source.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass

from corpus_specs import Dept, DocSpec, Material

CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
#: Roles whose text is the body proper: counted for length, searched for test phrases.
BODY_ROLES = frozenset({"para", "heading", "chapter"})
_CN_DIGITS = "〇一二三四五六七八九"


@dataclass(frozen=True)
class Block:
    """One paragraph-like unit of a document, tagged with its place in the GB/T 9704 layout.

    ``own`` is False for paragraphs drawn from the shared pools: they recur across documents,
    so test phrases are never taken from them.
    """

    role: str
    text: str
    own: bool = True


# ── numerals and dates ───────────────────────────────────────────────────────────────────


def cn_number(n: int) -> str:
    """1–99 in Chinese numerals as used for 一、 / 第十二条 / 三月二十日."""
    if not 0 < n < 100:
        raise ValueError(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _CN_DIGITS[tens] + "十")
    return head + (_CN_DIGITS[ones] if ones else "")


def format_date(date: dt.date, style: str = "arabic") -> str:
    """成文日期 as written: 2019年3月15日, or 二〇一九年三月十五日 in older files."""
    if style == "cn":
        year = "".join(_CN_DIGITS[int(d)] for d in str(date.year))
        return f"{year}年{cn_number(date.month)}月{cn_number(date.day)}日"
    return f"{date.year}年{date.month}月{date.day}日"


def cjk_count(text: str) -> int:
    return len(CJK_RE.findall(text))


# ── body markup ──────────────────────────────────────────────────────────────────────────


class _Numbering:
    """The running counters of 一、 / （一） / 第一章 / 第一条 within one markup text."""

    def __init__(self) -> None:
        self.top_n = self.sub_n = self.chapter_n = self.article_n = 0

    def top(self) -> str:
        self.top_n += 1
        self.sub_n = 0
        return f"{cn_number(self.top_n)}、"

    def sub(self) -> str:
        self.sub_n += 1
        return f"（{cn_number(self.sub_n)}）"

    def chapter(self) -> str:
        self.chapter_n += 1
        return f"第{cn_number(self.chapter_n)}章　"

    def article(self) -> str:
        self.article_n += 1
        return f"第{cn_number(self.article_n)}条　"


class _Pools:
    """Draws pool paragraphs for one document without repeats, placeholders filled."""

    def __init__(self, spec: DocSpec, material: Material) -> None:
        rng = random.Random(spec.id)  # seeded: the corpus is the same on every run
        topic = material.pools[spec.pool] if spec.pool else []
        general = material.pools["general"]
        self._items = {
            "pool": rng.sample(topic, len(topic)),
            "general": rng.sample(general, len(general)),
        }
        self._values = _placeholder_values(spec, material, rng)

    def draw(self, kind: str, n: int) -> list[str]:
        items = self._items[kind]
        if len(items) < n:
            raise ValueError(f"pool {kind!r} exhausted")
        taken, self._items[kind] = items[:n], items[n:]
        return [item.format_map(self._values) for item in taken]


def _placeholder_values(spec: DocSpec, material: Material, rng: random.Random) -> dict:
    county, county2 = rng.sample(material.counties, 2)
    deadline = spec.date + dt.timedelta(days=rng.randint(15, 30))
    return {
        "county": county,
        "county2": county2,
        "year": spec.date.year,
        "month": rng.randint(6, 10),
        "deadline": f"{deadline.month}月{deadline.day}日",
        "contact": rng.choice(material.contacts),
        "phone": f"0906-{rng.randint(2110000, 2399999)}",
        "n_small": rng.randint(8, 40),
        "n_mid": rng.randint(12, 60) * 10,
        "n_big": rng.randint(10, 90) * 100,
        "pct_small": rng.randint(3, 8),
        "pct_mid": rng.randint(60, 80),
        "pct_high": rng.randint(90, 98),
        "dept_short": material.depts[spec.dept].short,
    }


def parse_markup(markup: str, pools: _Pools) -> list[Block]:
    """Body markup (see documents.toml) → numbered blocks."""
    numbering = _Numbering()
    blocks: list[Block] = []
    for raw in markup.strip().splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("@"):
            kind, n = line[1:].split()
            blocks += [
                Block("para", numbering.sub() + t, own=False) for t in pools.draw(kind, int(n))
            ]
        elif line.startswith("## "):
            blocks.append(Block("para", numbering.sub() + line[3:]))
        elif line.startswith("# "):
            blocks.append(Block("heading", numbering.top() + line[2:]))
        elif line.startswith("§ "):
            blocks.append(Block("chapter", numbering.chapter() + line[2:]))
        elif line.startswith("* "):
            blocks.append(Block("para", numbering.article() + line[2:]))
        else:
            blocks.append(Block("para", line))
    return blocks


# ── the whole document ───────────────────────────────────────────────────────────────────


def compose(spec: DocSpec, material: Material) -> list[Block]:
    """All blocks of one document, top to bottom, as GB/T 9704 places them."""
    dept = material.depts[spec.dept]
    pools = _Pools(spec, material)
    blocks = _head(spec, dept)
    blocks += parse_markup(spec.body, pools)
    blocks += _attachments(spec.attachments)
    blocks += [
        Block("signature", dept.name),
        Block("date", format_date(spec.date, spec.date_style)),
    ]
    if spec.note:
        blocks.append(Block("note", "（此件公开发布）"))
    if spec.instrument:
        blocks.append(Block("subtitle", spec.instrument_title or ""))
        blocks += parse_markup(spec.instrument, pools)
    return blocks + _colophon(spec, dept)


def _head(spec: DocSpec, dept: Dept) -> list[Block]:
    blocks = []
    if spec.header:
        text = spec.header if isinstance(spec.header, str) else f"{dept.name}文件"
        blocks.append(Block("header", text))
    if spec.number:
        blocks.append(Block("number", spec.written_number or spec.number))
    blocks.append(Block("title", spec.title.replace("|", "\n")))
    if spec.to:
        blocks.append(Block("to", spec.to))
    return blocks


def _attachments(names: list[str]) -> list[Block]:
    if not names:
        return []
    if len(names) == 1:
        return [Block("attach", f"附件：{names[0]}")]
    lines = [f"{i}.{name}" for i, name in enumerate(names, 1)]
    return [Block("attach", "附件：" + lines[0])] + [
        Block("attach", "　　　" + x) for x in lines[1:]
    ]


def _colophon(spec: DocSpec, dept: Dept) -> list[Block]:
    """版记: 主题词 (older files), 抄送, 印发机关和印发日期 ("left\\tright")."""
    blocks = []
    if spec.keywords:
        blocks.append(Block("keywords", f"主题词：{spec.keywords}"))
    if spec.cc:
        blocks.append(Block("cc", f"抄送：{spec.cc}"))
    if spec.printed:
        blocks.append(Block("printed", f"{dept.office}\t{format_date(spec.printed)}印发"))
    return blocks


def body_cjk(blocks: list[Block]) -> int:
    """Chinese characters in the body proper (what the 600–2,500 bound is about)."""
    return sum(cjk_count(b.text) for b in blocks if b.role in BODY_ROLES)
