"""`make bench-engines`: Whoosh and tantivy side by side on ../shared/corpus (issue 16).

Builds the corpus twice through `python -m indexer index --engine …` (same documents, same
workers), then queries each index in its own process (so each RSS is its engine's alone) with
the 101 judged queries of bench/queries/judged.jsonl and generated title-word queries, and
prints, with Whoosh as the baseline of the same run: build documents/s and the write phase,
nDCG@10 per query type for both, the top-10 overlap between the engines, latency p50/p95 per
kind, and the query process's RSS.

    .venv/bin/python bench/engines.py [--work DIR] [--generated 200]
        [--whoosh-index DIR] [--tantivy-index DIR]

``--whoosh-index``/``--tantivy-index`` serve an index already built of the same corpus instead
of building one (only read: a shared read-only index is safe); its build figures are then the
ones its meta.json recorded when it was built (another run, so not a same-run ratio).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from eval_data import DEFAULT_JSONL, DEFAULT_JUDGED, REPO, iter_docs, load_judged  # noqa: E402
from eval_metrics import ndcg  # noqa: E402

ENGINES = ("whoosh", "tantivy")
BUDGET_OFF_MS = 3_600_000


def build(engine: str, jsonl: Path, index: Path) -> dict:
    """One full build in a child process; its wall time, rate and write phase."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("XXGK_")}
    cmd = [sys.executable, "-m", "indexer", "index", "--jsonl", str(jsonl), "--index", str(index)]
    cmd += ["--engine", engine, "--quiet", "--force", "--full"]
    t = time.perf_counter()
    subprocess.run(cmd, cwd=REPO, env=env, check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - t
    status = json.loads(
        subprocess.run(
            [sys.executable, "-m", "indexer", "status", "--json", "--index", str(index)],
            cwd=REPO, env=env, check=True, capture_output=True, text=True,
        ).stdout
    )  # fmt: skip
    n = status["doc_count"]
    phases = (status.get("report") or {}).get("run", {}).get("phases", {})
    return {
        "docs": n,
        "seconds": seconds,
        "docs_per_s": n / seconds,
        "write_s": phases.get("write"),
    }


def recorded(index: Path) -> dict:
    """The build figures an existing index's meta.json recorded (``--whoosh-index``)."""
    current = (index / "CURRENT").read_text(encoding="utf-8").strip()
    meta = json.loads((index / current / "meta.json").read_text(encoding="utf-8"))
    run = (meta.get("report") or {}).get("run", {})
    n, seconds = meta["doc_count"], run.get("seconds") or float("nan")
    write_s = run.get("phases", {}).get("write")
    return {"docs": n, "seconds": seconds, "docs_per_s": n / seconds, "write_s": write_s}


def queries(jsonl: Path, generated: int) -> list[tuple[str, str, dict]]:
    """(kind, text, qrels): the judged set, then title words drawn from the corpus (seeded)."""
    docs = list(iter_docs(jsonl))
    judged = load_judged(DEFAULT_JUDGED, {d["id"] for d in docs})
    out = [(q.type, q.text, q.qrels) for q in judged]
    rng = random.Random(16)
    titles = [d["title"] for d in docs if d.get("title") and len(d["title"]) >= 8]
    for _ in range(generated):
        t = rng.choice(titles)
        a = rng.randrange(0, len(t) - 4)
        out.append(("generated", t[a : a + rng.choice((2, 3, 4))], {}))
    return out


def serve(index: Path, qfile: Path) -> None:
    """Child: every query against one index; prints JSON (top 10, ms, total, RSS)."""
    from indexer.config import Settings
    from indexer.errors import BadQuery
    from indexer.service import SearchService

    # No work budget: on a loaded machine Whoosh's budget cuts answers short (fallbacks and
    # phrase checks skipped), and the engines' answers are what is compared here, not the load.
    settings = Settings.load(environ={}, index=index).replace(request_budget_ms=BUDGET_OFF_MS)
    service = SearchService(settings)
    service.warm_up()
    rows = []
    for kind, text, _ in json.loads(qfile.read_text(encoding="utf-8")):
        t = time.perf_counter()
        try:
            page = service.search(service.request({"q": [text], "size": ["10"]}))
            top, total, error = [h.doc.doc_id for h in page.hits], page.total, None
        except BadQuery as exc:
            top, total, error = [], 0, str(exc)
        rows.append({"kind": kind, "ms": (time.perf_counter() - t) * 1000, "top": top,
                     "total": total, "error": error})  # fmt: skip
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"rows": rows, "rss_mb": rss_mb}))


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(p * len(values)))] if values else 0.0


