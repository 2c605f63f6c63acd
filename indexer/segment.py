"""Chinese segmentation shared by indexing and querying: the tokens every engine indexes.

Why not ``jieba.analyse.ChineseAnalyzer``: its positions are character offsets and its
search-mode sub-words overlap, so quoted phrases never match; it drops one-character Latin and
digit tokens (``5年`` searches for 年); it folds nothing. Here (see domain.md §5):

* text is folded character by character (NFKC, brackets, lower case) so offsets stay valid;
* jieba precise-mode words take consecutive positions; at index time every dictionary word
  inside a longer word is emitted *at its parent's position*, so a phrase segmented either way
  still lines up;
* digits and Latin runs of any length are kept; a number directly followed by a Chinese
  character also yields the pair (``5年``) so a query for ``5年`` does not match every 年;
* every 发文字号 in the text also becomes one exact token (``阿行署发〔2014〕3号``), with each
  tail of its code, so a citation in running text is found by the number.

Pure Python over jieba (no engine): extraction workers pre-tokenise documents with it, and the
Whoosh analyzer (``indexer/engine/analyzer.py``) replays the same tokens. The jieba Tokenizer is
built once per process by ``segmenter()``.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import jieba

from .fastcut import fast_cutter
from .textnorm import (
    DocNumberMatch,
    OrderNumberMatch,
    find_doc_numbers,
    find_order_numbers,
    fold_chars,
)

_WORD_RE = re.compile(r"[\w\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]", re.UNICODE)
_CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_ALL_CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_NUM_RE = re.compile(r"^[0-9]+(?:\.[0-9]+)?$")


@functools.cache
def segmenter(user_dict: str | None) -> jieba.Tokenizer:
    """A jieba Tokenizer with our dictionary, loaded once per process (about 0.5 s), when a
    process first segments or warms up (``ingest.warm``): importing this module loads nothing."""
    jieba.setLogLevel(logging.WARNING)  # jieba logs every dictionary load
    tk = jieba.Tokenizer()
    tk.initialize()
    added: list[tuple[str, int]] = []
    if user_dict:
        for word, freq in read_user_dict(Path(user_dict)):
            if freq is None and tk.FREQ.get(word):
                continue  # already a word: re-weighting it would shift segmentation elsewhere
            reweighted = bool(tk.FREQ.get(word))
            tk.add_word(word, freq)
            added.append((word, -1 if reweighted else tk.FREQ[word]))
    _ADDED[user_dict] = added
    return tk


#: The words ``segmenter`` added to jieba's dictionary, with the frequency jieba gave each
#: (-1: a word that was already there, re-weighted), for ``fastcut`` to add the same.
_ADDED: dict[str | None, list[tuple[str, int]]] = {}


def added_words(user_dict: str | None) -> list[tuple[str, int]]:
    """Our dictionary's words as ``segmenter(user_dict)`` added them: (word, frequency)."""
    segmenter(user_dict)
    return _ADDED[user_dict]


def read_user_dict(path: Path) -> list[tuple[str, int | None]]:
    """Parse a user dictionary ourselves: jieba's loader fails silently on a BOM or CRLF."""
    if not path.is_file():
        return []
    entries = []
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        word = fold_chars(parts[0])
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        entries.append((word, freq))
    return entries


def dict_fingerprint(user_dict: str | None) -> str:
    """Identifies the segmentation an index was built with (jieba version + our dictionary)."""
    h = hashlib.sha256(jieba.__version__.encode())
    h.update((Path(__file__).parent / "data" / "t2s.tsv").read_bytes())
    if user_dict and Path(user_dict).is_file():
        h.update(Path(user_dict).read_bytes())
    return h.hexdigest()[:16]


def tokenize_text(
    text: str, user_dict: str | None, query: bool = False, *, pure: bool = False
) -> tuple[tuple[str, int, int, int], ...]:
    """(token, position, start, end) for a text; see the module docstring for the rules.

    Index mode cuts with ``fast_cutter`` (the same words as jieba, about 15 times faster);
    queries, and ``pure`` (the reference that the fast cut is held to), cut with jieba itself,
    so a query process never loads the second dictionary."""
    folded = fold_chars(text)
    tk = segmenter(user_dict)
    out: list[tuple[str, int, int, int]] = []
    add = out.append
    pos = -1
    offset = 0
    cut = tk.cut if query or pure else fast_cutter(user_dict)
    words = _cut(cut, folded)
    unit_pending = False
    for i, word in enumerate(words):
        start = offset
        offset = end = start + len(word)
        kind = _KINDS.get(word) or _kind_of(word)
        if kind is _SKIP:
            unit_pending = False
            continue  # punctuation and spaces take no position
        if unit_pending and len(word) == 1:
            unit_pending = False  # the unit of "5年": already in that token, same position
            if not query:
                add((word, pos, start, end))
            continue
        unit_pending = False
        pos += 1
        unit = _number_unit(words, i, folded, end) if kind is _NUMBER else None
        if unit:
            unit_pending = True
            if not query:
                add((word, pos, start, end))
            add((word + unit, pos, start, end + 1))
            continue
        add((word, pos, start, end))
        if kind is _LONG_HAN and not query:
            out.extend((sub, pos, start + a, start + b) for sub, a, b in _sub_words(tk, word))
    if not query:
        out.extend(_doc_number_tokens(folded, out))
    return tuple(out)


