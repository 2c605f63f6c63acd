"""`make bench-reindex`: the weekly reindex against a full build, in one run.

On the shared corpus JSONL: a full build, an unchanged reindex, and a reindex after changing
1 % of the records (edits, additions, deletions, one new record that repeals an indexed one);
then a full rebuild of the changed records in another folder, and every document's /api/doc
record and the top 10 of 100 judged queries compared between the two. On the originals (a
folder of real files, read by the real extractors): a full build and an unchanged reindex.
Times are wall-clock seconds of ``build()`` and the CPU seconds of this process and its
workers (bench/runclock.py), both reported as ratios full / incremental, with the load average:
on a shared machine the CPU ratio is the one other people's load does not move.

    .venv/bin/python bench/reindex.py [--limit N] [--originals DIR ...] [--work DIR]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from runclock import RUNS, speedups, timed  # noqa: E402

from indexer.config import Settings  # noqa: E402
from indexer.pipeline import backend_for, build  # noqa: E402

SHARED = REPO.parent / "shared" / "corpus"
#: The originals without scans (OCR of the scanned PDFs alone takes longer than this bench).
ORIGINALS = ("prov2025_docx", "realestate_html")
QUERIES = REPO / "bench" / "queries" / "judged.jsonl"


def settings_for(index: Path, docs: Path | None = None) -> Settings:
    base = Settings.load(environ={}, config_file=None, index=index)
    return base.replace(docs=docs) if docs else base


def read_records(path: Path, limit: int | None) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        recs = [json.loads(line) for line in fh if line.strip()]
    return recs[:: max(1, len(recs) // limit)][:limit] if limit else recs  # every k-th


def write_records(path: Path, recs: list[dict]) -> None:
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in recs)


def change_one_percent(recs: list[dict], seed: int = 7) -> tuple[list[dict], dict]:
    """A week of changes: 1 % of the records edited, added or deleted, one repeal among them."""
    rng = random.Random(seed)
    n = max(3, len(recs) // 100)
    out = [dict(r) for r in recs]
    picked = rng.sample(range(len(out)), n)
    edits, deletes = picked[: n // 3], set(picked[n // 3 : 2 * n // 3])
    for i in edits:
        out[i]["body"] = out[i]["body"] + "\n本文件自发布之日起施行。"
    numbered = [r for i, r in enumerate(out) if r.get("doc_number") and i not in deletes]
    target = min(numbered, key=lambda r: r.get("date") or "9999")
    repeal = {
        "id": "bench-repealer",
        "title": "关于废止部分规范性文件的通知",
        "department": target.get("department") or "",
        "date": "2026-01-05",
        "body": f"经研究，决定废止《{target['title']}》（{target['doc_number']}）。"
        f"{target['title']}（{target['doc_number']}）同时废止。",
    }
    added = [
        {**dict(out[i]), "id": f"bench-added-{k}", "body": out[i]["body"] + "\n（重新发布）"}
        for k, i in enumerate(rng.sample(range(len(out)), n - 2 * (n // 3) - 1))
    ]
    kept = [r for i, r in enumerate(out) if i not in deletes]
    facts = {"edited": len(edits), "deleted": len(deletes), "added": len(added) + 1}
    return kept + added + [repeal], {**facts, "target": target["id"]}


def records(settings: Settings, queries: list[str], whoosh_stats: bool = False) -> dict:
    """Every /api/doc record and the top 10 ids of each query, from the real app;
    ``whoosh_stats``: score with Whoosh's own statistics (deleted documents counted), the
    baseline ``indexer/engine/livestats.py`` replaced."""
    from indexer.engine import livestats
    from search_app import create_app

    live = livestats.searcher
    if whoosh_stats:
        livestats.searcher = lambda index, stats: index.searcher()
    try:
        client = create_app(settings).test_client()
        ids = sorted(backend_for(settings).all_ids())
        docs = {i: client.get(f"/api/doc/{i}").get_json() for i in ids}
        tops = {}
        start = time.perf_counter()
        for q in queries:
            hits = client.get("/api/search", query_string={"q": q, "size": 10}).get_json()
            tops[q] = [h["id"] for h in hits["hits"]]
        seconds = time.perf_counter() - start
    finally:
        livestats.searcher = live
    return {"docs": docs, "tops": tops, "query_s": seconds}


def compare(a: dict, b: dict) -> dict:
    same_ids = sorted(a["docs"]) == sorted(b["docs"])
    differing = [i for i in b["docs"] if a["docs"].get(i) != b["docs"][i]]
    tops = [q for q in b["tops"] if a["tops"].get(q) != b["tops"][q]]
    reordered = [q for q in tops if set(a["tops"].get(q, ())) == set(b["tops"][q])]
    return {
        "same_ids": same_ids,
        "docs": len(b["docs"]),
        "records_differing": len(differing),
        "queries": len(b["tops"]),
        "top10_differing": len(tops),
        "top10_same_ids_other_order": len(reordered),
        "examples": differing[:3] + tops[:3],
        "query_s": round(b["query_s"], 2),
    }


def identical(inc: Settings, ref: Settings, queries: list[str]) -> dict:
    """The updated index against the full rebuild, scored as shipped (live statistics) and,
    as the baseline in the same run, with Whoosh's own statistics."""
    return {
        "live_stats": compare(records(inc, queries), records(ref, queries)),
        "whoosh_stats": compare(records(inc, queries, True), records(ref, queries, True)),
    }


