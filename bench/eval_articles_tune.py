"""Tuning the article ranking on STARD's train split (never on dev): a cheap sweep.

The costly part of a question is the search; the article and document re-ranking on top of
it is a few milliseconds of arithmetic. So the whole-text ranking of every question (the
service with the re-ranking switched off: ``RERANK_DOCS = 0``) is cached once in ``--work``,
as is each article's score per query word, and every setting of the constants in
``indexer.article_rank`` is then scored from the cache:

* document level (nDCG@10 against STARD's judged laws): ``RERANK_DOCS``, ``RERANK_RANKS``,
  ``ARTICLE_WEIGHT`` and ``EXPANSION_WEIGHT``, and whether the lexicon's terms in the
  document query help (``+lexicon``: the search run with them appended);
* article level (R@10, R@100, MRR@10): ``DOC_WEIGHT``, ``DOC_RANKS`` and the documents read,
  over the document order the chosen re-ranking gives.

    .venv/bin/python bench/eval_articles_tune.py --ours-index DIR --work DIR [--split train]

Word scores are summed per word (``article_rank._bm25`` of one word, times its weight), which
is exactly how ``_bm25`` sums them, so a setting scores here as the service would rank.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import itertools
import json
import os
import pickle
import random
import sys
from pathlib import Path

import numpy as np
from eval_articles_length import by_length
from eval_data import DEFAULT_JSONL, DEFAULT_STARD, REPO

#: documents cached per question (the most any setting reads; XXGK_TUNE_POOL to go deeper)
POOL = int(os.environ.get("XXGK_TUNE_POOL", "30"))


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--jsonl", type=Path, default=DEFAULT_JSONL, help="corpus docs.jsonl.gz")
    ap.add_argument("--stard", type=Path, default=DEFAULT_STARD, help="STARD folder")
    ap.add_argument("--split", choices=("dev", "train"), default="train", help="questions scored")
    ap.add_argument("--sample", type=int, default=500, help="seeded sample of the split (0: all)")
    ap.add_argument("--title", action="store_true", help="score each article with its law's title")
    ap.add_argument("--ours-index", type=Path, required=True, help="xxgk index (only read)")
    ap.add_argument("--work", type=Path, required=True, help="where the cache is kept")
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    from eval_article_data import load_corpus, load_queries, split_ids

    args = parse_args(argv)
    corpus = load_corpus(args.jsonl)
    _CORPUS.append(corpus)
    from eval_data import iter_docs

    _BODIES.update(
        (d["id"], d.get("body") or "")
        for d in iter_docs(args.jsonl)
        if d["id"] not in corpus.titles
    )
    _TITLE.append(args.title)
    dev = split_ids()
    queries = [
        q for q in load_queries(args.stard, corpus) if (q.qid in dev) == (args.split == "dev")
    ]
    if args.sample and args.sample < len(queries):
        queries = sorted(random.Random(5).sample(queries, args.sample), key=lambda q: q.qid)
    judged = _judged_docs(args.stard)
    cache = _cached(args, queries, corpus)
    print(f"{len(queries)} {args.split} questions; cache {len(cache)}", flush=True)
    docs = _doc_sweep(queries, cache, judged)
    best = max(docs, key=lambda r: r[0])
    print(f"\nbest document setting: {best[1]} nDCG@10 {best[0]:.4f}")
    by_length(queries, cache, judged, _pool)
    _article_sweep(queries, cache, _module_setting())


def _judged_docs(stard: Path) -> dict[int, dict[str, int]]:
    out: dict[int, dict[str, int]] = {}
    with open(stard / "qrels.tsv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            out.setdefault(int(row["query_id"]), {})[row["doc_id"]] = 1
    return out


def _cached(args, queries, corpus) -> dict:
    """Per question and variant (plain, +lexicon): the whole-text top POOL documents, and per
    query word (typed: weight 1, lexicon: weight EXPANSION_WEIGHT) each article's score."""
    path = args.work / f"tune-{args.split}-{args.sample}-{POOL}.pkl.gz"
    if path.is_file():
        with gzip.open(path, "rb") as fh:
            return pickle.load(fh)
    from indexer import article_rank, lexicon
    from indexer.config import Settings
    from indexer.service import SearchService

    article_rank.RERANK_DOCS = 0  # the whole-text order, which the re-ranking starts from
    settings = Settings.load(environ={}, index=args.ours_index)
    service, ud = SearchService(settings), settings.analysis.user_dict
    out = {}
    for n, q in enumerate(queries):
        found = lexicon.expand(q.text)
        typed = article_rank.query_terms(q.text, ud)
        extra = [t for e in found for t in e.official if t not in typed]
        entry = {"typed": list(typed), "extra": extra}
        for variant, text in (("plain", q.text), ("lexicon", f"{q.text} {' '.join(extra)}")):
            if variant == "lexicon" and not extra:  # the same search as plain
                entry[variant] = entry["plain"]
                continue
            req = service.request({"q": [text], "size": [str(POOL)]})
            entry[variant] = [h.doc.doc_id for h in service.search(req).hits]
        out[q.qid] = entry
        if n % 50 == 0:
            print(f"cached {n}/{len(queries)}", file=sys.stderr, flush=True)
    args.work.mkdir(parents=True, exist_ok=True)
    with gzip.open(path, "wb", compresslevel=1) as fh:
        pickle.dump(out, fh, pickle.HIGHEST_PROTOCOL)
    return out


