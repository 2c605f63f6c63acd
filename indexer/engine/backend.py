"""WhooshBackend: the only module that opens, writes or searches a Whoosh index.

On disk: ``INDEX/CURRENT`` names a generation; ``INDEX/gen-…/`` holds Whoosh files and
``meta.json``. A rebuild writes a new generation and swaps CURRENT atomically, so readers never
see a half-built index, and a failed or suspiciously small rebuild never replaces a good one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh import index as windex
from whoosh.filedb.filestore import FileStorage

from ..config import Analysis, Settings
from ..errors import IndexNotReady, RebuildRefused
from ..models import FACETS, Document, SearchPage, SearchRequest
from ..segment import dict_fingerprint
from . import links, searching
from .context import SearchContext
from .ranking import Order
from .records import from_stored, to_fields
from .schema import SCHEMA_VERSION, build_schema
from .suggest import Vocabulary

CURRENT = "CURRENT"


@dataclass
class Generation:
    """An opened generation: the Whoosh index and its facet columns, loaded once."""

    name: str
    index: Any
    columns: dict[str, list[str]]
    meta: dict[str, Any]
    order: Order
    vocabulary: Vocabulary | None = None


class WhooshBackend:
    def __init__(
        self,
        root: Path,
        analysis: Analysis,
        keep_generations: int = 2,
        min_keep_ratio: float = 0.5,
    ) -> None:
        self.root = Path(root)
        self.analysis = analysis
        self.keep_generations = max(1, keep_generations)
        self.min_keep_ratio = min_keep_ratio
        self._open: Generation | None = None
        self._lock = threading.Lock()
        self._local = threading.local()

    @classmethod
    def from_settings(cls, settings: Settings) -> WhooshBackend:
        """The backend the settings describe: both doors (pipeline and service) open it here."""
        return cls(
            settings.index,
            settings.analysis,
            keep_generations=settings.keep_generations,
            min_keep_ratio=settings.min_keep_ratio,
        )

    # ----- lifecycle -------------------------------------------------------------------------
    def current_name(self) -> str | None:
        try:
            name = (self.root / CURRENT).read_text(encoding="utf-8").strip()
        except OSError:
            return None
        return name if name and (self.root / name).is_dir() else None

    def rebuild(
        self,
        docs: Iterable[Document],
        *,
        passes: links.Passes | None = None,
        force: bool = False,
        info: dict[str, Any] | None = None,
        limitmb: int = 64,  # real corpus: 256 → 64 MB cut peak RSS by a quarter, same speed
    ) -> tuple[str, int]:
        """Write every document into a new generation, let the build door's cross-document
        ``passes`` (indexer/crossdoc.py) rewrite what they rule on, and make it current;
        returns (name, count)."""
        self.root.mkdir(parents=True, exist_ok=True)
        name = self._new_name()
        path = self.root / name
        try:
            count = self._write_generation(path, docs, limitmb)
            changed: dict[str, int] = {}
            if passes is not None:
                # without mmap: touching stored fields would map the whole segment into RSS
                ix = FileStorage(str(path), supports_mmap=False).open_index()
                changed = links.apply(ix, passes)
            self._guard(count, force)
            meta = {
                "schema_version": SCHEMA_VERSION,
                "analyzer": dict_fingerprint(self.analysis.user_dict),
                "doc_count": count,
                **changed,
                "built_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
                **(info or {}),
            }
            _write_json(path / "meta.json", meta)
            self._swap(name)
        except BaseException:
            shutil.rmtree(path, ignore_errors=True)
            raise
        self._prune()
        return name, count

    def _write_generation(self, path: Path, docs: Iterable[Document], limitmb: int) -> int:
        """Write every document; returns the count."""
        path.mkdir(parents=True)
        ix = FileStorage(str(path)).create_index(build_schema(self.analysis))
        writer = ix.writer(limitmb=limitmb)
        count = 0
        try:
            for doc in docs:
                writer.add_document(**to_fields(doc))
                count += 1
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        return count

    def _guard(self, count: int, force: bool) -> None:
        if count == 0:
            raise RebuildRefused("新索引中没有任何文件：未替换现有索引 (no documents were indexed)")
        old = self.status().get("doc_count") if self.current_name() else None
        if old and not force and count < self.min_keep_ratio * old:
            raise RebuildRefused(
                f"the new index has {count} documents, the current one {old}: refusing to "
                f"replace it (is the documents folder mounted?). Use --force to replace anyway."
            )

    def _swap(self, name: str) -> None:
        tmp = self.root / (CURRENT + ".tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(name + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.root / CURRENT)

    def _new_name(self) -> str:
        stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
        name, n = f"gen-{stamp}", 1
        while (self.root / name).exists():
            n += 1
            name = f"gen-{stamp}-{n}"
        return name

    def _prune(self) -> None:
        current = self.current_name()
        gens = sorted(p.name for p in self.root.glob("gen-*") if p.is_dir())
        old = [g for g in gens if g != current]
        for g in old[: max(0, len(old) - (self.keep_generations - 1))]:
            shutil.rmtree(self.root / g, ignore_errors=True)

    # ----- reading ---------------------------------------------------------------------------
    def _generation(self) -> Generation:
        """The current generation, reopened when CURRENT changes (no server restart needed)."""
        name = self.current_name()
        if name is None:
            raise IndexNotReady("索引尚未建立，请稍后再试。(no index yet: run `make index`)")
        gen = self._open
        if gen is not None and gen.name == name:
            return gen
        with self._lock:
            if self._open is None or self._open.name != name:
                self._open = self._load(name)
            return self._open

    def _load(self, name: str) -> Generation:
        path = self.root / name
        try:
            ix = windex.open_dir(str(path))
            meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
        except (OSError, ValueError, windex.IndexError) as exc:
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
        return Generation(name, ix, columns, meta, order)

    def update_meta(self, name: str, values: dict[str, Any]) -> None:
        """Add run facts (failures, timing) to a generation's meta.json after the swap."""
        path = self.root / name / "meta.json"
        meta = json.loads(path.read_text(encoding="utf-8"))
        _write_json(path, {**meta, **values})

    @contextlib.contextmanager
    def _searcher(self, gen: Generation):
        """A searcher per thread and generation, reused across requests: opening one costs
        several file opens, a noticeable share of a 10 ms query."""
        cached = getattr(self._local, "searcher", None)
        if cached is None or cached[0] != gen.name:
            if cached is not None:
                cached[1].close()
            cached = (gen.name, gen.index.searcher())
            self._local.searcher = cached
        yield cached[1]

    def status(self) -> dict[str, Any]:
        name = self.current_name()
        if name is None:
            return {}
        try:
            meta = json.loads((self.root / name / "meta.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {"generation": name}
        return {"generation": name, **meta}

    def get(self, doc_id: str) -> Document | None:
        gen = self._generation()
        with gen.index.searcher() as s:
            stored = s.document(doc_id=doc_id)
        return from_stored(stored) if stored else None

    def resolve_citations(self, doc: Document) -> list[tuple[str, list[Document]]]:
        """Each citation of ``doc`` with the indexed documents it names (never ``doc``)."""
        gen = self._generation()
        with self._searcher(gen) as s:
            return links.resolve_citations(s, doc)

    def cited_by(self, doc: Document) -> list[Document]:
        """Indexed documents whose text cites ``doc``, newest first."""
        gen = self._generation()
        with self._searcher(gen) as s:
            return links.cited_by(s, doc)

    def all_ids(self) -> list[str]:
        gen = self._generation()
        with gen.index.searcher() as s:
            return [f["doc_id"] for f in s.all_stored_fields()]

    def search(self, req: SearchRequest, *, facet_limit: int) -> SearchPage:
        gen = self._generation()
        with self._searcher(gen) as s:
            ctx = SearchContext(
                s,
                gen.index.schema,
                gen.columns,
                gen.order,
                from_stored,
                user_dict=self.analysis.user_dict,
                synonyms=self.analysis.synonyms,
                facet_limit=facet_limit,
                vocabulary=self.vocabulary,
            )
            return searching.run(ctx, req)

    def related(self, doc_id: str, limit: int = 5) -> list[Document]:
        gen = self._generation()
        with self._searcher(gen) as s:
            docnum = s.document_number(doc_id=doc_id)
            return [] if docnum is None else searching.related(s, docnum, from_stored, limit)

    def vocabulary(self) -> Vocabulary:
        """Titles, departments and title words of the current generation, read once."""
        gen = self._generation()
        if gen.vocabulary is None:
            with self._searcher(gen) as s:
                r = s.reader()
                titles = list(r.column_reader("title_col"))
                terms = {}
                for term, info in r.iter_field("title"):
                    text = term.decode("utf-8") if isinstance(term, bytes) else term
                    terms[text] = info.doc_frequency()
            gen.vocabulary = Vocabulary(titles, gen.columns["department"], terms)
        return gen.vocabulary


def _write_json(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    os.replace(tmp, path)
