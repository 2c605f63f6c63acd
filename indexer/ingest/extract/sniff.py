"""What a file really is, from its first bytes, whatever its name says.

Publication folders hold PDFs named ``.docx``, RTF and HTML saved as ``.doc``, DOCX renamed
``.doc``, and OFD packages with a ``.zip`` name. The extractor is chosen by content when the
content is unmistakable (PDF, OLE2, zip packages, RTF) and by the suffix otherwise (text, HTML).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MEMBERS = (  # a member that identifies the package type, checked in this order
    ("OFD.xml", ".ofd"),
    ("word/document.xml", ".docx"),
    ("xl/workbook.xml", ".xlsx"),
    ("ppt/presentation.xml", ".pptx"),
)
# OLE2 stream names (UTF-16LE in the directory) of Word, Excel, PowerPoint and WPS files.
_OLE_STREAMS = (
    ("WordDocument".encode("utf-16-le"), ".doc"),
    ("Workbook".encode("utf-16-le"), ".xls"),
    ("Book".encode("utf-16-le"), ".xls"),
    ("PowerPoint Document".encode("utf-16-le"), ".ppt"),
)
_HTML_MARKS = (b"<!doctype html", b"<html", b"<head", b"<meta", b"<body")


def sniff(path: Path) -> str | None:
    """The suffix that matches the content (".pdf", ".docx", ".doc", …), or None when the
    bytes do not say (plain text, or an unknown binary)."""
    with open(path, "rb") as fh:
        head = fh.read(2048)
    if b"%PDF-" in head[:1024]:
        return ".pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(path)
    if head.startswith(OLE2):
        return _ole_kind(path)
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if start.startswith(b"{\\rtf"):
        return ".rtf"
    if any(mark in start[:512].lower() for mark in _HTML_MARKS):
        return ".html"
    return None


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return ".zip"
    for member, suffix in _ZIP_MEMBERS:
        if member in names:
            return suffix
    return ".zip"


def _ole_kind(path: Path) -> str:
    """OLE2 directory entries name the streams; Word's (and WPS's) is "WordDocument".
    The directory can sit anywhere in the file, so the whole file is searched (files reaching
    here are under the size limit)."""
    data = path.read_bytes()
    for stream, suffix in _OLE_STREAMS:
        if stream in data:
            return suffix
    return ".ole"
