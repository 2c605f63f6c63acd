"""Write a composed document as a text file, a DOCX, or a page saved from the portal.

Each writer renders the same blocks (corpus_compose.Block) the way that format carries a 公文
in the wild: text files with full-width indents in the encoding an office PC produced, DOCX
paragraphs with the fonts and alignment of GB/T 9704, and portal pages whose article sits inside
site chrome under a 信息公开 metadata table. PDFs are laid out by corpus_pdf.
"""

from __future__ import annotations

import datetime as dt
import html
import zipfile
from pathlib import Path
from string import Template

from corpus_compose import Block, format_date
from corpus_specs import DATA_DIR, DocSpec
from docx import Document as new_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

INDENT = "　　"  # two full-width spaces: the first-line indent of a text file
_NEWLINES = {"lf": "\n", "crlf": "\r\n"}
_ZIP_TIME = (2000, 1, 1, 0, 0, 0)


# ── plain text ───────────────────────────────────────────────────────────────────────────


def text_lines(blocks: list[Block]) -> list[str]:
    """The document as an office's "save as text" gives it: one line per paragraph."""
    lines: list[str] = []
    for block in blocks:
        lines += _text_block(block)
    return lines


def _text_block(block: Block) -> list[str]:
    role, text = block.role, block.text
    if role in ("header", "number"):
        return [text, ""]
    if role == "title":
        return [*text.split("\n"), ""]
    if role == "subtitle":
        return ["", "", text, ""]
    if role == "chapter":
        return [INDENT * 3 + text]
    if role == "signature":
        return ["", "", INDENT * 8 + text]
    if role == "date":
        return [INDENT * 8 + text]
    if role == "note":
        return ["", INDENT + text]
    if role in ("keywords", "cc"):
        return ["", text]
    if role == "printed":
        return [text.replace("\t", INDENT * 3)]
    if role == "to":
        return [text]
    return [INDENT + text]


def write_text(path: Path, blocks: list[Block], encoding: str, newline: str) -> None:
    """Encode as asked: utf-8, utf-8-sig (BOM), gb18030, or utf-16 (little-endian with BOM)."""
    text = _NEWLINES[newline].join(text_lines(blocks)) + _NEWLINES[newline]
    if encoding == "utf-16":
        data = b"\xff\xfe" + text.encode("utf-16-le")
    else:
        data = text.encode(encoding)
    path.write_bytes(data)


# ── DOCX ─────────────────────────────────────────────────────────────────────────────────

