"""Metadata a CMS exported beside the documents; it overrides what extraction guesses.

Two forms, both optional:

* ``FILE.meta.json`` next to the file (``x.pdf.meta.json``, or ``x.meta.json`` by stem): one
  JSON object with keys from ``META_FIELDS``.
* ``metadata.csv`` in the folder: one row per file, header
  ``file,title,department,doc_number,date,doc_type,topic,index_no`` (or the Chinese names
  文件,标题,发文机关,发文字号,成文日期,公文种类,主题分类,索引号), UTF-8 with or without BOM, or
  GB18030 as Excel saves it on a Chinese Windows.

Per key, the JSON file wins over the CSV row. A broken sidecar never stops indexing: it
yields no values and one line in ``SidecarReader.warnings`` that the caller reports.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from ..models import META_FIELDS

CSV_NAME = "metadata.csv"
JSON_SUFFIX = ".meta.json"

#: CSV header (lower-cased, stripped) → field; "file" names the document in the folder.
CSV_HEADERS: dict[str, str] = {
    **{name: name for name in (*META_FIELDS, "file")},
    "文件": "file",
    "文件名": "file",
    "标题": "title",
    "发文机关": "department",
    "发文字号": "doc_number",
    "文号": "doc_number",
    "成文日期": "date",
    "公文种类": "doc_type",
    "文种": "doc_type",
    "主题分类": "topic",
    "索引号": "index_no",
    "时效性": "validity",
}


def is_sidecar(path: Path) -> bool:
    """True for files that describe other files and must not be indexed themselves."""
    name = Path(path).name.lower()
    return name.endswith(JSON_SUFFIX) or name == CSV_NAME


class SidecarReader:
    """Reads sidecars for many files, parsing each folder's ``metadata.csv`` once.

    ``warnings`` collects one human-readable line per broken sidecar (bad JSON, undecodable
    CSV, missing ``file`` column…); the pipeline copies them into its report.
    """

    def __init__(self) -> None:
        self.warnings: list[str] = []
        self._folders: dict[Path, dict[str, dict[str, str]]] = {}

    def for_file(self, path: Path) -> dict[str, str]:
        """Known metadata for one document file; an empty dict when there is none."""
        path = Path(path)
        rows = self._folder(path.parent)
        values = dict(rows.get(path.name) or rows.get(path.name.casefold()) or {})
        values.update(self._json(path))
        return values

    def _json(self, path: Path) -> dict[str, str]:
        for candidate in (path.with_name(path.name + JSON_SUFFIX), path.with_suffix(JSON_SUFFIX)):
            if candidate.is_file():
                return self._read_json(candidate)
        return {}

    def _read_json(self, sidecar: Path) -> dict[str, str]:
        try:
            data = json.loads(sidecar.read_bytes().decode("utf-8-sig"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            return self._warn(sidecar, f"unreadable sidecar ignored ({_short(exc)})")
        if not isinstance(data, dict):
            return self._warn(sidecar, "sidecar ignored: expected a JSON object")
        return _fields(data)

    def _folder(self, folder: Path) -> dict[str, dict[str, str]]:
        if folder not in self._folders:
            sidecar = folder / CSV_NAME
            self._folders[folder] = self._read_csv(sidecar) if sidecar.is_file() else {}
        return self._folders[folder]

    def _read_csv(self, sidecar: Path) -> dict[str, dict[str, str]]:
        try:
            text = _decode(sidecar.read_bytes())
            rows = list(csv.reader(io.StringIO(text, newline="")))
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            return self._warn(sidecar, f"unreadable metadata.csv ignored ({_short(exc)})")
        if not rows:
            return {}
        header = [CSV_HEADERS.get(h.strip().lower(), "") for h in rows[0]]
        if "file" not in header:
            return self._warn(sidecar, "metadata.csv ignored: no 'file' (文件) column")
        table: dict[str, dict[str, str]] = {}
        for row in rows[1:]:
            record = dict(zip(header, row, strict=False))
            name = record.pop("file", "").strip()
            if name:
                table[name] = table[name.casefold()] = _fields(record)
        return table

    def _warn(self, sidecar: Path, message: str) -> dict:
        self.warnings.append(f"{sidecar}: {message}")
        return {}


def _decode(data: bytes) -> str:
    """UTF-8 (BOM or not), else GB18030; anything else is reported as undecodable."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def _fields(record: dict) -> dict[str, str]:
    """Known fields with a non-blank scalar value, as stripped strings."""
    return {
        key: str(value).strip()
        for key, value in record.items()
        if key in META_FIELDS
        and isinstance(value, str | int | float)
        and not isinstance(value, bool)
        and str(value).strip()
    }


def _short(exc: BaseException) -> str:
    return str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
