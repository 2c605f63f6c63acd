"""Saved portal pages: the article text, the page title and the 信息公开 metadata table.

A portal page is mostly navigation; the document is one container (``#UCAP-CONTENT``,
``.TRS_Editor``…) or, failing those, the element holding most paragraph text. The metadata
block (索引号, 发文机关, 发文字号…) comes in many layouts: label and value cells of a table,
``<li><span>标签：</span>值</li>``, ``[发文字号] 值``. All are read the same way: the page is
rendered to lines, one per block or cell, and each label takes the rest of its line or, when
it stands alone, the next line.
"""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup, CData, Comment, NavigableString, Tag

from ...models import Extracted
from ...textnorm import CJK, tidy_text
from ..metadata.labels import read_labels
from .text import decode_bytes

CONTENT_SELECTORS = (
    "#UCAP-CONTENT",
    ".article-content",
    ".TRS_Editor",
    "#zoom",
    ".pages_content",
    "article",
    "#content",
    ".content",
)
_DROP = ("script", "style", "noscript", "template", "iframe", "select", "button", "svg", "head")
_CHROME = ("nav", "header", "footer", "aside")
_BLOCK = frozenset(
    "address article aside blockquote body center dd div dl dt figcaption figure form h1 h2 h3 "
    "h4 h5 h6 hr li main ol p pre section table tbody thead tfoot tr ul td th caption".split()
)
_BREAK = "\x00"  # a block boundary while rendering; real newlines in the source are spaces

_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([-\w]+)""", re.I)
_SOURCE_BREAK_RE = re.compile(rf"(?<=[{CJK}，。、；：？！）》”])\s*\n\s*(?=[{CJK}（《“])")
_TITLE_SPLIT_RE = re.compile(r"\s*(?:_|\||｜|\s-\s|(?<!\d)-(?!\d)|——)\s*")


def extract(path: Path) -> Extracted:
    """Article text, title and metadata of a saved HTML page."""
    soup = BeautifulSoup(decode_html(path.read_bytes()), "lxml")
    title = page_title(soup)
    for tag in soup.find_all(_DROP):
        tag.decompose()
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    meta = read_metadata(tidy_text(render(soup.body or soup)))
    container = content_container(soup)
    return Extracted(text=tidy_text(render(container)), title=title, meta=meta)


def decode_html(data: bytes) -> str:
    """Decode by BOM, then as UTF-8 if the bytes are valid UTF-8 (re-saved pages often keep an
    old GBK meta tag), then the declared charset (GBK family read as GB18030), then detection."""
    head = _CHARSET_RE.search(data[:4096])
    declared = head.group(1).decode("ascii").lower() if head else None
    if declared in {"gb2312", "gbk", "x-gbk", "gb_2312-80", "cp936", "gb18030"}:
        declared = "gb18030"
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) or declared is None:
        return decode_bytes(data) or data.decode("utf-8", errors="replace")
    for encoding in ("utf-8", declared):
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return decode_bytes(data) or data.decode("utf-8", errors="replace")


def page_title(soup: BeautifulSoup) -> str | None:
    """The portal's ArticleTitle meta, else ``<title>`` without the site-name parts."""
    article = soup.find("meta", attrs={"name": re.compile("^articletitle$", re.I)})
    if article and (content := " ".join(article.get("content", "").split())):
        return content
    if soup.title is None or not soup.title.get_text(strip=True):
        return None
    parts = [p for p in _TITLE_SPLIT_RE.split(soup.title.get_text(" ", strip=True)) if p]
    return max(parts, key=len) if parts else None


def content_container(soup: BeautifulSoup) -> Tag:
    """The element that holds the document: a known CMS container, else the densest block."""
    for selector in CONTENT_SELECTORS:
        found = [t for t in soup.select(selector) if len(t.get_text(strip=True)) >= 20]
        if found:
            return max(found, key=lambda t: len(t.get_text(strip=True)))
    for tag in soup.find_all(_CHROME):
        tag.decompose()
    return _densest_block(soup)


def _densest_block(soup: BeautifulSoup) -> Tag:
    """The element whose own paragraphs (direct ``<p>``/``<br>`` text) add up to most text."""
    scores: dict[int, tuple[int, Tag]] = {}
    for block in soup.find_all(["p", "br", "span", "font"]):
        parent = block.parent
        if not isinstance(parent, Tag):
            continue
        text = block.get_text(strip=True) if block.name != "br" else _after_br(block)
        if len(text) < 10 or block.find_parent("a"):
            continue
        count, _ = scores.get(id(parent), (0, parent))
        scores[id(parent)] = (count + len(text), parent)
    if not scores:
        return soup.body or soup
    return max(scores.values(), key=lambda pair: pair[0])[1]


def _after_br(br: Tag) -> str:
    """Text right after a ``<br>``: pages that separate paragraphs with breaks, not ``<p>``."""
    sibling = br.next_sibling
    return sibling.strip() if isinstance(sibling, NavigableString) else ""


def render(root: Tag) -> str:
    """Visible text with one line per block or table cell; inline markup does not break."""
    pieces: list[str] = []
    _render_into(root, pieces)
    text = _SOURCE_BREAK_RE.sub("", "".join(pieces))
    text = re.sub(r"[ \t\r\n\f\v]+", " ", text)
    return "\n".join(part.strip() for part in text.split(_BREAK) if part.strip())


def _render_into(node: Tag, pieces: list[str]) -> None:
    """Depth-first text with a break marker around every block element."""
    for child in node.children:
        if isinstance(child, NavigableString):
            if type(child) in (NavigableString, CData):
                pieces.append(str(child))
        elif isinstance(child, Tag):
            if child.name == "br":
                pieces.append(_BREAK)
                continue
            block = child.name in _BLOCK
            if block:
                pieces.append(_BREAK)
            _render_into(child, pieces)
            if block:
                pieces.append(_BREAK)


def read_metadata(rendered: str) -> dict[str, str]:
    """Label/value pairs of the page's metadata block; the first value of each key wins."""
    meta = read_labels(rendered.split("\n"))
    if not meta.keys() & {"index_no", "doc_number", "date", "department"}:
        meta.pop("title", None)  # a lone 标题/名称 is a search box or a form, not a block
    return meta
