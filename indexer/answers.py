"""Where in a document the answer is: a question's best articles, and what it was read as.

The query door calls ``attach`` after a search: each hit on a law gets its best-matching
articles (``Hit.articles``) and the page the everyday words it read as official terms
(``SearchPage.expansions``), so the results page can show "“拖欠工资”按“劳动报酬”检索" and a
link without it. ``rank_articles`` ranks the articles of a list of documents as a whole: the
article-level eval (bench/eval_articles.py) scores exactly this.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from . import article_rank, articles, asked, lexicon
from .models import Document, SearchPage, SearchRequest
from .textnorm import title_key

#: Articles shown under a hit, and the characters of each shown.
PER_HIT = 2
SHOWN = 160
#: A query of this many characters or more is read like a question even without 吗/怎么.
LONG_QUERY = 8


@dataclass(frozen=True)
class ArticleHit:
    """An article shown under a hit: its label, anchor, text and the text with matches marked."""

    label: str
    text: str
    anchor: str
    marked: list[tuple[str, bool]]

    def to_json(self) -> dict[str, str]:
        return {"label": self.label, "text": self.text, "anchor": self.anchor}


def attach(
    page: SearchPage,
    user_dict: str | None,
    words: Path = lexicon.DEFAULT_LEXICON,
    asked_file: Path | None = None,
) -> None:
    """Best articles under each hit of a page that is cut into articles; expansions on the page
    (``words``: the lexicon file). For a question, an article that answered the earlier
    questions most like it (``asked_file``, ``indexer.asked``) counts as well."""
    q = page.request.q.strip()
    if not q or not page.hits:
        return
    found = lexicon.expand(q, words) if page.request.expand and reads_as_question(q) else []
    terms = article_rank.query_terms(q, user_dict, found)
    page.expansions = found
    votes: dict[tuple[int, str], float] = {}
    if asked_file is not None and asks(q):
        votes, _ = recalled(q, [h.doc for h in page.hits], user_dict, _nothing, asked_file)
    for i, hit in enumerate(page.hits):
        mine = {anchor: v for (d, anchor), v in votes.items() if d == i}
        best = article_rank.best_of(terms, outline(hit.doc).articles, PER_HIT, mine)
        hit.articles = [_shown(a, terms) for a in best]


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
    order = article_rank.rerank(terms, [_units(h.doc) for h in head])
    # each place keeps its score (a hair more for the higher place), so the hits stay sorted
    # by score as every ranked page is, and the page after the first n continues below them
    hits = [
        replace(head[i], score=head[at].score + 1e-6 * (len(head) - at))
        for at, i in enumerate(order)
    ] + page.hits[n:]
    start = (request.page - 1) * request.size
    page.hits = hits[start : start + request.size]
    page.request = request


def rank_articles(
    q: str,
    docs: Sequence[Document],
    user_dict: str | None,
    expand: bool = True,
    limit: int = 100,
    fetch: Callable[[str], Sequence[Document]] | None = None,
    asked_file: Path = asked.DEFAULT_ASKED,
    leave_out: str | None = None,
) -> tuple[list[article_rank.Scored], list[Document]]:
    """The best ``limit`` articles for question ``q`` among those of ``docs`` (as a search
    ranked them) and, given ``fetch`` (title key → Documents), of the documents whose articles
    answered the earlier questions most like it (``indexer.asked``); with the documents the
    ranking's ``Scored.doc`` indexes. ``leave_out``: an earlier question not to consult (the
    question itself, when the train split is scored)."""
    found = lexicon.expand(q) if expand else []
    terms = article_rank.query_terms(q, user_dict, found)
    votes: dict[tuple[int, str], float] = {}
    every = list(docs)
    if fetch is not None:
        votes, added = recalled(q, docs, user_dict, fetch, asked_file, leave_out)
        every += added
    arts = [outline(d).articles for d in every]
    return article_rank.rank(terms, arts, limit, votes=votes, ranked=len(docs)), every


def recalled(
    q: str,
    docs: Sequence[Document],
    user_dict: str | None,
    fetch: Callable[[str], Sequence[Document]],
    asked_file: Path = asked.DEFAULT_ASKED,
    leave_out: str | None = None,
) -> tuple[dict[tuple[int, str], float], list[Document]]:
    """The earlier questions' votes for articles, keyed by (the document's place in ``docs``
    then the documents added, anchor), and the documents added (voted for, not in ``docs``).
    A voted law is found by its title: among ``docs``, else through ``fetch`` (title key →
    the documents of the index with that title, read once per question and law). A vote
    counts only where a document with that title holds the article's text."""
    every, votes = list(docs), {}
    held: dict[str, list[int]] = {}
    for i, d in enumerate(docs):
        held.setdefault(title_key(d.title or ""), []).append(i)
    for answer, vote in neighbours(asked_file, user_dict).vote(q, skip=leave_out).items():
        if answer.title not in held:
            seen = {d.doc_id for d in every}
            found = [d for d in fetch(answer.title) if d.doc_id not in seen]
            held[answer.title] = list(range(len(every), len(every) + len(found)))
            every += found
        for i in held[answer.title]:
            article = _holding(outline(every[i]).articles, answer)
            if article is not None:
                key = (i, article.anchor)
                votes[key] = max(votes.get(key, 0.0), vote)
    return votes, every[len(docs) :]


def _holding(arts: Sequence[articles.Article], answer: asked.Answer) -> articles.Article | None:
    """The article an earlier answer names: by its anchor if that one begins with the answer's
    text, else the first that holds it (another version may number it differently)."""
    same = [a for a in arts if a.anchor == answer.anchor]
    for a in same + list(arts):
        if answer.prefix in _WS.sub("", a.text):
            return a
    return None


_WS = re.compile(r"\s+")


@functools.cache
def neighbours(path: Path, user_dict: str | None) -> asked.Neighbours:
    """The earlier questions of ``path``, read once per process, matched by a question's words."""
    return asked.Neighbours(
        asked.load(path), lambda s: list(article_rank.query_terms(s, user_dict))
    )


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


def outline(doc: Document) -> articles.Outline:
    """The document's articles, cut once per process and document version."""
    return _cut(doc.doc_id, doc.body or "", doc.doc_type)


@functools.lru_cache(maxsize=512)
def _cut(doc_id: str, body: str, doc_type: str | None) -> articles.Outline:
    return articles.split(body, doc_type)
