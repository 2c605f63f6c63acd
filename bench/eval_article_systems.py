"""The three article rankers `make eval-articles` compares, each answering a question with units.

* ``bm25``: plain BM25 (k1 1.5, b 0.75, rank-bm25's Okapi formula) over jieba tokens of every
  article (law title + label + text), over all 148k articles of the corpus;
* ``prior``: the same list for every question — articles by how often they are judged in the
  train split, then laws by the same count (STARD's constant prior, at article level);
* ``ours``: the service's document search (as a citizen runs it), then
  ``indexer.question_articles.fused_articles``: the articles of its top documents by their
  words, BM25 over every article of the index (``indexer.article_index``) and the vote of the
  train questions most like it (``indexer.asked``), with the article index once more with the
  words those questions teach (``indexer.asked_words``; ``taught=False`` leaves it out) and the
  articles nearest by the generation's word vectors (``indexer.article_vectors``;
  ``vectors=False`` leaves them out), fused
  (``indexer.fusion``); ``before=True``: the earlier ranking
  (``question_articles.rank_articles``: words plus vote over the documents' articles).
"""

from __future__ import annotations

import gzip
import math
import pickle
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
from eval_article_data import ArticleQuery, Corpus, Unit
from eval_systems import bm25_tokens

LIMIT = 100


class Bm25Articles:
    name = "bm25"

    def __init__(self, units: list[Unit], corpus: Corpus, cache: Path | None) -> None:
        self.keys = [u.key for u in units]
        if cache is not None and cache.is_file():
            with gzip.open(cache, "rb") as fh:
                self.postings, self.lengths = pickle.load(fh)
        else:
            self._build(units, corpus)
            if cache is not None:
                with gzip.open(cache, "wb", compresslevel=1) as fh:
                    pickle.dump((self.postings, self.lengths), fh, pickle.HIGHEST_PROTOCOL)
        n = len(self.lengths)
        self.norm = 1.5 * (1 - 0.75 + 0.75 * self.lengths / self.lengths.mean())
        idf = {
            t: math.log(n - len(p[0]) + 0.5) - math.log(len(p[0]) + 0.5)
            for t, p in self.postings.items()
        }
        floor = 0.25 * (sum(idf.values()) / len(idf))  # rank-bm25's epsilon floor for common words
        self.idf = {t: v if v > 0 else floor for t, v in idf.items()}

    def _build(self, units: list[Unit], corpus: Corpus) -> None:
        post: dict[str, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
        lengths = []
        for i, u in enumerate(units):
            tokens = bm25_tokens(f"{corpus.titles[u.doc_id]} {u.article.label} {u.article.text}")
            lengths.append(len(tokens))
            for t, tf in Counter(tokens).items():
                post[t][0].append(i)
                post[t][1].append(tf)
        self.postings = {
            t: (np.array(a, np.int32), np.array(b, np.float32)) for t, (a, b) in post.items()
        }
        self.lengths = np.array(lengths, np.float32)

    def search(self, q: ArticleQuery) -> list[tuple[str, str]]:
        scores = np.zeros(len(self.lengths), np.float32)
        for t in bm25_tokens(q.text):
            if t in self.postings:
                idx, tf = self.postings[t]
                scores[idx] += self.idf[t] * tf * 2.5 / (tf + self.norm[idx])
        top = np.argsort(-scores, kind="stable")[:LIMIT]
        return [self.keys[i] for i in top if scores[i] > 0]


class PriorArticles:
    name = "prior"

    def __init__(self, train: list[ArticleQuery], units: list[Unit]) -> None:
        per_unit: Counter = Counter()
        per_doc: Counter = Counter()
        for q in train:
            for keys in q.targets.values():
                per_unit.update(keys)
                per_doc.update({d for d, _ in keys})
        ranked = sorted(units, key=lambda u: (-per_unit[u.key], -per_doc[u.doc_id], u.key))
        self.ranked = [u.key for u in ranked[:LIMIT]]

    def search(self, q: ArticleQuery) -> list[tuple[str, str]]:
        return self.ranked


_SEARCHED: dict[tuple, list] = {}


class OursArticles:
    name = "ours"

    def __init__(
        self,
        index: Path,
        docs: int,
        expand: bool = True,
        recall: bool = True,
        own: bool = False,
        articles: bool = True,
        before: bool = False,
        taught: bool = True,
        vectors: bool = True,
    ) -> None:
        from indexer.config import Settings
        from indexer.service import SearchService

        # no request budget: on a loaded machine a cut answer would measure the load, not the
        # ranking (the latency part, eval_articles_latency, keeps the default budget)
        self.settings = Settings.load(environ={"XXGK_REQUEST_BUDGET_MS": "0"}, index=index)
        self.service = SearchService(self.settings)
        self.docs, self.expand, self.recall = docs, expand, recall
        self.own = own  # scoring the questions the memory holds: each leaves itself out
        self.user_dict = self.settings.analysis.user_dict
        self.articles, self.before = articles, before
        self.taught = self.settings.asked_words if taught else None
        self.vectors = vectors

    def search(self, q: ArticleQuery) -> list[tuple[str, str]]:
        from indexer import fusion, lexicon
        from indexer.question_articles import fused_articles, rank_articles

        key = (str(self.settings.index), q.text, self.docs)
        if key not in _SEARCHED:  # the variants of ours share the question's one search
            req = self.service.request({"q": [q.text], "size": [str(self.docs)]})
            _SEARCHED.clear()
            _SEARCHED[key] = [h.doc for h in self.service.search(req).hits]
        docs = _SEARCHED[key]
        self.last_docs = [d.doc_id for d in docs]  # the document ranking, for its nDCG@10
        fetch = self.service.with_title if self.recall else None
        skip = q.text if self.own else None
        if not self.before:
            index = self.service.article_index() if self.articles else None
            found = lexicon.expand(q.text) if self.expand else []
            dense, fusion.DENSE_WEIGHT = fusion.DENSE_WEIGHT, fusion.DENSE_WEIGHT * self.vectors
            try:
                return fused_articles(
                    q.text,
                    docs,
                    self.user_dict,
                    index,
                    fetch,
                    found,
                    LIMIT,
                    leave_out=skip,
                    taught=self.taught,
                )
            finally:
                fusion.DENSE_WEIGHT = dense
        ranked, every = rank_articles(
            q.text, docs, self.user_dict, self.expand, LIMIT, fetch, leave_out=skip
        )
        return [(every[s.doc].doc_id, s.article.anchor) for s in ranked]