class Pool:
    """The articles of a question's first ``n`` documents, with each word's score per article."""

    def __init__(self, ids: list[str], n: int, entry: dict, corpus) -> None:
        from indexer import article_rank

        self.ids = ids[:n]
        units = [(d, a) for d, i in enumerate(self.ids) for a in _units(i, corpus)]
        self.doc = np.array([d for d, _ in units], np.int64)
        self.keys = [(self.ids[d], a.anchor) for d, a in units]
        self.start = np.array([a.start for _, a in units], np.int64)
        texts = [article_rank._scored_text(a) for _, a in units]
        if _TITLE and _TITLE[0]:
            texts = [
                f"{t}\n{corpus.titles[self.ids[d]]}" for t, (d, _) in zip(texts, units, strict=True)
            ]
        z = np.zeros(len(units))
        if not units:  # no document here is cut into articles
            self.typed = self.extra = z
            return
        self.typed = sum((np.array(article_rank._bm25({t: 1.0}, texts)) for t in entry["typed"]), z)
        self.extra = sum((np.array(article_rank._bm25({t: 1.0}, texts)) for t in entry["extra"]), z)

    def words(self, ew: float) -> np.ndarray:
        return self.typed + ew * self.extra

    def doc_order(self, ew: float, weight: float, ranks: float) -> list[int]:
        n = len(self.ids)
        if not n:
            return []
        best = np.zeros(n)
        if len(self.doc):
            np.maximum.at(best, self.doc, self.words(ew))
        best = best / (best.max() or 1.0)
        score = 1 / (1 + np.arange(n) / ranks) + weight * best
        return sorted(range(n), key=lambda d: (-score[d], d))


_POOLS: dict = {}


def _pool(qid, variant, n, entry, ids=None) -> Pool:
    key = (qid, variant, n, ids is None)
    if key not in _POOLS:
        _POOLS[key] = Pool(ids or entry[variant], n, entry, _CORPUS[0])
    return _POOLS[key]


_CORPUS: list = []
_BODIES: dict[str, str] = {}  # documents not cut into articles: their text, for passages


def _units(doc_id: str, corpus) -> list:
    """As ``answers._units``: the articles, else passages of the text."""
    from indexer import article_rank

    return corpus.outlines.get(doc_id) or article_rank.passages(_BODIES.get(doc_id, ""))


_TITLE: list = []


