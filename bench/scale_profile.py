"""Where a query kind of ``make bench-scale`` spends its time: the real ``SearchService`` in this
process over a built index, the same seeded query set as ``bench/scale.py``.

Per kind: wall p50/p95 and the mean of each phase of the search's ``timing`` (parse, match,
facets, rank, snippets; what ``explain=1`` shows) plus what lies outside them (the question
path's article re-ranking, current versions first); with ``--profile KIND`` also cProfile's
top functions for that kind, by own time and by cumulative time. Run the kinds twice with
``--rounds 2`` to see them warm (the generation's caches filled), as a server answers them.

    .venv/bin/python bench/scale_profile.py --index DIR --jsonl FILE [--kinds a,b]
        [--profile KIND] [--rounds 1] [--per-kind 15] [--code DIR]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--index", type=Path, required=True)
    ap.add_argument("--jsonl", type=Path, required=True)
    ap.add_argument("--kinds", help="comma-separated kinds (default: all)")
    ap.add_argument("--profile", action="append", default=[], help="cProfile this kind")
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--per-kind", type=int, default=15)
    ap.add_argument("--seed", type=int, default=9)
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--code", type=Path, default=REPO, help="checkout whose indexer to profile")
    args = ap.parse_args()
    sys.path[:0] = [str(args.code.resolve()), str(REPO / "bench")]
    from scale_compare import read_docs
    from scale_corpus import harvest_vocabulary
    from scale_queries import KINDS, query_set

    from indexer.config import Settings
    from indexer.service import SearchService

    service = SearchService(Settings.load(environ={}, index=args.index))
    service.warm_up()
    kinds = args.kinds.split(",") if args.kinds else list(KINDS)
    mix = query_set(harvest_vocabulary(), read_docs(args.jsonl), args.per_kind, args.seed)
    mix = [(k, a) for k, a in mix if k in kinds]
    for r in range(args.rounds):
        print(f"round {r + 1}: {'kind':<18}{'p50':>8}{'p95':>8}  mean ms per phase")
        for kind in kinds:
            _kind(service, kind, [a for k, a in mix if k == kind], kind in args.profile, args.top)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"peak RSS of this process: {rss} MB")


def _kind(service, kind: str, queries: list[dict], profile: bool, top: int) -> None:
    prof = cProfile.Profile() if profile else None
    walls, phases = [], {}
    for args in queries:
        req = service.request({k: [v] for k, v in args.items()})
        t = time.perf_counter()
        if prof:
            prof.enable()
        page = service.search(req)
        if prof:
            prof.disable()
        walls.append((time.perf_counter() - t) * 1000)
        timing = page.timing.to_json() if page.timing else {}
        timing["outside"] = walls[-1] - timing.get("total", 0.0)
        for name, ms in timing.items():
            phases[name] = phases.get(name, 0.0) + ms / len(queries)
    walls.sort()
    p = lambda q: walls[min(len(walls) - 1, round(q * (len(walls) - 1)))]  # noqa: E731
    shown = " ".join(f"{k}={v:.0f}" for k, v in phases.items() if k != "passes")
    print(
        f"         {kind:<18}{p(0.5):>8.0f}{p(0.95):>8.0f}  {shown} passes={phases['passes']:.1f}"
    )
    if prof:
        for key in ("tottime", "cumulative"):
            out = io.StringIO()
            pstats.Stats(prof, stream=out).sort_stats(key).print_stats(top)
            print(out.getvalue())


if __name__ == "__main__":
    main()
