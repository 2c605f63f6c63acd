"""Document nDCG@10 of STARD questions by their length, at the short and the long questions'
article weights: the table behind ``article_rank.LONG_CHARS`` (called by eval_articles_tune.py
with its cache, train split only)."""

from __future__ import annotations


def by_length(queries, cache, judged, pool) -> None:
    """Document nDCG@10 by question length at the short and the long questions' article
    weight (``article_rank.ARTICLE_WEIGHT``, ``LONG_ARTICLE_WEIGHT``; the module's documents
    and ranks): which lengths the long weight should take. ``pool``: eval_articles_tune's
    ``_pool`` (a question's documents and their articles' word scores)."""
    from eval_metrics import ndcg

    from indexer import article_rank as ar
    from indexer.answers import asks

    edges = ((0, 12), (13, 20), (21, 40), (41, 10**6))
    print(
        "\n| characters | questions | "
        + " | ".join(f"nDCG@10 at {w}" for w in (ar.ARTICLE_WEIGHT, ar.LONG_ARTICLE_WEIGHT))
        + " |\n|---|---|---|---|"
    )
    for lo, hi in edges:
        some = [q for q in queries if lo <= len(q.text.strip()) <= hi]
        cells = []
        for weight in (ar.ARTICLE_WEIGHT, ar.LONG_ARTICLE_WEIGHT):
            total = 0.0
            for q in some:
                entry, ids = cache[q.qid], cache[q.qid]["plain"]
                if asks(q.text):
                    found = pool(q.qid, "plain", ar.RERANK_DOCS, entry)
                    order = found.doc_order(ar.EXPANSION_WEIGHT, weight, ar.RERANK_RANKS)
                    ids = [found.ids[i] for i in order] + ids[ar.RERANK_DOCS :]
                total += ndcg(ids, judged.get(q.qid, {}))
            cells.append(f"{total / (len(some) or 1):.4f}")
        print(f"| {lo}-{hi if hi < 10**6 else ''} | {len(some)} | {' | '.join(cells)} |")
