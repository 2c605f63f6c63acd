"""`make eval-articles`: STARD at article level, the way the STARD paper reports it.

Recall@10, Recall@100 and MRR@10 over the questions of the published dev split
(bench/stard_split.json: 20 % of STARD, seeded, never used for tuning) against their judged
articles, for plain BM25 over all articles, the train split's constant prior and ours, all in
the same run. Tune on ``--split train`` (optionally ``--sample N``), report on dev.

    .venv/bin/python bench/eval_articles.py --work DIR [--split dev|train] [--sample N]

``--ours-index`` queries an existing index (a whole-corpus one: only read). Otherwise ``--work``
holds our index (built by ``python -m indexer index`` when absent; the folder of a `make eval
--work` run can be reused). ``--work`` also keeps the BM25 model of the articles. ``--latency``
adds p50/p95 of the questions with and without the article re-ranking (eval_articles_latency).
Doc-level nDCG@10 of ours (against STARD's judged laws) is printed beside the article figures.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from eval_data import DEFAULT_JSONL, DEFAULT_STARD, REPO

TARGETS = {"MRR@10": 0.45, "R@100": 0.85}
METRICS = ("R@10", "R@100", "MRR@10")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--jsonl", type=Path, default=DEFAULT_JSONL, help="corpus docs.jsonl.gz")
    ap.add_argument("--stard", type=Path, default=DEFAULT_STARD, help="STARD folder")
    ap.add_argument("--split", choices=("dev", "train"), default="dev", help="questions scored")
    ap.add_argument("--sample", type=int, default=0, help="seeded sample of the split (0: all)")
    ap.add_argument("--work", type=Path, help="keep (and reuse) our index and the BM25 model here")
    ap.add_argument(
        "--ours-index", type=Path, help="an existing xxgk index to query (only read; not built)"
    )
    ap.add_argument("--docs", type=int, default=30, help="documents ours reads articles from")
    ap.add_argument(
        "--ablate",
        action="store_true",
        help="also ours without the lexicon and without the memory of earlier questions",
    )
    ap.add_argument(
        "--latency", action="store_true", help="also p50/p95 of the questions, re-ranked or not"
    )
    ap.add_argument("--out", type=Path, default=REPO / "bench" / "out", help="per-query JSON")
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    from eval_article_data import judged_docs, load_corpus, load_queries, score, split_questions
    from eval_article_systems import Bm25Articles, OursArticles, PriorArticles
    from eval_metrics import ndcg

    args = parse_args(argv)
    if not args.jsonl.is_file():
        raise SystemExit(f"no corpus at {args.jsonl}: the eval needs ../shared/corpus")
    t0 = time.perf_counter()
    corpus = load_corpus(args.jsonl)
    units = corpus.units()
    queries = load_queries(args.stard, corpus)
    judged = judged_docs(args.stard)
    train, chosen = split_questions(queries, args.split, args.sample)
    print(
        f"{len(units)} articles in {len(corpus.outlines)} documents; {len(queries)} questions "
        f"with judged articles ({len(train)} train); scoring {len(chosen)} {args.split}",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="xxgk-eval-art-") as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        index = args.ours_index or _our_index(args.jsonl, work)
        own = args.split == "train"  # the memory holds these questions: each leaves itself out
        systems = [
            Bm25Articles(units, corpus, work / "bm25-articles.pkl.gz"),
            PriorArticles(train, units),
            OursArticles(index, args.docs, own=own),
        ]
        if args.ablate:
            ablations = {
                "ours before (words + vote)": OursArticles(index, args.docs, own=own, before=True),
                "ours, no lexicon": OursArticles(index, args.docs, expand=False, own=own),
                "ours, no memory": OursArticles(index, args.docs, recall=False),
                "ours, no article index": OursArticles(index, args.docs, own=own, articles=False),
                "ours, no learned words": OursArticles(index, args.docs, own=own, taught=False),
                "ours, no vectors": OursArticles(index, args.docs, own=own, vectors=False),
            }
            for name, system in ablations.items():
                system.name = name
                systems.insert(-1, system)
        rows, spent = [], {s.name: 0.0 for s in systems}
        for q in chosen:
            row = {"qid": q.qid, "query": q.text, "targets": sorted(q.targets), "systems": {}}
            row["shared"] = any(o.qid != q.qid and set(o.targets) & set(q.targets) for o in train)
            for s in systems:
                t = time.perf_counter()
                ranked = s.search(q)
                spent[s.name] += time.perf_counter() - t
                row["systems"][s.name] = {**score(ranked, q), "top": [list(k) for k in ranked[:10]]}
                if hasattr(s, "last_docs"):  # ours: the documents it read, in its order
                    row["systems"][s.name]["doc nDCG@10"] = ndcg(s.last_docs, judged[q.qid])
            rows.append(row)
        print("\n".join(table(rows, [s.name for s in systems], spent)), flush=True)
        print("\n".join(parts(rows, [s.name for s in systems])), flush=True)
        if args.latency:  # while the index (perhaps in the temporary folder) is there
            from eval_articles_latency import question_latency

            print("\n".join(question_latency(index, [q.text for q in chosen])), flush=True)
    print(f"total wall time {time.perf_counter() - t0:.0f} s")
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"eval-articles-{args.split}-{datetime.now():%Y%m%dT%H%M%S}.json"
    path.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"per-query results: {path}")


def table(rows: list[dict], names: list[str], spent: dict[str, float]) -> list[str]:
    """The systems side by side, with ours against BM25 and against the targets."""
    n = max(len(rows), 1)
    means = {s: {m: sum(r["systems"][s][m] for r in rows) / n for m in METRICS} for s in names}
    lines = [f"| system | {' | '.join(METRICS)} | ms/question |", "|---" * (len(METRICS) + 2) + "|"]
    for s in names:
        vals = " | ".join(f"{means[s][m]:.4f}" for m in METRICS)
        lines.append(f"| {s} | {vals} | {spent[s] / n * 1000:.0f} |")
    ours, bm25 = means[names[-1]], means["bm25"]
    ratio = ours["MRR@10"] / bm25["MRR@10"] if bm25["MRR@10"] else float("inf")
    for s in names:
        docs = [r["systems"][s]["doc nDCG@10"] for r in rows if "doc nDCG@10" in r["systems"][s]]
        if docs:
            lines.append(f"{s}: document nDCG@10 {sum(docs) / len(docs):.4f}")
    lines.append(f"\nours / bm25 on MRR@10: {ratio:.2f}x (target 1.3x)")
    for m, goal in TARGETS.items():
        lines.append(f"{m}: {ours[m]:.4f} (target {goal}) {'met' if ours[m] >= goal else 'MISSED'}")
    return lines


def parts(rows: list[dict], names: list[str]) -> list[str]:
    """MRR@10 of each system on the questions that share a judged article with a train
    question (the memory of earlier questions can only help those) and on the rest."""
    lines = []
    for part, keep in (("sharing a judged article with train", True), ("sharing none", False)):
        some = [r for r in rows if r["shared"] == keep]
        n = max(len(some), 1)
        lines.append(f"\n{len(some)} questions {part}: | system | R@10 | R@100 | MRR@10 |")
        for s in names:
            vals = " | ".join(f"{sum(r['systems'][s][m] for r in some) / n:.4f}" for m in METRICS)
            lines.append(f"| {s} | {vals} |")
    return lines


def _our_index(jsonl: Path, work: Path) -> Path:
    """Our index in ``work``: reused when current, else built the way an operator builds it."""
    from eval_build import _ours_ready, _start_ours

    index = work / "ours"
    if not _ours_ready(index):
        if _start_ours(jsonl, index).wait() != 0:
            raise SystemExit("indexing ours failed; see output above")
    return index


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    main()
