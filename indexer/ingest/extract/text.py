"""Plain text in whatever encoding a Chinese office saved it: UTF-8, UTF-16 or GB18030.

Charset detection on a few hundred Chinese characters guesses wrong often enough (Big5,
Shift-JIS, cp1252) that it is the last resort: a BOM decides first, then strict UTF-8, then
strict GB18030 (a superset of GB2312 and GBK), and only then charset-normalizer.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from charset_normalizer import from_bytes

from ...errors import ExtractionError
from ...models import Extracted
from ...textnorm import has_cjk, tidy_text

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def extract(path: Path) -> Extracted:
    """Decode a text file and normalise its newlines; blank lines stay paragraph breaks."""
    text = decode_bytes(path.read_bytes())
    if text is None:
        raise ExtractionError(str(path), "unknown text encoding")
    return Extracted(text=tidy_text(text, blank_lines=True))


def decode_bytes(data: bytes) -> str | None:
    """The text of ``data`` by BOM, strict UTF-8, UTF-16 without BOM, strict GB18030, detection."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    for encoding in ("utf-8", _utf16_guess(data), "gb18030"):
        if encoding is None:
            continue
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding != "gb18030" or _plausible_chinese(text):
            return text
    best = from_bytes(data).best()
    return str(best) if best is not None else None


def _utf16_guess(data: bytes) -> str | None:
    """UTF-16 without a BOM shows as a NUL in every other byte of ASCII text."""
    sample = data[:2000]
    if len(sample) < 4 or sample.count(0) < len(sample) // 4:
        return None
    return "utf-16-le" if sample[1::2].count(0) > sample[0::2].count(0) else "utf-16-be"


def _plausible_chinese(text: str) -> bool:
    """GB18030 decodes most byte strings; accept it only if the result reads as Chinese."""
    if any(ord(c) < 32 and c not in "\t\n\r\f" for c in text):
        return False
    if text.isascii():
        return True
    odd = sum(1 for c in text if not (c.isascii() or has_cjk(c) or c in _CJK_PUNCT))
    return has_cjk(text) and odd <= 0.05 * len(text)


_CJK_PUNCT = set(
    "，。、；：？！“”‘’（）《》〈〉【】〔〕…—·「」『』－～　％＋×÷℃￥●○■□◆△▲①②③④⑤⑥⑦⑧⑨⑩"
)
