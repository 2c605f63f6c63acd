"""Two builds of one JSONL answer alike: ``python bench/build_answers.py OLD_INDEX NEW_INDEX
JSONL``.

A change to the build must not change what the index answers. This serves both indexes with
this checkout's code (``load.Server``, one process each), sends every query of the seeded
``scale_queries`` mix to both, and compares the JSON answers minus ``timing`` (totals, hits,
order, scores, snippets, facets). The last line is ``BENCH-ANSWERS {json}``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale_compare import Side, read_docs  # noqa: E402
from scale_corpus import harvest_vocabulary  # noqa: E402
from scale_queries import query_set  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("old", type=Path)
    ap.add_argument("new", type=Path)
    ap.add_argument("jsonl", type=Path)
    ap.add_argument("--per-kind", type=int, default=15)
    ap.add_argument("--seed", type=int, default=21)
    args = ap.parse_args()
    queries = query_set(harvest_vocabulary(), read_docs(args.jsonl), args.per_kind, args.seed)
    sides = []
    try:
        sides = [Side("old", args.old, REPO, {}), Side("new", args.new, REPO, {})]
        same, cut, differ = 0, 0, []
        for kind, q in queries:
            old, new = (s.ask(kind, q) for s in sides)
            if old is None or new is None:
                differ.append({"kind": kind, "args": q, "failed": True})
            elif old.get("partial") or new.get("partial"):
                cut += 1  # a budget-cut answer depends on the machine's load
            elif old == new:
                same += 1
            else:
                differ.append({"kind": kind, "args": q})
    finally:
        for s in sides:
            s.server.stop()
    res = {"queries": len(queries), "identical": same, "partial": cut, "differ": differ}
    print(
        f"{same} of {len(queries)} answers identical, {cut} cut by the budget, {len(differ)} differ"
    )
    print("BENCH-ANSWERS " + json.dumps(res, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
