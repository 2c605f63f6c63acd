"""Help for a query that finds little: completions while typing, pinyin → characters, and
the word one character away from a slip (住房公基金 → 住房公积金).

Pure Python over vocabularies the backend reads from the index once per generation: titles,
department names and title words with their document frequencies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pypinyin import lazy_pinyin

from ..textnorm import fold_chars

_PINYIN_QUERY = re.compile(r"^[a-z' ]+$")
_CJK = re.compile(r"^[\u3400-\u9fff]{2,}$")
#: Words looked at for a one-character slip: the most frequent ones, so the lookup table of a
#: generation stays bounded (about 4 keys per word) however large the collection grows.
SLIP_TERMS = 50_000
SLIP_LENGTHS = range(3, 9)
#: A word that only looks like the typed one (other sound) must be this common to be offered.
SLIP_MIN_DF = 3


@dataclass(frozen=True)
class Suggestion:
    text: str
    kind: str  # "title" | "department" | "term"


class Vocabulary:
    """Titles, departments and title words of one index generation."""

    def __init__(self, titles: list[str], departments: list[str], terms: dict[str, int]) -> None:
        self.titles = [t for t in titles if t]
        self._folded_titles = [fold_chars(t) for t in self.titles]
        self.departments = sorted({d for d in departments if d})
        self.terms = {t: df for t, df in terms.items() if _CJK.match(t)}
        self._pinyin: dict[str, str] | None = None
        self._masked: dict[str, list[str]] | None = None

    def complete(self, prefix: str, limit: int = 8) -> list[Suggestion]:
        """Titles, departments and words containing what was typed; prefixes first."""
        p = fold_chars(prefix.strip())
        if not p:
            return []
        out: list[Suggestion] = []
        words = sorted(
            (t for t in self.terms if t.startswith(p) and t != p), key=lambda t: -self.terms[t]
        )
        out += [Suggestion(t, "term") for t in words[:3]]
        depts = [d for d in self.departments if p in fold_chars(d)]
        out += [Suggestion(d, "department") for d in depts[:2]]
        pairs = list(zip(self.titles, self._folded_titles, strict=True))
        starts = [t for t, f in pairs if f.startswith(p)]
        inside = [t for t, f in pairs if p in f and not f.startswith(p)]
        out += [Suggestion(t, "title") for t in (starts + inside)[: max(0, limit - len(out))]]
        seen: set[str] = set()
        return [s for s in out if not (s.text in seen or seen.add(s.text))][:limit]

    @staticmethod
    def looks_like_pinyin(query: str) -> bool:
        return bool(_PINYIN_QUERY.match(query.strip().lower()))

    def from_pinyin(self, query: str) -> str | None:
        """``zhengfu xinxi gongkai`` (or without spaces) → 政府信息公开, using the index's words."""
        q = query.strip().lower()
        if not _PINYIN_QUERY.match(q):
            return None
        table = self._pinyin_table()
        out = []
        for chunk in q.replace("'", " ").split():
            words = _segment(chunk, table)
            if words is None:
                return None
            out.append("".join(words))
        return "".join(out) or None

    def near(self, word: str) -> str | None:
        """The index word one character away from ``word`` (same length): one that sounds the
        same first (公基金 → 公积金), else a common one; the most frequent of those."""
        if len(word) not in SLIP_LENGTHS or not _CJK.match(word):
            return None
        table = self._masked_table()
        found = {t for i in range(len(word)) for t in table.get(_mask(word, i), ()) if t != word}
        sound = lazy_pinyin(word)
        scored = [(lazy_pinyin(t) == sound, self.terms[t], t) for t in found]
        scored = [s for s in scored if s[0] or s[1] >= SLIP_MIN_DF]
        return max(scored)[2] if scored else None

    def _masked_table(self) -> dict[str, list[str]]:
        """Each word with one of its characters masked → the words that give that key."""
        if self._masked is None:
            words = [t for t in self.terms if len(t) in SLIP_LENGTHS]
            words = sorted(words, key=lambda t: -self.terms[t])[:SLIP_TERMS]
            table: dict[str, list[str]] = {}
            for t in words:
                for i in range(len(t)):
                    table.setdefault(_mask(t, i), []).append(t)
            self._masked = table
        return self._masked

    def _pinyin_table(self) -> dict[str, str]:
        if self._pinyin is None:
            table: dict[str, tuple[int, str]] = {}
            for term, df in self.terms.items():
                key = "".join(lazy_pinyin(term))
                if key not in table or df > table[key][0]:
                    table[key] = (df, term)
            self._pinyin = {k: v[1] for k, v in table.items()}
        return self._pinyin


def _mask(word: str, i: int) -> str:
    return word[:i] + "\0" + word[i + 1 :]


def _segment(chunk: str, table: dict[str, str]) -> list[str] | None:
    """Split a run of pinyin into known words, longest match first (dynamic programming)."""
    n = len(chunk)
    best: list[list[str] | None] = [None] * (n + 1)
    best[0] = []
    for i in range(n):
        if best[i] is None:
            continue
        for j in range(n, i, -1):
            word = table.get(chunk[i:j])
            if word and (best[j] is None or len(best[i]) + 1 < len(best[j])):
                best[j] = [*best[i], word]
    return best[n]
