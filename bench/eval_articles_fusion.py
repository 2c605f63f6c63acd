"""Tuning the fusion of a question's three article lists (``indexer.fusion``) on STARD's train
split (never dev): each list once per question, cached, then every setting scored from it.

The lists: (a) ours — the search's first documents, their articles by their words
(``question_articles.rank_articles`` without the memory); (b) BM25 over every article of the index
(``indexer.article_index``, the generation's own); (c) the memory's vote (``indexer.asked``),
each question leaving itself out; (d) the article index with the words earlier questions
teach (``indexer.asked_words``, each question's own pairs left out), at weights 0.3 and 0.6.
The final fusion then lends to each article's neighbours in its law (``fusion.lend``), swept
over how many articles lend, how much and how far (and within the same 章/节 only); and takes
the article index's list with the lexicon's terms as a fifth (``fusion.OFFICIAL_WEIGHT``) and
the articles nearest by the index's word vectors as a sixth (``fusion.DENSE_WEIGHT``; computed
from the index each run, not cached).
Reported: each list alone, the fusion by reciprocal rank
(the memory by its rank, or its vote added as a score as ``indexer.fusion`` adds it) under a
grid of weights, with and without the gate (a voted law counts only when the law is
among the candidates of (a) or (b)), for all questions and split by whether another train
question shares a judged article (the memory can only help those).

    .venv/bin/python bench/eval_articles_fusion.py --ours-index DIR --work DIR [--sample 400]
"""

from __future__ import annotations

import argparse
import functools
import itertools
import sys
import time
from pathlib import Path

from eval_articles_lists import TAUGHT_WEIGHTS
from eval_data import DEFAULT_JSONL, DEFAULT_STARD, REPO

METRICS = ("R@10", "R@100", "MRR@10")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--jsonl", type=Path, default=DEFAULT_JSONL, help="corpus docs.jsonl.gz")
    ap.add_argument("--stard", type=Path, default=DEFAULT_STARD, help="STARD folder")
    ap.add_argument("--split", choices=("dev", "train"), default="train", help="questions scored")
    ap.add_argument("--sample", type=int, default=400, help="seeded sample of the split (0: all)")
    ap.add_argument("--docs", type=int, default=30, help="documents ours reads articles from")
    ap.add_argument("--ours-index", type=Path, required=True, help="xxgk index (only read)")
    ap.add_argument("--work", type=Path, required=True, help="where the lists are cached")
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    from eval_article_data import load_corpus, load_queries, split_questions
    from eval_articles_lists import cached_lists, count_laws

    args = parse_args(argv)
    t0 = time.perf_counter()
    corpus = load_corpus(args.jsonl)
    queries = load_queries(args.stard, corpus)
    train, chosen = split_questions(queries, args.split, args.sample)
    lists = cached_lists(args, chosen)
    shared = {
        q.qid: any(o.qid != q.qid and set(o.targets) & set(q.targets) for o in train)
        for q in chosen
    }
    count_laws(chosen, lists, corpus)
    _report(chosen, lists, shared, corpus)
    print(f"\ntotal wall time {time.perf_counter() - t0:.0f} s")


def fuse(
    entry: dict,
    weights: tuple[float, float, float],
    k: float,
    vote: str = "score",
    gate: str = "none",
    taught: tuple[float, float] | None = None,
    law: tuple[float, float] | None = None,
    lend: tuple | None = None,
    official: float = 0.0,
    more: tuple = (),
    dense: float = 0.0,
) -> list[tuple[str, str]]:
    """Reciprocal-rank fusion of (a) and (b); the memory (c) by rank too (``vote="rank"``) or
    its vote added as a score (``"score"``, as ``indexer.fusion`` does). ``gate``: "law" — a
    vote counts only for a law among the candidates of (a) or (b); "article" — only for an
    article in (a) or (b). ``taught``: (the weight of the taught words, list (d)'s weight).
    ``law``: (weight, scale, half) of the law's earlier questions, as ``indexer.fusion``
    counts them. ``lend``: (an ``indexer.fusion.Around``, top, share, reach) for
    ``fusion.lend``. ``official``: the weight of the article index's list with the lexicon's
    terms (``fusion.OFFICIAL_WEIGHT``). ``dense``: the weight of the articles nearest by the
    word vectors (``fusion.DENSE_WEIGHT``). ``more``: (weight, keys best first) of further
    lists, fused by rank after the others (bench/eval_articles_lsi.py's)."""
    wa, wb, wc = weights
    score: dict[tuple[str, str], float] = {}
    for r, key in enumerate(entry["a"]):
        score[key] = score.get(key, 0.0) + wa / (k + r + 1)
    for r, (d, _, anchor) in enumerate(entry["b"]):
        score[(d, anchor)] = score.get((d, anchor), 0.0) + wb / (k + r + 1)
    if taught is not None:  # after (b), as indexer.fusion adds it
        for r, key in enumerate(entry[f"d{taught[0]}"]):
            score[key] = score.get(key, 0.0) + taught[1] / (k + r + 1)
    for r, (d, _, anchor) in enumerate(entry["b_lex"] if official else ()):
        score[(d, anchor)] = score.get((d, anchor), 0.0) + official / (k + r + 1)
    for weight, keys in ((dense, entry["dense"]), *more):
        for r, key in enumerate(keys if weight else ()):
            score[key] = score.get(key, 0.0) + weight / (k + r + 1)
    laws = set(entry["a_titles"]) | {t for _, t, _ in entry["b"]}
    keys = set(score)
    for r, (d, title, anchor, v) in enumerate(entry["c"]):
        if (gate == "law" and title not in laws) or (gate == "article" and (d, anchor) not in keys):
            continue
        add = wc * v if vote == "score" else wc / (k + r + 1)
        score[(d, anchor)] = score.get((d, anchor), 0.0) + add
    for key in score if law else ():
        n = entry["laws"].get(key[0], 0)
        p = n / (n + law[2])
        score[key] = score[key] * (1 + law[1] * p) + law[0] * p
    if lend is not None:
        from indexer.fusion import lend as lent

        score = lent(score, *lend)
    return sorted(score, key=lambda s: -score[s])[:100]


