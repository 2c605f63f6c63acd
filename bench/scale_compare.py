"""``bench/scale.py --index DIR --jsonl FILE [--base OLD]``: measure query-side changes on one
existing index, without generating or building anything.

Building 100,000 documents takes the better part of an hour, and a change to the query path
needs no new index: this serves the index a run already built, with the query set drawn from
its own JSONL (the same seeded draw as a full run). With ``--base`` (a detached checkout of the
old code) both codes serve the same index at the same time and every query goes to both, back to
back, whose turn is first alternating: the load other processes put on a shared machine falls on
both alike, so the per-kind ratio new/old is the comparable figure. Every pair of answers is
also compared: the JSON minus ``timing`` must be identical (totals, hits, order, scores,
snippets, facets); a pair where either side ran out of its work budget (``partial``) is counted
apart, since a cut answer depends on the machine's load.
"""

from __future__ import annotations

import gzip
import http.client
import json
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

from load import Server, get
from scale_queries import KINDS


def read_docs(jsonl: Path) -> list[dict]:
    """The generated records, in file order (the order ``scale_corpus.generate`` made them)."""
    opener = gzip.open if jsonl.suffix == ".gz" else open
    with opener(jsonl, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _answer(body: bytes) -> dict | None:
    try:
        out = json.loads(body)
    except ValueError:
        return None
    out.pop("timing", None)
    return out


class Side:
    """One code's server over the index, its connection and its figures."""

    def __init__(self, name: str, index: Path, code: Path, env: dict[str, str]) -> None:
        self.name, self.code = name, code
        self.server = Server(index, 1, code, env)
        get(self.server.port, "/api/search?q=%E5%85%AC%E5%BC%80")  # open the reader once
        self.conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=120)
        self.times: dict[str, list[float]] = {k: [] for k in KINDS}
        self.failed = 0
        self.errors: list[dict] = []  # the failed requests: status (0: no answer), query

    def ask(self, kind: str, args: dict) -> dict | None:
        path = "/api/search?" + urlencode(args)
        t = time.perf_counter()
        status, body = get(self.server.port, path, self.conn)
        if status == 0:  # the kept-alive connection was dropped while idle: once more, anew
            self.conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=120)
            t = time.perf_counter()
            status, body = get(self.server.port, path, self.conn)
        self.times[kind].append((time.perf_counter() - t) * 1000)
        if status != 200:
            self.failed += 1
            self.errors.append({"status": status, "kind": kind, "args": args})
            self.conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=120)
            return None
        return _answer(body)


def compare(index: Path, codes: dict[str, Path], queries: list, env: dict[str, str]) -> dict:
    """Serve ``index`` with each of ``codes`` ({"base": old, "new": this}) at once and send
    every query to each, alternating which goes first. Per side: times, failures and RSS after
    the mix; and how many answer pairs are identical, differ, or were cut by the budget."""
    sides: list[Side] = []
    try:
        with ThreadPoolExecutor(len(codes)) as pool:  # start together: each opens the index
            started = [pool.submit(Side, name, index, code, env) for name, code in codes.items()]
            sides += [f.result() for f in started if f.exception() is None]
            for f in started:  # a side that did not start: stop the others (finally), say why
                f.result()
        same, cut, differ = 0, 0, []
        for i, (kind, args) in enumerate(queries):
            turn = sides if i % 2 == 0 else sides[::-1]
            got = {s.name: s.ask(kind, args) for s in turn}
            answers = list(got.values())
            if len(answers) < 2 or None in answers:
                continue
            if any(a.get("partial") for a in answers):
                cut += 1
            elif all(a == answers[0] for a in answers[1:]):
                same += 1
            else:
                differ.append({"kind": kind, "args": args})
        rss = {s.name: s.server.rss_mb() for s in sides}
        out = {
            s.name: {
                "times": s.times,
                "failed": s.failed,
                "errors": s.errors,
                "server_rss_mb": rss[s.name],
            }
            for s in sides
        }
        out["answers"] = {"identical": same, "partial": cut, "differ": differ}
        return out
    finally:
        for s in sides:
            s.server.stop()
