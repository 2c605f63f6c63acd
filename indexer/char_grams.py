"""The character field's tokens: what a quoted fragment, cut anywhere, is matched against.

Pure and engine-neutral (the Whoosh ``grams`` field replays ``char_grams``; both engines'
fragment queries use ``fragment_grams``); split from ``segment``, which cuts words.
"""

from __future__ import annotations

from .textnorm import compact


def char_grams(text: str) -> list[str]:
    """The character field's tokens; token ``k`` sits at position ``k // 2`` of ``compact(text)``.

    Lucene's CJK bigrams, carried over every character: each character with its successor, so
    a quoted fragment of n ≥ 2 characters is the phrase of its n − 1 bigrams and matches where
    the text holds it, wherever the cut fell (mid-word, inside a number or a Latin word, across
    punctuation). Each character also stands alone (a unigram at the same position), so a
    one-character quote is one term and the last character of a text is not lost (300 shared
    documents: index 43.7 MB with bigrams alone, 48.6 MB with unigrams too, 12.0 MB with neither;
    a prefix query over bigrams instead would union thousands of terms for 的). Cheap enough
    (one slice per character) that the writer computes it; workers need not pre-compute it.
    """
    s = compact(text)
    out: list[str] = []
    for i, ch in enumerate(s):
        out.append(ch)
        out.append(s[i : i + 2])
    if s:
        out.pop()  # the last "bigram" is the last character again
    return out


def fragment_grams(text: str) -> list[str]:
    """A quoted fragment as the terms it must match in order: its bigrams, or one unigram."""
    s = compact(text)
    return [s] if len(s) == 1 else [s[i : i + 2] for i in range(len(s) - 1)]
