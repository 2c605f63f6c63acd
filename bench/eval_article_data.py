"""The units and judgements of the article-level eval: STARD's judged articles on our corpus.

A unit is one 条 of one corpus document, cut by ``indexer.articles`` (the cut the service
shows). A STARD article (民法典第五百七十七条 with its text) is found by a unit when the unit's
document is judged for it in qrels.tsv and the unit holds the first 40 characters of its text
(whitespace ignored): the same test that mapped STARD onto the corpus, now per article, so a
version of the law that numbers the article differently still counts.
"""

from __future__ import annotations

import csv
import json
import random
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from eval_data import REPO, iter_docs

from indexer.articles import Article, split

DEFAULT_SPLIT = REPO / "bench" / "stard_split.json"
PREFIX = 40


@dataclass(frozen=True)
class Unit:
    doc_id: str
    article: Article

    @property
    def key(self) -> tuple[str, str]:
        return (self.doc_id, self.article.anchor)


@dataclass
class ArticleQuery:
    qid: int
    text: str
    #: STARD article name → the unit keys that hold it
    targets: dict[str, set[tuple[str, str]]] = field(default_factory=dict)


@dataclass
class Corpus:
    titles: dict[str, str]
    outlines: dict[str, list[Article]]

    def units(self) -> list[Unit]:
        return [Unit(d, a) for d, arts in self.outlines.items() for a in arts]


def load_corpus(jsonl: Path) -> Corpus:
    """Every corpus document that is cut into articles (laws, regulations, rules …)."""
    titles, outlines = {}, {}
    for d in iter_docs(jsonl):
        arts = split(d.get("body") or "", d.get("doc_type")).articles
        if arts:
            titles[d["id"]] = d.get("title") or ""
            outlines[d["id"]] = arts
    return Corpus(titles, outlines)


def load_queries(stard: Path, corpus: Corpus) -> list[ArticleQuery]:
    """STARD's questions with, for each judged article, the units that hold its text."""
    judged: dict[tuple[int, str], set[str]] = defaultdict(set)
    with open(stard / "qrels.tsv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            judged[(int(row["query_id"]), row["article"])].add(row["doc_id"])
    out = []
    with open(stard / "queries.jsonl", encoding="utf-8") as fh:
        for line in fh:
            q = json.loads(line)
            aq = ArticleQuery(q["query_id"], q["query"])
            for name, text in q["relevant_articles"].items():
                prefix = _squeeze(text)[:PREFIX]
                keys = {
                    (doc_id, a.anchor)
                    for doc_id in judged.get((aq.qid, name), ())
                    for a in corpus.outlines.get(doc_id, ())
                    if prefix in _squeeze(a.text)
                }
                if keys:
                    aq.targets[name] = keys
            if aq.targets:
                out.append(aq)
    return out


def judged_docs(stard: Path) -> dict[int, dict[str, int]]:
    """Per question the documents judged relevant (relevance 1): the document-level qrels."""
    out: dict[int, dict[str, int]] = {}
    with open(stard / "qrels.tsv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            out.setdefault(int(row["query_id"]), {})[row["doc_id"]] = 1
    return out


def split_ids(path: Path = DEFAULT_SPLIT) -> set[int]:
    """The published dev split (query ids); every other query is train."""
    return set(json.loads(path.read_text(encoding="utf-8"))["dev"])


def split_questions(
    queries: list[ArticleQuery], split: str, sample: int = 0
) -> tuple[list[ArticleQuery], list[ArticleQuery]]:
    """(train, the questions scored): ``split``'s questions, or a seeded sample of them."""
    dev = split_ids()
    train = [q for q in queries if q.qid not in dev]
    chosen = [q for q in queries if (q.qid in dev) == (split == "dev")]
    if sample and sample < len(chosen):
        chosen = sorted(random.Random(5).sample(chosen, sample), key=lambda q: q.qid)
    return train, chosen


def score(ranked: list[tuple[str, str]], q: ArticleQuery) -> dict[str, float]:
    """Recall@10, Recall@100 (share of judged articles found) and MRR@10 of one ranking."""
    rank_of: dict[str, int] = {}
    position = {key: i for i, key in reversed(list(enumerate(ranked)))}
    for name, keys in q.targets.items():
        hits = [position[k] for k in keys if k in position]
        if hits:
            rank_of[name] = min(hits) + 1
    first = min(rank_of.values(), default=None)
    n = len(q.targets)
    return {
        "R@10": sum(1 for r in rank_of.values() if r <= 10) / n,
        "R@100": sum(1 for r in rank_of.values() if r <= 100) / n,
        "MRR@10": 1 / first if first is not None and first <= 10 else 0.0,
    }


_WS = re.compile(r"\s+")


def _squeeze(text: str) -> str:
    return _WS.sub("", text)
