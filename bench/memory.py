"""`make bench-memory`: server memory after a query mix, segments read through file handles
(now) against memory-mapped segments (before), in the same run.

Each side runs in its own child process: the real SearchService over the same index, a mix of
every kind of request (words, phrases, filters, date sort, later pages, document pages with
citations and related documents, suggestions) served from 8 threads, as waitress would. It
reports RSS after warm-up, after the mix, the peak, and requests/s, with ratios now/before.

    .venv/bin/python bench/memory.py [--index DIR | --jsonl FILE [--limit N]] [--queries 1000]
        [--threads 8]
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "bench")]
DEFAULT_JSONL = REPO.parent / "shared" / "corpus" / "docs.jsonl.gz"
SIDES = {"before": "memory-mapped segments", "now": "file handles"}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--index", type=Path, help="an index folder (default: build one)")
    ap.add_argument("--jsonl", type=Path, default=DEFAULT_JSONL)
    ap.add_argument("--limit", type=int, help="index only the first N records")
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--threads", type=int, default=8)
    ap.add_argument("--child", choices=sorted(SIDES), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(_serve(args.child, args.index, args.queries, args.threads)))
        return
    with tempfile.TemporaryDirectory(prefix="xxgk-mem-") as tmp:
        index = args.index or _build(args.jsonl, Path(tmp), args.limit)
        results = {side: _child(side, index, args) for side in SIDES}
    _print(results, args)


def _build(jsonl: Path, tmp: Path, limit: int | None) -> Path:
    if limit:
        with gzip.open(jsonl, "rt", encoding="utf-8") as src:
            lines = [line for _, line in zip(range(limit), src, strict=False)]
        jsonl = tmp / "sample.jsonl"
        jsonl.write_text("".join(lines), encoding="utf-8")
    print(f"indexing {jsonl} …", flush=True)
    cmd = [sys.executable, "-m", "indexer", "index", "--jsonl", str(jsonl)]
    subprocess.run([*cmd, "--index", str(tmp / "index"), "--quiet"], check=True, cwd=REPO)
    return tmp / "index"


def _child(side: str, index: Path, args: argparse.Namespace) -> dict:
    cmd = [sys.executable, __file__, "--child", side, "--index", str(index)]
    cmd += ["--queries", str(args.queries), "--threads", str(args.threads)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=REPO).stdout
    return json.loads(out.strip().splitlines()[-1])


def _serve(side: str, index: Path, n: int, threads: int) -> dict:
    from indexer.config import Settings
    from indexer.engine import readers
    from indexer.service import SearchService

    readers.READ_MMAP = side == "before"
    settings = Settings.load(environ={}, config_file=None, index=index)
    service = SearchService(settings)
    service.warm_up()
    warm = _rss()
    mix = _mix(service, n)
    started = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(lambda job: job(), mix))
    seconds = time.perf_counter() - started
    return {"warm_mb": warm, "after_mb": _rss(), "peak_mb": _rss("VmHWM"), "rps": n / seconds}


def _mix(service, n: int) -> list:
    """n requests of every kind, the same list for both sides."""
    from run import QUERIES

    from indexer.models import SearchRequest

    ids = [h.doc.doc_id for q in QUERIES[:6] for h in service.search(SearchRequest(q=q)).hits]
    years = ("2019", "2021", "2023")

    def doc_page(doc_id: str):
        def run():
            doc = service.get(doc_id)
            if doc is not None:
                service.links(doc)
                service.related(doc)

        return run

    kinds = [
        lambda i: lambda: service.search(SearchRequest(q=QUERIES[i % len(QUERIES)])),
        lambda i: (
            lambda: service.search(
                SearchRequest(q=QUERIES[i % 20], filters={"year": (years[i % 3],)})
            )
        ),
        lambda i: lambda: service.search(SearchRequest(q=QUERIES[i % 20], sort="date", page=2)),
        lambda i: lambda: service.search(SearchRequest(q=QUERIES[20 + i % 4])),  # phrases
        lambda i: doc_page(ids[i % len(ids)]),
        lambda i: lambda: service.suggest(QUERIES[i % len(QUERIES)][:2]),
    ]
    return [kinds[i % len(kinds)](i) for i in range(n)]


def _rss(field: str = "VmRSS") -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def _print(results: dict, args: argparse.Namespace) -> None:
    before, now = results["before"], results["now"]
    print(f"\n{args.queries} requests from {args.threads} threads; one process per side\n")
    print(f"{'':<22}{'before (mmap)':>15}{'now (files)':>13}{'now/before':>12}")
    for label, key in (
        ("RSS after warm-up MB", "warm_mb"),
        ("RSS after the mix MB", "after_mb"),
        ("peak RSS MB", "peak_mb"),
        ("requests/s", "rps"),
    ):
        print(f"{label:<22}{before[key]:>15.0f}{now[key]:>13.0f}{now[key] / before[key]:>12.2f}")


if __name__ == "__main__":
    main()
