"""Link attachments (附件) to the document they belong to, within one publication folder.

Offices publish a notice and its attachments side by side: ``关于印发X的通知.pdf`` with
``附件1：X实施细则.docx`` or ``关于印发X的通知附件2-申报表.xls``. An attachment's parent is
the document in the same folder whose file name is the attachment's prefix, else the one
whose body names the attachment's title (``附件：1.X实施细则``). Attachments are never parents,
and an ambiguous match links nothing rather than the wrong document.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from ..models import Document
from ..textnorm import fold_chars

_NUM = "0-9０-９一二三四五六七八九十"
_SEP = r"[：:、.．\-—－_\s]"
ATTACHMENT_RE = re.compile(
    rf"^(?P<prefix>.*?)[\s_\-—－.、]*附\s*件\s*"
    rf"(?:(?P<no>[{_NUM}]+)\s*{_SEP}*|{_SEP}+|$)(?P<title>.*)$"
)
_NOISE_RE = re.compile(r"[\s《》〈〉“”\"'‘’「」（）()\[\]【】〔〕：:，,。.、\-—－_]")


@dataclass(frozen=True)
class AttachmentName:
    prefix: str  # the part before 附件 (often the parent's file name), may be empty
    number: str
    title: str  # the attachment's own title, may be empty


def parse_name(doc_id: str) -> AttachmentName | None:
    """Attachment naming in a file's stem (``附件1：…``, ``附件1-…``, ``…附件2 …``), or None."""
    stem = posixpath.splitext(posixpath.basename(doc_id))[0]
    m = ATTACHMENT_RE.match(stem)
    if not m:
        return None
    return AttachmentName(m.group("prefix").strip(), m.group("no") or "", m.group("title").strip())


def attachment_title(doc_id: str | None) -> str | None:
    """ "附件2：2024年项目资金分配表.xlsx" → 2024年项目资金分配表: a spreadsheet's sheet name
    ("Sheet1", "汇总") is not its title; the office named the file after it."""
    name = parse_name(doc_id) if doc_id else None
    return name.title if name and len(name.title) >= 2 else None


def folder(doc_id: str) -> str:
    return posixpath.dirname(doc_id)


def folders_with_attachments(doc_ids: list[str]) -> dict[str, int]:
    """Folder → number of files in it, for folders holding an attachment and another file:
    only their documents have to wait for each other before they can be linked."""
    counts: dict[str, int] = {}
    has: set[str] = set()
    for doc_id in doc_ids:
        counts[folder(doc_id)] = counts.get(folder(doc_id), 0) + 1
        if parse_name(doc_id):
            has.add(folder(doc_id))
    return {f: n for f, n in counts.items() if f in has and n > 1}


def link(docs: list[Document]) -> list[str]:
    """Set ``parent``/``attachments`` on the documents of one folder; returns warnings."""
    named = {d.doc_id: parse_name(d.doc_id) for d in docs}
    parents = [d for d in docs if named[d.doc_id] is None]
    warnings = []
    for doc in docs:
        name = named[doc.doc_id]
        if name is None:
            continue
        found = _by_prefix(name, parents) or _by_mention(name, parents)
        if len(found) == 1:
            doc.parent = found[0].doc_id
            found[0].attachments.append(doc.doc_id)
            _inherit(doc, found[0])
        elif len(found) > 1:
            warnings.append(f"{doc.doc_id}: attachment of which document? several name it")
    return warnings


#: Fields an attachment without its own value takes from its parent (a table has no 署名).
_INHERITED = ("department", "date")


def _inherit(doc: Document, parent: Document) -> None:
    """An attachment that names no 发文机关 or date was issued with its parent: take the
    parent's (``sources`` says ``parent``)."""
    for name in _INHERITED:
        if getattr(doc, name) is None and getattr(parent, name) is not None:
            setattr(doc, name, getattr(parent, name))
            doc.sources[name] = "parent"


def _by_prefix(name: AttachmentName, parents: list[Document]) -> list[Document]:
    if not name.prefix:
        return []
    key = _key(name.prefix)
    exact = [p for p in parents if _key(_stem(p.doc_id)) == key]
    return exact or [p for p in parents if key and _key(_stem(p.doc_id)).startswith(key)]


def _by_mention(name: AttachmentName, parents: list[Document]) -> list[Document]:
    title = _key(name.title)
    if len(title) < 4:
        return []
    return [p for p in parents if title in _key(p.body)]


def _stem(doc_id: str) -> str:
    return posixpath.splitext(posixpath.basename(doc_id))[0]


def _key(text: str) -> str:
    """Comparable form: folded, without spaces, brackets, quotes and punctuation."""
    return _NOISE_RE.sub("", fold_chars(text))
