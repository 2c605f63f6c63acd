"""`make bench-load`: the real server under concurrent clients, 1 process against N, one run.

Builds the shared corpus index (or reuses one with --index), starts `python -m indexer serve`
on a free loopback port with XXGK_PROCESSES=1 (the baseline) and then with N (one per core),
and runs 1, 8 and 32 clients against each for --seconds on a typical query mix drawn from the
corpus with a fixed seed: words, two words, phrases, filters, date sort, page 5, 文号,
questions, as pages and as API calls. Then, against the N-process server, a rebuild of the
same index folder (`xxgk index --jsonl … --force`) while 8 clients run, until its switch and
a little after. Reports requests/s, p50/p95, failed requests and non-200 answers (target 0
both), server RSS, the load average, and the N/1 ratios: the machine is shared, so the
absolute figures are noisy and the ratio from the same run is the comparable one.

    .venv/bin/python bench/load.py [--index DIR] [--seconds 10] [--no-rebuild]
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from load_report import CLIENTS, report

REPO = Path(__file__).resolve().parents[1]
DEFAULT_JSONL = REPO.parent / "shared" / "corpus" / "docs.jsonl.gz"
CJK = re.compile(r"[\u4e00-\u9fff]{2,}")


def query_mix(jsonl: Path, facets: dict, seed: int = 15, n: int = 400) -> list[str]:
    """Request paths: a fixed-seed sample of the corpus's titles and 文号 in the usual shapes."""
    rng = random.Random(seed)
    titles, numbers = [], []
    with gzip.open(jsonl, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            titles.append(row.get("title") or "")
            if row.get("doc_number"):
                numbers.append(row["doc_number"])
    import jieba

    runs = [r for t in rng.sample(titles, min(2000, len(titles))) for r in CJK.findall(t)]
    words = [w for r in runs for w in jieba.lcut(r) if len(w) >= 2]
    values = {k: [v["value"] for v in vs] for k, vs in facets.items() if vs}

    def shape(kind: str) -> dict:
        w, w2 = rng.choice(words), rng.choice(words)
        if kind == "phrase":
            run = rng.choice([r for r in runs if len(r) >= 4] or ["政府信息"])
            start = rng.randrange(len(run) - 3)
            return {"q": '"' + run[start : start + 4] + '"'}
        if kind == "filter":
            name = rng.choice(sorted(values))
            return {"q": w, name: rng.choice(values[name][:10])}
        return {
            "word": {"q": w},
            "two": {"q": f"{w} {w2}"},
            "date": {"q": w, "sort": "date"},
            "page5": {"q": rng.choice(["政府", "管理", "规定", "办法"]), "page": "5"},  # common
            "number": {"q": rng.choice(numbers or ["国办发〔2018〕1号"])},
            "question": {"q": f"{w}{w2}需要什么条件怎么办理"},
            "browse": {},
        }[kind]

    kinds = ["word", "two", "phrase", "filter", "date", "page5", "number", "question", "browse"]
    paths = []
    for i in range(n):
        args = urlencode(shape(kinds[i % len(kinds)]))
        paths.append(("/api/search?" if i % 2 else "/?") + args)
    return paths


class Server:
    """`python -m indexer serve` of the checkout ``code`` (this one by default) in a child
    process on a free loopback port; bench/scale.py serves another checkout the same way."""

    def __init__(
        self, index: Path, processes: int, code: Path = REPO, env: dict | None = None
    ) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        extra, env = env or {}, {k: v for k, v in os.environ.items() if not k.startswith("XXGK_")}
        env.update(extra)  # settings of this run (bench/scale.py --budget-ms)
        env.update(XXGK_INDEX=str(index), XXGK_PORT=str(self.port), XXGK_HOST="127.0.0.1")
        env.update(XXGK_PROCESSES=str(processes), PYTHONPATH=str(code))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "indexer", "serve"],
            cwd=code,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 300
        while get(self.port, "/api/search?q=%E6%94%BF%E5%BA%9C")[0] != 200:
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise SystemExit("server did not start")
            time.sleep(0.5)

    def rss_mb(self, kind: str = "VmRSS") -> int:
        """Resident memory of the server and its workers (``RssAnon``: without mapped files,
        which every searcher maps again and which the page cache shares)."""
        pids = [self.proc.pid] + _children(self.proc.pid)
        total = 0
        for pid in pids:
            try:
                status = Path(f"/proc/{pid}/status").read_text()
                total += int(re.search(kind + r":\s+(\d+)", status).group(1))
            except (OSError, AttributeError):
                pass
        return round(total / 1024)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def _children(pid: int) -> list[int]:
    """The server's worker processes (their parent is ``pid``)."""
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            pass
    return out


def get(port: int, path: str, conn: http.client.HTTPConnection | None = None) -> tuple[int, bytes]:
    """(status, body); status 0 for a failed request (refused, reset, timed out)."""
    own = conn is None
    conn = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path)
        r = conn.getresponse()
        return r.status, r.read()
    except (OSError, http.client.HTTPException):
        conn.close()
        return 0, b""
    finally:
        if own:
            conn.close()


