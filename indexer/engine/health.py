"""What /healthz and /status report about the index: the probe query and the warnings.

A health check that only reads ``CURRENT`` says OK while every search fails; this one reads
what a search reads, so a broken file shows here before a visitor meets it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from whoosh.query import Term


def warnings(fallback: str | None, runs: dict[str, Any]) -> list[str]:
    out = [fallback] if fallback else []
    for run in runs["aborted"]:
        what = "中断" if run.get("status") == "aborted" else "失败"
        why = run.get("reason") or "killed or stopped before it finished"
        out.append(
            f"上次建立索引{what} (index run {run.get('status')}, started "
            f"{run.get('started_at')}, pid {run.get('pid')}): {why}"
        )
    return out


def probe(s: Any) -> int:
    """The /healthz query: one term's postings, the first stored document, the count; each
    reads a different file of the segment."""
    count = s.doc_count()
    term = next(iter(s.reader().lexicon("body")), None)
    if term is not None:
        s.search(Term("body", term), limit=1)
    if count:
        s.stored_fields(0)
    return count


def report(readers: Any, probe_generation: Callable[[Any], int]) -> dict[str, Any]:
    """Run an engine's probe on the serving generation: ``status`` ok, degraded (serving a
    fallback) or broken (nothing can serve), with the reason. One shape for both engines."""
    try:
        with readers.use() as gen:
            count = probe_generation(gen)
        warning = readers.warning
        out = {"status": "degraded" if warning else "ok", "generation": gen.name}
        out.update(doc_count=count, reason=warning)
    except Exception as exc:  # noqa: BLE001 - whatever breaks the probe is what to report
        out = {"status": "broken", "generation": None, "doc_count": 0, "reason": str(exc)}
    return out


def cached(owner: Any, compute: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """``owner``'s last report while younger than its ``health_cache_s``, else a new one: a
    monitor polling /healthz costs nothing."""
    last = owner._health
    if last is not None and time.monotonic() - last[0] < owner.health_cache_s:
        return last[1]
    out = compute()
    owner._health = (time.monotonic(), out)
    return out
