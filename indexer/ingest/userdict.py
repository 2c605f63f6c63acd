"""Build jieba user-dictionary entries from the names a corpus itself uses.

Department names are what staff type and what jieba splits worst (阿勒泰地区行政公署 →
阿勒泰/地区/行政/公署); taking them from the documents' own metadata keeps the dictionary in
step with the collection instead of hand-curated.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

_NAME = re.compile(r"^[\u3400-\u9fff（）()·]{3,30}$")


def department_words(departments: Iterable[str | None], min_count: int = 1) -> list[str]:
    """Distinct department names (joint issuers split), most frequent first."""
    counts: Counter[str] = Counter()
    for value in departments:
        for name in re.split(r"[\s,，、;；]+", value or ""):
            if _NAME.match(name):
                counts[name] += 1
    return [n for n, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if c >= min_count]


def merge(existing: str, words: Iterable[str]) -> str:
    """The dictionary text with new words appended once (comments and order kept)."""
    have = {
        line.split()[0]
        for line in existing.splitlines()
        if line.strip() and not line.startswith("#")
    }
    new = [w for w in words if w not in have]
    tail = "" if existing.endswith("\n") or not existing else "\n"
    return existing + tail + "".join(f"{w}\n" for w in new)
