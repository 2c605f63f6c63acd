"""Extractor registry: one function per file type, chosen by suffix.

Adding a format (``.doc``, ``.ofd``, OCR) is one module and one line in ``EXTRACTORS``.
Every failure leaves here as ``ExtractionError`` with a reason a person can act on, so one bad
file becomes one line in the index report instead of stopping a run.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

from ..errors import ExtractionError, UnsupportedFile
from ..models import Extracted
from . import docx, html, pdf, text

EXTRACTORS: dict[str, Callable[[Path], Extracted]] = {
    ".pdf": pdf.extract,
    ".docx": docx.extract,
    ".html": html.extract,
    ".htm": html.extract,
    ".txt": text.extract,
}


def extract(path: Path) -> Extracted:
    """Extract one file with the extractor registered for its suffix."""
    path = Path(path)
    suffix = path.suffix.lower()
    extractor = EXTRACTORS.get(suffix)
    if extractor is None:
        raise UnsupportedFile(str(path), f"unsupported file type {suffix or '(no suffix)'}")
    try:
        if path.stat().st_size == 0:
            raise ExtractionError(str(path), "file is empty")
        result = extractor(path)
    except ExtractionError:
        raise
    except OSError as exc:
        raise ExtractionError(str(path), f"cannot read file ({exc.strerror or exc})") from exc
    except (zipfile.BadZipFile, zipfile.LargeZipFile) as exc:
        raise ExtractionError(str(path), f"damaged zip container ({exc})") from exc
    except Exception as exc:  # a library bug on a strange file must not stop the run
        reason = f"{suffix[1:].upper()} could not be read ({type(exc).__name__}: {exc})"
        raise ExtractionError(str(path), reason[:200]) from exc
    if not result.text.strip():
        raise ExtractionError(str(path), "no text found")
    return result
