"""A law's text cut into its articles (条), each with its 编/章/节 context and an anchor.

Pure (text in, dataclasses out; neither wing): the document page needs the cut for its anchors
and table of contents, the query door for the articles it shows under a hit, and the article
eval for its units. All three must cut alike, so the rule lives here once.

The rule follows how 法律/法规/规章 are printed (GB/T 9704 and 立法技术规范): a heading 第X编/
分编/章/节 or an article 第X条 begins a line; 款 and 项 are the lines that follow until the next
heading, so they stay inside their article. "依照本法第十条" in running text is a cross-reference,
not a heading: it does not begin a line, and a line that begins "第十条规定的…" reads on without a
pause, which a heading never does.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Document

_NUM = r"[零〇一二三四五六七八九十百千两0-9０-９]{1,8}"
#: 第十条, 第十条之一, 第5条; then a pause (space, 、 or an ideographic space) or the text itself.
ARTICLE_RE = re.compile(rf"^[ \t\u3000]*(第{_NUM}条(?:之{_NUM})?)(?P<rest>.*)$")
HEADING_RE = re.compile(rf"^[ \t\u3000]*(第{_NUM}(?:分编|编|章|节))(?:[ \t\u3000]+(?P<name>.*))?$")
#: What follows a cross-reference at the start of a line ("第十条规定的期限…", "第十条、第十一条").
_READS_ON = tuple("规的、，,至和及或与第所中（(项款")
_LEVELS = {"编": 0, "分编": 1, "章": 2, "节": 3}
#: 文种 whose text is a run of 条 (the others are cut only if they have at least MIN_ARTICLES).
ARTICLE_TYPES = frozenset(
    "法 条例 规定 办法 细则 解释 规则 决定 守则 标准 实施细则 章程 准则 规范 意见".split()
)
MIN_ARTICLES = 3


@dataclass(frozen=True)
class Heading:
    """A 编/分编/章/节 line: its label (第二章), name (自然人) and level (0 编 … 3 节)."""

    label: str
    name: str
    level: int
    anchor: str


@dataclass(frozen=True)
class Article:
    """One 条: label 第五百七十七条, its text (款 and 项 inside), the headings above it."""

    label: str
    text: str
    anchor: str
    context: tuple[str, ...] = ()
    start: int = 0  # line number of its first line in the document's text

    def to_json(self) -> dict[str, str]:
        return {"label": self.label, "text": self.text, "anchor": self.anchor}


@dataclass
class Outline:
    """A document cut into articles, with the headings in order (the table of contents)."""

    articles: list[Article] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    #: table of contents in reading order: ("heading", Heading) or ("article", Article)
    toc: list[tuple[str, Heading | Article]] = field(default_factory=list)
    #: line number → the anchor that starts there (the document page sets an id on that line)
    line_anchors: dict[int, str] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.articles)

    def find(self, anchor: str) -> Article | None:
        return next((a for a in self.articles if a.anchor == anchor), None)


def split(text: str, doc_type: str | None = None) -> Outline:
    """The articles of ``text``; empty when it is not a text of 条 (a notice, a report)."""
    out = Outline()
    context: list[Heading | None] = [None, None, None, None]
    seen: dict[str, int] = {}
    current: tuple[str, int, list[str]] | None = None  # label, first line, lines

    def close() -> None:
        if current is None:
            return
        label, first, lines = current
        body = "\n".join(line.strip() for line in lines if line.strip())
        anchor = out.line_anchors[first]
        names = tuple(f"{h.label} {h.name}".strip() for h in context if h is not None)
        out.articles.append(Article(label, body, anchor, names, first))
        out.toc.append(("article", out.articles[-1]))

    for n, line in enumerate(text.splitlines()):
        heading = HEADING_RE.match(line)
        if heading and (heading.group("name") or "").strip()[:1] not in _READS_ON:
            close()
            current = None
            kind = re.sub(rf"^第{_NUM}", "", heading.group(1))
            level = _LEVELS[kind]
            anchor = _unique(heading.group(1), seen)
            h = Heading(heading.group(1), (heading.group("name") or "").strip(), level, anchor)
            context[level:] = [h] + [None] * (3 - level)
            out.headings.append(h)
            out.toc.append(("heading", h))
            out.line_anchors[n] = anchor
            continue
        article = ARTICLE_RE.match(line)
        if article and _is_heading(article.group("rest")):
            close()
            label = article.group(1)
            out.line_anchors[n] = _unique(label, seen)
            current = (label, n, [article.group("rest")])
        elif current is not None:
            current[2].append(line)
    close()
    if len(out.articles) < MIN_ARTICLES and (doc_type or "") not in ARTICLE_TYPES:
        return Outline()
    return out


def _is_heading(rest: str) -> bool:
    """After 第X条: a pause, nothing, or text that does not read on like a cross-reference."""
    if not rest or rest[0] in " \t\u3000":
        return True
    return rest[0] not in _READS_ON


def _unique(label: str, seen: dict[str, int]) -> str:
    """第十条, then 第十条-2 for a second 第十条 (an appended 修正决定 numbers afresh)."""
    seen[label] = seen.get(label, 0) + 1
    return label if seen[label] == 1 else f"{label}-{seen[label]}"


def outline(doc: Document) -> Outline:
    """The document's articles, cut once per process and document version."""
    return _cut(doc.doc_id, doc.body or "", doc.doc_type)


@functools.lru_cache(maxsize=512)
def _cut(doc_id: str, body: str, doc_type: str | None) -> Outline:
    return split(body, doc_type)
