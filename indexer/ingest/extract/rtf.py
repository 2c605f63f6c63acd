"""RTF via striprtf, which honours ``\\ansicpg936`` and per-font charsets (``\\fcharset134``),
so GBK-encoded Chinese written as ``\\'b9\\'ab`` comes out right. Table cells (``|``) become
spaces. Word often saves RTF under a ``.doc`` name; the sniffer sends those here too."""

from __future__ import annotations

import re
from pathlib import Path

from striprtf.striprtf import rtf_to_text

from ...errors import ExtractionError
from ...models import Extracted
from ...textnorm import tidy_text


def extract(path: Path) -> Extracted:
    raw = path.read_bytes()
    if not raw.lstrip().startswith(b"{\\rtf"):
        raise ExtractionError(str(path), "not an RTF file")
    # RTF is 7-bit with \'hh escapes in the file's code page; some writers (WPS) put the
    # code-page bytes in raw. Escaping those makes both kinds decode the same way.
    escaped = re.sub(rb"[\x80-\xff]", lambda m: b"\\'%02x" % m.group()[0], raw)
    text = rtf_to_text(escaped.decode("ascii"), errors="ignore")
    lines = [" ".join(cell.strip() for cell in line.split("|")) for line in text.splitlines()]
    return Extracted(text=tidy_text("\n".join(lines)))
