"""`make bench`: index the shared real corpus with xxgk and with the stock baseline, in one run.

Baseline = what a newcomer would write: ``jieba.analyse.ChineseAnalyzer`` on title and body,
one writer process, facets through Whoosh ``groupedby``. Each side is indexed in its own child
process, so peak RSS is measured per side; queries run in the same process afterwards. Figures
are printed as ratios ours/baseline because timings here swing ±25 % between runs. A third
build, ours with the character field (quoted fragments) left empty, prices that field; then the
fragment check of bench/fragments.py runs on our index.

    .venv/bin/python bench/run.py [--jsonl ../shared/corpus/docs.jsonl.gz] [--limit N]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import fragments

REPO = Path(__file__).resolve().parents[1]
DEFAULT_JSONL = REPO.parent / "shared" / "corpus" / "docs.jsonl.gz"
QUERIES = [
    "政府信息公开 年度报告",
    "住房公积金",
    "最低生活保障",
    "安全生产 责任",
    "海关 进出口",
    "环境保护",
    "义务教育",
    "知识产权",
    "食品安全",
    "城乡规划",
    "行政处罚",
    "税收征收管理",
    "个人住房贷款",
    "公积金 提取",
    "消费者权益保护",
    "突发事件应对",
    "政府工作报告 2024",
    "乡村振兴",
    "营商环境",
    "数据安全",
    '"政务公开"',
    '"进一步加强"',
    '"国务院办公厅"',
    '"人民代表大会常务委员会"',
    "国办发〔2018〕1号",
    "发改办财金规[2019]860号",
    "署令〔2024〕272号",
    "房地产市场 调控",
    "医疗保障",
    "社会保险",
]


def load_docs(path: Path, limit: int | None) -> list[dict]:
    docs = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            docs.append(json.loads(line))
            if limit and len(docs) >= limit:
                break
    return docs


def baseline_schema():
    from jieba.analyse import ChineseAnalyzer
    from whoosh.fields import ID, TEXT, Schema

    ana = ChineseAnalyzer()
    return Schema(
        doc_id=ID(stored=True, unique=True),
        title=TEXT(analyzer=ana, stored=True),
        body=TEXT(analyzer=ana, stored=True),
        department=ID(stored=True),
        topic=ID(stored=True),
        doc_type=ID(stored=True),
        year=ID(stored=True),
    )


def index_baseline(jsonl: Path, out: Path, limit: int | None) -> None:
    from whoosh.filedb.filestore import FileStorage

    out.mkdir(parents=True)
    ix = FileStorage(str(out)).create_index(baseline_schema())
    w = ix.writer()  # Whoosh's defaults, as a newcomer would write it
    for d in load_docs(jsonl, limit):
        w.add_document(
            doc_id=d["id"],
            title=d.get("title") or "",
            body=d.get("body") or "",
            department=d.get("department") or "",
            topic=d.get("topic") or "",
            doc_type=d.get("doc_type") or "",
            year=(d.get("date") or "")[:4],
        )
    w.commit()


def index_ours_without_grams(jsonl: Path, out: Path, limit: int | None) -> None:
    """Ours with the character field left empty: what the fragment field costs to build/store."""
    from indexer.engine.analyzer import CharGramAnalyzer

    CharGramAnalyzer.__call__ = lambda self, value, **kwargs: iter(())
    index_ours(jsonl, out, limit)


def index_ours(jsonl: Path, out: Path, limit: int | None) -> None:
    from indexer.config import Settings
    from indexer.pipeline import build

    src = jsonl
    if limit:
        src = out.parent / "limited.jsonl"
        with open(src, "w", encoding="utf-8") as fh:
            for d in load_docs(jsonl, limit):
                fh.write(json.dumps(d, ensure_ascii=False) + "\n")
    settings = Settings.load(environ={}, index=out, docs=REPO / "corpus")
    report = build(settings, jsonl=src)
    print(f"ours: indexed {report.indexed}, failures {len(report.failures)}", file=sys.stderr)


def run_child(side: str, jsonl: Path, out: Path, limit: int | None) -> dict:
    """Index one side in a child process; wall time and the child's peak RSS (with its workers)."""
    cmd = [sys.executable, __file__, "--phase", side, "--jsonl", str(jsonl), "--out", str(out)]
    if limit:
        cmd += ["--limit", str(limit)]
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=REPO)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t
    if status != 0:
        raise SystemExit(f"{side} indexing failed")
    rss_mb = usage.ru_maxrss / 1024
    return {"seconds": seconds, "peak_rss_mb": rss_mb}


def dir_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


