"""`make bench-export`: what an export, a feed and /stats cost, as ratios against the results
page of the same search in the same run (issue 11 items 10-12; the basis for the default
``export_max_rows``).

Through the real Flask app over a real index: for each search, the median wall time (and the
peak of Python allocations, tracemalloc) of the results page (baseline), /export as CSV and
as XLSX, and /feed; then /stats for the newest years against the home page.

    .venv/bin/python bench/staff_desk.py [--index DIR | --jsonl FILE] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from urllib.parse import quote, unquote

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO)]
DEFAULT_JSONL = REPO.parent / "shared" / "corpus" / "docs.jsonl.gz"
SEARCHES = ["", "q=" + quote("通知"), "q=" + quote("政府信息公开"), "q=" + quote("住房公积金 提取")]
KINDS = {"page": "/?{}", "csv": "/export?format=csv&{}", "xlsx": "/export?format=xlsx&{}"}
KINDS["feed"] = "/feed?{}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--index", type=Path, help="an index folder (default: build one)")
    ap.add_argument("--jsonl", type=Path, default=DEFAULT_JSONL)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="xxgk-desk-") as tmp:
        index = args.index or _build(args.jsonl, Path(tmp))
        _run(index, args.repeat)


def _build(jsonl: Path, tmp: Path) -> Path:
    print(f"indexing {jsonl} …", flush=True)
    cmd = [sys.executable, "-m", "indexer", "index", "--jsonl", str(jsonl), "--quiet"]
    subprocess.run([*cmd, "--index", str(tmp / "index")], check=True, cwd=REPO)
    return tmp / "index"


def _run(index: Path, repeat: int) -> None:
    from indexer.config import Settings
    from search_app import create_app

    settings = Settings.load(environ={}, config_file=None, index=index, docs=index.parent)
    client = create_app(settings).test_client()
    print(f"export cap {settings.export_max_rows}, feed {settings.feed_entries} entries")
    print(f"{'search':<22} {'hits':>6} " + " ".join(f"{k:>16}" for k in KINDS))
    for search in SEARCHES:
        total = client.get("/api/search?" + search).get_json()["total"]
        cost = {k: _measure(client, url.format(search), repeat) for k, url in KINDS.items()}
        base_ms, base_mb = cost["page"]
        cells = [f"{ms:7.0f} ms ×{ms / base_ms:5.1f}" for ms, _ in cost.values()]
        label = unquote(search.split("=", 1)[-1]) or "(all)"
        print(f"{label[:22]:<22} {total:>6} " + " ".join(cells))
        mem = [f"{mb:7.1f} MB ×{mb / base_mb:5.1f}" for _, mb in cost.values()]
        print(f"{'  peak allocations':<29} " + " ".join(mem))
    years = [v["value"] for v in client.get("/api/search").get_json()["facets"]["year"]][:3]
    home_ms, _ = _measure(client, "/", repeat)
    for year in years:
        ms, mb = _measure(client, f"/stats?year={year}", repeat)
        print(f"/stats?year={year}: {ms:.0f} ms (×{ms / home_ms:.1f} the home page), {mb:.1f} MB")


def _measure(client, url: str, repeat: int) -> tuple[float, float]:
    """Median milliseconds of ``repeat`` GETs, then the peak of Python allocations (MB) of one
    more under tracemalloc (which slows it, so it is not timed)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        answer = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert answer.status_code == 200, (url, answer.status_code)
    tracemalloc.start()
    client.get(url)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return statistics.median(times), peak


if __name__ == "__main__":
    main()
