"""Extraction cache: what a file yielded (text, pages, OCR page count, warnings, the metadata
it states), kept by the file's content hash and the extractor's version.

Why: reading a PDF costs a second, OCR about a second a page; the weekly reindex must not pay
that again for files it read last week, nor for a file that was only renamed or moved (the key
is the content, not the path). The store is one SQLite file in the index folder, in WAL mode,
written by the indexing process only, one transaction per batch: a run killed mid-write loses
at most the batch in flight, never what was committed, and never leaves the file unreadable.

Version bump rules (the key's ``version`` part, see ``version_for``):

* ``GLOBAL_VERSION`` — bump when ``Extracted``'s shape changes, or code every extractor shares
  reads differently (``sniff``, ``tools``, ``ocr``, ``layout``, ``textcheck``): every entry is
  then read again.
* an extractor module's own ``VERSION`` constant (1 where the module has none) — bump it in
  that module (e.g. ``indexer/ingest/extract/pdf.py``) when it reads its files differently:
  only files of that kind are read again.
* ``ocr.cache_key`` for an extractor that OCRs pages (``USES_OCR``, the PDF reader): a hash of
  the OCR code and the configured clean-up steps (``XXGK_OCR_STEPS``). Changing the steps or
  the OCR code reads those files again, so a scan is never served text read the old way.

Metadata rules (``describe``) are not part of the key: they run again on the cached text, so
changing them never forces OCR again.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import sys
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..models import Extracted
from . import extract
from .extract import ocr, preprocess
from .extract.pdf import OCR_CUT_SHORT
from .extract.sniff import sniff

#: 2: entries keep the per-page OCR confidence (version 1 entries had lost it).
GLOBAL_VERSION = 2
FILE_NAME = "extract-cache.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS extracted (
    sha256  TEXT NOT NULL,
    version TEXT NOT NULL,
    data    BLOB NOT NULL,
    stored  TEXT NOT NULL,
    PRIMARY KEY (sha256, version)
);
CREATE TABLE IF NOT EXISTS facts (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def version_for(path: Path, ocr_steps: str = preprocess.DEFAULT_STEPS) -> str | None:
    """The cache version of the extractor that will read ``path`` ("1:.docx:1", for a PDF
    "1:.pdf:1+ocr-<code>-<steps>"), or None when no extractor would (such files are not
    cached: they fail fast anyway)."""
    try:
        chosen = extract.choose(path.suffix.lower(), sniff(path))
    except OSError:
        return None
    fn = extract.EXTRACTORS.get(chosen) if chosen else None
    if fn is None:
        return None
    return f"{GLOBAL_VERSION}:{chosen}:{_own_version(fn, ocr_steps)}"


def is_current(version: str, ocr_steps: str = preprocess.DEFAULT_STEPS) -> bool:
    """Whether an entry's version is still the one its extractor writes today."""
    try:
        glob, chosen, own = version.split(":")
    except ValueError:
        return False
    fn = extract.EXTRACTORS.get(chosen)
    if fn is None or glob != str(GLOBAL_VERSION):
        return False
    return own == _own_version(fn, ocr_steps)


def _own_version(fn: object, ocr_steps: str) -> str:
    module = sys.modules.get(getattr(fn, "__module__", ""), None)
    own = str(getattr(module, "VERSION", 1))
    return f"{own}+{ocr.cache_key(ocr_steps)}" if getattr(module, "USES_OCR", False) else own


