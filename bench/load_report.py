"""The table and ratios `make bench-load` prints (bench/load.py measures)."""

from __future__ import annotations

CLIENTS = (1, 8, 32)


def report(rows: list[dict], rebuild: dict | None, n: int) -> None:
    head = "processes | clients | req/s | p50 ms | p95 ms | failed | non-200"
    head += " | RSS MB | anon MB | load"
    print(f"\n| {head} |\n" + "|---" * 10 + "|")
    for r in rows:
        cells = [r[k] for k in ("processes", "clients", "rps", "p50_ms", "p95_ms", "failed")]
        cells += [r["non_200"], r["rss_mb"], r.get("anon_mb", ""), r["load"]]
        print("| " + " | ".join(str(c) for c in cells) + " |")
    by = {(r["processes"], r["clients"]): r for r in rows}
    for c in CLIENTS:
        one, many = by.get((1, c)), by.get((n, c))
        if one and many and one["rps"]:
            ratio = many["rps"] / one["rps"]
            p95 = many["p95_ms"] / max(one["p95_ms"], 1)
            print(f"{c} clients: {n} processes / 1 = {ratio:.2f}× req/s, {p95:.2f}× p95")
    if rebuild:
        print(
            f"during rebuild ({rebuild['rebuild_s']} s, switched: {rebuild['switched']}): "
            f"{rebuild['requests']} requests, {rebuild['rps']} req/s, p95 {rebuild['p95_ms']} ms, "
            f"failed {rebuild['failed']}, non-200 {rebuild['non_200']}, "
            f"then: HTTP {rebuild['after_switch_status']}"
        )
