"""One-character-to-one-character maps applied to long texts at C speed: ``CharMap`` (the folds
of ``textnorm``) and ``nfkc`` (NFKC where it maps character by character).

``str.translate`` with a dict looks each character up through a Python mapping: on a
1,300-character document 90–200 µs, and a build folds every document's text several times
(the analyzer, the metadata rules' simplified shadow, the quote field). A lookup array over the
Basic Multilingual Plane does the same in 15–20 µs. The array is filled from the very table
``translate`` uses, so both paths give the same string by construction; texts with characters
beyond the BMP, and short texts (where numpy's overhead dominates), keep ``translate``.
"""

from __future__ import annotations

import unicodedata
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
        codes = _bmp_codes(text)
        if codes is None:
            return text.translate(self._table)
        return _text(self._lookup()[codes])

    def _lookup(self) -> np.ndarray:
        """Built on first use (a fold table computes each character's value on first sight:
        about 60 ms for the whole BMP), so a process that never folds a long text pays none."""
        if self._array is None:
            values = [_one(self._table[code], code) for code in range(_BMP)]
            self._array = np.array(values, dtype=np.uint32)
        return self._array


def _bmp_codes(text: str) -> np.ndarray | None:
    """The code points of a text long enough for the array path and within the BMP, else None."""
    if len(text) < _SHORT:
        return None
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return codes if int(codes.max()) < _BMP else None


def _text(codes: np.ndarray) -> str:
    return codes.tobytes().decode("utf-32-le", "surrogatepass")


def _one(value: int | str | None, code: int) -> int:
    if isinstance(value, int):
        return value
    if isinstance(value, str) and len(value) == 1:
        return ord(value)
    raise ValueError(f"U+{code:04X} maps to {value!r}: a CharMap needs exactly one character")


#: Ranges whose characters neither compose with a neighbour under NFKC nor take part in
#: reordering (no combining marks, Hangul jamo, kana voicing marks, halfwidth katakana): in a
#: text made only of them, NFKC is character by character. ASCII with its controls, Latin-1,
#: general punctuation, enclosed numbers, CJK radicals and punctuation, the ideographs, the
#: compatibility ideographs and forms, and the fullwidth forms.
_NFKC_PLAIN = (
    (0x09, 0x0D), (0x20, 0x7E), (0xA0, 0xFF), (0x2000, 0x206F), (0x2460, 0x24FF),
    (0x2E80, 0x2FDF), (0x3000, 0x3029), (0x3030, 0x303F), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF), (0xFE30, 0xFE4F), (0xFF01, 0xFF60), (0xFFE0, 0xFFEE),
)  # fmt: skip
_NFKC: tuple[np.ndarray, np.ndarray] | None = None


def nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``; through a lookup array when every character is
    in ``_NFKC_PLAIN`` and folds to one character (a 1,300-character notice: one NFKC call was a
    fifth of reading its metadata, full-width punctuation defeating NFKC's quick check)."""
    codes = _bmp_codes(text)
    if codes is not None:
        table, plain = _nfkc_tables()
        if plain[codes].all():
            return _text(table[codes])
    return unicodedata.normalize("NFKC", text)


def _nfkc_tables() -> tuple[np.ndarray, np.ndarray]:
    global _NFKC
    if _NFKC is None:
        table = np.arange(_BMP, dtype=np.uint32)
        plain = np.zeros(_BMP, dtype=bool)
        for lo, hi in _NFKC_PLAIN:
            for code in range(lo, hi + 1):
                folded = unicodedata.normalize("NFKC", chr(code))
                if len(folded) == 1:
                    table[code], plain[code] = ord(folded), True
        _NFKC = table, plain
    return _NFKC
