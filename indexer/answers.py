"""Where in a document the answer is: a question's best articles, and what it was read as.

The query door calls ``attach`` after a search: each hit on a law gets its best-matching
articles (``Hit.articles``) and the page the everyday words it read as official terms
(``SearchPage.expansions``), so the results page can show "“拖欠工资”按“劳动报酬”检索" and a
link without it; for a question, also its best articles in any law of the index
(``SearchPage.answers``). The article ranking of a question is ``indexer.question_articles``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from . import article_index, article_rank, articles, fusion, lexicon
from .articles import outline
from .models import Document, SearchPage, SearchRequest
from .question_articles import fused_articles

#: Articles shown under a hit, and the characters of each shown.
PER_HIT = 2
SHOWN = 160
#: A query of this many characters or more is read like a question even without 吗/怎么.
LONG_QUERY = 8
#: A question's best articles across the index shown above its hits (first page only).
ANSWERS = 3


@dataclass(frozen=True)
class ArticleHit:
    """An article shown under a hit: its label, anchor, text and the text with matches marked."""

    label: str
    text: str
    anchor: str
    marked: list[tuple[str, bool]]

    def to_json(self) -> dict[str, str]:
        return {"label": self.label, "text": self.text, "anchor": self.anchor}


@dataclass(frozen=True)
class PageAnswer:
    """One of a question's best articles across the index, shown above the hits."""

    doc_id: str
    title: str
    article: ArticleHit

    def to_json(self) -> dict[str, str]:
        return {"doc_id": self.doc_id, "title": self.title, **self.article.to_json()}


@dataclass(frozen=True)
class Sources:
    """Where a question's articles come from besides the page: the generation's article index
    (None: it has none), documents by title (the memory's laws) and by id."""

    index: article_index.ArticleIndex | None = None
    with_title: Callable[[str], Sequence[Document]] | None = None
    get: Callable[[str], Document | None] | None = None


def attach(
    page: SearchPage,
    user_dict: str | None,
    words: Path = lexicon.DEFAULT_LEXICON,
    asked_file: Path | None = None,
    sources: Sources = Sources(),
    taught: Path | None = None,
) -> None:
    """Best articles under each hit of a page that is cut into articles; expansions on the page
    (``words``: the lexicon file). For a question, ``fused_articles`` (its words, the article
    index, the earlier questions of ``asked_file`` and the words those of ``taught`` teach)
    orders each hit's articles, and its first ``ANSWERS`` are the page's answers, from
    whichever law of the index holds them."""
    q = page.request.q.strip()
    if not q or not page.hits:
        return
    found = lexicon.expand(q, words) if page.request.expand and reads_as_question(q) else []
    terms = article_rank.query_terms(q, user_dict, found)
    page.expansions = found
    order: dict[fusion.Key, int] = {}
    if asks(q):
        docs = [h.doc for h in page.hits]
        fetch = (sources.with_title or _nothing) if asked_file is not None else None
        fused = fused_articles(
            q, docs, user_dict, sources.index, fetch, found, asked_file=asked_file, taught=taught
        )
        order = {key: r for r, key in enumerate(fused)}
        if page.request.page == 1 and not page.request.filters:  # the index is unfiltered
            page.answers = _answers(fused, docs, sources.get, terms)
    for hit in page.hits:
        arts = outline(hit.doc).articles
        first = sorted(
            (a for a in arts if (hit.doc.doc_id, a.anchor) in order),
            key=lambda a: order[(hit.doc.doc_id, a.anchor)],
        )[:PER_HIT]
        rest = [a for a in article_rank.best_of(terms, arts, PER_HIT * 2) if a not in first]
        hit.articles = [_shown(a, terms) for a in (first + rest)[:PER_HIT]]


def _answers(
    fused: Sequence[fusion.Key],
    docs: Sequence[Document],
    get: Callable[[str], Document | None] | None,
    terms: dict[str, float],
) -> list[PageAnswer]:
    """The first ``ANSWERS`` fused articles that can be shown: their document is on the page
    or found by ``get``, and still holds the article."""
    held = {d.doc_id: d for d in docs}
    out: list[PageAnswer] = []
    for doc_id, anchor in fused:
        doc = held.get(doc_id) or (get(doc_id) if get is not None else None)
        article = outline(doc).find(anchor) if doc is not None else None
        if doc is not None and article is not None:
            out.append(PageAnswer(doc_id, doc.title or "", _shown(article, terms)))
        if len(out) == ANSWERS:
            break
    return out


