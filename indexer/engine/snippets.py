"""Snippets and title marking as (text, is_match) segments, without re-running the analyzer.

Whoosh's highlighter re-analyses each hit's stored text (about 33 ms a document with jieba);
here query terms are located in the folded text by plain string search, which is linear and
marks whole query words and phrases (longest first), never half a word of the query.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..textnorm import fold_chars
from . import budget

Segments = list[tuple[str, bool]]


def _spans(folded: str, terms: list[str], limit: int | None = None) -> list[tuple[int, int]]:
    """Non-overlapping match spans, longer terms first so a phrase wins over its words.

    A byte mask of taken characters keeps the overlap test O(span) instead of O(matches).
    """
    taken = bytearray(len(folded))
    spans: list[tuple[int, int]] = []
    for term in sorted(set(terms), key=len, reverse=True):
        start = folded.find(term)
        while start != -1:
            end = start + len(term)
            if taken.find(1, start, end) == -1:
                taken[start:end] = b"\x01" * (end - start)
                spans.append((start, end))
                if limit and len(spans) >= limit:
                    return sorted(spans)
            start = folded.find(term, end)
    return sorted(spans)


def _segments(text: str, spans: list[tuple[int, int]], lo: int, hi: int) -> Segments:
    out: Segments = []
    cur = lo
    for a, b in spans:
        if b <= lo or a >= hi:
            continue
        a, b = max(a, lo), min(b, hi)
        if a > cur:
            out.append((text[cur:a], False))
        out.append((text[a:b], True))
        cur = b
    if cur < hi:
        out.append((text[cur:hi], False))
    return out


def mark(text: str, terms: Iterable[str]) -> Segments:
    """The whole text (a title) with every query term marked."""
    terms = [t for t in terms if t]
    return _segments(text, _spans(fold_chars(text), terms), 0, len(text)) if text else []


def snippet(
    text: str, terms: Iterable[str], width: int = 140, scan_chars: int = 200_000
) -> Segments:
    """The window of ``width`` characters holding the most distinct query terms."""
    text = " ".join(text[:scan_chars].split())  # one line, no layout whitespace
    terms = [t for t in terms if t] if not budget.over() else []  # past the budget: the head
    if not text:
        return []
    folded = text  # fast path: query terms are folded, and most Chinese text needs no folding
    spans = _spans(folded, terms, limit=400)
    if not spans:
        folded = fold_chars(text)
        spans = _spans(folded, terms, limit=400)
    if not spans:
        return [(text[:width] + ("…" if len(text) > width else ""), False)]
    lo = _best_window(folded, spans, width)
    lo = max(0, min(lo, len(text) - width))
    hi = min(len(text), lo + width)
    segs = _segments(text, spans, lo, hi)
    if lo > 0:
        segs.insert(0, ("…", False))
    if hi < len(text):
        segs.append(("…", False))
    return segs


def _best_window(folded: str, spans: list[tuple[int, int]], width: int) -> int:
    """Start of the window with the most distinct terms, longer terms (phrases) weighing more."""
    best_start, best_score = spans[0][0], -1.0
    j = 0
    for i, (a, _) in enumerate(spans):
        j = max(j, i)
        while j + 1 < len(spans) and spans[j + 1][1] - a <= width:
            j += 1
        window = spans[i : j + 1]
        score = sum(len(t) ** 2 for t in {folded[s:e] for s, e in window}) + len(window) / 100
        if score > best_score:
            slack = width - (window[-1][1] - a)  # room left around the covered matches
            best_start, best_score = a - max(0, slack) // 3, score
    return max(0, best_start)
