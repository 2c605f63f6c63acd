"""Tokens computed in an extraction worker, carried to the writer process with the text.

The writer would otherwise run jieba again on every document; the workers are where the
build's cores are.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator

from .segment import index_words, tokenize_text


class PreTokenized(str):
    """A field value whose tokens were computed in another process (an extraction worker).

    It is the original text everywhere else; the analyzer replays its tokens instead of running
    jieba again in the writer process. Tokens travel packed (one string, one int array) because
    pickling millions of small tuples between processes costs more than segmenting.
    """

    words: str
    nums: bytes

    def __new__(cls, text: str, words: str, nums: bytes) -> PreTokenized:
        obj = super().__new__(cls, text)
        obj.words, obj.nums = words, nums
        return obj

    @classmethod
    def of(cls, text: str, user_dict: str | None, positions: bool = True) -> PreTokenized:
        """``positions=False``: the words alone, for an engine that indexes no positions
        (tantivy's word fields): packing them cost a tenth of a worker's segmentation."""
        if not positions:
            return cls(text, "\x00".join(index_words(text, user_dict)), b"")
        tokens = tokenize_text(text, user_dict)
        words = "\x00".join(t for t, _, _, _ in tokens)
        nums = array("i", [n for _, p, s, e in tokens for n in (p, s, e)])
        return cls(text, words, nums.tobytes())

    def tokens(self) -> Iterator[tuple[str, int, int, int]]:
        if not self.words and not self.nums:
            return iter(())
        if not self.nums:
            raise ValueError("these tokens were packed without positions (positions=False)")
        nums = array("i")
        nums.frombytes(self.nums)
        words = self.words.split("\x00")
        return ((w, nums[3 * i], nums[3 * i + 1], nums[3 * i + 2]) for i, w in enumerate(words))

    def __reduce__(self):
        return (PreTokenized, (str(self), self.words, self.nums))
