"""The Whoosh face of our segmentation: one analyzer for indexing and for parsing queries.

The rules live in ``indexer/segment.py`` (engine-free, so extraction workers can pre-tokenise);
this adapter only turns its (token, position, start, end) tuples into Whoosh Tokens. It holds
only picklable settings, so a schema that names it can be stored with the index.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from whoosh.analysis import Composable, Token

from ..char_grams import char_grams, fragment_grams
from ..config import Analysis
from ..pretokenized import PreTokenized
from ..segment import tokenize_text
from ..textnorm import fold_chars

#: A user-dictionary path named by an opened index that no longer exists → this program's.
_RELOCATED: dict[str, str | None] = {}


def relocate(schema, user_dict: str | None) -> None:
    """An index pickles its analyzers, and ours names the user dictionary by the path it had
    at build time. After the program moved, that path is gone, and Whoosh's own uses of the
    analyzer (related documents) segmented with plain jieba — a second jieba in memory, about
    100 MB per process. The generation was built with this program's dictionary (its
    fingerprint says so), so use that one."""
    for _, field in schema.items():
        a = getattr(field, "analyzer", None)
        if isinstance(a, ChineseAnalyzer) and a.user_dict and a.user_dict != user_dict:
            if not Path(a.user_dict).is_file():
                _RELOCATED[a.user_dict] = user_dict


class ChineseAnalyzer(Composable):
    """Whoosh analyzer: ``analyzer(text, mode="index"|"query", positions=…, chars=…)``."""

    def __init__(self, user_dict: str | None = None) -> None:
        self.user_dict = user_dict

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ChineseAnalyzer) and other.user_dict == self.user_dict

    def __hash__(self) -> int:
        return hash(("ChineseAnalyzer", self.user_dict))

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs,
    ) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            t.original = t.text = fold_chars(value)
            t.boost, t.stopped = 1.0, False
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar, t.endchar = start_char, start_char + len(value)
            yield t
            return
        if isinstance(value, PreTokenized):
            triples = value.tokens()
        else:
            user_dict = _RELOCATED.get(self.user_dict, self.user_dict) if self.user_dict else None
            # jieba itself (``pure``): what reaches here unprepared is short or read in a
            # server (related documents' key terms), which must not load the index-time cut
            triples = tokenize_text(value, user_dict, query=(mode == "query"), pure=True)
        for text, pos, start, end in triples:
            t.text = text
            t.boost, t.stopped = 1.0, False
            if keeporiginal:
                t.original = text
            if positions:
                t.pos = start_pos + pos
            if chars:
                t.startchar, t.endchar = start_char + start, start_char + end
            yield t


class CharGramAnalyzer(Composable):
    """Whoosh analyzer of the character field (``char_grams.char_grams``): at index time a unigram
    and a bigram per position; a query is the fragment's bigrams at consecutive positions."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CharGramAnalyzer)

    def __hash__(self) -> int:
        return hash("CharGramAnalyzer")

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        mode: str = "",
        start_pos: int = 0,
        **kwargs,
    ) -> Iterator[Token]:
        kwargs.pop("removestops", None)
        t = Token(positions, chars, removestops=False, mode=mode, **kwargs)
        t.boost, t.stopped = 1.0, False
        if mode == "query":
            grams, step = fragment_grams(value), 1
        else:
            grams, step = char_grams(value), 2
        for k, text in enumerate(grams):
            t.text = text
            if positions:
                t.pos = start_pos + k // step
            yield t


def analyzer_for(analysis: Analysis) -> ChineseAnalyzer:
    return ChineseAnalyzer(analysis.user_dict)
