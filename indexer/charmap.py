"""A one-character-to-one-character map applied to long texts at C speed.

``str.translate`` with a dict looks each character up through a Python mapping: on a
1,300-character document 90–200 µs, and a build folds every document's text several times
(the analyzer, the metadata rules' simplified shadow, the quote field). A lookup array over the
Basic Multilingual Plane does the same in 15–20 µs. The array is filled from the very table
``translate`` uses, so both paths give the same string by construction; texts with characters
beyond the BMP, and short texts (where numpy's overhead dominates), keep ``translate``.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

_BMP = 0x10000
#: Below this length ``translate`` is as fast as the array (measured: about 60 characters).
_SHORT = 64


class CharMap:
    """``text.translate(table)`` for a table that maps every character to exactly one."""

    def __init__(self, table: Mapping[int, int | str]) -> None:
        self._table = table
        self._array: np.ndarray | None = None

    def __call__(self, text: str) -> str:
        if len(text) < _SHORT:
            return text.translate(self._table)
        codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        if int(codes.max()) >= _BMP:
            return text.translate(self._table)
        return self._lookup()[codes].tobytes().decode("utf-32-le", "surrogatepass")

    def _lookup(self) -> np.ndarray:
        """Built on first use (a fold table computes each character's value on first sight:
        about 60 ms for the whole BMP), so a process that never folds a long text pays none."""
        if self._array is None:
            values = [_one(self._table[code], code) for code in range(_BMP)]
            self._array = np.array(values, dtype=np.uint32)
        return self._array


def _one(value: int | str | None, code: int) -> int:
    if isinstance(value, int):
        return value
    if isinstance(value, str) and len(value) == 1:
        return ord(value)
    raise ValueError(f"U+{code:04X} maps to {value!r}: a CharMap needs exactly one character")
