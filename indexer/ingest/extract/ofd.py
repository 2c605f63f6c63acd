"""OFD (GB/T 33190-2016, the Chinese fixed-layout format many e-government systems publish).

An OFD file is a zip: ``OFD.xml`` names each document's ``Document.xml``, which lists the
pages' ``Content.xml`` (and template pages carrying headers and footers). Text is in
``TextObject`` elements (a ``Boundary`` box, a ``Size``) holding ``TextCode`` runs placed at
``X``/``Y`` inside that box. Runs are grouped into lines by their baseline and ordered left to
right, then the lines go through the same paragraph rebuilding as PDF text (units are
millimetres, converted to points). Element names are matched without their namespace: files
in the wild use both the standard namespace and none.
"""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path

from lxml import etree

from ...errors import ExtractionError
from ...models import Extracted
from ...textnorm import join_wrapped, squeeze_layout_spaces
from .layout import Line, drop_page_numbers, drop_running_lines, paragraphs

MM = 72 / 25.4  # points per millimetre
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
MAX_PART = 64 * 1024 * 1024  # a Content.xml larger than this unpacked is not a real page


def extract(path: Path) -> Extracted:
    """Text of every page of every document in an OFD package, in page order."""
    try:
        with zipfile.ZipFile(path) as z:
            root = _xml(z, "OFD.xml", path)
            pages: list[list[Line]] = []
            for doc_root in _all(root, "DocRoot"):
                pages.extend(_document_pages(z, _member(doc_root.text or "", ""), path))
            title = _first_text(root, "Title")
    except KeyError as exc:
        raise ExtractionError(str(path), f"OFD part missing ({exc.args[0]})") from exc
    except etree.XMLSyntaxError as exc:
        raise ExtractionError(str(path), f"OFD part is not valid XML ({exc})") from exc
    text = paragraphs(drop_running_lines([drop_page_numbers(p) for p in pages]))
    return Extracted(text=text, title=title, pages=len(pages))


def _document_pages(z: zipfile.ZipFile, doc_path: str, path: Path) -> list[list[Line]]:
    doc = _xml(z, doc_path, path)
    base = posixpath.dirname(doc_path)
    templates = {
        t.get("ID"): _member(t.get("BaseLoc", ""), base) for t in _all(doc, "TemplatePage")
    }
    pages = []
    for page in _all(doc, "Page"):
        content_path = _member(page.get("BaseLoc", ""), base)
        content = _xml(z, content_path, path)
        runs = []
        for tpl in _all(content, "Template"):
            if tpl.get("TemplateID") in templates:
                tpl_path = templates[tpl.get("TemplateID")]
                runs += _runs(_xml(z, tpl_path, path))
        runs += _runs(content)
        pages.append(_lines(runs))
    return pages


def _runs(content: etree._Element) -> list[tuple[float, float, float, float, str]]:
    """(baseline y, x0, x1, size, text) of each TextCode, in millimetres."""
    runs = []
    for obj in _all(content, "TextObject"):
        bx, by, _, _ = _numbers(obj.get("Boundary", "0 0 0 0"), 4)
        size = float(obj.get("Size") or 3.5)
        for code in _all(obj, "TextCode"):
            text = code.text or ""
            if not text.strip():
                continue
            x, y = bx + float(code.get("X") or 0), by + float(code.get("Y") or 0)
            advance = _advances(code.get("DeltaX"), len(text), size)
            runs.append((y, x, x + advance + size, size, text))
    return runs


def _advances(delta_x: str | None, n: int, size: float) -> float:
    """Total advance of a run: DeltaX gives the gaps between glyphs ("g 3 5.2" repeats 5.2
    three times); without it, one em per character."""
    if not delta_x:
        return size * max(n - 1, 0)
    total, tokens = 0.0, delta_x.split()
    i = 0
    while i < len(tokens):
        if tokens[i] == "g" and i + 2 < len(tokens):
            total += int(float(tokens[i + 1])) * float(tokens[i + 2])
            i += 3
        else:
            total += float(tokens[i])
            i += 1
    return total


def _lines(runs: list[tuple[float, float, float, float, str]]) -> list[Line]:
    """Runs whose baselines are within half a character of each other form one line."""
    lines: list[list[tuple[float, float, float, float, str]]] = []
    for run in sorted(runs, key=lambda r: (r[0], r[1])):
        if lines and abs(run[0] - lines[-1][0][0]) < 0.5 * min(run[3], lines[-1][0][3]):
            lines[-1].append(run)
        else:
            lines.append([run])
    out = []
    for parts in lines:
        parts.sort(key=lambda r: r[1])
        text = ""
        for _, _, _, _, piece in parts:
            text = join_wrapped(text, piece)
        size = max(r[3] for r in parts)
        x0, x1 = parts[0][1], max(r[2] for r in parts)
        out.append(Line(squeeze_layout_spaces(text.strip()), x0 * MM, x1 * MM, size * MM))
    return [line for line in out if line.text]


def _xml(z: zipfile.ZipFile, name: str, path: Path) -> etree._Element:
    info = z.getinfo(name)
    if info.file_size > MAX_PART:
        raise ExtractionError(str(path), f"OFD part {name} is implausibly large")
    return etree.fromstring(z.read(info), _PARSER)


def _member(loc: str, base: str) -> str:
    """A BaseLoc: absolute from the package root ("/Doc_0/…") or relative to its document."""
    loc = loc.strip()
    joined = loc.lstrip("/") if loc.startswith("/") else posixpath.join(base, loc)
    return posixpath.normpath(joined)


def _all(element: etree._Element, name: str) -> list[etree._Element]:
    return element.xpath(f".//*[local-name()='{name}']")


def _first_text(element: etree._Element, name: str) -> str | None:
    found = _all(element, name)
    text = (found[0].text or "").strip() if found else ""
    return text or None


def _numbers(value: str, n: int) -> list[float]:
    parts = [float(p) for p in value.split()[:n]]
    return parts + [0.0] * (n - len(parts))
