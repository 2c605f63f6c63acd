"""Generation folders on disk: unique names, the completion marker, verification, pruning.

A generation folder counts as complete only once ``complete.json`` is in it: the marker is
written last, after every file of the generation and its ``meta.json`` were fsynced, and it
records each file's size and sha256. A folder without it is what a killed or failed run left
behind; pruning removes those first and keeps the newest complete ones, so an aborted run can
never cost the last good index. The switch, the server (on load and when a file changes under
it) and ``xxgk verify`` all check the recorded hashes, so a truncated, emptied or overwritten
file is found instead of served.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MARKER = "complete.json"
PREFIX = "gen-"
# Written after the marker (run facts, the staff report, and incremental.py's manifest, which
# a full rebuild can only write once the backend sealed): not part of what is verified. The
# manifest only plans the next run; one that cannot be read makes that run a full rebuild.
# ``articles/`` (indexer/article_index.py) is derived from the sealed documents by the build
# door after the switch; a missing or unreadable one only leaves questions without it.
UNSEALED = {MARKER, "meta.json", "report.csv", "manifest.json", "articles"}


@dataclass(frozen=True)
class Check:
    """The outcome of verifying one generation: ``problem`` is None when it is good."""

    name: str
    problem: str | None
    sealed_at: float = 0.0

    @property
    def ok(self) -> bool:
        return self.problem is None


def write_json(path: Path, data: dict[str, Any]) -> None:
    """A generation's ``meta.json`` (or any JSON beside it), replaced whole."""
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    os.replace(tmp, path)


def new_folder(root: Path) -> Path:
    """Create a generation folder whose name no other run can take: ``mkdir`` fails when the
    name exists, so two runs starting in the same second get different folders."""
    stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
    n = 1
    while True:
        path = root / (f"{PREFIX}{stamp}" if n == 1 else f"{PREFIX}{stamp}-{n:03d}")
        try:
            path.mkdir(parents=True)
            return path
        except FileExistsError:
            n += 1


def seal(path: Path) -> dict[str, Any]:
    """fsync the generation's files and write the completion marker (itself fsynced, with its
    folder): after this returns, a power cut or kill -9 leaves a complete generation."""
    files = {}
    for f in sorted(_sealed_files(path)):
        with open(f, "rb") as fh:
            os.fsync(fh.fileno())
        files[_rel(path, f)] = {"size": f.stat().st_size, "sha256": _sha256(f)}
    meta = path / "meta.json"
    if meta.exists():
        with open(meta, "rb") as fh:
            os.fsync(fh.fileno())
    marker = {"files": files, "sealed_at": dt.datetime.now().timestamp()}
    tmp = path / (MARKER + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(marker, fh, indent=1)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path / MARKER)
    fsync_dir(path)
    return marker


def fsync_dir(path: Path) -> None:
    """Make a rename or new file in ``path`` durable (the folder entry, not only the data)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def read_marker(path: Path) -> dict[str, Any] | None:
    try:
        marker = json.loads((path / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return marker if isinstance(marker, dict) and isinstance(marker.get("files"), dict) else None


def is_complete(path: Path) -> bool:
    return read_marker(path) is not None


def signature(path: Path, top: bool = True) -> tuple:
    """Size and mtime of every file: cheap to take (one scandir), and it changes when a file
    is truncated, emptied, replaced or written to, so a deep check is redone only then."""
    out = []
    try:
        entries = list(os.scandir(path))
    except OSError:
        return ()
    for e in entries:
        if not _counts(e.name, top):
            continue
        try:
            if e.is_file():
                st = e.stat()
                out.append((e.name, st.st_size, st.st_mtime_ns))
            elif e.is_dir():  # an engine's own folder (tantivy/): its files, by relative name
                out += [(f"{e.name}/{n}", *rest) for n, *rest in signature(Path(e.path), False)]
        except OSError:
            continue
    return tuple(sorted(out))


def verify(path: Path, *, deep: bool = True) -> Check:
    """Check a generation against its marker: every recorded file present with its size, and
    (``deep``) its sha256; no Whoosh file that the marker does not know."""
    name = path.name
    if not path.is_dir():
        return Check(name, f"generation {name} does not exist")
    marker = read_marker(path)
    if marker is None:
        return Check(name, f"generation {name} is incomplete (no {MARKER}: an aborted run?)")
    sealed_at = float(marker.get("sealed_at") or 0.0)
    recorded: dict[str, dict] = marker["files"]
    present = {_rel(path, f) for f in _sealed_files(path)}
    for fname, want in recorded.items():
        f = path / fname
        if fname not in present:
            return Check(name, f"{name}/{fname} is missing", sealed_at)
        size = f.stat().st_size
        if size != want.get("size"):
            return Check(name, f"{name}/{fname} has {size} bytes, {want.get('size')} expected")
        if deep and _sha256(f) != want.get("sha256"):
            return Check(name, f"{name}/{fname} does not match its sha256 (overwritten?)")
    extra = sorted(present - set(recorded))
    if extra:
        return Check(name, f"{name} holds files its marker does not list: {', '.join(extra)}")
    return Check(name, None, sealed_at)


def folders(root: Path) -> list[Path]:
    return [p for p in root.glob(PREFIX + "*") if p.is_dir()]


def complete_newest_first(root: Path) -> list[Path]:
    """Complete generations, the most recently sealed first."""
    sealed = [(read_marker(p), p) for p in folders(root)]
    ordered = sorted(
        ((float(m.get("sealed_at") or 0.0), p.name, p) for m, p in sealed if m is not None),
        reverse=True,
    )
    return [p for _, _, p in ordered]


def prune(root: Path, keep: int, protect: set[str]) -> list[str]:
    """Remove incomplete folders, then complete ones beyond the newest ``keep`` good ones;
    never a folder named in ``protect`` (the new current generation and the one it replaced,
    which count towards ``keep``). A complete folder that never became current (a run killed
    right before its switch) is newer than the previous good one but is not preferred to it.
    Call it only while holding the run lock: then no other run is writing a folder here."""
    complete = complete_newest_first(root)
    kept = {p.name for p in folders(root) if p.name in protect}
    for p in complete:
        if len(kept) >= max(1, keep):
            break
        if verify(p, deep=False).ok:
            kept.add(p.name)
    removed = []
    incomplete = [p for p in folders(root) if not is_complete(p)]
    for p in [*incomplete, *complete]:
        if p.name not in kept and p.name not in removed:
            shutil.rmtree(p, ignore_errors=True)
            removed.append(p.name)
    return removed


def _sealed_files(path: Path, top: bool = True) -> list[Path]:
    """The generation's files: its own, and those of an engine's folder in it (tantivy keeps
    its index in ``tantivy/``, since it writes a meta.json of its own); lock files, which an
    engine leaves behind empty and a reader may create, are not the index."""
    out = []
    for f in path.iterdir():
        if f.is_dir():
            if _counts(f.name, top):
                out += _sealed_files(f, False)
        elif _counts(f.name, top):
            out.append(f)
    return out


def _counts(name: str, top: bool) -> bool:
    """Whether a file belongs to what is sealed (see ``_sealed_files``)."""
    if ".tmp" in name:
        return False
    return name not in UNSEALED if top else not name.startswith(".tantivy-")


def _rel(root: Path, f: Path) -> str:
    return f.relative_to(root).as_posix()


def _sha256(path: Path) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()
