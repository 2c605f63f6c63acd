"""The three rankers `make eval` compares, each behind `search(text) -> ranked doc ids`.

* ours: the public interface only (`SearchService.search`), exactly what `xxgk search --json`
  and /api/search return, so the eval measures what users get, not an internal scorer;
* baseline: what a newcomer builds from the docs (bench/run.py's index: stock
  `jieba.analyse.ChineseAnalyzer` on title + body, Whoosh BM25F defaults, `MultifieldParser`,
  default AND grouping);
* bm25: a plain Okapi BM25 (`rank_bm25`) over `jieba.lcut` tokens of title + body, OR
  semantics, no query syntax: the textbook reference a ranking change should beat.

A system that rejects or fails a query returns no results for it; the error is kept so the
report can count them instead of crashing a multi-minute run.
"""

from __future__ import annotations

import gzip
import pickle
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

LIMIT = 100
_WORD = re.compile(r"\w")


@dataclass
class Run:
    """One system's answer to one query."""

    docs: list[str]
    total: int = 0
    error: str | None = None
    extra: dict = field(default_factory=dict)


class OursSystem:
    name = "ours"

    def __init__(self, index: Path) -> None:
        from indexer.config import Settings
        from indexer.errors import BadQuery, IndexNotReady
        from indexer.service import SearchService

        self._bad_query, self._not_ready = BadQuery, IndexNotReady
        self.service = SearchService(Settings.load(environ={}, index=index))

    def problem(self) -> str | None:
        """Why the index cannot serve (missing, or built by an older schema), else None.

        A stale index fails every query; scoring that as 101 zeros would be a wrong result,
        so the harness rebuilds or stops instead.
        """
        try:
            self.service.search(self.service.request({"q": [""], "size": ["1"]}))
        except self._not_ready as exc:
            return str(exc)
        return None

    def search(self, text: str) -> Run:
        try:
            page = self.service.search(self.service.request({"q": [text], "size": [str(LIMIT)]}))
        except self._not_ready:
            raise
        except self._bad_query as exc:
            return Run([], error=f"BadQuery: {exc}")
        except Exception as exc:  # noqa: BLE001 - a crash on one query is a zero, reported
            return Run([], error=f"{type(exc).__name__}: {exc}")
        return Run([h.doc.doc_id for h in page.hits], total=page.total)


class BaselineSystem:
    name = "baseline"

    def __init__(self, index: Path) -> None:
        from whoosh import index as whoosh_index
        from whoosh import qparser

        self.ix = whoosh_index.open_dir(str(index))
        self.parser = qparser.MultifieldParser(["title", "body"], self.ix.schema)
        self.searcher = self.ix.searcher()

    def search(self, text: str) -> Run:
        try:
            results = self.searcher.search(self.parser.parse(text), limit=LIMIT)
            docs = [h["doc_id"] for h in results]
            return Run(docs, total=len(docs))
        except Exception as exc:  # noqa: BLE001 - parser/searcher errors count as no results
            return Run([], error=f"{type(exc).__name__}: {exc}")


def bm25_tokens(text: str) -> list[str]:
    """jieba.lcut, lower-cased, minus whitespace and pure punctuation: nothing cleverer."""
    import jieba

    return [t.lower() for t in jieba.lcut(text) if _WORD.search(t)]


class Bm25System:
    name = "bm25"

    def __init__(self, model_file: Path) -> None:
        with gzip.open(model_file, "rb") as fh:
            self.ids, self.model = pickle.load(fh)

    def search(self, text: str) -> Run:
        tokens = bm25_tokens(text)
        if not tokens:
            return Run([])
        scores = self.model.get_scores(tokens)
        ranked = sorted((i for i, s in enumerate(scores) if s > 0), key=lambda i: -scores[i])
        return Run([self.ids[i] for i in ranked[:LIMIT]], total=len(ranked))


def build_bm25(docs: Iterable[dict], out: Path) -> int:
    """Tokenise title + body once and pickle (ids, BM25Okapi); returns the document count."""
    try:
        from rank_bm25 import BM25Okapi
    except ImportError:
        raise SystemExit(
            "rank_bm25 is missing: install the dev extra (.venv/bin/pip install -e '.[dev]')"
        ) from None
    ids, corpus = [], []
    for d in docs:
        ids.append(d["id"])
        corpus.append(bm25_tokens((d.get("title") or "") + "\n" + (d.get("body") or "")))
    model = BM25Okapi(corpus)
    with gzip.open(out, "wb", compresslevel=1) as fh:
        pickle.dump((ids, model), fh, protocol=pickle.HIGHEST_PROTOCOL)
    return len(ids)
