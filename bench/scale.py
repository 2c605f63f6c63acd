"""`make bench-scale N=…`: build and serve a generated corpus of N documents and hold the
figures against issue 9's targets for a province's 100,000 documents.

Steps, each in its own process so that one's memory does not count for another's:
1. ``scale_corpus`` writes N documents as JSONL (seeded).
2. ``xxgk index --jsonl`` builds them (the real pipeline): docs/s, MB/s, peak RSS (the largest
   process, and the whole process tree sampled twice a second), index size.
3. The stock jieba + Whoosh recipe (``bench/run.py``'s baseline) builds the first N/10 (it
   cannot afford more in a session: one giant segment); its docs/s is the same-run yardstick.
4. ``xxgk serve`` on loopback answers the ``scale_queries`` mix over HTTP, one client, one
   keep-alive connection: p50/p95/p99 per kind and over the whole mix, then the server's RSS.

``--index DIR --jsonl FILE`` serves an index a run already built, without generating or
building (``scale_compare.py``); ``--base OLD`` then serves a detached checkout of the old code
beside it, every query to both, and checks that their answers are identical.
``--build-only`` stops after step 2 (the build's figures, for comparing builds of two codes in
one run). ``--code DIR`` builds and serves with another checkout's ``indexer`` (the old code, for a
baseline in the same run); the generator and the harness stay this checkout's. ``--engine
tantivy`` (``make bench-scale ENGINE=tantivy``) builds and serves the tantivy engine and holds it
to issue 16's targets; the stock Whoosh recipe's build stays beside it as the same-run yardstick.
The last line is ``BENCH-SCALE {json}`` with every figure, for later sessions to compare.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load import Server, _children, get  # noqa: E402
from scale_compare import compare, read_docs  # noqa: E402
from scale_corpus import generate, harvest_vocabulary, write_jsonl  # noqa: E402
from scale_queries import KINDS, query_set  # noqa: E402
from scale_report import ENGINE_TARGETS, report  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


def rss_mb(pid: int, kind: str = "VmRSS") -> int:
    """Resident memory of ``pid`` and all its descendants, in MB."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo.extend(_children(p))
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith(kind + ":"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return round(total / 1024)


def run_measured(cmd: list[str], cwd: Path, env: dict) -> dict:
    """Run ``cmd``; wall seconds, CPU seconds (less sensitive to other load than wall time),
    the largest process's peak RSS and the tree's sampled peak."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL)
    tree = [0]

    def sample() -> None:
        while proc.returncode is None:
            tree[0] = max(tree[0], rss_mb(proc.pid))
            time.sleep(0.5)

    threading.Thread(target=sample, daemon=True).start()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = status
    if status != 0:
        raise SystemExit(f"failed ({status}): {' '.join(cmd)}")
    seconds = time.perf_counter() - t
    return {
        "seconds": seconds,
        "cpu_s": usage.ru_utime + usage.ru_stime,  # the tree's processes that were waited for
        "peak_rss_mb": usage.ru_maxrss / 1024,
        "tree_peak_rss_mb": tree[0],
    }


def dir_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


def code_env(code: Path, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("XXGK_")}
    return {**env, "PYTHONPATH": str(code), **extra}


def build_xxgk(jsonl: Path, index: Path, code: Path, engine: str = "whoosh") -> dict:
    cmd = [sys.executable, "-m", "indexer", "index", "--jsonl", str(jsonl), "--quiet"]
    res = run_measured(cmd, code, code_env(code, XXGK_INDEX=str(index), XXGK_ENGINE=engine))
    return {**res, "index_mb": dir_mb(index)}


def build_baseline(jsonl: Path, out: Path, n: int) -> dict:
    cmd = [sys.executable, str(REPO / "bench" / "run.py"), "--phase", "baseline"]
    cmd += ["--jsonl", str(jsonl), "--out", str(out), "--limit", str(n)]
    res = run_measured(cmd, REPO, code_env(REPO))
    return {**res, "index_mb": dir_mb(out)}


def time_queries(port: int, queries: list[tuple[str, dict]]) -> tuple[dict, int]:
    """Milliseconds per kind, one client on one keep-alive connection; failures counted."""
    import http.client
    from urllib.parse import urlencode

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    times: dict[str, list[float]] = {k: [] for k in KINDS}
    failed = 0
    for kind, args in queries:
        t = time.perf_counter()
        status, _ = get(port, "/api/search?" + urlencode(args), conn)
        times[kind].append((time.perf_counter() - t) * 1000)
        if status != 200:
            failed += 1
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    return times, failed


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))] if s else 0.0


def summary(times: dict[str, list[float]]) -> dict:
    out = {k: {f"p{p}": round(pct(v, p), 1) for p in (50, 95, 99)} for k, v in times.items()}
    every = [t for v in times.values() for t in v]
    out["all"] = {f"p{p}": round(pct(every, p), 1) for p in (50, 95, 99)}
    return out


def serve_and_query(index: Path, code: Path, queries: list) -> dict:
    server = Server(index, 1, code)
    try:
        get(server.port, "/api/search?q=%E5%85%AC%E5%BC%80")  # open the reader once
        times, failed = time_queries(server.port, queries)
        return {
            "latency": summary(times),
            "failed": failed,
            "server_rss_mb": rss_mb(server.proc.pid),
        }
    finally:
        server.stop()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=9)
    ap.add_argument("--baseline-n", type=int, help="documents for the stock recipe (N/10)")
    ap.add_argument("--per-kind", type=int, default=15, help="queries of each kind")
    ap.add_argument("--code", type=Path, default=REPO, help="checkout whose indexer to measure")
    ap.add_argument("--workdir", type=Path, help="keep corpus and indexes here (else a temp dir)")
    ap.add_argument("--engine", default="whoosh", choices=sorted(ENGINE_TARGETS))
    ap.add_argument("--index", type=Path, help="serve this built index: no generation, no build")
    ap.add_argument(
        "--jsonl", type=Path, help="with --index: its JSONL; alone: build it (no generation)"
    )
    ap.add_argument("--base", type=Path, help="with --index: old checkout served beside --code")
    ap.add_argument("--budget-ms", type=int, help="XXGK_REQUEST_BUDGET_MS of the servers")
    ap.add_argument(
        "--build-only", action="store_true", help="xxgk's build alone: no stock build, no queries"
    )
    args = ap.parse_args()
    if args.jsonl and not args.index:
        args.index = build_from(args)
    if args.index:
        return reuse(args)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="xxgk-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    res: dict = {"n": args.n, "seed": args.seed, "code": str(args.code.resolve())}
    res["engine"] = args.engine
    t = time.perf_counter()
    vocab = harvest_vocabulary()
    corpus = generate(args.n, args.seed, vocab)
    jsonl = work / f"scale-{args.n}-{args.seed}.jsonl.gz"
    write_jsonl(corpus, jsonl)
    res["generate_s"] = round(time.perf_counter() - t, 1)
    mb = sum(len(d["body"].encode()) for d in corpus.docs) / 2**20
    res["corpus"] = {
        "docs": args.n,
        "body_mb": round(mb, 1),
        "chars": sum(len(d["body"]) for d in corpus.docs),
    }
    print(
        f"generated {args.n} documents ({mb:.0f} MB of text) in {res['generate_s']} s", flush=True
    )
    built = build_xxgk(jsonl, work / "index", args.code.resolve(), args.engine)
    res["xxgk_build"] = _rates(built, args.n, mb)
    print("xxgk build:", json.dumps(res["xxgk_build"]), flush=True)
    if args.build_only:
        report_build(res)
        print("BENCH-SCALE " + json.dumps(res, ensure_ascii=False), flush=True)
        return
    bn = args.baseline_n or max(1, args.n // 10)
    bmb = sum(len(d["body"].encode()) for d in corpus.docs[:bn]) / 2**20
    res["baseline_build"] = {
        "docs": bn,
        **_rates(build_baseline(jsonl, work / "baseline", bn), bn, bmb),
    }
    print(
        f"stock jieba+Whoosh build of the first {bn}:",
        json.dumps(res["baseline_build"]),
        flush=True,
    )
    queries = query_set(vocab, corpus.docs, args.per_kind, args.seed)
    res.update(serve_and_query(work / "index", args.code.resolve(), queries))
    report(res)
    print("BENCH-SCALE " + json.dumps(res, ensure_ascii=False), flush=True)


def build_from(args: argparse.Namespace) -> Path:
    """``--jsonl FILE`` alone: build a corpus generated earlier (a million documents take
    half an hour to generate) into ``--workdir``; the build's figures, then ``reuse``'s."""
    work = args.workdir or Path(tempfile.mkdtemp(prefix="xxgk-scale-"))
    n, chars = 0, 0
    for doc in read_docs(args.jsonl):
        n, chars = n + 1, chars + len(doc["body"].encode())
    res = {
        "n": n,
        "code": str(args.code.resolve()),
        "engine": args.engine,
        "jsonl": str(args.jsonl),
    }
    built = build_xxgk(args.jsonl, work / "index", args.code.resolve(), args.engine)
    res["xxgk_build"] = _rates(built, n, chars / 2**20)
    report_build(res)
    print("BENCH-SCALE " + json.dumps(res, ensure_ascii=False), flush=True)
    if args.build_only:
        raise SystemExit(0)
    return work / "index"


def reuse(args: argparse.Namespace) -> None:
    """Serve an existing index (scale_compare.py): this code's figures, and with ``--base`` the
    old code's beside them from the same run and whether their answers are identical."""
    if not args.jsonl:
        raise SystemExit("--index needs --jsonl (the documents the index was built from)")
    docs = read_docs(args.jsonl)
    res: dict = {"n": len(docs), "seed": args.seed, "code": str(args.code.resolve())}
    res.update(engine=args.engine, reused=str(args.index))
    queries = query_set(harvest_vocabulary(), docs, args.per_kind, args.seed)
    env = {} if args.budget_ms is None else {"XXGK_REQUEST_BUDGET_MS": str(args.budget_ms)}
    codes = {"new": args.code.resolve()}
    if args.base:
        codes = {"base": args.base.resolve(), **codes}
    got = compare(args.index, codes, queries, env)
    new = got["new"]
    res.update(latency=summary(new["times"]), failed=new["failed"], errors=new["errors"])
    res["server_rss_mb"] = new["server_rss_mb"]
    if args.base:
        old = got["base"]
        res["base"] = {"code": str(args.base.resolve()), "latency": summary(old["times"])}
        res["base"].update(failed=old["failed"], errors=old["errors"])
        res["base"]["server_rss_mb"] = old["server_rss_mb"]
        res["answers"] = got["answers"]
    report(res)
    print("BENCH-SCALE " + json.dumps(res, ensure_ascii=False), flush=True)


def _rates(build: dict, n: int, mb: float) -> dict:
    s = build["seconds"]
    return {
        **{k: round(v, 1) for k, v in build.items()},
        "docs_per_s": round(n / s, 1),
        "mb_per_s": round(mb / s, 3),
    }


def report_build(res: dict) -> None:
    """``--build-only``: the build's figures against the targets."""
    b, t = res["xxgk_build"], ENGINE_TARGETS[res["engine"]]
    print(f"\nbench-scale build: {res['n']} generated documents, engine {res['engine']}")
    print(f"code {res['code']}: {b['docs_per_s']} docs/s (>= {t['build_docs_per_s']}), ", end="")
    print(f"{b['mb_per_s']} MB/s, {b['seconds']} s ({b['cpu_s']} CPU s), index {b['index_mb']} MB")
    print(
        f"peak RSS {b['peak_rss_mb']} MB largest process (<= 1024), {b['tree_peak_rss_mb']} MB tree"
    )


if __name__ == "__main__":
    main()
