"""Plain-text tables for `make eval`: per set, per query type, and the queries to work on.

Every figure of ours is shown next to the baseline measured in the same run, with the ratio,
because absolute scores on a 2-core machine shared with others mean little across runs
(relevance does not drift, but the ratio is what the issue's target is stated in).
"""

from __future__ import annotations

from collections.abc import Sequence

from eval_metrics import METRICS, mean

SYSTEMS = ("ours", "baseline", "bm25")
TARGET = 1.20  # issue 5: ours at least 20 % above the baseline on each set


def ratio(ours: float, base: float) -> str:
    if base > 0:
        return f"{ours / base:.2f}"
    return "inf" if ours > 0 else "n/a"


def means(rows: Sequence[dict], system: str) -> dict[str, float]:
    return {m: mean([r["systems"][system][m] for r in rows]) for m in METRICS}


def set_table(name: str, rows: Sequence[dict]) -> list[str]:
    """Systems x metrics, then the ratios of ours to each reference."""
    out = [f"\n== {name}: {len(rows)} queries ==", f"{'system':<16}" + _cols(METRICS)]
    avg = {s: means(rows, s) for s in SYSTEMS}
    for s in SYSTEMS:
        out.append(f"{s:<16}" + "".join(f"{avg[s][m]:>12.4f}" for m in METRICS))
    for ref in ("baseline", "bm25"):
        cells = "".join(f"{ratio(avg['ours'][m], avg[ref][m]):>12}" for m in METRICS)
        out.append(f"{'ours/' + ref:<16}" + cells)
    zero = {s: sum(1 for r in rows if not r["systems"][s]["docs"]) for s in SYSTEMS}
    errors = sum(1 for r in rows if r["systems"]["ours"]["error"])
    out.append(
        "queries with no results: "
        + ", ".join(f"{s} {zero[s]}" for s in SYSTEMS)
        + f"; rejected/failed by ours: {errors}"
    )
    return out


def type_table(rows: Sequence[dict]) -> list[str]:
    """nDCG@10 per query type for each system, and ours/baseline; marks types below baseline."""
    out = [
        f"{'type':<14}{'n':>4}"
        + _cols(("ours", "baseline", "bm25", "ours/base", "ours/bm25"))
        + "  (nDCG@10)"
    ]
    for typ in sorted({r["type"] for r in rows}):
        sub = [r for r in rows if r["type"] == typ]
        v = {s: means(sub, s)["ndcg@10"] for s in SYSTEMS}
        flag = "  < baseline" if v["ours"] < v["baseline"] else ""
        out.append(
            f"{typ:<14}{len(sub):>4}"
            + "".join(f"{v[s]:>12.4f}" for s in SYSTEMS)
            + f"{ratio(v['ours'], v['baseline']):>12}{ratio(v['ours'], v['bm25']):>12}{flag}"
        )
    return out


def worst_table(rows: Sequence[dict], n: int = 10) -> list[str]:
    """Our n worst queries relative to the baseline (nDCG@10 difference, then the BM25 gap)."""

    def delta(r: dict) -> float:
        return r["systems"]["ours"]["ndcg@10"] - r["systems"]["baseline"]["ndcg@10"]

    def gap_to_bm25(r: dict) -> float:
        return r["systems"]["bm25"]["ndcg@10"] - r["systems"]["ours"]["ndcg@10"]

    # ties (ours and baseline both 0 is common on STARD) go to where plain BM25 shows it can be done
    worst = sorted(rows, key=lambda r: (delta(r), -gap_to_bm25(r)))[:n]
    out = [f"our {n} worst queries vs the baseline (nDCG@10):"]
    out.append(f"{'qid':<12}{'type':<12}{'ours':>7}{'base':>7}{'bm25':>7}{'diff':>7}  query")
    for r in worst:
        s = r["systems"]
        note = f"  [{s['ours']['error']}]" if s["ours"]["error"] else ""
        out.append(
            f"{r['qid']:<12}{r['type']:<12}"
            + "".join(f"{s[x]['ndcg@10']:>7.3f}" for x in SYSTEMS)
            + f"{delta(r):>7.3f}  {_short(r['query'])}{note}"
        )
    return out


def target_lines(name: str, rows: Sequence[dict]) -> list[str]:
    """The issue's acceptance rule, checked and stated plainly (the lead's to meet, not ours)."""
    ours, base = means(rows, "ours")["ndcg@10"], means(rows, "baseline")["ndcg@10"]
    ok_set = ours >= TARGET * base
    below = [
        t
        for t in sorted({r["type"] for r in rows})
        if means([r for r in rows if r["type"] == t], "ours")["ndcg@10"]
        < means([r for r in rows if r["type"] == t], "baseline")["ndcg@10"]
    ]
    return [
        f"target on {name}: nDCG@10 ours/baseline = {ratio(ours, base)} "
        f"(need >= {TARGET:.2f}): {'met' if ok_set else 'NOT met'}; "
        f"types below baseline: {', '.join(below) if below else 'none'}"
    ]


def _cols(names: Sequence[str]) -> str:
    return "".join(f"{n:>12}" for n in names)


def _short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
