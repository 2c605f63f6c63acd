"""`make eval`: measured relevance of our ranking against the newcomer baseline and plain BM25.

One run indexes ../shared/corpus/docs.jsonl.gz three ways (ours through `python -m indexer
index`, the stock jieba + Whoosh baseline of bench/run.py, and rank_bm25 over jieba tokens),
then runs two judged query sets through all three in the same process:

* bench/queries/judged.jsonl: hand-judged queries of eight kinds (topic, phrase, docnum,
  dept_topic, year, abbrev, traditional, question), graded 2/1 by reading the documents;
* STARD (../shared/corpus/eval/stard): real lay-person legal questions, relevance 1.

It prints nDCG@10, MRR and recall@100 per set and nDCG@10 per query type, always with the
baseline from the same run, and writes every query's results to bench/out/eval-<time>.json.

    .venv/bin/python bench/eval.py [--work DIR] [--stard-sample N] [--skip-stard]
    .venv/bin/python bench/eval.py --ours-index DIR --baseline-index DIR --bm25-model FILE
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from eval_build import Built, prepare
from eval_data import (
    DEFAULT_JSONL,
    DEFAULT_JUDGED,
    DEFAULT_STARD,
    REPO,
    Query,
    iter_docs,
    load_judged,
    load_stard,
)
from eval_metrics import score_run
from eval_report import SYSTEMS, set_table, target_lines, type_table, worst_table
from eval_systems import BaselineSystem, Bm25System, OursSystem

DEFAULT_OUT = REPO / "bench" / "out"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--jsonl", type=Path, default=DEFAULT_JSONL, help="corpus docs.jsonl.gz")
    ap.add_argument("--judged", type=Path, default=DEFAULT_JUDGED, help="judged query set")
    ap.add_argument("--stard", type=Path, default=DEFAULT_STARD, help="STARD folder")
    ap.add_argument(
        "--stard-sample",
        type=int,
        default=0,
        help="score a seeded sample of N STARD queries (0: all)",
    )
    ap.add_argument("--seed", type=int, default=5, help="seed of the STARD sample")
    ap.add_argument("--skip-stard", action="store_true", help="judged set only")
    ap.add_argument("--work", type=Path, help="keep (and reuse) the indexes here; default: temp")
    ap.add_argument("--ours-index", type=Path, help="existing xxgk index folder to query")
    ap.add_argument("--baseline-index", type=Path, help="existing baseline Whoosh index folder")
    ap.add_argument("--bm25-model", type=Path, help="existing bm25.pkl.gz from a --work folder")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder for the JSON results")
    ap.add_argument("--worst", type=int, default=10, help="how many worst queries to list")
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    t0 = time.perf_counter()
    if not args.jsonl.is_file():
        raise SystemExit(f"no corpus at {args.jsonl}: the eval needs ../shared/corpus")
    known = {d["id"] for d in iter_docs(args.jsonl)}
    sets = {"judged": load_judged(args.judged, known)}
    if not args.skip_stard:
        sets["stard"] = load_stard(args.stard, known, args.stard_sample or None, args.seed)
    stard_mode = _stard_mode(args, sets)
    print(
        f"corpus: {len(known)} documents; "
        + "; ".join(f"{k}: {len(v)} queries" for k, v in sets.items())
    )
    print(f"STARD: {stard_mode}", flush=True)

    with tempfile.TemporaryDirectory(prefix="xxgk-eval-") as tmp:
        work = args.work or Path(tmp)
        t = time.perf_counter()
        built = prepare(args.jsonl, work, args.ours_index, args.baseline_index, args.bm25_model)
        build_s = time.perf_counter() - t
        _print_built(built, build_s, kept=args.work is not None)
        systems = [OursSystem(built.ours), BaselineSystem(built.baseline), Bm25System(built.bm25)]
        results, query_s = {}, {}
        for name, queries in sets.items():
            results[name], query_s[name] = run_set(queries, systems)

    lines = []
    for name, rows in results.items():
        lines += set_table(name, rows)
        lines += [""] + type_table(rows) + [""] + worst_table(rows, args.worst)
        lines += [""] + target_lines(name, rows)
        per_q = ", ".join(
            f"{s} {query_s[name][s] / max(len(rows), 1) * 1000:.0f} ms" for s in SYSTEMS
        )
        lines.append(f"mean time per query: {per_q}")
    total = time.perf_counter() - t0
    lines.append(f"\ntotal wall time {total:.0f} s (building/opening indexes {build_s:.0f} s)")
    print("\n".join(lines))
    path = write_json(args, results, built, build_s, total, query_s, stard_mode)
    print(f"per-query results: {path.relative_to(REPO) if path.is_relative_to(REPO) else path}")


def run_set(queries: list[Query], systems: list) -> tuple[list[dict], dict[str, float]]:
    """Every query through every system; per-query metrics plus time spent per system."""
    spent = {s.name: 0.0 for s in systems}
    rows = []
    for q in queries:
        row = {"qid": q.qid, "type": q.type, "query": q.text, "relevant": q.qrels, "systems": {}}
        for system in systems:
            t = time.perf_counter()
            run = system.search(q.text)
            spent[system.name] += time.perf_counter() - t
            row["systems"][system.name] = {
                **score_run(run.docs, q.qrels),
                "docs": run.docs,
                "total": run.total,
                "error": run.error,
            }
        rows.append(row)
    return rows, spent


def write_json(args, results, built: Built, build_s, total, query_s, stard_mode) -> Path:
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"eval-{datetime.now():%Y%m%dT%H%M%S}.json"
    data = {
        "corpus": str(args.jsonl),
        "stard": stard_mode,
        "build_seconds": {**built.seconds, "total": build_s},
        "reused": built.reused,
        "wall_seconds": total,
        "query_seconds": query_s,
        "sets": results,
    }
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def _stard_mode(args: argparse.Namespace, sets: dict) -> str:
    if args.skip_stard:
        return "skipped"
    n = len(sets["stard"])
    if args.stard_sample and n == args.stard_sample:
        return f"seeded sample of {n} queries (seed {args.seed})"
    return f"all {n} queries"


def _print_built(built: Built, seconds: float, kept: bool) -> None:
    parts = [f"{k} {v:.0f} s" for k, v in built.seconds.items()]
    if built.reused:
        parts.append("reused " + ", ".join(built.reused))
    print(f"indexes ready in {seconds:.0f} s ({'; '.join(parts)}; builds overlap)")
    if kept:
        print(
            f"reuse with: --ours-index {built.ours} --baseline-index {built.baseline} "
            f"--bm25-model {built.bm25}  (or the same --work)"
        )
    print(flush=True)


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    main()
