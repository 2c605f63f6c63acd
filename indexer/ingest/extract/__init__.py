"""Extractor registry: one function per file type, chosen by content first, then by suffix.

Adding a format is one module and one line in ``EXTRACTORS``. The suffix picks the extractor
unless the first bytes say otherwise (``sniff``): a PDF named ``.docx`` is read as a PDF, with
a warning in the report. Every failure leaves here as ``ExtractionError`` with a reason a
person can act on, so one bad file becomes one line in the index report instead of stopping a
run.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

from ...errors import ExtractionError, UnsupportedFile
from ...models import Extracted
from . import docx, html, ofd, pdf, rtf, sheet, slides, text, word97
from .sniff import sniff

EXTRACTORS: dict[str, Callable[[Path], Extracted]] = {
    ".pdf": pdf.extract,
    ".docx": docx.extract,
    ".doc": word97.extract,
    ".wps": word97.extract,
    ".ppt": word97.extract_ppt,
    ".html": html.extract,
    ".htm": html.extract,
    ".txt": text.extract,
    ".ofd": ofd.extract,
    ".xlsx": sheet.extract_xlsx,
    ".xls": sheet.extract_xls,
    ".pptx": slides.extract,
    ".rtf": rtf.extract,
}
# Content kinds the sniffer recognises beyond any doubt: these override the suffix.
_DEFINITE = {".pdf", ".docx", ".xlsx", ".pptx", ".ofd", ".doc", ".xls", ".ppt", ".rtf"}
# Suffixes whose files may legitimately be HTML (Word and Excel "save as web page").
_HTML_OK = {".doc", ".xls", ".wps"}
_NAMES = {".ole": "OLE2 file of unknown type", ".zip": "zip archive, not a document"}


def extract(path: Path) -> Extracted:
    """Extract one file with the extractor for what it contains (see ``choose``)."""
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        if path.stat().st_size == 0:
            raise ExtractionError(str(path), "file is empty")
        kind = sniff(path)
    except OSError as exc:
        raise ExtractionError(str(path), f"cannot read file ({exc.strerror or exc})") from exc
    chosen = choose(suffix, kind)
    extractor = EXTRACTORS.get(chosen) if chosen else None
    if extractor is None:
        if kind in _NAMES:
            reason = _NAMES[kind]
        else:
            reason = f"unsupported file type {suffix or '(no suffix)'}"
        raise UnsupportedFile(str(path), reason)
    try:
        result = extractor(path)
    except ExtractionError:
        raise
    except OSError as exc:
        raise ExtractionError(str(path), f"cannot read file ({exc.strerror or exc})") from exc
    except (zipfile.BadZipFile, zipfile.LargeZipFile) as exc:
        raise ExtractionError(str(path), f"damaged zip container ({exc})") from exc
    except MemoryError:
        raise  # the worker reports it with its memory limit
    except Exception as exc:  # a library bug on a strange file must not stop the run
        reason = f"{chosen[1:].upper()} could not be read ({type(exc).__name__}: {exc})"
        raise ExtractionError(str(path), reason[:200]) from exc
    if chosen != suffix and chosen not in _same(suffix):
        result.warnings.append(f"named {suffix or '(no suffix)'} but is {chosen[1:].upper()}")
    if not result.text.strip():
        raise ExtractionError(str(path), "no text found")
    return result


def choose(suffix: str, kind: str | None) -> str | None:
    """The registry key to read a file with: its content kind when that is certain, else its
    suffix. An unknown suffix with HTML content (``.shtml``, ``.jsp``) is read as HTML."""
    if kind in _DEFINITE:
        return suffix if kind in _same(suffix) else kind
    if kind == ".html" and (suffix in _HTML_OK or suffix not in EXTRACTORS):
        return ".html"
    if kind in _NAMES and suffix not in EXTRACTORS:
        return None
    return suffix if suffix in EXTRACTORS else None


def _same(suffix: str) -> set[str]:
    """Content kinds that a suffix's own extractor reads (a .wps is an OLE2 Word file)."""
    return {".wps": {".doc", ".wps"}, ".htm": {".html", ".htm"}}.get(suffix, {suffix})
