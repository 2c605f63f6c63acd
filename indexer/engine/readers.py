"""Which generation serves, opened once per process and released when no request uses it.

``CURRENT`` names the generation that should serve. Before it is opened its files are checked
against the hashes of its completion marker (again whenever their sizes or times change), so
a truncated, emptied or overwritten file is never served: the newest complete generation that
passes the check serves instead, with a warning for ``/status`` and ``/healthz``. Each request
holds the generation it started with; a generation replaced by a switch or a fallback closes
its searchers (and unmaps its files) when its last request ends.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh.filedb.filestore import FileStorage

from ..errors import IndexNotReady
from ..models import FACETS
from . import analyzer, livestats
from . import generations as gens
from .facets import FacetColumns
from .rankcache import RankCache
from .ranking import Order
from .schema import SCHEMA_VERSION
from .suggest import Vocabulary

CURRENT = "CURRENT"
RECHECK_S = 10.0  # while falling back, how often to look whether CURRENT's generation is good
# Read segments through file handles, not mmap: Whoosh wraps each part of a memory-mapped
# compound segment in a BytesIO, which copies it (~280 MB per searcher on the real corpus, so
# one per server thread made 2.9 GB); with plain files a searcher holds a few handles and the
# OS page cache, shared by all, holds the data. bench/memory.py measures both.
READ_MMAP = False


@dataclass
class Generation:
    """An opened generation: the Whoosh index and its facet columns, loaded once."""

    name: str
    index: Any
    columns: dict[str, list[str]]
    meta: dict[str, Any]
    order: Order  # the tie-breakers of the one ranking order (engine/ranking.py)
    facets: FacetColumns | None = None  # the columns as codes, for counting (engine/facets.py)
    ranked: RankCache = field(default_factory=RankCache)  # ranked lists, bounded
    vocabulary: Vocabulary | None = None
    signature: tuple = ()
    users: int = 0  # requests using it now
    retired: bool = False  # replaced: close when ``users`` drops to 0
    idle: list[Any] = field(default_factory=list)  # searchers ready for the next request
    stats: livestats.LiveStats | None = None  # ranking statistics of the live documents

    def close_idle(self) -> None:
        while self.idle:
            self.idle.pop().close()


class Readers:
    def __init__(self, root: Path, load: Callable[[str], Generation]) -> None:
        self.root = Path(root)
        self._load = load
        self._lock = threading.Lock()
        self._open: Generation | None = None
        self._wanted: str | None = None  # the CURRENT name self._open was chosen for
        self._checked_at = 0.0
        # name → (file signature, problem or None) of its last deep check: hashing again
        # only when a file changed keeps a fallback's periodic re-check cheap
        self._verified: dict[str, tuple[tuple, str | None]] = {}
        self.warning: str | None = None

    def close(self) -> None:
        """Close the serving generation's idle searchers (and the files they hold); requests
        still running close theirs when they end."""
        with self._lock:
            gen, self._open, self._wanted = self._open, None, None
            if gen is not None:
                gen.retired = True
                if gen.users == 0:
                    gen.close_idle()

    def __del__(self) -> None:
        with contextlib.suppress(Exception):
            self.close()

    def wanted(self) -> str | None:
        """The name CURRENT holds (whether or not that folder exists)."""
        try:
            name = (self.root / CURRENT).read_text(encoding="utf-8").strip()
        except OSError:
            return None
        return name or None

    @contextlib.contextmanager
    def use(self) -> Iterator[Generation]:
        """The serving generation, held for the block."""
        gen = self._acquire()
        try:
            yield gen
        finally:
            with self._lock:
                gen.users -= 1
                if gen.retired and gen.users == 0:
                    gen.close_idle()

    @contextlib.contextmanager
    def searcher(self, gen: Generation) -> Iterator[Any]:
        """A searcher of ``gen`` for one request, reused by later ones: opening one costs
        several file opens, a noticeable share of a 10 ms query."""
        with self._lock:
            s = gen.idle.pop() if gen.idle else None
        if s is None:
            s = livestats.searcher(gen.index, gen.stats) if gen.stats else gen.index.searcher()
        try:
            yield s
        finally:
            with self._lock:
                if gen.retired:
                    s.close()
                else:
                    gen.idle.append(s)

    def serving(self) -> tuple[str | None, str | None]:
        """(generation that serves or would serve, warning) without opening an index."""
        gen, wanted = self._open, self.wanted()
        if gen is not None and wanted == self._wanted:
            return gen.name, self.warning
        try:
            name, warning = self._choose(wanted)
        except IndexNotReady as exc:
            return None, str(exc)
        return name, warning

    def _acquire(self) -> Generation:
        wanted = self.wanted()
        with self._lock:
            gen = self._open
            if gen is None or wanted != self._wanted or not self._still_good(gen):
                gen = self._switch(wanted)
            gen.users += 1
            return gen

    def _still_good(self, gen: Generation) -> bool:
        if gens.signature(self.root / gen.name) != gen.signature:
            return False  # a file changed under us: check it again before serving from it
        if self.warning and time.monotonic() - self._checked_at > RECHECK_S:
            return False  # falling back: has CURRENT's generation been repaired?
        return True

    def _switch(self, wanted: str | None) -> Generation:
        failed: dict[str, str] = {}
        while True:
            name, warning = self._choose(wanted, failed)
            old = self._open
            if old is not None and old.name == name:
                old.signature = gens.signature(self.root / name)  # checked again: still good
                gen = old
                break
            try:
                gen = self._load(name)
            except IndexNotReady as exc:
                failed[name] = str(exc)
                continue
            gen.signature = gens.signature(self.root / name)
            if old is not None:
                old.retired = True
                if old.users == 0:
                    old.close_idle()
            break
        self._open, self._wanted, self.warning = gen, wanted, warning
        self._checked_at = time.monotonic()
        return gen

    def _choose(
        self, wanted: str | None, failed: dict[str, str] | None = None
    ) -> tuple[str, str | None]:
        """The generation to serve: CURRENT's if it checks out, else the newest good one;
        ``failed`` holds the ones that could not be opened."""
        failed = failed or {}
        problems = []
        names = [wanted] if wanted else []
        names += [p.name for p in gens.complete_newest_first(self.root) if p.name != wanted]
        for name in names:
            problem = failed.get(name) or self._check(name, legacy_ok=name == wanted)
            if problem is None:
                if name == wanted:
                    return name, None
                why = "; ".join(problems) or "CURRENT names no generation"
                return name, f"当前索引已损坏，正在使用备用索引 {name} (serving {name}: {why})"
            problems.append(problem)
        if not problems:
            raise IndexNotReady("索引尚未建立，请稍后再试。(no index yet: run `make index`)")
        raise IndexNotReady(
            "索引已损坏，暂时无法检索 (index unusable: " + "; ".join(problems) + ")"
        )

    def _check(self, name: str, legacy_ok: bool) -> str | None:
        path = self.root / name
        sig = gens.signature(path) if path.is_dir() else ()
        known = self._verified.get(name)
        if known is not None and known[0] == sig and sig:
            return known[1]  # unchanged since its last deep check
        if legacy_ok and path.is_dir() and not gens.is_complete(path):
            # built before generations were sealed: serve it rather than nothing
            return None if (path / "meta.json").is_file() else f"generation {name} is incomplete"
        check = gens.verify(path)
        if len(self._verified) >= 32:  # bounded: forget generations that were pruned
            self._verified = {n: v for n, v in self._verified.items() if (self.root / n).is_dir()}
        self._verified[name] = (sig, check.problem)
        return check.problem


def load(root: Path, name: str, user_dict: str | None = None) -> Generation:
    """Open one generation and read its facet columns (a module function: the readers hold
    it without holding the backend, so a dropped backend closes its files at once)."""
    path = root / name
    try:
        ix = FileStorage(str(path), supports_mmap=READ_MMAP).open_index()
        analyzer.relocate(ix.schema, user_dict)
        meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
    except Exception as exc:  # noqa: BLE001 - whatever a damaged folder raises: not servable
        raise IndexNotReady(f"索引无法打开 ({name}): {exc}") from exc
    if meta.get("schema_version") != SCHEMA_VERSION:
        raise IndexNotReady(
            f"index {name} is schema v{meta.get('schema_version')}, the code expects "
            f"v{SCHEMA_VERSION}: run `make index`"
        )
    with ix.reader() as r:
        empty = [""] * r.doc_count_all()
        columns = {f: list(r.column_reader(f)) if f in ix.schema else empty for f in FACETS}
        order = Order.of(r)
        stats = livestats.LiveStats(r)
    return Generation(name, ix, columns, meta, order, FacetColumns.of(columns), stats=stats)