def drive(
    port: int, paths: list[str], clients: int, seconds: float, stop=None, cap: int = 20_000
) -> dict:
    """``clients`` threads, each on its own keep-alive connection, for ``seconds`` (or until
    ``stop`` is set); at most ``cap`` requests in all."""
    times: list[float] = []
    statuses: list[int] = []
    lock = threading.Lock()
    end = time.monotonic() + seconds

    def client(k: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        i = k * 37
        while time.monotonic() < end and not (stop and stop.is_set()) and len(times) < cap:
            t = time.perf_counter()
            status, _ = get(port, paths[i % len(paths)], conn)
            with lock:
                times.append(time.perf_counter() - t)
                statuses.append(status)
            if status == 0:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            i += 1
        conn.close()

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - started
    q = statistics.quantiles(times, n=20) if len(times) > 1 else [0.0] * 19
    return {
        "clients": clients,
        "requests": len(times),
        "rps": round(len(times) / wall, 1),
        "p50_ms": round(statistics.median(times) * 1000) if times else 0,
        "p95_ms": round(q[18] * 1000),
        "failed": statuses.count(0),
        "non_200": sum(1 for s in statuses if s not in (0, 200)),
        "load": round(os.getloadavg()[0], 1),
    }


def first_docs(jsonl: Path, n: int) -> Path:
    """The first ``n`` documents of ``jsonl`` in a temporary file: a rebuild that switches
    within minutes on a busy machine."""
    out = Path(tempfile.mkdtemp(prefix="xxgk-load-")) / "docs.jsonl.gz"
    with gzip.open(jsonl, "rt", encoding="utf-8") as src, gzip.open(out, "wt") as dst:
        for _, line in zip(range(n), src, strict=False):
            dst.write(line)
    return out


def rebuild_run(index: Path, jsonl: Path, port: int, paths: list[str], limit: float) -> dict:
    """8 clients while `xxgk index --force` rebuilds the served folder, until 5 s after its
    switch (or ``limit`` seconds): requests before and after the switch, failures."""
    before = (index / "CURRENT").read_text().strip()
    cmd = [sys.executable, "-m", "indexer", "index", "--jsonl", str(jsonl), "--force", "--quiet"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("XXGK_")}
    env["XXGK_INDEX"] = str(index)
    builder = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.DEVNULL)
    stop = threading.Event()
    result: dict = {}
    runner = threading.Thread(target=lambda: result.update(drive(port, paths, 8, limit, stop)))
    runner.start()
    started = time.monotonic()
    while builder.poll() is None and time.monotonic() - started < limit:
        time.sleep(1)
    switched = (index / "CURRENT").read_text().strip()
    build_s = time.monotonic() - started
    time.sleep(5)  # and across the switch: the servers reopen the new generation
    stop.set()
    runner.join()
    if builder.poll() is None:
        builder.kill()
    after = get(port, "/api/search?q=%E6%94%BF%E5%BA%9C")[0]  # 政府
    return {
        **result,
        "rebuild_s": round(build_s),
        "switched": switched != before,
        "after_switch_status": after,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--jsonl", type=Path, default=DEFAULT_JSONL)
    ap.add_argument("--index", type=Path, help="reuse this index folder (else build one)")
    ap.add_argument("--seconds", type=float, default=10.0, help="per client level")
    ap.add_argument("--processes", type=int, default=len(os.sched_getaffinity(0)))
    ap.add_argument("--no-rebuild", action="store_true")
    ap.add_argument("--rebuild-limit", type=float, default=900.0, help="seconds at most")
    ap.add_argument("--rebuild-docs", type=int, help="rebuild from the first N documents only")
    ap.add_argument("--only-rebuild", action="store_true", help="skip the client levels")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    ap.add_argument(
        "--mix",
        type=int,
        default=400,
        help="distinct requests the clients cycle through (more than a run sends: no repeats, "
        "so per-process caches only help where real traffic would also repeat itself)",
    )
    args = ap.parse_args()
    index = args.index or Path(tempfile.mkdtemp(prefix="xxgk-load-")) / "index"
    if not (index / "CURRENT").is_file():
        print(f"building {index} from {args.jsonl} …", flush=True)
        env = {**os.environ, "XXGK_INDEX": str(index)}
        cmd = [sys.executable, "-m", "indexer", "index", "--jsonl", str(args.jsonl), "--quiet"]
        subprocess.run(cmd, cwd=REPO, env=env, check=True, stdout=subprocess.DEVNULL)
    rows, rebuild = [], None
    for processes in (args.processes,) if args.only_rebuild else (1, args.processes):
        server = Server(index, processes)
        try:
            facets = json.loads(get(server.port, "/api/search?q=")[1])["facets"]
            paths = query_mix(args.jsonl, facets, n=args.mix)
            drive(server.port, paths, 8, 2)  # warm every worker
            for clients in () if args.only_rebuild else CLIENTS:
                row = drive(server.port, paths, clients, args.seconds)
                rss = {"rss_mb": server.rss_mb(), "anon_mb": server.rss_mb("RssAnon")}
                rows.append({"processes": processes, **row, **rss})
                print(json.dumps(rows[-1]), flush=True)
            if processes == args.processes and not args.no_rebuild:
                some = args.rebuild_docs and first_docs(args.jsonl, args.rebuild_docs)
                rebuild = rebuild_run(
                    index, some or args.jsonl, server.port, paths, args.rebuild_limit
                )
                rebuild["rss_mb"] = server.rss_mb()
                print(json.dumps({"rebuild": rebuild}), flush=True)
        finally:
            server.stop()
    report(rows, rebuild, args.processes)
    if args.json:
        args.json.write_text(json.dumps({"rows": rows, "rebuild": rebuild}, indent=1))


if __name__ == "__main__":
    main()