def bench_jsonl(work: Path, source: Path, limit: int | None) -> dict:
    recs = read_records(source, limit)
    v1, v2 = work / "v1.jsonl.gz", work / "v2.jsonl.gz"
    write_records(v1, recs)
    changed, facts = change_one_percent(recs)
    write_records(v2, changed)
    inc = settings_for(work / "inc")
    print(f"JSONL: {len(recs)} records; week two: {facts}", flush=True)
    t_full, _ = timed("full build", build, inc, jsonl=v1)
    t_same, _ = timed("unchanged reindex", build, inc, jsonl=v1)
    t_one, _ = timed("1 % changed reindex", build, inc, jsonl=v2)
    t_ref, _ = timed("full rebuild (reference)", build, settings_for(work / "ref"), jsonl=v2)
    from indexer.service import SearchService

    target = SearchService(inc).get(facts["target"])
    queries = [json.loads(line)["query"] for line in QUERIES.open(encoding="utf-8")][:100]
    same = identical(inc, settings_for(work / "ref"), queries)
    return {
        "records": len(recs),
        "full_s": round(t_full, 1),
        "unchanged_s": round(t_same, 1),
        "changed_s": round(t_one, 1),
        "reference_full_s": round(t_ref, 1),
        "unchanged_speedup": round(t_full / t_same, 1),
        "changed_speedup": round(t_full / t_one, 1),
        "speedups": speedups("full build", "unchanged reindex", "1 % changed reindex"),
        "repeal_target_validity": target.validity if target else None,
        "identical": same,
    }


