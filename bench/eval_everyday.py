"""Short questions in everyday words (bench/queries/everyday.tsv) at article level: does the
page's first answer hold the article that answers them?

STARD's questions are long and half-legal (often a lawyer's summary of a case); a reading room
types 离婚后孩子归谁. The set is small and written by us from the statutes' text, so it is a
check of what a citizen sees, not a benchmark to tune on: the fusion's constants stay tuned on
STARD's train split. Reported for plain BM25 over all articles and for ours, with and without
the lexicon, the memory of earlier questions and the words they teach: hit@1 and hit@3 (a
judged article first, or among the three answers shown above the hits), MRR@10, R@10, R@100;
then each question's first answer.

    .venv/bin/python bench/eval_everyday.py --ours-index DIR [--work DIR]
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

from eval_data import DEFAULT_JSONL, REPO

DEFAULT_SET = REPO / "bench" / "queries" / "everyday.tsv"
METRICS = ("hit@1", "hit@3", "MRR@10", "R@10", "R@100")
_WS = re.compile(r"\s+")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--jsonl", type=Path, default=DEFAULT_JSONL, help="corpus docs.jsonl.gz")
    ap.add_argument("--set", type=Path, default=DEFAULT_SET, help="the judged questions (TSV)")
    ap.add_argument("--ours-index", type=Path, help="an existing xxgk index (only read)")
    ap.add_argument("--work", type=Path, help="keep (and reuse) our index and the BM25 model here")
    return ap.parse_args(argv)


def load_set(path: Path, corpus) -> tuple[list, dict[str, str]]:
    """The questions with, per judged article, the units of every document whose title starts
    with the law's and whose article of that label holds the words, and each question's part
    (seen / unseen); a line that finds no unit is an error (the set and the corpus disagree)."""
    from eval_article_data import ArticleQuery

    out: dict[str, ArticleQuery] = {}
    parts: dict[str, str] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        q, law, label, words, parts[q] = line.split("\t")
        keys = {
            (d, a.anchor)
            for d, title in corpus.titles.items()
            if title.startswith(law)
            for a in corpus.outlines[d]
            if a.label == label and _WS.sub("", words) in _WS.sub("", a.text)
        }
        if not keys:
            raise SystemExit(f"{path.name}:{n}: no article {law}{label} holding {words!r}")
        aq = out.setdefault(q, ArticleQuery(len(out), q))
        aq.targets[f"{law}{label}"] = keys
    return list(out.values()), parts


def scores(ranked: list[tuple[str, str]], q) -> dict[str, float]:
    from eval_article_data import score

    first = {k for keys in q.targets.values() for k in keys}
    s = score(ranked, q)
    s["hit@1"] = float(bool(ranked) and ranked[0] in first)
    s["hit@3"] = float(any(k in first for k in ranked[:3]))
    return s


def main(argv: list[str] | None = None) -> None:
    from eval_article_data import load_corpus
    from eval_article_systems import Bm25Articles, OursArticles
    from eval_articles import _our_index

    args = parse_args(argv)
    if not args.jsonl.is_file():
        raise SystemExit(f"no corpus at {args.jsonl}: the eval needs ../shared/corpus")
    t0 = time.perf_counter()
    corpus = load_corpus(args.jsonl)
    questions, parts = load_set(args.set, corpus)
    with tempfile.TemporaryDirectory(prefix="xxgk-everyday-") as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        index = args.ours_index or _our_index(args.jsonl, work)
        systems = {
            "BM25 over articles": Bm25Articles(
                corpus.units(), corpus, work / "bm25-articles.pkl.gz"
            ),
            "ours without the lexicon": OursArticles(index, 30, expand=False),
            "ours without the memory": OursArticles(index, 30, recall=False),
            "ours without the taught words": OursArticles(index, 30, taught=False),
            "ours without the vectors": OursArticles(index, 30, vectors=False),
            "ours": OursArticles(index, 30),
        }
        ranked = {name: [s.search(q) for q in questions] for name, s in systems.items()}
    print(f"{len(questions)} questions, {sum(len(q.targets) for q in questions)} judged articles")
    for part in ("seen", "unseen", None):
        some = [i for i, q in enumerate(questions) if part in (None, parts[q.text])]
        print(
            f"\n{part or 'all'} ({len(some)} questions)\n| system | " + " | ".join(METRICS) + " |"
        )
        print("|---" * (1 + len(METRICS)) + "|")
        for name, lists in ranked.items():
            got = [scores(lists[i], questions[i]) for i in some]
            vals = " | ".join(f"{sum(g[m] for g in got) / len(got):.3f}" for m in METRICS)
            print(f"| {name} | {vals} |")
    print("\nours, each question's first answer (* judged):")
    for q, r in zip(questions, ranked["ours"], strict=True):
        judged = {k for keys in q.targets.values() for k in keys}
        top = " ".join(
            f"{'*' if k in judged else ''}{corpus.titles.get(k[0], k[0])[-10:]}{k[1]}"
            for k in r[:3]
        )
        print(f"  {parts[q.text]:>6} {q.text}: {top}")
    print(f"total wall time {time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    sys.path[:0] = [str(REPO), str(Path(__file__).parent)]
    main()