def _overlap(a: list[str], b: list[str]) -> float:
    """|A∩B| / |A∪B| of two top-10 lists (1.0 when both are empty)."""
    return len(set(a) & set(b)) / len(set(a) | set(b)) if a or b else 1.0


def report(built: dict, runs: dict, qs: list) -> list[str]:
    w, t = (runs[e]["rows"] for e in ENGINES)
    lines = ["engine   docs  build s  docs/s  write s  query RSS MB"]
    for e in ENGINES:
        b = built[e]
        lines.append(
            f"{e:<8} {b['docs']:>5} {b['seconds']:>8.1f} {b['docs_per_s']:>7.1f} "
            f"{b['write_s'] or 0:>8.1f} {runs[e]['rss_mb']:>12.0f}"
        )
    kinds = sorted({k for k, _, _ in qs})
    lines += [
        "",
        "kind           n  nDCG@10 whoosh  tantivy   top-10 overlap  p50/p95 ms whoosh   tantivy",
    ]
    for kind in [*kinds, "all"]:
        idx = [i for i, (k, _, _) in enumerate(qs) if kind in (k, "all")]
        judged = [i for i in idx if qs[i][2]]
        nd = {
            e: statistics.mean(ndcg(runs[e]["rows"][i]["top"], qs[i][2]) for i in judged)
            if judged else float("nan")
            for e in ENGINES
        }  # fmt: skip
        overlap = statistics.mean(_overlap(w[i]["top"], t[i]["top"]) for i in idx)
        lat = {e: [runs[e]["rows"][i]["ms"] for i in idx] for e in ENGINES}
        lines.append(
            f"{kind:<12} {len(idx):>3}  {nd['whoosh']:>14.3f} {nd['tantivy']:>8.3f}   "
            f"{overlap:>14.2f}  {pct(lat['whoosh'], 0.5):>6.1f}/{pct(lat['whoosh'], 0.95):<7.1f} "
            f"{pct(lat['tantivy'], 0.5):>6.1f}/{pct(lat['tantivy'], 0.95):.1f}"
        )
    errors = {e: sum(1 for r in runs[e]["rows"] if r["error"]) for e in ENGINES}
    lines.append(f"\nqueries refused (BadQuery / not supported): {errors}")
    lines.append("top-10 overlap: |A∩B| / |A∪B| of the two engines' first ten ids, per query")
    return lines


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--jsonl", type=Path, default=DEFAULT_JSONL)
    ap.add_argument("--work", type=Path, help="keep the two indexes here (default: temp)")
    ap.add_argument("--generated", type=int, default=200, help="generated title-word queries")
    for e in ENGINES:
        ap.add_argument(f"--{e}-index", type=Path, help=f"serve this {e} index, do not build")
    ap.add_argument("--serve", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--queries", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.serve:
        return serve(args.serve, args.queries)
    if not args.jsonl.is_file():
        raise SystemExit(f"no corpus at {args.jsonl}: needs ../shared/corpus")
    with tempfile.TemporaryDirectory(prefix="xxgk-engines-") as tmp:
        work = args.work or Path(tmp)
        qs = queries(args.jsonl, args.generated)
        qfile = work / "queries.json"
        work.mkdir(parents=True, exist_ok=True)
        qfile.write_text(json.dumps(qs, ensure_ascii=False), encoding="utf-8")
        built, runs = {}, {}
        index = {e: getattr(args, f"{e}_index") or work / e for e in ENGINES}
        for e in ENGINES:
            given = getattr(args, f"{e}_index")
            built[e] = recorded(given) if given else build(e, args.jsonl, index[e])
            print(f"{'recorded' if given else 'built'} {e}: {built[e]}", flush=True)
        for e in ENGINES:
            cmd = [sys.executable, __file__, "--serve", str(index[e]), "--queries", str(qfile)]
            out = subprocess.run(cmd, cwd=REPO, check=True, capture_output=True, text=True)
            runs[e] = json.loads(out.stdout.strip().splitlines()[-1])
        (work / "runs.json").write_text(json.dumps(runs, ensure_ascii=False), encoding="utf-8")
        print("\n".join(report(built, runs, qs)))


if __name__ == "__main__":
    main()
