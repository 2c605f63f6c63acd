"""Find the documents to index: files under a folder, or records of a JSONL(.gz) export."""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import XxgkError
from ..models import SourceFile
from .sidecar import is_sidecar


def scan(root: Path) -> Iterator[SourceFile]:
    """Every candidate file below ``root`` in a stable order; sidecars and hidden files skipped.

    The document id of a file is its POSIX path relative to ``root``: stable across runs and
    readable in URLs and reports.
    """
    root = Path(root)
    if not root.is_dir():
        raise XxgkError(f"documents folder not found: {root}")
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if any(part.startswith((".", "~$")) for part in rel.parts):
            continue
        if not path.is_file() or is_sidecar(path):
            continue
        yield SourceFile(
            path=path.resolve(),
            rel=rel.as_posix(),
            suffix=path.suffix.lower(),
            size=path.stat().st_size,
            sha256=_sha256(path),
        )


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def read_jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """(line number, record) per line; a line that is not a JSON object yields its error text."""
    opener = gzip.open if str(path).endswith(".gz") else open
    try:
        with opener(path, "rt", encoding="utf-8-sig") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line)
                except ValueError as exc:
                    yield n, f"not valid JSON: {exc}"
                    continue
                yield n, rec if isinstance(rec, dict) else "not a JSON object"
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise XxgkError(f"cannot read {path}: {exc}") from exc