def _around(corpus, same_section: bool):
    """An ``indexer.fusion.Around`` over the corpus's cut (optionally within one 章/节)."""
    arts = corpus.outlines
    places = {d: {a.anchor: i for i, a in enumerate(x)} for d, x in arts.items()}

    def around(key, reach):
        i = places.get(key[0], {}).get(key[1])
        if i is None:
            return []
        x = arts[key[0]]
        near = range(max(0, i - reach), min(len(x), i + reach + 1))
        return [
            (abs(j - i), (key[0], x[j].anchor))
            for j in near
            if j != i and (not same_section or x[j].context == x[i].context)
        ]

    return around


GRID = {
    "rank": itertools.product(((1, 1, 0), (1, 1, 1), (0.5, 1.5, 2)), (5.0, 20.0, 60.0)),
    "score": itertools.product(((1, 1, 0.4), (1, 1, 0.6), (1, 1, 0.8), (1, 1, 1)), (1.0, 5.0)),
}


def _report(chosen, lists, shared, corpus) -> None:
    from eval_article_data import score

    parts = {
        "all": chosen,
        "shared": [q for q in chosen if shared[q.qid]],
        "unshared": [q for q in chosen if not shared[q.qid]],
    }

    def mean(f, some, m):
        return sum(score(f(lists[q.qid]), q)[m] for q in some) / (len(some) or 1)

    systems = {
        "ours before (words + vote)": lambda e: e["cur"],
        "(a) ours, no memory": lambda e: e["a"],
        "(b) article index": lambda e: [(d, a) for d, _, a in e["b"][:100]],
        "(b) article index + lexicon": lambda e: [(d, a) for d, _, a in e["b_lex"][:100]],
        "(c) memory": lambda e: [(d, a) for d, _, a, _ in e["c"][:100]],
        **{f"(d) taught words at {w}": lambda e, w=w: e[f"d{w}"][:100] for w in TAUGHT_WEIGHTS},
    }
    for w, (wb, wd) in itertools.product(TAUGHT_WEIGHTS, ((1, 1), (0.5, 1), (1, 0.5), (0, 1))):
        name = f"fused with (d) at {w}, weights (1, {wb}, 0.8) + {wd}, K 1.0"
        systems[name] = functools.partial(fuse, weights=(1, wb, 0.8), k=1.0, taught=(w, wd))
    laws = [(w, 0.0, 5.0) for w in (0.3, 0.6, 1.2)] + [(0.0, x, 5.0) for x in (2.0, 4.0, 8.0)]
    for law in laws + [(w, 4.0, 5.0) for w in (0.1, 0.3, 0.5)] + [(0.3, 4.0, 20.0)]:
        name = f"fused with (d) at 0.6, weights (1, 1, 0.8) + 1, K 1.0, law {law}"
        systems[name] = functools.partial(
            fuse, weights=(1, 1, 0.8), k=1.0, taught=(0.6, 1), law=law
        )
    final = {"weights": (1, 1, 0.8), "k": 1.0, "taught": (0.6, 1), "law": (0.3, 4.0, 5.0)}
    lent = (_around(corpus, False), 100, 0.15, 5)
    for weight in (0.5, 1.0, 1.5):
        name = f"final, lending, the lexicon's list at {weight}"
        systems[name] = functools.partial(fuse, **final, lend=lent, official=weight)
    for weight in (0.5, 1.0, 1.5, 2.0):
        name = f"final, lending, the lexicon's list, the vectors' list at {weight}"
        systems[name] = functools.partial(fuse, **final, lend=lent, official=1.0, dense=weight)
    systems["(e) the vectors' list"] = lambda e: e["dense"][:100]
    for same in (False, True):
        around = _around(corpus, same)
        for top, share, reach in itertools.product((30, 50, 100), (0.1, 0.15, 0.2), (2, 3, 5, 8)):
            name = f"final, lending: top {top}, share {share}, reach {reach}, same 章/节 {same}"
            systems[name] = functools.partial(fuse, **final, lend=(around, top, share, reach))
    for vote, grid in GRID.items():
        for weights, k in grid:
            for gate in ("none", "law", "article"):
                name = f"fused, memory by {vote}, weights {weights}, K {k}, gate {gate}"
                systems[name] = functools.partial(fuse, weights=weights, k=k, vote=vote, gate=gate)
    head = " | ".join(f"{p} {m}" for p in parts for m in METRICS)
    print(f"| system | {head} |\n" + "|---" * (1 + len(parts) * len(METRICS)) + "|")
    for name, f in systems.items():
        vals = " | ".join(f"{mean(f, some, m):.4f}" for some in parts.values() for m in METRICS)
        print(f"| {name} | {vals} |", flush=True)


if __name__ == "__main__":
    sys.path[:0] = [str(REPO), str(Path(__file__).parent)]
    main()
