"""WhooshBackend: the only module that opens, writes or searches a Whoosh index.

On disk: ``INDEX/CURRENT`` names a generation; ``INDEX/gen-…/`` holds Whoosh files,
``meta.json`` and the completion marker (``generations``). A rebuild writes a new generation
under the run lock (``runlock``), seals it and swaps CURRENT atomically, so readers never see a
half-built index, and a failed, killed or suspiciously small rebuild never replaces a good one.
Which generation serves, and when an old one's files are released, is ``readers``' job.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from whoosh import query
from whoosh.filedb.filestore import FileStorage

from ..config import Analysis, Settings
from ..errors import RebuildRefused
from ..models import Document, SearchPage, SearchRequest
from ..segment import dict_fingerprint
from . import budget, generations, health, links, runlock, searching, writing
from .context import SearchContext
from .readers import CURRENT, Generation, Readers, load
from .records import from_stored
from .schema import SCHEMA_VERSION, build_schema
from .suggest import Vocabulary

__all__ = ["CURRENT", "Generation", "WhooshBackend"]


class WhooshBackend:
    engine = "whoosh"  # recorded in each generation's meta.json (engine/choice.py)
    token_positions = True  # the build's workers pack each token's position and offsets
    schema_version: int | str = SCHEMA_VERSION

    def __init__(
        self,
        root: Path,
        analysis: Analysis,
        keep_generations: int = 2,
        min_keep_ratio: float = 0.5,
        health_cache_s: float = 5.0,
        writers: int = 1,
        parallel_from: int | None = None,
    ) -> None:
        self.root = Path(root)
        self.analysis = analysis
        # Queries are cut by this program's analyzer, never by the one pickled in the index:
        # that one names the user dictionary by the path it had at build time, and after the
        # program moved it silently parsed with plain jieba (an expanded 人社局 found nothing).
        self.query_schema = build_schema(analysis)
        self.keep_generations = max(1, keep_generations)
        self.min_keep_ratio = min_keep_ratio
        self.readers = Readers(
            self.root, functools.partial(load, self.root, user_dict=analysis.user_dict)
        )
        self.health_cache_s = health_cache_s
        self._health: tuple[float, dict[str, Any]] | None = None
        self.writers, self.parallel_from = max(1, writers), parallel_from  # engine/writing.py

    @classmethod
    def from_settings(cls, settings: Settings) -> WhooshBackend:
        """The backend the settings describe: both doors (pipeline and service) open it here."""
        return cls(
            settings.index,
            settings.analysis,
            keep_generations=settings.keep_generations,
            min_keep_ratio=settings.min_keep_ratio,
            health_cache_s=settings.health_cache_s,
            writers=settings.index_writers or os.cpu_count() or 1,
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
        returns (name, count). Holds the run lock (re-entrant: the pipeline already holds it
        around a build)."""
        with runlock.run_lock(self.root) as facts:
            name, count = self._rebuild(docs, passes, force, info, limitmb)
            facts.update(generation=name, documents=count)
            return name, count

    def _rebuild(
        self,
        docs: Iterable[Document],
        passes: links.Passes | None,
        force: bool,
        info: dict[str, Any] | None,
        limitmb: int,
    ) -> tuple[str, int]:
        previous = self.readers.serving()[0]  # the good one now: pruning must keep it
        path = generations.new_folder(self.root)
        name = path.name
        try:
            count, changed = self._fill(path, docs, passes, limitmb)
            self._guard(count, force)
            generations.write_json(
                path / "meta.json", {**self.meta_for(count), **changed, **(info or {})}
            )
            self.switch_to(path)
        except BaseException:
            shutil.rmtree(path, ignore_errors=True)
            raise
        generations.prune(self.root, self.keep_generations, {name, previous or name})
        return name, count

    def _fill(
        self, path: Path, docs: Iterable[Document], passes: links.Passes | None, limitmb: int
    ) -> tuple[int, dict[str, int]]:
        """The engine's part of a rebuild (the rest is shared with tantivy): every document
        written into ``path``, then the passes; returns the count and what each pass changed."""
        count = self._write_generation(path, docs, limitmb)
        changed: dict[str, int] = {}
        if passes is not None:
            # without mmap: touching stored fields would map the whole segment into RSS
            ix = FileStorage(str(path), supports_mmap=False).open_index()
            changed = links.apply(ix, passes)
        return count, changed

    def meta_for(self, count: int) -> dict[str, Any]:
        """What every generation's meta.json says about its making (full build or update)."""
        return {
            "engine": self.engine,
            "schema_version": self.schema_version,
            "analyzer": dict_fingerprint(self.analysis.user_dict),
            "doc_count": count,
            "built_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        }

    def switch_to(self, path: Path) -> None:
        """Seal a written generation, check it read back from disk (what the switch promises),
        and make it current: the one way a full build or an update goes live."""
        generations.seal(path)
        check = generations.verify(path)
        if not check.ok:
            raise RebuildRefused(f"the new generation {path.name} does not verify: {check.problem}")
        self._swap(path.name)

    def _write_generation(self, path: Path, docs: Iterable[Document], limitmb: int) -> int:
        """Write every document into ``path`` (already created); returns the count."""
        # Without mmap: Whoosh copies each part of a memory-mapped compound segment into a
        # BytesIO, so the count after the commit opened a reader that held the whole index
        # twice (mapped + copied): the writer's peak was 7.2 GB at 100,000 documents.
        storage = FileStorage(str(path), supports_mmap=False)
        ix = storage.create_index(build_schema(self.analysis))
        return writing.write_all(
            ix, docs, limitmb=limitmb, writers=self.writers, parallel_from=self.parallel_from
        )

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
        generations.fsync_dir(self.root)

    # ----- reading ---------------------------------------------------------------------------

    def update_meta(self, name: str, values: dict[str, Any]) -> None:
        """Add run facts (failures, timing) to a generation's meta.json after the swap."""
        path = self.root / name / "meta.json"
        meta = json.loads(path.read_text(encoding="utf-8"))
        generations.write_json(path, {**meta, **values})

    def status(self) -> dict[str, Any]:
        """The serving generation's meta, with warnings (a fallback, aborted runs) and runs."""
        name, warning = self.readers.serving()
        runs = runlock.state(self.root)
        extra = {"warnings": health.warnings(warning, runs), "runs": runs}
        if name is None:
            return extra if extra["warnings"] or runs["runs"] else {}
        try:
            meta = json.loads((self.root / name / "meta.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            meta = {}
        return {"generation": name, **meta, "wanted": self.readers.wanted(), **extra}

    def verify(self) -> dict[str, tuple[bool, str | None]]:
        """Every generation folder, deep-checked against its marker: name → (is CURRENT's,
        problem or None); newest first."""
        wanted = self.readers.wanted()
        names = sorted((p.name for p in generations.folders(self.root)), reverse=True)
        if wanted and wanted not in names:
            names.insert(0, wanted)
        return {n: (n == wanted, generations.verify(self.root / n).problem) for n in names}

    def health(self) -> dict[str, Any]:
        """Open the serving reader and run a query (``health.report``), cached for
        ``health_cache_s`` seconds."""
        return health.cached(self, lambda: health.report(self.readers, self._probe))

    def _probe(self, gen: Generation) -> int:
        with self.readers.searcher(gen) as s:
            return health.probe(s)

    def get(self, doc_id: str) -> Document | None:
        with self.readers.use() as gen, gen.index.searcher() as s:
            stored = s.document(doc_id=doc_id)
        return from_stored(stored) if stored else None

    def with_title(self, key: str, limit: int = 10) -> list[Document]:
        """The documents whose title folds to ``key`` (``textnorm.title_key``), at most
        ``limit``: one term lookup in the indexed ``title_key`` field."""
        with self.readers.use() as gen, gen.index.searcher() as s:
            found = s.search(query.Term("title_key", key), limit=limit) if key else []
            return [from_stored(hit.fields()) for hit in found]

    def resolve_citations(self, doc: Document) -> list[tuple[str, list[Document]]]:
        """Each citation of ``doc`` with the indexed documents it names (never ``doc``)."""
        with self.readers.use() as gen, self.readers.searcher(gen) as s:
            return links.resolve_citations(s, doc, newest=gen.order.newest)

    def cited_by(self, doc: Document) -> list[Document]:
        """Indexed documents whose text cites ``doc``, newest first."""
        with self.readers.use() as gen, self.readers.searcher(gen) as s:
            return links.cited_by(s, doc, newest=gen.order.newest)

    def all_ids(self) -> list[str]:
        with self.readers.use() as gen, gen.index.searcher() as s:
            return [f["doc_id"] for f in s.all_stored_fields()]

    def documents(self) -> Iterator[Document]:
        """Every live document in one pass (a ``get`` apiece opened a searcher: 1.5 ms each)."""
        with self.readers.use() as gen, gen.index.searcher() as s:
            yield from map(from_stored, s.all_stored_fields())

    def search(self, req: SearchRequest, *, facet_limit: int) -> SearchPage:
        with self.readers.use() as gen, self.readers.searcher(gen) as s:
            ctx = SearchContext(
                s,
                self.query_schema,
                gen.facets,
                gen.order,
                from_stored,
                user_dict=self.analysis.user_dict,
                synonyms=self.analysis.synonyms,
                facet_limit=facet_limit,
                vocabulary=self.vocabulary,
                ranked=gen.ranked,
            )
            return searching.run(ctx, req)

    def related(self, doc_id: str, limit: int = 5) -> list[Document]:
        with self.readers.use() as gen, self.readers.searcher(gen) as s:
            docnum = s.document_number(doc_id=doc_id)
            return [] if docnum is None else searching.related(s, docnum, from_stored, limit)

    def vocabulary(self) -> Vocabulary:
        """Titles, departments and title words of the current generation, read once."""
        with self.readers.use() as gen:
            if gen.vocabulary is None:
                with budget.unbudgeted():  # once per generation, not this request's work
                    gen.vocabulary = self._read_vocabulary(gen)
            return gen.vocabulary

    def _read_vocabulary(self, gen: Generation) -> Vocabulary:
        """Titles, departments and title words, read once per generation."""
        with self.readers.searcher(gen) as s:
            r = s.reader()
            titles = list(r.column_reader("title_col"))
            terms = {}
            for term, info in r.iter_field("title"):
                text = term.decode("utf-8") if isinstance(term, bytes) else term
                terms[text] = info.doc_frequency()
        return Vocabulary(titles, gen.columns["department"], terms)