def _nothing(title: str) -> list[Document]:
    """No document fetched: under a page's hits only their own articles are shown."""
    return []


def _shown(a: articles.Article, terms: dict[str, float]) -> ArticleHit:
    short = a.text if len(a.text) <= SHOWN else a.text[:SHOWN] + "…"
    return ArticleHit(a.label, a.text, a.anchor, article_rank.marked(short, terms))


def widened(request: SearchRequest, words: Path = lexicon.DEFAULT_LEXICON) -> SearchRequest | None:
    """A question that found nothing in its own words, asked again with the official terms its
    everyday words stand for ("拖欠工资怎么办" also as 劳动报酬); None when there are none."""
    q = request.q.strip()
    if not (request.expand and q and reads_as_question(q)):
        return None
    terms = [t for e in lexicon.expand(q, words) for t in e.official]
    return replace(request, q=f"{q} {' '.join(terms)}") if terms else None


def article_window(request: SearchRequest) -> SearchRequest | None:
    """For a question ranked by relevance whose page lies (partly) within the first
    ``RERANK_DOCS`` documents: the request to fetch instead (page 1, those documents and the
    page), so ``reorder`` can rank them by their best articles too. None for anything else."""
    n = article_rank.RERANK_DOCS
    q = request.q.strip()
    start = (request.page - 1) * request.size
    if not (n and q and request.sort == "relevance" and start < n and asks(q)):
        return None
    return replace(request, page=1, size=max(n, request.page * request.size))


def reorder(page: SearchPage, request: SearchRequest, user_dict: str | None, words: Path) -> None:
    """The first ``RERANK_DOCS`` hits of a page fetched by ``article_window`` in the order of
    ``article_rank.rerank``, then cut to the page ``request`` asked for."""
    n = article_rank.RERANK_DOCS
    q = request.q.strip()
    found = lexicon.expand(q, words) if request.expand and reads_as_question(q) else []  # as shown
    terms = article_rank.query_terms(q, user_dict, found)
    head = page.hits[:n]
    order = article_rank.rerank(
        terms, [_units(h.doc) for h in head], article_rank.article_weight(q)
    )
    # each place keeps its score (a hair more for the higher place), so the hits stay sorted
    # by score as every ranked page is, and the page after the first n continues below them
    hits = [
        replace(head[i], score=head[at].score + 1e-6 * (len(head) - at))
        for at, i in enumerate(order)
    ] + page.hits[n:]
    start = (request.page - 1) * request.size
    page.hits = hits[start : start + request.size]
    page.request = request


_ASKS = re.compile(
    r"[?？]|吗|呢|怎么|怎样|如何|什么|哪|是否|能否|可否|是不是|为什么|多少|多久|谁|可以"
)
#: A query without question words is re-ranked by its articles from this many characters on.
LONG_QUESTION = 12


def asks(q: str) -> bool:
    """Asked in a citizen's words: question words, or a long run of text with no spaces or
    digits. Narrower than ``reads_as_question``: a 文号 (国办发〔2018〕128号), a department and
    a topic, a title are answered by the document that bears them, not by an article."""
    if _ASKS.search(q):
        return True
    return len(q) >= LONG_QUESTION and not any(c.isspace() or c.isdigit() for c in q)


def reads_as_question(q: str) -> bool:
    """A question or a long query: typed in a citizen's words, not as the terms of a law."""
    return len(q) >= LONG_QUERY or any(
        w in q for w in ("吗", "呢", "怎么", "如何", "什么", "？", "?")
    )


def _units(doc: Document) -> list[articles.Article]:
    """What a document's best passage is chosen from: its articles, else stretches of its text."""
    return outline(doc).articles or list(_passages(doc.doc_id, doc.body or ""))


@functools.lru_cache(maxsize=512)
def _passages(doc_id: str, body: str) -> tuple[articles.Article, ...]:
    return tuple(article_rank.passages(body))
