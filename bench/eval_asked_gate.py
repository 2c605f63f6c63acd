"""Tuning the confidence gate of the earlier questions' vote (``indexer.asked.GATE``).

Each question is searched once; its article ranking (``question_articles.rank_articles``, as
eval_articles' "ours") is then scored with the vote under each gate, so the gates differ only
in the vote. Reported for all questions and split by whether another question of the memory
was judged to share one of its articles (the vote can only help those), with BM25 over all
articles beside them. Tune on ``--split train`` (each question leaves itself out), then run dev
once with the chosen gate.

    .venv/bin/python bench/eval_asked_gate.py --ours-index DIR --work DIR [--split train]
        [--sample 400] [--gates 0,0.2,0.3,0.4,0.5]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from eval_data import DEFAULT_JSONL, DEFAULT_STARD, REPO

METRICS = ("R@10", "R@100", "MRR@10")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--jsonl", type=Path, default=DEFAULT_JSONL, help="corpus docs.jsonl.gz")
    ap.add_argument("--stard", type=Path, default=DEFAULT_STARD, help="STARD folder")
    ap.add_argument("--split", choices=("dev", "train"), default="train", help="questions scored")
    ap.add_argument("--sample", type=int, default=400, help="seeded sample of the split (0: all)")
    ap.add_argument("--gates", default="0,0.2,0.3,0.4,0.5,0.6", help="gates, comma-separated")
    ap.add_argument("--docs", type=int, default=30, help="documents ours reads articles from")
    ap.add_argument("--ours-index", type=Path, required=True, help="xxgk index (only read)")
    ap.add_argument("--work", type=Path, required=True, help="keeps the BM25 model of articles")
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    from eval_article_data import load_corpus, load_queries, score, split_questions
    from eval_article_systems import Bm25Articles

    from indexer import asked, question_articles
    from indexer.config import Settings
    from indexer.service import SearchService

    args = parse_args(argv)
    t0 = time.perf_counter()
    corpus = load_corpus(args.jsonl)
    queries = load_queries(args.stard, corpus)
    train, chosen = split_questions(queries, args.split, args.sample)
    args.work.mkdir(parents=True, exist_ok=True)
    bm25 = Bm25Articles(corpus.units(), corpus, args.work / "bm25-articles.pkl.gz")
    settings = Settings.load(environ={"XXGK_REQUEST_BUDGET_MS": "0"}, index=args.ours_index)
    service = SearchService(settings)
    ud = settings.analysis.user_dict
    gates = [float(g) for g in args.gates.split(",")]
    rows: list[dict[str, dict[str, float]]] = []
    for q in chosen:
        skip = q.text if args.split == "train" else None
        req = service.request({"q": [q.text], "size": [str(args.docs)]})
        docs = [h.doc for h in service.search(req).hits]
        row = {"bm25": score(bm25.search(q), q)}
        for g in gates:
            asked.GATE = g
            ranked, every = question_articles.rank_articles(
                q.text, docs, ud, True, 100, service.with_title, leave_out=skip
            )
            row[f"gate {g}"] = score([(every[s.doc].doc_id, s.article.anchor) for s in ranked], q)
        row["shared"] = _shares(q, train)
        rows.append(row)
    names = ["bm25", *(f"gate {g}" for g in gates)]
    for part, keep in (("all", None), ("shared", True), ("unshared", False)):
        some = [r for r in rows if keep is None or r["shared"] == keep]
        print(f"\n{args.split}, {part}: {len(some)} questions")
        print(f"| system | {' | '.join(METRICS)} |\n" + "|---" * (len(METRICS) + 1) + "|")
        for name in names:
            means = [sum(r[name][m] for r in some) / (len(some) or 1) for m in METRICS]
            print(f"| {name} | {' | '.join(f'{v:.4f}' for v in means)} |")
    print(f"\ntotal wall time {time.perf_counter() - t0:.0f} s")


def _shares(q, train) -> bool:
    """Whether another train question was judged to have one of ``q``'s articles."""
    return any(o.qid != q.qid and set(o.targets) & set(q.targets) for o in train)


if __name__ == "__main__":
    sys.path[:0] = [str(REPO), str(Path(__file__).parent)]
    main()
