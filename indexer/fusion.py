"""A question's article lists fused by rank: the search's, the article index's (by the
question's words, and by them with the words earlier questions teach), the memory's; and the
laws earlier questions were answered by.

Three lists answer a question at article level, and each is wrong in its own way: the
articles of the documents the search found (``question_articles.rank_articles``' words) miss
the laws ranked below them; BM25 over every article of the index (``indexer.article_index``) misses
the article that shares no word with the question; the earlier questions' vote
(``indexer.asked``) is right when an earlier question was answered by the same article and
pushes out good articles when none was. The two word lists are fused by reciprocal rank
(Cormack et al. 2009: each list lifts an article by its place, not by a score on its own
scale, and an article both lists put high rises above what one alone puts first); the vote is
added as the share it is (1: an earlier question in the same words), at ``ASKED_WEIGHT``.

bench/eval_articles_fusion.py, STARD train split, 400 questions, each leaving itself out of
the memory, MRR@10 (R@10, R@100): the search's articles alone 0.302, the article index alone
0.328, the memory alone 0.303; words plus vote as before 0.398 (0.561, 0.770); reciprocal
rank over all three (weights and K swept) at best 0.382; this fusion 0.427 (0.595, 0.792),
the 255 questions that share a judged article with another 0.470 (0.494 before), the 145 that
share none 0.352 (0.229 before; the two word lists fused alone: 0.424).
A gate that counts a vote only for a law (or article) the other two lists also hold was
measured and left out: the memory's wrong votes are for laws both lists hold too (民法典), so
it cost 0.002-0.05 at every weight.

The article index searched once more with the words earlier questions teach
(``indexer.asked_words``) is a fourth list, fused by rank beside the other two at
``LEARNED_WEIGHT``. Same 400 questions (each leaving its own pairs out), MRR@10 (R@100) at
weight 1: 0.427 (0.792) → 0.455 (0.809), the 255 sharing an article 0.470 → 0.501, the 145
sharing none 0.352 → 0.374; at 0.5: 0.448 (0.808); in place of the plain article index (its
weight 0): 0.437 (0.817), but the 145 0.299; the plain list at 0.5: 0.456 (0.812), the 145 0.353.

Last, each article gains by how many earlier questions its law answered (``LAW_WEIGHT``): STARD's
questions, like a reading room's, keep coming back to a few laws, so of two equal matches the
one in a law asked about before is likelier the answer (this is the train split's law prior of
``make eval-articles`` used as one signal among the lists, not alone).

The article index is searched once more with the lexicon's official terms (``OFFICIAL_WEIGHT``),
and the articles nearest the question by the generation's word vectors
(``indexer.article_vectors``: by meaning, where no word is shared) are one more list
(``DENSE_WEIGHT``).

Last of all, the first articles lend a little of their score to the articles around them in
their law (``lend``): the answer is often the article next to the one whose words matched.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

#: (document id, article anchor)
Key = tuple[str, str]
#: An article's neighbours in its document within a reach: (distance in articles, key) each.
Around = Callable[[Key, int], Sequence[tuple[int, Key]]]

#: Reciprocal-rank constant, the two word lists' weights and the vote's (train, above: best
#: over weights 0.75-1.5 at K 0.5 / 1 / 2: 0.430 / 0.430 / 0.421; equal weights, K 1, vote
#: 0.4 / 0.6 / 0.8 / 1.0: 0.398 / 0.418 / 0.427 / 0.423; K 5, vote 0.4 / 0.8: 0.400 / 0.381).
K = 1.0
OURS_WEIGHT = 1.0
INDEX_WEIGHT = 1.0
ASKED_WEIGHT = 0.8
LEARNED_WEIGHT = 1.0
#: An article of a law that answered ``n`` earlier questions, p = n / (n + LAW_HALF), scores
#: its lists' score times (1 + LAW_SCALE * p) plus LAW_WEIGHT * p (``asked.Memory.laws``): the
#: lists' evidence counts more in a law asked about often, and a little is added besides.
#: bench/eval_articles_fusion.py, train, 1,234 questions (each left out), MRR@10 (R@100) of the
#: four lists: 0.409 (0.807) without; added only (scale 0), weight 0.3 / 0.6 / 0.8 / 1.2: 0.432
#: (0.848) / 0.448 (0.841) / 0.452 (0.837) / 0.454 (0.831), at half 20 0.432-0.444; scaled only
#: (weight 0), scale 1 / 2 / 4 / 8: 0.443 (0.817) / 0.449 (0.822) / 0.454 (0.828) / 0.457
#: (0.837); both, weight 0.1 / 0.2 / 0.3 / 0.5 at scale 4: 0.455 (0.845) / 0.456 (0.850) /
#: 0.456 (0.849) / 0.457 (0.848), weight 0.3 at scale 2 / 3 / 6: 0.453 (0.849) / 0.455
#: (0.850) / 0.458 (0.849). The 456 questions whose article no other question shares: 0.347
#: (0.778) without, 0.362 (0.837) with both.
LAW_WEIGHT = 0.3
LAW_SCALE = 4.0
LAW_HALF = 5.0
#: The article index searched with the lexicon's official terms as well (拖欠工资 → 劳动报酬,
#: at the lexicon's weight): a fifth list, for the questions the lexicon reads. The search's
#: own list (a) reads them already; the article index did not, so a short question in
#: everyday words found its law only through the earlier questions. bench/eval_articles_fusion
#: .py, train, 1,234 questions, with the lending, MRR@10 (R@100): 0.459 (0.860) without; at
#: 0.5 / 1 / 1.5: 0.463 (0.859) / 0.465 (0.859) / 0.462 (0.858); the 114 questions of up to 12
#: characters 0.415 -> 0.449 at 1.
OFFICIAL_WEIGHT = 1.0
#: The articles nearest the question by the generation's word vectors (``indexer.article_vectors``):
#: a sixth list, by meaning where no word is shared. bench/eval_articles_fusion.py, train, 1,234
#: questions, with everything above, R@100 (MRR@10, R@10): 0.863 (0.468, 0.637) without; at
#: 0.5 / 1 / 1.5 / 2: 0.868 (0.474) / 0.868 (0.476) / 0.870 (0.478, 0.645) / 0.871 (0.475);
#: at 3 (measured aside): 0.868 (0.467). The list alone: R@100 0.584, MRR@10 0.224.
DENSE_WEIGHT = 1.5
#: Candidates of the article index that take part.
INDEX_DEPTH = 300
#: Each of the first NEIGHBOUR_TOP articles lends NEIGHBOUR_SHARE of its score, divided by the
#: distance, to the articles up to NEIGHBOUR_REACH before and after it in its law: a law treats
#: one matter in a run of articles (借款合同's rate, term and repayment), and the one that
#: answers is often next to the one whose words matched (STARD train: of the 280 judged articles
#: missing from the first 100, 69 sit right next to one of them, 125 within 5).
#: bench/eval_articles_fusion.py, train, 1,234 questions, R@100 (MRR@10): 0.849 (0.456)
#: without; top 100, share 0.15, reach 5: 0.860 (0.459); share 0.1 / 0.2: 0.855 / 0.860
#: (0.460 / 0.456); reach 2 / 3 / 8: 0.856 / 0.857 / 0.858; top 30 / 50: 0.859 / 0.858;
#: neighbours within the same 章/节 only: 0.860 (0.460), the same; over the distance squared
#: (top 50): 0.857. Every setting between 0.854 and 0.860; R@10 0.629 -> 0.640.
NEIGHBOUR_TOP = 100
NEIGHBOUR_SHARE = 0.15
NEIGHBOUR_REACH = 5


def fuse(
    ours: Sequence[Key],
    index: Sequence[Key],
    votes: Mapping[Key, float],
    limit: int = 100,
    learned: Sequence[Key] = (),
    laws: Mapping[str, int] | None = None,
    around: Around | None = None,
    official: Sequence[Key] = (),
    dense: Sequence[Key] = (),
) -> list[Key]:
    """The fused order of the word lists (each best first: ``learned`` is the article index's
    with the learned words, ``official`` its list with the lexicon's terms, ``dense`` the
    articles nearest by the word vectors) and the votes, at most ``limit`` articles, each
    article's law's earlier questions (``laws``: document id → how many) adding to it, and the
    first ones lending to their neighbours (``around``: an article's, None for no lending);
    ties keep the order in which the articles were first seen."""
    score: dict[Key, float] = {}
    lists = (
        (OURS_WEIGHT, ours),
        (INDEX_WEIGHT, index[:INDEX_DEPTH]),
        (LEARNED_WEIGHT, learned[:INDEX_DEPTH]),
        (OFFICIAL_WEIGHT, official[:INDEX_DEPTH]),
        (DENSE_WEIGHT, dense[:INDEX_DEPTH]),
    )
    for weight, listed in lists:
        for r, key in enumerate(listed if weight else ()):
            score[key] = score.get(key, 0.0) + weight / (K + r + 1)
    for key, vote in votes.items():
        score[key] = score.get(key, 0.0) + ASKED_WEIGHT * vote
    for key in score if laws else ():
        n = laws.get(key[0], 0)
        p = n / (n + LAW_HALF)
        score[key] = score[key] * (1 + LAW_SCALE * p) + LAW_WEIGHT * p
    if around is not None:  # the constants read now, so a bench can switch lending off
        score = lend(score, around, NEIGHBOUR_TOP, NEIGHBOUR_SHARE, NEIGHBOUR_REACH)
    return sorted(score, key=lambda key: -score[key])[:limit]


def lend(
    score: Mapping[Key, float],
    around: Around,
    top: int = NEIGHBOUR_TOP,
    share: float = NEIGHBOUR_SHARE,
    reach: int = NEIGHBOUR_REACH,
) -> dict[Key, float]:
    """``score`` with each of its first ``top`` articles lending to its neighbours up to
    ``reach`` away (``share`` of its score over the distance); what is lent is the scores
    before any lending, so the order of lending does not matter."""
    out = dict(score)
    for key in sorted(score, key=lambda key: -score[key])[:top]:
        for distance, near in around(key, reach):
            out[near] = out.get(near, 0.0) + share * score[key] / distance
    return out
