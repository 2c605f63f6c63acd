"""Fragment check (issue 9 item 2): quoted stretches copied out of real documents, cut anywhere.

Draws fragments at random (seeded) documents, positions and lengths 1–40 from the corpus,
quotes each and asks the service. Which documents truly contain a fragment is found by plain
string search over the same folded text (``textnorm.compact`` of title + body), so the check
needs nothing from the engine. Reports zero-result answers, unique fragments at rank 1, totals
that differ from the true count, and p50/p95 latency. `make bench` runs it on the index it
builds; alone:

    .venv/bin/python bench/fragments.py --index DIR [--jsonl ../shared/corpus/docs.jsonl.gz]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_JSONL = REPO.parent / "shared" / "corpus" / "docs.jsonl.gz"
#: A quotation mark inside the quote would end it, so such stretches are not drawn.
QUOTE_MARKS = set('"“”„‟「」『』〝〞＂')


def draw(docs: list[dict], n: int, seed: int) -> list[tuple[str, str]]:
    """(source id, fragment): a random document, a random length 1–40, a random start."""
    rng = random.Random(seed)
    out: list[tuple[str, str]] = []
    while len(out) < n:
        d = rng.choice(docs)
        text = f"{d.get('title') or ''}\n{d.get('body') or ''}"
        length = rng.randint(1, 40)
        start = rng.randrange(max(1, len(text) - length))
        frag = text[start : start + length]
        if frag.strip() and not QUOTE_MARKS & set(frag):
            out.append((str(d["id"]), frag))
    return out


def check(index: Path, docs: list[dict], n: int = 300, seed: int = 9) -> dict:
    from indexer.config import Settings
    from indexer.service import SearchService
    from indexer.textnorm import compact

    service = SearchService(Settings.load(environ={}, config_file=None, index=index))
    folded = [
        (str(d["id"]), compact(f"{d.get('title') or ''}\n{d.get('body') or ''}")) for d in docs
    ]
    res = {"fragments": n, "zero": 0, "unique": 0, "unique_first": 0, "source_missed": 0}
    res["total_differs"] = 0
    times = []
    for source, frag in draw(docs, n, seed):
        needle = compact(frag)
        truth = [i for i, text in folded if needle in text]
        req = service.request({"q": [f'"{frag}"'], "size": ["10"]})
        t = time.perf_counter()
        page = service.search(req)
        times.append((time.perf_counter() - t) * 1000)
        got = [h.doc.doc_id for h in page.hits]
        res["zero"] += page.total == 0
        res["total_differs"] += page.total != len(truth)
        res["source_missed"] += len(truth) <= 10 and source not in got
        if len(truth) == 1:
            res["unique"] += 1
            res["unique_first"] += got[:1] == [source]
    times.sort()
    res["p50_ms"] = statistics.median(times)
    res["p95_ms"] = times[int(0.95 * (len(times) - 1))]
    res["max_ms"] = times[-1]
    return res


def report(res: dict) -> None:
    print(
        f"\nfragment check: {res['fragments']} quoted fragments (lengths 1–40, seeded)\n"
        f"  zero results          {res['zero']:>6}   (target 0)\n"
        f"  unique in the corpus  {res['unique']:>6}   found at rank 1: {res['unique_first']}\n"
        f"  source not on page 1  {res['source_missed']:>6}   (of fragments in ≤ 10 documents)\n"
        f"  total ≠ true count    {res['total_differs']:>6}\n"
        f"  latency ms            p50 {res['p50_ms']:.1f}  p95 {res['p95_ms']:.1f}"
        f"  max {res['max_ms']:.1f}"
    )


def main() -> None:
    from run import load_docs  # bench/run.py, beside this file

    ap = argparse.ArgumentParser()
    ap.add_argument("--index", type=Path, required=True)
    ap.add_argument("--jsonl", type=Path, default=DEFAULT_JSONL)
    ap.add_argument("--limit", type=int)
    ap.add_argument("-n", type=int, default=300)
    ap.add_argument("--seed", type=int, default=9)
    args = ap.parse_args()
    report(check(args.index, load_docs(args.jsonl, args.limit), args.n, args.seed))


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    main()
