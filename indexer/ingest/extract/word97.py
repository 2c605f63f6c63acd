"""Old binary Office files (.doc, .ppt: 97-2003) and WPS Office files (.wps) via Debian tools.

antiword and catdoc are small (under 1 MB each) and each reads files the other garbles:
antiword handles fast-saved documents and keeps table rows together; catdoc reads scripts that
antiword drops (Tibetan, Uyghur) and many .wps files. Both run, and the output with more
readable text wins. LibreOffice (about 400 MB) is used only when it is installed and both
failed. A .wps that none of them can read is reported as unsupported, with the package to
install.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from ...errors import ExtractionError, UnsupportedFile
from ...models import Extracted
from ...textnorm import tidy_text
from . import textcheck, tools

_FAST_SAVED_RE = re.compile(r"^\[This was fast-saved.*\]$", re.M)
_TABLE_ROW_RE = re.compile(r"^\s*\|(.*)\|\s*$")


def extract(path: Path) -> Extracted:
    """Text of a .doc/.wps: the better of antiword and catdoc, else LibreOffice if installed."""
    texts: list[str] = []
    errors: list[str] = []
    readers = [("antiword", _antiword), ("catdoc", _catdoc)]
    for name, read in readers:
        if tools.which(name) is None:
            continue
        try:
            texts.append(read(path))
        except ExtractionError as exc:
            errors.append(exc.reason)
    best = max(texts, key=_score, default="")
    if _score(best) < 2 and tools.which("soffice"):
        try:
            best = soffice_text(path)
        except ExtractionError as exc:
            errors.append(exc.reason)
    if _score(best) >= 2:
        return Extracted(text=best)
    kind = "WPS" if path.suffix.lower() == ".wps" else "Word 97-2003 (.doc)"
    if not any(tools.which(t) for t in ("antiword", "catdoc", "soffice")):
        raise UnsupportedFile(
            str(path), f"{kind} file: no reader installed (install antiword catdoc)"
        )
    if path.suffix.lower() == ".wps" and not tools.which("soffice"):
        raise UnsupportedFile(
            str(path), "WPS file not readable by antiword/catdoc (install libreoffice-writer)"
        )
    detail = f" ({'; '.join(errors)[:150]})" if errors else ""
    raise ExtractionError(str(path), f"{kind} file could not be read{detail}")


def extract_ppt(path: Path) -> Extracted:
    """Slide text of a PowerPoint 97-2003 file with catppt (part of the catdoc package)."""
    if tools.which("catppt") is None:
        raise UnsupportedFile(str(path), "PowerPoint 97-2003 file: install catdoc to read it")
    out = tools.run(["catppt", "-d", "utf-8", str(path)], path, timeout=60)
    return Extracted(text=tidy_text(out.decode("utf-8", "replace")))


def _score(text: str) -> int:
    """Readable characters: letters, digits and CJK, minus anything unmapped."""
    return sum(1 for c in text if c.isalnum()) - 10 * textcheck.unreadable_count(text)


def _antiword(path: Path) -> str:
    """antiword draws tables with '|': each row becomes one line of its cells' text."""
    out = tools.run(["antiword", "-w", "0", "-m", "UTF-8.txt", str(path)], path, timeout=60)
    lines = []
    for line in out.decode("utf-8", "replace").splitlines():
        row = _TABLE_ROW_RE.match(line)
        if row:
            line = " ".join(cell.strip() for cell in row.group(1).split("|") if cell.strip())
        lines.append(line)
    return tidy_text("\n".join(lines))


def _catdoc(path: Path) -> str:
    """catdoc separates table cells with tabs and notes fast-saved files in the text."""
    out = tools.run(["catdoc", "-w", "-d", "utf-8", str(path)], path, timeout=60)
    text = _FAST_SAVED_RE.sub("", out.decode("utf-8", "replace")).replace("\t", " ")
    return tidy_text(text)


def soffice_text(path: Path) -> str:
    """Convert with LibreOffice headless into a private profile and a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="xxgk-soffice-") as tmp:
        profile = Path(tmp, "profile").as_uri()
        tools.run(
            ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to"]
            + ["txt:Text (encoded):UTF8", "--outdir", tmp, str(path)],
            path,
            timeout=120,
        )
        out = Path(tmp, path.stem + ".txt")
        if not out.is_file():
            raise ExtractionError(str(path), "LibreOffice produced no text")
        return tidy_text(out.read_text(encoding="utf-8-sig", errors="replace"))
