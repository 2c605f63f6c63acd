"""Find the documents to index: files under a folder, or records of a JSONL(.gz) export."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import XxgkError
from ..models import SourceFile
from ..run_report import Failure
from .sidecar import is_sidecar


def scan(root: Path, skipped: list[Failure] | None = None) -> Iterator[SourceFile]:
    """Every candidate file below ``root`` in a stable order; sidecars are metadata, not files.

    The document id of a file is its POSIX path relative to ``root``: stable across runs and
    readable in URLs and reports. Hidden files and folders, Office lock files (``~$``) and links
    whose real path lies outside ``root`` are not indexed and each gets a line in ``skipped``:
    a link to /etc/passwd in the published folder must not publish it.
    """
    root = Path(root)
    if not root.is_dir():
        raise XxgkError(f"documents folder not found: {root}")
    skipped = [] if skipped is None else skipped
    for path, why in sorted(_walk(root, root.resolve())):
        rel = path.relative_to(root).as_posix()
        if why:
            skipped.append(Failure(rel, why, "skipped"))
            continue
        if is_sidecar(path):
            continue
        yield SourceFile(
            path=path.resolve(),
            rel=rel,
            suffix=path.suffix.lower(),
            size=path.stat().st_size,
            sha256=_sha256(path),
        )


def _walk(root: Path, real_root: Path) -> Iterator[tuple[Path, str]]:
    """(path, reason not to index it or ""), files and refused folders; hidden folders and
    links to folders are not entered (one line for the folder, not one per file)."""
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        for name in list(dirnames):
            why = _refusal(here / name, real_root, folder=True)
            if why is not None:
                dirnames.remove(name)
                if why:
                    yield here / name, why
        for name in filenames:
            why = _refusal(here / name, real_root, folder=False)
            if why is not None:
                yield here / name, why
            elif (here / name).is_file():
                yield here / name, ""


def _refusal(path: Path, real_root: Path, folder: bool) -> str | None:
    """None: go ahead; "": leave out silently; else the report line's reason."""
    kind = "folder" if folder else "file"
    if path.name.startswith("."):
        return f"hidden {kind} (name starts with '.')"
    if path.name.startswith("~$"):
        return "Office lock file (~$), not a document"
    if any(ord(ch) < 32 or ch == "\x7f" for ch in path.name):
        return f"{kind} name holds a control character: no link could reach it"
    if not path.is_symlink():
        return None
    real = path.resolve()
    if not real.exists():
        return "broken link: its target does not exist"
    if real != real_root and real_root not in real.parents:
        return "link to a place outside the documents folder; not indexed"
    return "" if folder else None  # a linked folder inside is indexed where it really lies


def _sha256(path: Path) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


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