class ExtractCache:
    """The SQLite store; one per indexing run, used from the indexing process only."""

    def __init__(self, path: Path, ocr_steps: str = preprocess.DEFAULT_STEPS) -> None:
        self.path = Path(path)
        self.ocr_steps = ocr_steps  # the run's XXGK_OCR_STEPS: part of a PDF entry's version
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: durable at checkpoints
        self._db.executescript(_SCHEMA)
        self.hits = 0
        self.misses = 0

    @classmethod
    def in_index(cls, index_dir: Path, ocr_steps: str = preprocess.DEFAULT_STEPS) -> ExtractCache:
        return cls(Path(index_dir) / FILE_NAME, ocr_steps)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> ExtractCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, sha256: str, version: str | None) -> Extracted | None:
        """The cached extraction, counted as a hit or a miss for the run's summary."""
        row = None
        if version is not None:
            row = self._db.execute(
                "SELECT data FROM extracted WHERE sha256=? AND version=?", (sha256, version)
            ).fetchone()
        if row is None:
            self.misses += 1
            return None
        self.hits += 1
        return _decode(row[0])

    def attach(self, task: tuple) -> tuple:
        """A file task ``("file", src, sidecar)`` with its cached extraction (or None) and the
        version a fresh one is stored under: what the worker needs to skip or fill the cache."""
        version = version_for(task[1].path, self.ocr_steps)
        return (*task[:3], self.get(task[1].sha256, version), version)

    def put_many(self, items: Iterable[tuple[str, str, Extracted]]) -> int:
        """Store a batch in one transaction (all of it or, killed midway, none of it); an
        extraction cut short by the time limit is not stored (``cut_short``)."""
        now = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        rows = [
            (sha, version, _encode(ext), now)
            for sha, version, ext in items
            if not cut_short(ext.warnings)
        ]
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO extracted VALUES (?, ?, ?, ?)", rows)
        return len(rows)

    def record_run(self) -> None:
        """Keep this run's hits and misses for ``xxgk cache status``."""
        facts = {"last_run_hits": self.hits, "last_run_misses": self.misses}
        facts["last_run_at"] = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO facts VALUES (?, ?)",
                [(k, json.dumps(v)) for k, v in facts.items()],
            )

    def status(self, used: set[str] | None = None) -> dict[str, Any]:
        """Entries, size on disk and the last run's hits, as `xxgk cache status` prints them;
        given the hashes the current index uses, also how many entries ``prune`` would
        remove (so staff see whether it is worth running)."""
        entries, stale = 0, 0
        for (version,) in self._db.execute("SELECT version FROM extracted"):
            entries += 1
            stale += not is_current(version, self.ocr_steps)
        facts = {k: json.loads(v) for k, v in self._db.execute("SELECT key, value FROM facts")}
        size = sum(p.stat().st_size for p in self._files() if p.exists())
        mb = round(size / 1e6, 2)
        out = {"path": str(self.path), "entries": entries, "stale": stale, "mb": mb, **facts}
        if used is not None:
            out["unused"] = len(self._unused(used))
        return out

    def _unused(self, used: set[str]) -> list[tuple[str, str]]:
        """Entries no current file uses (by hash) or no current extractor wrote."""
        return [
            (sha, version)
            for sha, version in self._db.execute("SELECT sha256, version FROM extracted")
            if sha not in used or not is_current(version, self.ocr_steps)
        ]

    def prune(self, used: set[str]) -> dict[str, Any]:
        """Delete entries no current file uses (by hash) or no current extractor wrote, then
        give the space back; returns what was removed."""
        gone = self._unused(used)
        before = sum(p.stat().st_size for p in self._files() if p.exists())
        with self._db:
            self._db.executemany("DELETE FROM extracted WHERE sha256=? AND version=?", gone)
        self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self._db.execute("VACUUM")
        after = sum(p.stat().st_size for p in self._files() if p.exists())
        return {"removed": len(gone), "freed_mb": round(max(0, before - after) / 1e6, 2)}

    def _files(self) -> list[Path]:
        return [self.path, Path(f"{self.path}-wal")]


def cut_short(warnings: Iterable[str]) -> bool:
    """Whether OCR left pages unread at the file's time limit (a warning as the extractor
    gives it, or as the report prefixes it with the document's id): such a result depends on
    the load of the run that read it, so it is neither cached nor carried over."""
    return any(w.startswith(OCR_CUT_SHORT) or f": {OCR_CUT_SHORT}" in w for w in warnings)


def _encode(ext: Extracted) -> bytes:
    data = {
        "text": ext.text,
        "title": ext.title,
        "meta": ext.meta,
        "pages": ext.pages,
        "warnings": ext.warnings,
        "ocr_pages": ext.ocr_pages,
        "ocr_confidence": ext.ocr_confidence,  # the document page's low-confidence notice
    }
    return zlib.compress(json.dumps(data, ensure_ascii=False).encode("utf-8"), 6)


def _decode(blob: bytes) -> Extracted:
    data = json.loads(zlib.decompress(blob).decode("utf-8"))
    return Extracted(
        text=data["text"],
        title=data.get("title"),
        meta=dict(data.get("meta") or {}),
        pages=data.get("pages"),
        warnings=list(data.get("warnings") or []),
        ocr_pages=int(data.get("ocr_pages") or 0),
        ocr_confidence={int(p): c for p, c in (data.get("ocr_confidence") or {}).items()},
    )
