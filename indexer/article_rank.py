"""Which articles (条) of a few documents answer a question: BM25 over the articles themselves.

A hit on a 1,260-article law is useless to a citizen until it says which 条 answers; and a
question is better matched against one article than against the whole law, where its words are
spread over unrelated chapters. The articles are cut from the stored text at query time
(``indexer.articles``), so the index and its generations keep one format (nothing to seal twice,
nothing to rebuild for an existing index).

Words are counted as substrings of the article (Chinese has no spaces; ``str.count`` is C-fast
and needs no segmentation of thousands of articles per query). The IDF comes from the articles
in hand: among the articles of the laws a question found, 劳动报酬 is rare and 规定 is not,
which is the contrast the ranking needs. Everyday words mapped to official terms
(``indexer.lexicon``) take part at a lower weight.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from .articles import Article
from .lexicon import Expansion
from .segment import tokenize_text

K1, B = 1.2, 0.75
#: Weight of an official term added by the lexicon against a word the citizen typed.
EXPANSION_WEIGHT = 0.6
#: How much a document's own rank counts against its article's words (score = words / best
#: words + DOC_WEIGHT / (1 + rank / DOC_RANKS) + ASKED_WEIGHT * the earlier questions' vote).
#: bench/eval_articles_tune.py, 500 STARD train questions, without the vote: MRR@10 0.316-0.318
#: for every DOC_WEIGHT 0.25-1 and DOC_RANKS 3-30 (0.313 without the document's rank); with
#: the vote (train split, each question left out, 400 questions, 30 documents): MRR@10 0.363 at
#: DOC_WEIGHT 0 against 0.343 at 0.5; ASKED_WEIGHT 1 / 2 / 4: 0.399 / 0.372 / 0.338.
#: EXPANSION_WEIGHT 0.3 or 0.6 alike.
DOC_WEIGHT = 0.0
DOC_RANKS = 10.0
#: Weight of the earlier questions' vote for an article (``indexer.asked``: 1 when an earlier
#: question in the same words was answered by it) against its words (the best article: 1).
ASKED_WEIGHT = 1.0
#: A question's first RERANK_DOCS documents re-ranked by their best article (or passage, for a
#: text without 条): score = 1 / (1 + rank / RERANK_RANKS) + ARTICLE_WEIGHT * its words / the
#: best among them. bench/eval_articles_tune.py, 500 STARD train questions, document nDCG@10:
#: 0.475 whole text only; 0.516 / 0.536 / 0.544 at weights 0.25 / 0.5 / 1 (20 documents, 30
#: ranks; 30 documents add < 0.01). STARD judges laws only: on the 12 judged questions of
#: `make eval` (notices answer several) 0.590 whole text only, 0.593 / 0.579 / 0.564 at the
#: same weights, so 0.25, the largest that drops no judged category.
RERANK_DOCS = 20
RERANK_RANKS = 30.0
ARTICLE_WEIGHT = 0.25
#: A question of more than LONG_CHARS characters describes a case, not a topic: its words fit
#: one article better than any whole text, so its best article weighs LONG_ARTICLE_WEIGHT.
#: bench/eval_articles_tune.py, STARD train, all 1,234 questions, document nDCG@10 at 0.25 /
#: 1.0 by length: up to 12 characters (114) 0.544 / 0.576, 13-20 (388) 0.522 / 0.535, 21-40
#: (539) 0.491 / 0.505, over 40 (193) 0.452 / 0.496 (plain BM25 0.464). The 12 judged 公文
#: questions of `make eval` (6-12 characters, answered by notices too) keep 0.25.
LONG_CHARS = 20
LONG_ARTICLE_WEIGHT = 1.0


@dataclass(frozen=True)
class Scored:
    score: float
    doc: int  # index of the document in the caller's list (its rank)
    article: Article


def query_terms(
    text: str,
    user_dict: str | None,
    expansions: Sequence[Expansion] = (),
    expansion_weight: float = EXPANSION_WEIGHT,
) -> dict[str, float]:
    """The words of a question that can pick an article (no stop words, no single characters
    but digits), each with its weight; the lexicon's official terms added at a lower weight."""
    stop = stopwords()
    terms: dict[str, float] = {}
    for word, *_ in tokenize_text(text, user_dict, query=True):
        if word not in stop and (len(word) > 1 or word.isdigit()):
            terms[word] = 1.0
    for e in expansions:
        for term in e.official:
            terms.setdefault(term, expansion_weight)
    return terms


@functools.cache
def stopwords() -> frozenset[str]:
    path = Path(__file__).parent / "data" / "stopwords.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


