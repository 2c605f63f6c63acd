"""jieba's precise cut (HMM on), computed by jieba-rs (``rjieba``): the same words, about 15
times less CPU.

Segmentation was most of a build's CPU: jieba's pure-Python ``get_DAG``/``calc``/HMM cost
about 30 ms per shared-corpus document in the extraction workers, more than the index writer
spends on it. jieba-rs is a port of the same algorithm with the same dictionary, but it is not
held to jieba everywhere: its Han-block pattern is wider (CJK extension A, compatibility
ideographs), which changes how such characters are grouped. So only the part that is the same
algorithm is handed over: jieba's own loop (``Tokenizer.cut``) splits the text into blocks with
jieba's patterns here, and only each Han block (``jieba.re_han_default``: CJK, Latin letters,
digits, ``+#&._%-``) is cut by jieba-rs, whose wider pattern then sees one block as jieba did;
a block with Latin letters, ``+#&_%-`` or a dot other than "digit.Han" stays with jieba (see
``_UNLIKE``).
The dictionary is jieba's ``dict.txt`` (the one jieba-rs ships) plus our user words with the
frequencies jieba gave them, so both hold the same word weights and the same total.

``bench/segment_compare.py`` compares the two on the whole shared corpus and
``tests/test_fastcut.py`` on a sample and on generated text: any difference is a failure.
Queries keep plain jieba (``segment.tokenize_text``), so a server process never loads this
second dictionary (about 25 MB).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable

import jieba


@functools.cache
def fast_cutter(user_dict: str | None) -> Callable[[str], Iterable[str]]:
    """``text → words``, equal to ``segmenter(user_dict).cut(text, HMM=True)``; built once per
    process (about 0.3 s), never at import. A user dictionary that re-weights a word jieba
    already has gets jieba's own cut: jieba then counts the word's weight twice in its total,
    jieba-rs once, and the two would no longer agree."""
    from .segment import added_words, segmenter

    words = added_words(user_dict)
    if any(freq < 0 for _, freq in words):
        return functools.partial(segmenter(user_dict).cut, HMM=True)
    import rjieba  # its import builds a default dictionary: only where a process cuts

    fast = rjieba.Jieba()
    for word, freq in words:
        fast.add_word(word, freq, None)
    return functools.partial(cut, fast.cut, functools.partial(segmenter(user_dict).cut, HMM=True))


#: jieba-rs is held to jieba for blocks of Han characters and digits, with a dot only between a
#: digit and a Han character (``1.加强``, ``2019年3月5日``: 0 of 5,839 shared documents differ).
#: Its HMM treats Latin letters, ``+#&_%-`` and other dots its own way (jieba's number pattern
#: ``[a-zA-Z0-9]+(?:\.\d+)?%?`` with the dot unescaped, and more): "9704-2012", "0.10g", "5.1.1"
#: and "github.com" come out as one word there and several in jieba (155 of 5,839 shared
#: documents differed while only ``+#&_%-`` went to jieba). A block with any of those is cut by
#: jieba.
_UNLIKE = re.compile(r"[^\u4e00-\u9fd50-9.]|(?<![0-9])\.|\.(?![\u4e00-\u9fd5])")


def cut(
    fast_block: Callable[[str, bool], list[str]],
    jieba_block: Callable[[str], Iterable[str]],
    sentence: str,
) -> list[str]:
    """``jieba.Tokenizer.cut`` (precise mode, HMM on) with each Han block cut by ``fast_block``
    (by ``jieba_block`` where the two would differ): the same loop and patterns, as one list.
    Both patterns hold one group, so ``split`` puts their matches at the odd places: where
    jieba asks ``re_han.match(blk)`` (``re_skip.match(x)``) the place answers it."""
    out: list[str] = []
    add, extend, unlike = out.append, out.extend, _UNLIKE.search
    for i, blk in enumerate(jieba.re_han_default.split(sentence)):
        if not blk:
            continue
        if i % 2:
            extend(jieba_block(blk) if unlike(blk) else fast_block(blk, True))
            continue
        for j, x in enumerate(jieba.re_skip_default.split(blk)):
            if j % 2:
                add(x)
            else:
                extend(x)  # one character at a time, as jieba yields them
    return out