def index_words(text: str, user_dict: str | None) -> list[str]:
    """The words of ``tokenize_text(text, user_dict)`` in the same order, without positions or
    offsets: what an engine that keeps no positions indexes (tantivy's word fields). The loop
    above spent as much as jieba-rs cutting; this one does only what changes the words (a
    number's unit, the words inside a long word, 发文字号). Held to it by
    ``tests/test_index_words.py``."""
    folded = fold_chars(text)
    tk = segmenter(user_dict)
    words = _cut(fast_cutter(user_dict), folded)
    out: list[str] = []
    add, kinds, last = out.append, _KINDS, len(words) - 1
    for i, word in enumerate(words):
        kind = kinds.get(word) or _kind_of(word)
        if kind is _PLAIN:
            add(word)
        elif kind is _LONG_HAN:
            add(word)
            out.extend(sub for sub, _, _ in _sub_words(tk, word))
        elif kind is _NUMBER:
            add(word)
            if i < last and _CJK_RE.match(words[i + 1]):  # the cut spells ``folded`` whole
                add(word + words[i + 1][0])
    if "号" in folded:
        out.extend(v for m in _numbers_in(folded) for v in m.variants())
    return out


#: What the loop above asks of a word, asked once per distinct word (``_kind_of``): a word
#: recurs hundreds of times in a build and three regex matches per occurrence were a third of
#: the loop's time. Bounded: numbers are unbounded in number, so the table starts over when
#: full (100,000 entries, about 10 MB).
_SKIP, _PLAIN, _NUMBER, _LONG_HAN = "skip", "plain", "number", "long_han"
_KINDS: dict[str, str] = {}
_KINDS_MAX = 100_000


def _kind_of(word: str) -> str:
    if not _WORD_RE.match(word):
        kind = _SKIP
    elif _NUM_RE.match(word):
        kind = _NUMBER
    elif len(word) > 2 and _CJK_RE.match(word):
        kind = _LONG_HAN
    else:
        kind = _PLAIN
    if len(_KINDS) >= _KINDS_MAX:
        _KINDS.clear()
    _KINDS[word] = kind
    return kind


_OTHER_SCRIPT_RE = re.compile(
    "[\u0400-\u052f\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff\u200c]+"
)


def _cut(cut: Callable[[str], Iterable[str]], text: str) -> list[str]:
    """jieba for Han and Latin; each run of Arabic-script (Uyghur, Kazakh) or Cyrillic letters
    is one word, where jieba would split it into single letters."""
    out: list[str] = []
    pos = 0
    for m in _OTHER_SCRIPT_RE.finditer(text):
        if m.start() > pos:
            out.extend(cut(text[pos : m.start()]))
        out.append(m.group())
        pos = m.end()
    if pos < len(text):
        out.extend(cut(text[pos:]))
    return out


def _number_unit(words: list[str], i: int, folded: str, end: int) -> str | None:
    """The Chinese character right after a number ``words[i]`` (``5年``, ``2016年``), if any."""
    if i + 1 >= len(words) or end >= len(folded):
        return None
    nxt = folded[end]
    return nxt if _CJK_RE.match(nxt) else None


# The same words recur: over 300 documents, 95 % hits (shared corpus), 81 % (generated).
@functools.lru_cache(maxsize=65536)
def _sub_words(tk: jieba.Tokenizer, word: str) -> tuple[tuple[str, int, int], ...]:
    """Every dictionary word strictly inside ``word`` (jieba full mode, limited to the word)."""
    dag = tk.get_DAG(word)
    n = len(word)
    return tuple(
        (word[a:b], a, b)
        for a, ends in dag.items()
        for b in (e + 1 for e in ends)
        if b - a >= 2 and (a, b) != (0, n)
    )


def word_parts(word: str, user_dict: str | None) -> list[str] | None:
    """The fewest dictionary words, each shorter than ``word``, that spell it (None if none).

    A query word such as 年度报告 should also find "2016年度…工作报告" style text where the
    parts stand apart; the query parser ORs the word with the AND of its parts.
    """
    if len(word) < 3 or not _ALL_CJK_RE.fullmatch(word):
        return None  # not for numbers, Latin words or 发文字号 tokens
    dag = segmenter(user_dict).get_DAG(word)
    n = len(word)
    best: list[list[str] | None] = [None] * (n + 1)
    best[n] = []
    for a in range(n - 1, -1, -1):
        for b in dag.get(a, []):
            b += 1
            if (a, b) == (0, n) or best[b] is None:
                continue
            cand = [word[a:b], *best[b]]
            if best[a] is None or len(cand) < len(best[a]):
                best[a] = cand
    parts = best[0]
    return parts if parts and len(parts) > 1 else None


def _doc_number_tokens(
    folded: str, tokens: list[tuple[str, int, int, int]]
) -> Iterator[tuple[str, int, int, int]]:
    """One exact token per 发文字号 (and per tail of its code), at its first word's position."""
    if "号" not in folded:
        return
    for m in _numbers_in(folded):
        pos = next((p for _, p, s, e in tokens if e > m.start), 0)
        for variant in m.variants():
            yield variant, pos, m.start, m.end


def _numbers_in(folded: str) -> list[DocNumberMatch | OrderNumberMatch]:
    return [*find_doc_numbers(folded), *find_order_numbers(folded)]
