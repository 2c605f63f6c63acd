"""The printed report of ``bench/scale.py``: build figures, per-kind latency and server RSS
beside issue 9's targets (issue 16's for tantivy); with ``--base``, the old code's figures in
the same run beside them and the new/old ratio of each kind's p95."""

from __future__ import annotations

from scale_queries import KINDS

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


def report(res: dict) -> None:
    t = ENGINE_TARGETS[res.get("engine", "whoosh")]
    print(f"\nbench-scale: {res['n']} generated documents (seed {res['seed']}), code {res['code']}")
    print(f"engine {res.get('engine', 'whoosh')}")
    if "xxgk_build" in res:
        _build(res, t)
    else:
        print(f"reused index {res['reused']} (no generation, no build)")
    _latency(res, t)
    a, rss = res["latency"]["all"], res["server_rss_mb"]
    p95, p99, rmax = t["p95_ms"], t["p99_ms"], t["server_rss_mb"]
    print(f"\nwhole mix p95 {a['p95']} ms (target <= {p95}: {_ok(a['p95'] <= p95)}),", end=" ")
    print(f"p99 {a['p99']} ms (<= {p99}: {_ok(a['p99'] <= p99)})")
    print(f"server RSS after the run {rss} MB (target <= {rmax}: {_ok(rss <= rmax)})")
    if "xxgk_build" in res:
        b, rate = res["xxgk_build"], t["build_docs_per_s"]
        print(
            f"build {b['docs_per_s']} docs/s (>= {rate}: {_ok(b['docs_per_s'] >= rate)}),", end=" "
        )
        print(f"peak RSS {b['peak_rss_mb']} MB (<= 1024: {_ok(b['peak_rss_mb'] <= 1024)})")
    print(f"failed requests: {res['failed']}")
    for e in res.get("errors", [])[:5] + res.get("base", {}).get("errors", [])[:5]:
        print("  failed:", e)
    if "base" in res:
        old, ans = res["base"], res["answers"]
        print(f"old code {old['code']}: RSS {old['server_rss_mb']} MB, failed {old['failed']}")
        print(
            f"answers old vs new (JSON minus timing): {ans['identical']} identical, "
            f"{len(ans['differ'])} differ, {ans['partial']} cut by the budget on either side"
        )
        for d in ans["differ"][:10]:
            print("  differs:", d)


def _ok(good: bool) -> str:
    return "ok" if good else "MISSED"


def _build(res: dict, t: dict) -> None:
    b, base = res["xxgk_build"], res["baseline_build"]
    print(f"{'build':<28}{'xxgk':>12}{'stock (' + str(base['docs']) + ' docs)':>22}{'target':>10}")
    rows = [
        ("docs/s", "docs_per_s", f">= {t['build_docs_per_s']}"),
        ("MB/s", "mb_per_s", ""),
        ("seconds", "seconds", ""),
        ("peak RSS MB (largest)", "peak_rss_mb", "<= 1024"),
        ("peak RSS MB (tree)", "tree_peak_rss_mb", ""),
        ("index MB", "index_mb", ""),
    ]
    for label, key, target in rows:
        print(f"{label:<28}{b[key]:>12}{base[key]:>22}{target:>10}")


def _latency(res: dict, t: dict) -> None:
    """Per kind p50/p95/p99; with an old code served beside, its figures and new/old p95."""
    lat, old = res["latency"], res.get("base", {}).get("latency")
    kp95 = t["kind_p95_ms"]
    head = f"\n{'query kind (ms, 1 client)':<28}{'p50':>9}{'p95':>9}{'p99':>9}"
    if old:
        head += f"{'old p50':>9}{'old p95':>9}{'old p99':>9}{'p95 new/old':>13}"
    print(head + f"   target p95 <= {kp95}")
    for kind in [*KINDS, "all"]:
        v = lat[kind]
        mark = "" if kind == "all" else _ok(v["p95"] <= kp95)
        line = f"{kind:<28}{v['p50']:>9}{v['p95']:>9}{v['p99']:>9}"
        if old:
            o = old[kind]
            ratio = f"{v['p95'] / o['p95']:.2f}" if o["p95"] else "-"
            line += f"{o['p50']:>9}{o['p95']:>9}{o['p99']:>9}{ratio:>13}"
        print(line + f"   {mark}")
