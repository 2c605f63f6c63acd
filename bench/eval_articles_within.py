"""The article shown under a hit, given the right law: is it the judged one? (STARD dev split)

A cheap companion of eval_articles.py (no index, about 30 s): for each dev question and each
law judged for it, the law's articles are ranked by ``indexer.article_rank.best_of`` (what
the results page shows under the hit) with and without the lexicon, and by plain BM25 over
that law's articles (rank-bm25 over jieba tokens) in the same run. Prints how often the judged
article is first, among the two shown, and the MRR@10 within the law.

    .venv/bin/python bench/eval_articles_within.py
"""

from __future__ import annotations

import csv
import json
import sys
from collections import defaultdict

from eval_data import DEFAULT_JSONL, DEFAULT_STARD, REPO, iter_docs


def main() -> None:
    from eval_article_data import _squeeze, split_ids
    from eval_systems import bm25_tokens
    from rank_bm25 import BM25Okapi

    from indexer import article_rank, articles, lexicon
    from indexer.config import Settings

    user_dict = Settings.load(environ={}, config_file=None).analysis.user_dict
    dev = split_ids()
    questions = {}
    with open(DEFAULT_STARD / "queries.jsonl", encoding="utf-8") as fh:
        for line in fh:
            q = json.loads(line)
            if q["query_id"] in dev:
                questions[q["query_id"]] = q
    judged: dict[tuple[int, str], set[str]] = defaultdict(set)
    with open(DEFAULT_STARD / "qrels.tsv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            if int(r["query_id"]) in dev:
                judged[(int(r["query_id"]), r["doc_id"])].add(r["article"])
    need = {d for _, d in judged}
    laws = {
        d["id"]: articles.split(d["body"], d["doc_type"]).articles
        for d in iter_docs(DEFAULT_JSONL)
        if d["id"] in need
    }
    names = ("ours", "ours, no lexicon", "bm25 within the law")
    found = {k: [0, 0, 0.0] for k in names}
    models: dict[str, BM25Okapi] = {}
    for (qid, doc), labels in judged.items():
        q, arts = questions[qid], laws[doc]
        prefixes = [_squeeze(q["relevant_articles"][a])[:40] for a in labels]
        if doc not in models:
            models[doc] = BM25Okapi([bm25_tokens(a.text) for a in arts])
        scores = models[doc].get_scores(bm25_tokens(q["query"]))
        ranked = {
            "bm25 within the law": [
                arts[i] for i in sorted(range(len(arts)), key=lambda i: (-scores[i], i))[:10]
            ]
        }
        for name, expand in (("ours", True), ("ours, no lexicon", False)):
            terms = article_rank.query_terms(
                q["query"], user_dict, lexicon.expand(q["query"]) if expand else []
            )
            ranked[name] = article_rank.best_of(terms, arts, 10)
        for name, arts_ranked in ranked.items():
            hits = [
                i for i, a in enumerate(arts_ranked) if any(p in _squeeze(a.text) for p in prefixes)
            ]
            rank = hits[0] + 1 if hits else None
            found[name][0] += rank == 1
            found[name][1] += bool(rank and rank <= 2)
            found[name][2] += 1 / rank if rank else 0.0
    n = len(judged)
    per_law = sum(len(laws[d]) for _, d in judged) / n
    print(f"{n} (dev question, judged law) pairs; {per_law:.0f} articles per law")
    print("| system | judged article first | among the 2 shown | MRR@10 within the law |")
    print("|---|---|---|---|")
    for name in names:
        first, two, rr = found[name]
        print(f"| {name} | {first / n:.3f} | {two / n:.3f} | {rr / n:.3f} |")


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    main()
