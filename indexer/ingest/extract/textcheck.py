"""Is a text layer real text? Unmapped glyphs must never reach the index.

A PDF font without a ToUnicode map comes out of pdfminer as ``(cid:123)`` tokens, as
private-use code points (U+E000–U+F8FF, planes 15–16), as U+FFFD, or as ASCII punctuation soup
(``!"#$%&``) when the glyph ids happen to fall in the ASCII range. Such a page is read like a
scan (OCR); a few stray symbols on an otherwise good page (Wingdings bullets are private-use)
are just removed.
"""

from __future__ import annotations

import re

from ...textnorm import has_cjk

CID_RE = re.compile(r"\(cid:\d+\)")
_BAD_CHAR_RE = re.compile("[\ue000-\uf8ff\ufffd\U000f0000-\U0010ffff]")
#: Share of a page's characters that may be unreadable before the page is read by OCR.
MAX_BAD_SHARE = 0.1


def unreadable_count(text: str) -> int:
    """Characters' worth of unmapped glyphs: each ``(cid:N)`` counts as one character."""
    return len(CID_RE.findall(text)) + len(_BAD_CHAR_RE.findall(text))


def strip_unreadable(text: str) -> str:
    return _BAD_CHAR_RE.sub("", CID_RE.sub("", text))


def is_garbled(text: str) -> bool:
    """True when a text layer is mostly unmapped glyphs and has to be read from the image."""
    bad = unreadable_count(text)
    clean = strip_unreadable(text)
    visible = sum(1 for c in clean if not c.isspace())
    if bad and bad > MAX_BAD_SHARE * (bad + visible):
        return True
    return looks_like_glyph_ids(clean)


def looks_like_glyph_ids(text: str) -> bool:
    """Fonts without a ToUnicode map often come out as ASCII punctuation soup ('!"#$%&')."""
    chars = [c for c in text if not c.isspace()]
    if len(chars) < 20:
        return False
    cjk = sum(1 for c in chars if has_cjk(c))
    punct = sum(1 for c in chars if c.isascii() and not c.isalnum())
    return cjk < 0.1 * len(chars) and punct > 0.3 * len(chars)


def index_guard(text: str) -> str | None:
    """Why a document's final text must not be indexed, or None. The pipeline's last check:
    whatever an extractor missed, ``(cid:`` and U+FFFD never reach the index."""
    if "(cid:" in text:
        return "text still contains unmapped glyphs (cid:…) after extraction"
    if "\ufffd" in text:
        return "text contains undecodable characters (U+FFFD)"
    return None
