"""`make bench-reindex-load`: the weekly reindex while the real server answers 16 clients.

The server (`python -m indexer serve`, one process per core, bench/load.py's ``Server``) serves
an index of the shared corpus; 16 clients on loopback run bench/load.py's query mix for
--seconds (the baseline), then again while `xxgk index` runs and switches, until a few seconds
after its switch (at most --limit seconds): first an incremental run with 1 % of the records
changed (bench/reindex.py's week of edits, additions, deletions and one repeal), then a
`--full` run back to the original records. Reported per phase: requests, failed requests
and non-200 answers (target 0 both), p95 and its ratio to the baseline's p95 in the same run,
and whether the answers after the switch come from the new generation: the record the
update adds (``bench-load-repealer``) answers 200 after the update and 404 after the full run, on
every server process, and /healthz names the generation CURRENT names.

    .venv/bin/python bench/reindex_load.py [--index DIR] [--seconds 60] [--full-docs N]
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

from load import DEFAULT_JSONL, REPO, Server, drive, first_docs, get, query_mix
from reindex import change_one_percent, read_records, write_records

#: The record only the updated generation holds (its own id: the source may hold a
#: ``bench-repealer`` of bench/reindex.py's week two already).
ADDED_ID = "bench-load-repealer"
ADDED = f"/api/doc/{ADDED_ID}"


def index_cmd(index: Path, jsonl: Path, *flags: str) -> subprocess.Popen:
    """`xxgk index` of ``jsonl`` into ``index`` in a child process (as cron runs it)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("XXGK_")}
    env["XXGK_INDEX"] = str(index)
    cmd = [sys.executable, "-m", "indexer", "index", "--jsonl", str(jsonl), "--quiet", *flags]
    return subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.DEVNULL)


def during(server: Server, index: Path, run: subprocess.Popen, paths, args, want: int) -> dict:
    """The clients from the start of ``run`` until 6 s after it ends (health answers are
    cached 5 s), at most ``args.limit`` seconds; then what the new generation answers."""
    before = (index / "CURRENT").read_text().strip()
    stop, result = threading.Event(), {}
    clients = threading.Thread(
        target=lambda: result.update(
            drive(server.port, paths, args.clients, args.limit, stop, cap=10**7)
        )
    )
    started = time.monotonic()
    clients.start()
    while run.poll() is None and time.monotonic() - started < args.limit:
        time.sleep(0.5)
    run_s = time.monotonic() - started
    time.sleep(6)
    stop.set()
    clients.join()
    if run.poll() is None:
        run.kill()
    current = (index / "CURRENT").read_text().strip()
    added = [get(server.port, ADDED)[0] for _ in range(4 * args.processes)]
    health = [json.loads(get(server.port, "/healthz")[1] or b"{}") for _ in range(4)]
    return {
        **result,
        "index_s": round(run_s, 1),
        "exit_code": run.returncode,
        "switched": current != before,
        "new_generation_answers": all(s == want for s in added)
        and all(h.get("generation") == current for h in health),
        "added_record_status": sorted(set(added)),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--jsonl", type=Path, default=DEFAULT_JSONL)
    ap.add_argument("--index", type=Path, help="an index of --jsonl to reuse (else built)")
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--seconds", type=float, default=60.0, help="the baseline before")
    ap.add_argument("--limit", type=float, default=3600.0, help="per index run, at most")
    ap.add_argument("--processes", type=int, default=len(os.sched_getaffinity(0)))
    ap.add_argument("--full-docs", type=int, help="the --full run from the first N records")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="xxgk-reindex-load-"))
    index = args.index or work / "index"
    if not (index / "CURRENT").is_file():
        print(f"building {index} from {args.jsonl} …", flush=True)
        if index_cmd(index, args.jsonl).wait() != 0:
            sys.exit("the first build failed")
    changed, facts = change_one_percent(read_records(args.jsonl, None))
    changed[-1]["id"] = ADDED_ID  # the repealer, last
    write_records(work / "changed.jsonl.gz", changed)
    back = first_docs(args.jsonl, args.full_docs) if args.full_docs else args.jsonl
    print(f"week two: {facts}; the --full run reads {back}", flush=True)
    server = Server(index, args.processes)
    out: dict = {}
    try:
        facets = json.loads(get(server.port, "/api/search?q=")[1])["facets"]
        paths = query_mix(args.jsonl, facets)
        drive(server.port, paths, 8, 2)  # warm every worker
        out["before"] = drive(server.port, paths, args.clients, args.seconds)
        print(json.dumps({"before": out["before"]}), flush=True)
        update = index_cmd(index, work / "changed.jsonl.gz")
        out["update"] = during(server, index, update, paths, args, 200)
        print(json.dumps({"update": out["update"]}), flush=True)
        flags = ("--full", "--force") if args.full_docs else ("--full",)
        out["full"] = during(server, index, index_cmd(index, back, *flags), paths, args, 404)
        print(json.dumps({"full": out["full"]}), flush=True)
    finally:
        server.stop()
    base = max(out["before"]["p95_ms"], 1)
    for phase in ("update", "full"):
        r = out[phase]
        print(
            f"{phase}: index run {r['index_s']} s (exit {r['exit_code']}, switched "
            f"{r['switched']}, new generation answers {r['new_generation_answers']}); "
            f"{r['requests']} requests, failed {r['failed']}, non-200 {r['non_200']}, "
            f"p95 {r['p95_ms']} ms vs {out['before']['p95_ms']} ms before "
            f"({r['p95_ms'] / base:.2f}×), load {r['load']}"
        )
    if args.json:
        args.json.write_text(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