def _doc_sweep(queries, cache, judged) -> list:
    from eval_metrics import ndcg

    from indexer.answers import asks

    grid = itertools.product(
        ("plain", "lexicon"), (0, 10, 20, 30), (3.0, 10.0, 30.0), (1.0, 2.0, 4.0, 8.0), (0.3, 0.6)
    )
    rows = []
    for variant, n, ranks, weight, ew in grid:
        if n == 0 and (ranks, weight, ew) != (3.0, 1.0, 0.3):
            continue
        total = 0.0
        for q in queries:
            entry = cache[q.qid]
            ids = entry[variant]
            if n and asks(q.text):
                pool = _pool(q.qid, variant, n, entry)
                ids = [pool.ids[i] for i in pool.doc_order(ew, weight, ranks)] + ids[n:]
            total += ndcg(ids, judged.get(q.qid, {}))
        setting = {"variant": variant, "RERANK_DOCS": n}
        if n:
            setting |= {"RERANK_RANKS": ranks, "ARTICLE_WEIGHT": weight, "EXPANSION_WEIGHT": ew}
        rows.append((total / len(queries), setting))
    rows.sort(key=lambda r: -r[0])
    from indexer import article_rank as ar

    now = {"variant": "plain", "RERANK_DOCS": ar.RERANK_DOCS, "RERANK_RANKS": ar.RERANK_RANKS}
    now |= {"ARTICLE_WEIGHT": ar.ARTICLE_WEIGHT, "EXPANSION_WEIGHT": ar.EXPANSION_WEIGHT}
    print("the constants now:", [f"{v:.4f}" for v, st in rows if st == now])
    print("| nDCG@10 | setting |\n|---|---|")
    for value, setting in rows[:15] + [r for r in rows if r[1]["RERANK_DOCS"] == 0]:
        print(f"| {value:.4f} | {json.dumps(setting)} |")
    return rows


def _module_setting() -> dict:
    """The document re-ranking as ``indexer.article_rank`` now sets it."""
    from indexer import article_rank as ar

    return {
        "variant": "plain",
        "RERANK_DOCS": ar.RERANK_DOCS,
        "RERANK_RANKS": ar.RERANK_RANKS,
        "ARTICLE_WEIGHT": ar.ARTICLE_WEIGHT,
        "EXPANSION_WEIGHT": ar.EXPANSION_WEIGHT,
    }


def _article_sweep(queries, cache, doc_setting: dict) -> None:
    from eval_article_data import score

    from indexer.answers import asks

    variant, n = doc_setting["variant"], doc_setting["RERANK_DOCS"]
    grid = itertools.product((20, 30), (0.0, 0.25, 0.5, 1.0), (3.0, 10.0, 30.0), (0.3, 0.6))
    rows = []
    for docs, dw, dr, ew in grid:
        sums = {"R@10": 0.0, "R@100": 0.0, "MRR@10": 0.0}
        for q in queries:
            entry = cache[q.qid]
            ids = entry[variant]
            if n and asks(q.text):
                head = _pool(q.qid, variant, n, entry)
                order = head.doc_order(
                    doc_setting["EXPANSION_WEIGHT"],
                    doc_setting["ARTICLE_WEIGHT"],
                    doc_setting["RERANK_RANKS"],
                )
                ids = [head.ids[i] for i in order] + ids[n:]
            pool = _pool(q.qid, variant, docs, entry, ids)
            for m, v in score(_ranked(pool, dw, dr, ew), q).items():
                sums[m] += v
        rows.append(({m: v / len(queries) for m, v in sums.items()}, (docs, dw, dr, ew)))
    rows.sort(key=lambda r: -r[0]["MRR@10"])
    from indexer import article_rank as ar

    now = (30, ar.DOC_WEIGHT, ar.DOC_RANKS, ar.EXPANSION_WEIGHT)
    print("\nthe constants now (30 documents):", [m for m, st in rows if st == now])
    print("\n| docs | DOC_WEIGHT | DOC_RANKS | EXPANSION_WEIGHT | R@10 | R@100 | MRR@10 |")
    print("|---|---|---|---|---|---|---|")
    for m, (docs, dw, dr, ew) in rows[:15]:
        print(
            f"| {docs} | {dw} | {dr} | {ew} | {m['R@10']:.4f} | {m['R@100']:.4f} | "
            f"{m['MRR@10']:.4f} |"
        )


def _ranked(pool: Pool, dw, dr, ew) -> list[tuple[str, str]]:
    """``article_rank.rank`` over a document order, from the per-word article scores."""
    words = pool.words(ew)
    if not len(words):
        return []
    best = words.max() or 1.0
    score = words / best + dw / (1 + pool.doc / dr)
    keep = np.flatnonzero(words > 0)
    order = keep[np.lexsort((pool.start[keep], pool.doc[keep], -score[keep]))][:100]
    return [pool.keys[i] for i in order]


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    main()