def change_files(docs: Path, settings: Settings, seed: int = 7) -> dict:
    """A week of changes to a folder of originals: 1 % of the files (at least 4) edited
    (an HTML page gets a paragraph), deleted, copied under a new name, plus a new notice
    that repeals the oldest numbered document."""
    from indexer.service import SearchService

    rng = random.Random(seed)
    files = sorted(p for p in docs.rglob("*") if p.is_file())
    n = max(4, len(files) // 100)
    pages = [p for p in files if p.suffix == ".html"]
    picked = rng.sample(pages, n)
    edited, deleted, copied = picked[: n // 3], picked[n // 3 : 2 * (n // 3)], picked[-1:]
    for f in edited:
        text = f.read_text(encoding="utf-8", errors="replace")
        f.write_text(text.replace("</body>", "<p>本文件自发布之日起施行。</p></body>"), "utf-8")
    for f in deleted:
        f.unlink()
    for f in copied:
        shutil.copy2(f, f.with_name("bench-copy-" + f.name))
    service = SearchService(settings)
    numbered = [d for d in map(service.get, backend_for(settings).all_ids()) if d]
    numbered = [d for d in numbered if d.doc_number and d.date and d.path]
    numbered = [d for d in numbered if (docs / d.path).is_file()]
    target = min(numbered, key=lambda d: d.date)
    (docs / "bench-repealer.txt").write_text(
        f"关于废止部分规范性文件的通知\n{target.department or ''}\n"
        f"经研究，决定废止《{target.title}》（{target.doc_number}）。\n2026年1月5日\n",
        encoding="utf-8",
    )
    return {"edited": len(edited), "deleted": len(deleted), "added": 2, "target": target.doc_id}


def bench_originals(work: Path, folders: list[Path]) -> dict:
    docs = work / "originals"
    for f in folders:
        shutil.copytree(f, docs / f.name)
    settings = settings_for(work / "orig-index", docs)
    n = sum(1 for p in docs.rglob("*") if p.is_file())
    print(f"originals: {n} files from {[f.name for f in folders]}", flush=True)
    t_full, full = timed("originals full build", build, settings)
    t_same, _ = timed("originals unchanged", build, settings)
    facts = change_files(docs, settings)
    print(f"originals week two: {facts}", flush=True)
    t_one, _ = timed("originals 1 % changed", build, settings)
    ref = settings_for(work / "orig-ref", docs)
    timed("originals full rebuild (reference)", build, ref)
    from indexer.service import SearchService

    target = SearchService(settings).get(facts["target"])
    queries = [json.loads(line)["query"] for line in QUERIES.open(encoding="utf-8")][:100]
    same = identical(settings, ref, queries)
    t_forced, forced = timed("originals --full (cache)", build, settings, full=True)
    return {
        "files": n,
        "indexed": full.indexed,
        "ocr_pages": full.ocr_pages,
        "full_s": round(t_full, 1),
        "unchanged_s": round(t_same, 1),
        "changed_s": round(t_one, 1),
        "unchanged_speedup": round(t_full / t_same, 1),
        "changed_speedup": round(t_full / t_one, 1),
        "speedups": speedups(
            "originals full build", "originals unchanged", "originals 1 % changed"
        ),
        "full_from_cache_s": round(t_forced, 1),
        "cache_hits": forced.run.get("cache_hits"),
        "repeal_target_validity": target.validity if target else None,
        "identical": same,
        "identical_from_cache": identical(settings, ref, queries),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None, help="every k-th JSONL record, N in all")
    ap.add_argument("--originals", nargs="*", type=Path, default=None)
    ap.add_argument("--work", type=Path, default=None, help="keep the indexes here")
    ap.add_argument("--skip-jsonl", action="store_true")
    ap.add_argument("--skip-originals", action="store_true")
    ap.add_argument(
        "--compare-only",
        action="store_true",
        help="only compare --work's kept inc/ and ref/ indexes (after a run with --work)",
    )
    ap.add_argument("--corpus", type=Path, default=SHARED, help="the shared corpus folder")
    args = ap.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="xxgk-reindex-"))
    work.mkdir(parents=True, exist_ok=True)
    folders = args.originals or [args.corpus / "originals" / name for name in ORIGINALS]
    missing = [str(f) for f in folders if not f.is_dir()]
    if missing:
        sys.exit(f"not found: {', '.join(missing)} (is ../shared/corpus beside the repository?)")
    out = {}
    if args.compare_only:
        queries = [json.loads(line)["query"] for line in QUERIES.open(encoding="utf-8")][:100]
        same = identical(settings_for(work / "inc"), settings_for(work / "ref"), queries)
        print(json.dumps(same, ensure_ascii=False, indent=1))
        return
    if not args.skip_jsonl:
        out["jsonl"] = bench_jsonl(work, args.corpus / "docs.jsonl.gz", args.limit)
    if not args.skip_originals:
        out["originals"] = bench_originals(work, folders)
    out["runs"] = RUNS
    print(json.dumps(out, ensure_ascii=False, indent=1))
    print("targets: unchanged ≥ 20× faster than full, 1 % changed ≥ 10×, identical results")
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
