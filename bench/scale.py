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

``--reuse-index DIR`` skips both builds and serves DIR (with the workdir's JSONL when it is
there, else the generated corpus): a collection is built once and its queries measured as
often as the code changes. ``--code DIR`` builds and serves with another checkout's
``indexer`` (the old code, for a baseline in the same run); the generator and the harness stay
this checkout's. ``--engine
tantivy`` (``make bench-scale ENGINE=tantivy``) builds and serves the tantivy engine and holds it
to issue 16's targets; the stock Whoosh recipe's build stays beside it as the same-run yardstick.
The last line is ``BENCH-SCALE {json}`` with every figure, for later sessions to compare.
"""

from __future__ import annotations

import argparse
import gzip
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
from scale_corpus import generate, harvest_vocabulary, write_jsonl  # noqa: E402
from scale_queries import KINDS, query_set  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
TARGETS = {
    "p95_ms": 250,
    "p99_ms": 1000,
    "kind_p95_ms": 500,
    "server_rss_mb": 2048,
    "build_docs_per_s": 150,
    "build_peak_rss_mb": 1024,
}
#: Issue 16's targets for the tantivy engine at 100,000 documents on 2 cores.
ENGINE_TARGETS = {
    "whoosh": TARGETS,
    "tantivy": {**TARGETS, "p95_ms": 50, "p99_ms": 150, "server_rss_mb": 1024,
                "build_docs_per_s": 500},
}  # fmt: skip


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
    """Run ``cmd``; wall seconds, the largest process's peak RSS and the tree's sampled peak."""
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
    return {"seconds": seconds, "peak_rss_mb": usage.ru_maxrss / 1024, "tree_peak_rss_mb": tree[0]}


def read_jsonl(path: Path) -> list[dict]:
    """The records of a corpus written by an earlier run (``--reuse-index``)."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


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
    ap.add_argument(
        "--reuse-index",
        type=Path,
        metavar="DIR",
        help="serve this index as it is (no build, no stock build): measure the queries "
        "again on a collection built once; the workdir's JSONL is read, not generated, "
        "when it is there",
    )
    args = ap.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="xxgk-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    res: dict = {"n": args.n, "seed": args.seed, "code": str(args.code.resolve())}
    res["engine"] = args.engine
    t = time.perf_counter()
    vocab = harvest_vocabulary()
    jsonl = work / f"scale-{args.n}-{args.seed}.jsonl.gz"
    if args.reuse_index and jsonl.is_file():
        docs = read_jsonl(jsonl)
    else:
        corpus = generate(args.n, args.seed, vocab)
        write_jsonl(corpus, jsonl)
        docs = corpus.docs
    res["generate_s"] = round(time.perf_counter() - t, 1)
    mb = sum(len(d["body"].encode()) for d in docs) / 2**20
    res["corpus"] = {"docs": len(docs), "body_mb": round(mb, 1)}
    res["corpus"]["chars"] = sum(len(d["body"]) for d in docs)
    print(f"{len(docs)} documents ({mb:.0f} MB of text) in {res['generate_s']} s", flush=True)
    if args.reuse_index:
        res["reused_index"] = str(args.reuse_index.resolve())
        queries = query_set(vocab, docs, args.per_kind, args.seed)
        res.update(serve_and_query(args.reuse_index, args.code.resolve(), queries))
        report(res)
        print("BENCH-SCALE " + json.dumps(res, ensure_ascii=False), flush=True)
        return
    built = build_xxgk(jsonl, work / "index", args.code.resolve(), args.engine)
    res["xxgk_build"] = _rates(built, args.n, mb)
    print("xxgk build:", json.dumps(res["xxgk_build"]), flush=True)
    bn = args.baseline_n or max(1, args.n // 10)
    bmb = sum(len(d["body"].encode()) for d in docs[:bn]) / 2**20
    res["baseline_build"] = {
        "docs": bn,
        **_rates(build_baseline(jsonl, work / "baseline", bn), bn, bmb),
    }
    print(
        f"stock jieba+Whoosh build of the first {bn}:",
        json.dumps(res["baseline_build"]),
        flush=True,
    )
    queries = query_set(vocab, docs, args.per_kind, args.seed)
    res.update(serve_and_query(work / "index", args.code.resolve(), queries))
    report(res)
    print("BENCH-SCALE " + json.dumps(res, ensure_ascii=False), flush=True)


def _rates(build: dict, n: int, mb: float) -> dict:
    s = build["seconds"]
    return {
        **{k: round(v, 1) for k, v in build.items()},
        "docs_per_s": round(n / s, 1),
        "mb_per_s": round(mb / s, 3),
    }


def report(res: dict) -> None:
    t = ENGINE_TARGETS[res.get("engine", "whoosh")]
    print(f"\nbench-scale: {res['n']} generated documents (seed {res['seed']}), code {res['code']}")
    print(f"engine {res.get('engine', 'whoosh')}")
    if "reused_index" in res:
        print(f"index reused: {res['reused_index']} (no build measured)")
    else:
        report_build(res, t)
    report_queries(res, t)


def report_build(res: dict, t: dict) -> None:
    b, base = res["xxgk_build"], res["baseline_build"]
    print(f"{'build':<28}{'xxgk':>12}{'stock (' + str(base['docs']) + ' docs)':>22}{'target':>10}")
    rows = [
        ("docs/s", "docs_per_s", f">= {t['build_docs_per_s']}"),
        ("MB/s", "mb_per_s", ""),
        ("seconds", "seconds", ""),
    ]
    rows += [
        ("peak RSS MB (largest)", "peak_rss_mb", "<= 1024"),
        ("peak RSS MB (tree)", "tree_peak_rss_mb", ""),
    ]
    rows += [("index MB", "index_mb", "")]
    for label, key, target in rows:
        print(f"{label:<28}{b[key]:>12}{base[key]:>22}{target:>10}")


def report_queries(res: dict, t: dict) -> None:
    lat = res["latency"]
    ok = lambda good: "ok" if good else "MISSED"  # noqa: E731
    kp95 = t["kind_p95_ms"]
    print(
        f"\n{'query kind (ms, 1 client)':<28}{'p50':>9}{'p95':>9}{'p99':>9}   target p95 <= {kp95}"
    )
    for kind in [*KINDS, "all"]:
        v = lat[kind]
        mark = "" if kind == "all" else ok(v["p95"] <= kp95)
        print(f"{kind:<28}{v['p50']:>9}{v['p95']:>9}{v['p99']:>9}   {mark}")
    a, rss = lat["all"], res["server_rss_mb"]
    p95, p99, rmax, rate = t["p95_ms"], t["p99_ms"], t["server_rss_mb"], t["build_docs_per_s"]
    print(f"\nwhole mix p95 {a['p95']} ms (target <= {p95}: {ok(a['p95'] <= p95)}),", end=" ")
    print(f"p99 {a['p99']} ms (<= {p99}: {ok(a['p99'] <= p99)})")
    print(f"server RSS after the run {rss} MB (target <= {rmax}: {ok(rss <= rmax)})")
    if "xxgk_build" in res:
        b = res["xxgk_build"]
        print(
            f"build {b['docs_per_s']} docs/s (>= {rate}: {ok(b['docs_per_s'] >= rate)}),", end=" "
        )
        print(f"peak RSS {b['peak_rss_mb']} MB (<= 1024: {ok(b['peak_rss_mb'] <= 1024)})")
    print(f"failed requests: {res['failed']}")


if __name__ == "__main__":
    main()
