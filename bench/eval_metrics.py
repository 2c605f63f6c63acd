"""Ranking metrics for `make eval`: nDCG@10 (graded), MRR and recall@100.

Kept free of any search code so the numbers can be checked by hand: a judged query is a
mapping doc id -> grade (2 = answers it / is it, 1 = relevant), a run is the ranked list of
doc ids a system returned (at most 100). Unjudged documents count as non-relevant, which
is the usual convention; STARD's README asks to read its precision-oriented figures with
that in mind (other versions of a law are unjudged there).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

NDCG_K = 10
RECALL_K = 100


def dcg(grades: Sequence[int], k: int = NDCG_K) -> float:
    """Discounted cumulative gain with exponential gains 2^g - 1 and a log2(rank + 1) discount."""
    return sum((2**g - 1) / math.log2(rank + 2) for rank, g in enumerate(grades[:k]))


def ndcg(run: Sequence[str], qrels: Mapping[str, int], k: int = NDCG_K) -> float:
    """nDCG@k; the ideal ranking puts every judged document in grade order."""
    ideal = dcg(sorted(qrels.values(), reverse=True), k)
    if ideal <= 0:
        return 0.0
    return dcg([qrels.get(doc, 0) for doc in run], k) / ideal


def reciprocal_rank(run: Sequence[str], qrels: Mapping[str, int]) -> float:
    """1 / rank of the first document with grade >= 1; 0 when none was returned."""
    for rank, doc in enumerate(run, 1):
        if qrels.get(doc, 0) >= 1:
            return 1.0 / rank
    return 0.0


def recall(run: Sequence[str], qrels: Mapping[str, int], k: int = RECALL_K) -> float:
    """Share of the relevant documents (grade >= 1) found in the first k results."""
    relevant = {doc for doc, g in qrels.items() if g >= 1}
    if not relevant:
        return 0.0
    return len(relevant.intersection(run[:k])) / len(relevant)


def score_run(run: Sequence[str], qrels: Mapping[str, int]) -> dict[str, float]:
    """All three metrics of one query, keyed as they are printed."""
    return {
        "ndcg@10": ndcg(run, qrels),
        "mrr": reciprocal_rank(run, qrels),
        "recall@100": recall(run, qrels),
    }


METRICS = ("ndcg@10", "mrr", "recall@100")


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0