def rank(
    terms: dict[str, float],
    docs: Sequence[Sequence[Article]],
    limit: int = 100,
    doc_weight: float = DOC_WEIGHT,
    doc_ranks: float = DOC_RANKS,
    votes: Mapping[tuple[int, str], float] | None = None,
    ranked: int | None = None,
) -> list[Scored]:
    """The best ``limit`` articles of ``docs`` (the first ``ranked`` in the order a search
    ranked them, the rest added for their ``votes``: (document, anchor) → the earlier
    questions' vote, ``indexer.asked``, counted at ``ASKED_WEIGHT``)."""
    units = [(d, a, _scored_text(a)) for d, arts in enumerate(docs) for a in arts]
    if not units or not (terms or votes):
        return []
    votes = votes or {}
    ranked = len(docs) if ranked is None else ranked
    words = _bm25(terms, [t for _, _, t in units])
    best = max(words) or 1.0
    scored = [
        Scored(
            w / best
            + (doc_weight / (1 + d / doc_ranks) if d < ranked else 0.0)
            + ASKED_WEIGHT * votes.get((d, a.anchor), 0.0),
            d,
            a,
        )
        for w, (d, a, _) in zip(words, units, strict=True)
        if w > 0 or (d, a.anchor) in votes
    ]
    scored.sort(key=lambda s: (-s.score, s.doc, s.article.start))
    return scored[:limit]


#: Characters of a passage of a document not cut into articles (about an article's length).
PASSAGE = 200


def passages(text: str, size: int = PASSAGE) -> list[Article]:
    """A text without 条 (a notice, a reply) in stretches of whole sentences of about ``size``
    characters, so its best stretch competes with a law's best article on equal terms."""
    out: list[Article] = []
    piece = ""
    for sentence in _SENTENCE.findall(text):
        piece += sentence
        if len(piece) >= size:
            out.append(Article("", piece, ""))
            piece = ""
    if piece.strip():
        out.append(Article("", piece, ""))
    return out


_SENTENCE = re.compile(r"[^。！？；\n]*(?:[。！？；\n]|$)")


def best_article(terms: dict[str, float], docs: Sequence[Sequence[Article]]) -> list[float]:
    """Each document's best article score, as a share of the best among all of them (0 for a
    document that is not cut into articles, or whose articles match nothing)."""
    units = [(d, _scored_text(a)) for d, arts in enumerate(docs) for a in arts]
    best = [0.0] * len(docs)
    if not units or not terms:
        return best
    for w, (d, _) in zip(_bm25(terms, [t for _, t in units]), units, strict=True):
        best[d] = max(best[d], w)
    top = max(best) or 1.0
    return [b / top for b in best]


def article_weight(q: str) -> float:
    """How much a question's best article counts in its document order (by its length)."""
    return LONG_ARTICLE_WEIGHT if len(q.strip()) > LONG_CHARS else ARTICLE_WEIGHT


def rerank(
    terms: dict[str, float],
    docs: Sequence[Sequence[Article]],
    weight: float | None = None,
    ranks: float | None = None,
) -> list[int]:
    """The order of ``docs`` (as a search ranked them by their whole text) once each also counts
    its best article: a question is answered by one 条, and the law whose one article says it
    all beats the long one that mentions every word in different chapters."""
    weight = ARTICLE_WEIGHT if weight is None else weight  # read now: a sweep may set them
    ranks = RERANK_RANKS if ranks is None else ranks
    best = best_article(terms, docs)
    score = [1 / (1 + d / ranks) + weight * b for d, b in enumerate(best)]
    return sorted(range(len(docs)), key=lambda d: (-score[d], d))


def best_of(
    terms: dict[str, float],
    articles: Sequence[Article],
    k: int = 2,
    votes: Mapping[str, float] | None = None,
) -> list[Article]:
    """The ``k`` articles of one document that match the question best (none that match nothing
    and have no vote): words as a share of the best article's, plus ASKED_WEIGHT times the
    earlier questions' vote (anchor → vote, ``indexer.asked``)."""
    votes = votes or {}
    if not articles or not (terms or votes):
        return []
    words = _bm25(terms, [_scored_text(a) for a in articles])
    best = max(words) or 1.0
    score = [
        w / best + ASKED_WEIGHT * votes.get(a.anchor, 0.0)
        for w, a in zip(words, articles, strict=True)
    ]
    order = sorted(range(len(articles)), key=lambda i: (-score[i], i))
    return [articles[i] for i in order[:k] if score[i] > 0]


def marked(text: str, terms: dict[str, float]) -> list[tuple[str, bool]]:
    """``text`` in (segment, is_match) pieces, every occurrence of a term marked (longest first)."""
    hit = [False] * len(text)
    for term in sorted(terms, key=len, reverse=True):
        start = text.find(term)
        while start >= 0:
            hit[start : start + len(term)] = [True] * len(term)
            start = text.find(term, start + len(term))
    out: list[tuple[str, bool]] = []
    for ch, m in zip(text, hit, strict=True):
        if out and out[-1][1] == m:
            out[-1] = (out[-1][0] + ch, m)
        else:
            out.append((ch, m))
    return out


def _scored_text(article: Article) -> str:
    return article.text + "\n" + " ".join(article.context)


def _bm25(terms: dict[str, float], texts: Sequence[str]) -> list[float]:
    n = len(texts)
    avg = sum(len(t) for t in texts) / n or 1.0
    norms = [K1 * (1 - B + B * len(t) / avg) for t in texts]
    scores = [0.0] * n
    for term, weight in terms.items():
        tfs = [t.count(term) for t in texts]
        df = sum(1 for tf in tfs if tf)
        if not df:
            continue
        idf = weight * math.log(1 + (n - df + 0.5) / (df + 0.5))
        for i, tf in enumerate(tfs):
            if tf:
                scores[i] += idf * tf * (K1 + 1) / (tf + norms[i])
    return scores
