"""A question's articles, from any law of the index: the ranking the page's answers and each
hit's articles follow.

``fused_articles`` is that ranking (the search's documents, the generation's article index with
and without the words earlier questions teach and the lexicon's terms, its word vectors, the
earlier questions' votes and laws, ``indexer.fusion``): the article-level eval
(bench/eval_articles.py) scores exactly this.
``rank_articles`` is the ranking before it (words plus vote over the documents' articles), kept
for the eval's comparison and the tuning scripts. Pure (neither wing): the query door passes in
the article index and how to find documents by title.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from . import article_index, article_rank, article_vectors, asked, asked_words, fusion, lexicon
from .articles import outline
from .models import Document
from .recall import recalled
from .textnorm import title_key


def fused_articles(
    q: str,
    docs: Sequence[Document],
    user_dict: str | None,
    index: article_index.ArticleIndex | None,
    fetch: Callable[[str], Sequence[Document]] | None,
    found: Sequence[lexicon.Expansion] = (),
    limit: int = 100,
    asked_file: Path | None = None,
    leave_out: str | None = None,
    taught: Path | None = None,
) -> list[fusion.Key]:
    """A question's best ``limit`` articles as (document id, anchor), ``indexer.fusion`` of:
    the articles of ``docs`` (as a search ranked them) by their words (``found``: the
    lexicon's reading, at its lower weight); BM25 over every article of the index (``index``,
    None for a generation without one), over them once more with the lexicon's terms of
    ``found`` and, given ``taught`` (a pairs file of ``indexer.asked_words``), once more with
    the words earlier questions teach; the articles nearest it by the word vectors
    (``indexer.article_vectors``); and, given ``fetch`` (title key → Documents), the
    earlier questions' votes and how often each law answered them (``indexer.asked``;
    ``leave_out``: a question not consulted). The first articles lend to their neighbours in
    their laws (``fusion.lend``)."""
    terms = article_rank.query_terms(q, user_dict, found)
    ranked = article_rank.rank(terms, [outline(d).articles for d in docs], limit)
    ours = [(docs[s.doc].doc_id, s.article.anchor) for s in ranked]
    titles = {d.doc_id: title_key(d.title or "") for d in docs}
    listed, learned, read = _indexed(q, user_dict, index, taught, leave_out, titles, found)
    dense = nearest(q, user_dict, index, titles)
    if fetch is None:
        around = neighbours(docs, index)
        return fusion.fuse(
            ours, listed, {}, limit, learned, around=around, official=read, dense=dense
        )
    where = asked_file or asked.DEFAULT_ASKED
    raw, added = recalled(q, docs, user_dict, fetch, where, leave_out)
    every = [*docs, *added]
    votes = {(every[i].doc_id, anchor): v for (i, anchor), v in raw.items()}
    titles.update((d.doc_id, title_key(d.title or "")) for d in added)
    asked_laws = asked.load(where).laws(leave_out)
    laws = {doc_id: asked_laws[t] for doc_id, t in titles.items() if t in asked_laws}
    around = neighbours(every, index)
    return fusion.fuse(ours, listed, votes, limit, learned, laws, around, read, dense)


def nearest(
    q: str,
    user_dict: str | None,
    index: article_index.ArticleIndex | None,
    titles: dict[str, str],
) -> list[fusion.Key]:
    """The articles nearest the question by the generation's word vectors
    (``indexer.article_vectors``), as deep as the article index's lists; empty without them
    (a small collection, an older generation, or vectors of another cut of the articles).
    Their documents' title keys go into ``titles``."""
    vectors = (
        article_vectors.load(index.folder) if index is not None and fusion.DENSE_WEIGHT else None
    )
    if vectors is None or len(vectors) != len(index):
        return []
    vector = vectors.question(q, user_dict)
    if vector is None:
        return []
    found = index.best(vectors.scores(vector), fusion.INDEX_DEPTH)
    titles.update((c.doc_id, c.title) for c in found)
    return [(c.doc_id, c.anchor) for c in found]


def neighbours(docs: Sequence[Document], index: article_index.ArticleIndex | None) -> fusion.Around:
    """An article's neighbours (``fusion.Around``) in the order of its law's articles: the cut
    of ``docs`` where the article's document is one of them, else the article index's."""
    by_id = {d.doc_id: d for d in docs}
    orders: dict[str, list[str]] = {}
    places: dict[str, dict[str, int]] = {}

    def around(key: fusion.Key, reach: int) -> list[tuple[int, fusion.Key]]:
        doc_id, anchor = key
        if doc_id not in places:
            if doc_id in by_id:
                orders[doc_id] = [a.anchor for a in outline(by_id[doc_id]).articles]
            else:
                orders[doc_id] = index.anchors_of(doc_id) if index is not None else []
            places[doc_id] = {a: i for i, a in enumerate(orders[doc_id])}
        anchors, i = orders[doc_id], places[doc_id].get(anchor)
        if i is None:
            return []
        near = range(max(0, i - reach), min(len(anchors), i + reach + 1))
        return [(abs(j - i), (doc_id, anchors[j])) for j in near if j != i]

    return around


def _indexed(
    q: str,
    user_dict: str | None,
    index: article_index.ArticleIndex | None,
    taught: Path | None,
    leave_out: str | None,
    titles: dict[str, str],
    found: Sequence[lexicon.Expansion] = (),
) -> tuple[list[fusion.Key], list[fusion.Key], list[fusion.Key]]:
    """The article index's lists for a question: by its words; by them with the words earlier
    questions teach (empty without ``taught``); by them with the lexicon's terms (``found``,
    at the lexicon's weight; empty without). Their documents' title keys go into ``titles``."""
    if index is None:
        return [], [], []
    plain = {w: 1.0 for w in article_index.words(q, user_dict, query=True)}
    typed = index.scores(plain)  # reused: only the added words are scored again
    more = asked_words.load(taught, user_dict).expand(plain, index.idf, leave_out) if taught else {}
    terms = {t: article_rank.EXPANSION_WEIGHT for e in found for t in e.official}
    official = {t: w for t, w in terms.items() if t not in plain}
    lists = [index.best(typed, fusion.INDEX_DEPTH)]
    for added in (more, official):
        lists.append(
            index.best(index.scores(added, onto=typed), fusion.INDEX_DEPTH) if added else []
        )
    titles.update((c.doc_id, c.title) for cands in lists for c in cands)
    plain_keys, learned, read = ([(c.doc_id, c.anchor) for c in cands] for cands in lists)
    return plain_keys, learned, read


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
