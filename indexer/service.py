"""SearchService: the one layer the web app and the CLI share.

It turns raw request parameters into a validated SearchRequest (one parser, so the API, the
pages and `xxgk search` accept exactly the same things) and calls the backend; indexer/wire.py
renders what it returns as JSON, the same for the API and `xxgk search --json`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from . import answers, article_index, asked_words, recall
from .config import Settings
from .engine import budget
from .engine.choice import ServingBackend
from .errors import BadQuery
from .latency import LatencyLog
from .models import FACETS, Document, Links, SearchPage, SearchRequest
from .version_order import current_versions_first

PARAMS = {"q", "sort", "page", "size", "explain", "expand", *FACETS}
SORTS = ("relevance", "date")
MAX_PAGE = 10_000


class SearchService:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.backend = ServingBackend(settings)  # the serving generation's engine
        self.timings = LatencyLog()
        self._warm = False

    def warm_up(self) -> None:
        """Load jieba and open the index at start, so the first visitor does not wait."""
        from .segment import segmenter

        segmenter(self.settings.analysis.user_dict)
        recall.neighbours(self.settings.asked, self.settings.analysis.user_dict)  # 1,234 questions
        asked_words.load(self.settings.asked_words, self.settings.analysis.user_dict)  # 2,206 pairs
        self._warm = True
        try:
            self.backend.search(SearchRequest(size=1), facet_limit=1)
            self.backend.vocabulary()  # did-you-mean's table: 2 s on the shared corpus
        except Exception:  # noqa: BLE001 - no index yet is reported per request, not at start
            pass

    def request(self, args: Mapping[str, Sequence[str]], strict: bool = True) -> SearchRequest:
        """Validate raw parameters (every value a list, as in a query string). The API is
        ``strict`` (a misspelt parameter is an error its caller must see); pages are not, since
        apps append their own parameters to shared links (WeChat: ``from``, ``isappinstalled``)
        and a citizen opening such a link must get the search, not a 400."""
        unknown = sorted(set(args) - PARAMS)
        if unknown and strict:
            raise BadQuery(f"未知参数 (unknown parameter): {', '.join(unknown)[:200]}")
        args = {k: v for k, v in args.items() if k in PARAMS}
        self._check_counts(args)
        q = _one(args, "q", "").strip()
        if len(q) > self.settings.max_query_chars:
            raise BadQuery(f"查询过长：最多 {self.settings.max_query_chars} 个字符。")
        sort = _one(args, "sort", "relevance") or "relevance"
        if sort not in SORTS:
            raise BadQuery("sort 只能是 relevance 或 date。")
        page = _int(args, "page", 1, 1, MAX_PAGE)
        size = _int(args, "size", self.settings.page_size, 1, self.settings.max_page_size)
        filters = {f: _distinct(args[f]) for f in FACETS if f in args}
        explain = _one(args, "explain", "0").strip().lower() in ("1", "true", "yes", "on")
        expand = _one(args, "expand", "1").strip().lower() not in ("0", "false", "no", "off")
        return SearchRequest(
            q=q,
            filters={k: v for k, v in filters.items() if v},
            sort=sort,
            page=page,
            size=size,
            explain=explain,
            expand=expand,
        )

    def _check_counts(self, args: Mapping[str, Sequence[str]]) -> None:
        """Refuse oversized requests before any work: thousands of repeated values once cost
        minutes and hundreds of megabytes for one page (issue 15)."""
        for name in FACETS:
            if len(args.get(name) or ()) > self.settings.max_filter_values:
                limit = self.settings.max_filter_values
                raise BadQuery(f"筛选条件 {name} 最多选择 {limit} 项。")
        if sum(len(v) for v in args.values()) > self.settings.max_params:
            raise BadQuery(f"参数过多：一次查询最多 {self.settings.max_params} 个参数值。")

    def search(self, request: SearchRequest) -> SearchPage:
        """One search within the request's work budget (``request_budget_ms``): a query that
        would hold a worker for seconds answers with what was found in time, marked partial.
        Loading jieba and opening the index are not the request's work: done before. The
        engine decides every fallback (indexer/engine/searching.py)."""
        if not self._warm:
            self.warm_up()
        with budget.spending(self.settings.request_budget_ms) as spent:
            window = answers.article_window(request)  # a question: its first documents
            fetch = window or request
            page = self.backend.search(fetch, facet_limit=self.settings.facet_limit)
            wider = answers.widened(fetch, self.settings.lexicon) if not page.total else None
            if wider is not None:  # nothing in the asker's words: once more in the law's words
                page = self.backend.search(wider, facet_limit=self.settings.facet_limit)
            page.request = request
            if window is not None:  # ... ranked by their best articles as well
                answers.reorder(
                    page, request, self.settings.analysis.user_dict, self.settings.lexicon
                )
        page.partial = spent.cut
        if request.sort == "relevance" and request.q:
            page.hits = current_versions_first(page.hits)
        answers.attach(
            page,
            self.settings.analysis.user_dict,
            self.settings.lexicon,
            self.settings.asked,
            self._sources(request),
            self.settings.asked_words,
        )
        if page.timing is not None:
            self.timings.record(page.timing)
        return page

    def outline(self, doc: Document) -> Any:
        """The document's articles and table of contents (``indexer.articles.Outline``)."""
        return answers.outline(doc)

    def latency(self) -> dict[str, Any]:
        """p50/p95 per phase of the last requests, for the staff page /status."""
        return self.timings.summary()

    def suggest(self, prefix: str, limit: int = 8) -> list[dict[str, str]]:
        """Completions while typing: frequent words, departments, titles."""
        if not prefix.strip() or len(prefix) > self.settings.max_query_chars:
            return []
        vocab = self.backend.vocabulary()
        found = vocab.complete(prefix, limit)
        guess = vocab.from_pinyin(prefix)
        if guess:
            found = [*vocab.complete(guess, 3), *found][:limit]
        return [{"text": s.text, "kind": s.kind} for s in found]

    def related(self, doc: Document, limit: int = 5) -> list[Document]:
        return self.backend.related(doc.doc_id, limit)

    def get(self, doc_id: str) -> Document | None:
        return self.backend.get(doc_id)

    def _sources(self, request: SearchRequest) -> answers.Sources:
        """What a question's articles are found in besides its page (nothing for the rest)."""
        if not answers.asks(request.q.strip()):
            return answers.Sources()
        return answers.Sources(self.article_index(), self.with_title, self.get)

    def article_index(self) -> Any:
        """The serving generation's index of every law's articles (``indexer.article_index``),
        None for a generation built without one."""
        name, _ = self.backend.readers.serving()
        return article_index.load(Path(self.settings.index) / name) if name else None

    def with_title(self, key: str) -> list[Document]:
        """The documents of the index whose title folds to ``key`` (``textnorm.title_key``)."""
        return self.backend.with_title(key)

    def links(self, doc: Document) -> Links:
        """What ``doc`` cites, resolved against the index, and which documents cite it."""
        return self.backend.resolve_citations(doc), self.backend.cited_by(doc)

    def status(self) -> dict[str, Any]:
        return self.backend.status()

    def health(self) -> dict[str, Any]:
        """/healthz: status ok | degraded (a fallback serves) | broken, and why."""
        return self.backend.health()

    def original_file(self, doc: Document) -> Path | None:
        """The published file a document came from, if it is still where it was indexed."""
        root = self.status().get("docs_root")
        if not doc.path or not root:
            return None
        base = Path(root).resolve()
        path = (base / doc.path).resolve()
        if base not in path.parents or not path.is_file():
            return None
        return path


def _one(args: Mapping[str, Sequence[str]], name: str, default: str) -> str:
    values = args.get(name) or [default]
    if len(values) > 1:
        raise BadQuery(f"参数 {name} 只能出现一次。")
    return values[0]


def _distinct(values: Sequence[str]) -> tuple[str, ...]:
    """Stripped, non-empty values once each, in the order given."""
    return tuple(dict.fromkeys(v.strip() for v in values if v.strip()))


def _int(args: Mapping[str, Sequence[str]], name: str, default: int, lo: int, hi: int) -> int:
    raw = _one(args, name, str(default)).strip() or str(default)
    try:
        value = int(raw)
    except ValueError:
        raise BadQuery(f"参数 {name} 必须是整数 (got {raw[:20]!r})。") from None
    if not lo <= value <= hi:
        raise BadQuery(f"参数 {name} 必须在 {lo} 到 {hi} 之间。")
    return value