_BODY_FONT, _TITLE_FONT, _HEAD_FONT = "仿宋_GB2312", "方正小标宋简体", "黑体"
_ALIGN = {"center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}


def write_docx(path: Path, spec: DocSpec, blocks: list[Block], author: str) -> None:
    """Paragraphs in GB/T 9704 order; core properties fixed so the file is reproducible."""
    doc = new_docx()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    red_header = blocks[0].role == "header"
    for block in blocks:
        _docx_block(doc, block, red_header)
    _page_number_footer(section)
    _core_properties(doc, spec, author)
    doc.save(str(path))
    _freeze_zip(path)


def _docx_block(doc, block: Block, red_header: bool) -> None:
    role, text = block.role, block.text
    if role == "title":
        for part in text.split("\n"):  # a hand-broken title is two paragraphs in Word
            _para(doc, part, _TITLE_FONT, 22, align="center")
        _para(doc, "", _BODY_FONT, 16)
    elif role == "header":
        _para(doc, text, _TITLE_FONT, min(36, 440 / len(text)), align="center", red=True)
    elif role == "number":
        p = _para(doc, text, _BODY_FONT, 16, align="center")
        if red_header:  # the red rule under the 发文字号
            _border(p, "bottom", "C00000", 12)
    elif role == "subtitle":
        _para(doc, "", _BODY_FONT, 16).runs[0].add_break(WD_BREAK.PAGE)
        _para(doc, text, _TITLE_FONT, 22, align="center")
    elif role == "chapter":
        _para(doc, text, _HEAD_FONT, 16, align="center")
    elif role == "heading":
        _para(doc, text, _HEAD_FONT, 16, indent=True)
    elif role in ("signature", "date"):
        p = _para(doc, text, _BODY_FONT, 16, align="right")
        p.paragraph_format.right_indent = Pt(64 if role == "date" else 48)
        if role == "signature":
            p.paragraph_format.space_before = Pt(32)
    elif role in ("keywords", "cc", "printed"):
        _colophon(doc, text)
    else:
        _para(doc, text, _BODY_FONT, 16, indent=role != "to")


def _para(doc, text: str, font: str, size: float, align=None, indent=False, red=False):
    p = doc.add_paragraph()
    if align:
        p.alignment = _ALIGN[align]
    if indent:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    run = p.add_run(text)
    _font(run, font, size, red)
    return p


def _font(run, name: str, size: float, red: bool = False) -> None:
    """Set the East Asian font too; python-docx's font.name alone sets only the Latin one."""
    run.font.name = name
    run.font.size = Pt(size)
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
    if red:
        run.font.color.rgb = RGBColor(0xD0, 0x00, 0x00)


def _colophon(doc, text: str) -> None:
    left, _, right = text.partition("\t")
    p = doc.add_paragraph()
    p.paragraph_format.left_indent = Pt(14)
    _border(p, "top", "000000", 6)
    _font(p.add_run(left), _BODY_FONT, 14)
    if right:
        p.paragraph_format.tab_stops.add_tab_stop(Mm(150), WD_TAB_ALIGNMENT.RIGHT)
        _font(p.add_run("\t" + right), _BODY_FONT, 14)


def _border(p, side: str, colour: str, size: int) -> None:
    ppr = p._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        ppr.append(borders)
    edge = OxmlElement(f"w:{side}")
    for key, value in (("val", "single"), ("sz", str(size)), ("space", "4"), ("color", colour)):
        edge.set(qn(f"w:{key}"), value)
    borders.append(edge)


def _page_number_footer(section) -> None:
    """The page number as GB/T 9704 writes it ("— n —"), n being Word's PAGE field."""
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(p.add_run("— "), _BODY_FONT, 14)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    p._p.append(field)
    _font(p.add_run(" —"), _BODY_FONT, 14)


def _core_properties(doc, spec: DocSpec, author: str) -> None:
    props = doc.core_properties
    stamp = dt.datetime.combine(spec.date, dt.time(9, 30))
    props.title = spec.plain_title if spec.docx_title else ""
    props.author = props.last_modified_by = author
    props.comments = props.subject = props.keywords = ""
    props.created = props.modified = stamp
    props.last_printed = stamp
    props.revision = 1


def _freeze_zip(path: Path) -> None:
    """Rewrite the package with fixed member timestamps: same input, same bytes."""
    with zipfile.ZipFile(path) as src:
        members = [(info.filename, src.read(info.filename)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in members:
            dst.writestr(zipfile.ZipInfo(name, _ZIP_TIME), data, zipfile.ZIP_DEFLATED)


# ── portal page ──────────────────────────────────────────────────────────────────────────

_HTML_SKIP = frozenset({"header", "title", "keywords", "cc", "printed"})


def html_paragraphs(blocks: list[Block]) -> list[tuple[str, str]]:
    """(style, text) of each <p> of the article: what a portal keeps of the document."""
    styles = {
        "number": "text-align: center;",
        "subtitle": "text-align: center; font-weight: bold; margin-top: 2em;",
        "chapter": "text-align: center;",
        "signature": "text-align: right; margin-top: 2em;",
        "date": "text-align: right;",
        "to": "",
    }
    return [
        (styles.get(b.role, "text-indent: 2em;"), b.text)
        for b in blocks
        if b.role not in _HTML_SKIP
    ]


def write_html(path: Path, spec: DocSpec, blocks: list[Block], fields: dict, portal: dict) -> None:
    """A saved portal page: chrome, the 信息公开 table (``fields``), then the article."""
    content = "\n".join(
        f'<p style="{style}">{html.escape(text)}</p>' if style else f"<p>{html.escape(text)}</p>"
        for style, text in html_paragraphs(blocks)
    )
    gb = spec.encoding == "gb18030"
    charset = (
        '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
        if gb
        else '<meta charset="utf-8">'
    )
    published = spec.published or spec.date
    values = {
        "charset": charset,
        "page_title": html.escape(f"{spec.plain_title}_政府信息公开_{portal['site']}"),
        "site": html.escape(portal["site"]),
        "domain": portal["domain"],
        "column": html.escape(spec.column),
        "pub_time": f"{published.isoformat()} 10:{published.day + 10:02d}",
        "article_id": path.stem.rsplit("_", 1)[-1],
        "nav": " | ".join(f'<li><a href="#">{html.escape(n)}</a></li>' for n in portal["nav"]),
        "hits": str(137 + 41 * len(spec.id)),
        "content": content,
        "footer": "\n".join(f"<p>{html.escape(x)}</p>" for x in portal["footer"]),
        "org": fields["org"],
        **{k: html.escape(v) for k, v in fields.items() if k != "org"},
    }
    page = Template((DATA_DIR / "portal.html").read_text(encoding="utf-8")).substitute(values)
    newline = "\r\n" if gb else "\n"
    path.write_bytes(page.replace("\n", newline).encode("gb18030" if gb else "utf-8"))


def portal_table(spec: DocSpec, department: str, index_no: str, org: str) -> dict[str, str]:
    """The cells of the portal's metadata table, as that page writes them."""

    def when(date: dt.date) -> str:
        return format_date(date) if spec.table_date == "ymd" else date.isoformat()

    number = spec.table_number if spec.table_number is not None else (spec.number or "")
    return {
        "index_no": index_no,
        "topic": spec.topic,
        "department": department,
        "date": when(spec.date),
        "title": spec.plain_title,
        "doc_number": number,
        "published": when(spec.published or spec.date),
        "org": org,
    }