def time_queries(fn, queries: list[str], repeat: int) -> dict:
    for q in queries:  # warm caches once
        fn(q)
    times = []
    for _ in range(repeat):
        for q in queries:
            t = time.perf_counter()
            fn(q)
            times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return {"p50_ms": statistics.median(times), "p95_ms": times[int(0.95 * (len(times) - 1))]}


def baseline_query_fns(path: Path):
    from whoosh import index, qparser, sorting

    ix = index.open_dir(str(path))
    parser = qparser.MultifieldParser(["title", "body"], ix.schema)
    facets = {f: sorting.FieldFacet(f) for f in ("year", "department", "topic", "doc_type")}

    def plain(q: str):
        with ix.searcher() as s:
            r = s.search(parser.parse(q), limit=10)
            [h.fields() for h in r]

    def faceted(q: str):
        with ix.searcher() as s:
            r = s.search(parser.parse(q), limit=10, groupedby=facets)
            [h.fields() for h in r]
            [r.groups(f) for f in facets]

    return plain, faceted


def our_query_fns(path: Path):
    from indexer.config import Settings
    from indexer.service import SearchService

    service = SearchService(Settings.load(environ={}, index=path))

    def plain(q: str):
        service.search(service.request({"q": [q], "size": ["10"]}))

    return plain, plain  # facets are always computed from columns


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--jsonl", type=Path, default=DEFAULT_JSONL)
    ap.add_argument("--limit", type=int)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--phase", choices=list(PHASES))
    ap.add_argument("--fragments", type=int, default=300, help="quoted fragments to check")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    if args.phase:
        PHASES[args.phase](args.jsonl, args.out, args.limit)
        return
    if not args.jsonl.is_file():
        raise SystemExit(f"no corpus at {args.jsonl}: the benchmark needs ../shared/corpus")
    docs = load_docs(args.jsonl, args.limit)
    n, mb = len(docs), sum(len((d.get("body") or "").encode()) for d in docs) / 2**20
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        res = {}
        for side in PHASES:
            out = tmp / side / "index"
            out.parent.mkdir()
            res[side] = run_child(side, args.jsonl, out, args.limit)
            res[side]["docs_per_s"] = n / res[side]["seconds"]
            res[side]["mb_per_s"] = mb / res[side]["seconds"]
            res[side]["index_mb"] = dir_mb(out)
        plain, faceted = baseline_query_fns(tmp / "baseline" / "index")
        res["baseline"]["query"] = time_queries(plain, QUERIES, args.repeat)
        res["baseline"]["query_facets"] = time_queries(faceted, QUERIES, args.repeat)
        plain, faceted = our_query_fns(tmp / "ours" / "index")
        res["ours"]["query"] = time_queries(plain, QUERIES, args.repeat)
        res["ours"]["query_facets"] = res["ours"]["query"]
        frags = fragments.check(tmp / "ours" / "index", docs, args.fragments)
    report(n, mb, res)
    grams_cost(res)
    fragments.report(frags)


def grams_cost(res: dict) -> None:
    """The character field's price: ours against ours with that field left empty."""
    print(f"\n{'character field (grams)':<34}{'without':>12}{'with':>12}{'with/without':>14}")
    for label, key in (("index seconds", "seconds"), ("index size MB", "index_mb")):
        b, o = res["ours_nograms"][key], res["ours"][key]
        print(f"{label:<34}{b:>12.2f}{o:>12.2f}{o / b:>14.2f}")


def report(n: int, mb: float, res: dict) -> None:
    print(f"\ncorpus: {n} documents, {mb:.1f} MB of body text; {os.cpu_count()} cores\n")
    rows = [
        ("index docs/s", "docs_per_s", True),
        ("index MB/s", "mb_per_s", True),
        ("index seconds", "seconds", False),
        ("index size MB", "index_mb", False),
        ("peak RSS MB (indexing)", "peak_rss_mb", False),
    ]
    print(f"{'metric':<34}{'baseline':>12}{'xxgk':>12}{'xxgk/base':>12}")
    for label, key, _ in rows:
        b, o = res["baseline"][key], res["ours"][key]
        print(f"{label:<34}{b:>12.2f}{o:>12.2f}{o / b:>12.2f}")
    for kind in ("query", "query_facets"):
        for stat in ("p50_ms", "p95_ms"):
            b, o = res["baseline"][kind][stat], res["ours"][kind][stat]
            print(f"{kind + ' ' + stat:<34}{b:>12.2f}{o:>12.2f}{o / b:>12.2f}")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nmax RSS of this process (both indexes open, queries run): {rss:.0f} MB")


PHASES = {"baseline": index_baseline, "ours": index_ours, "ours_nograms": index_ours_without_grams}

if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    main()
