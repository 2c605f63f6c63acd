"""What /healthz and /status report about the index: the probe query and the warnings.

A health check that only reads ``CURRENT`` says OK while every search fails; this one reads
what a search reads, so a broken file shows here before a visitor meets it.
"""

from __future__ import annotations

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
