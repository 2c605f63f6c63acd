"""Everyday words read as the terms laws use (拖欠工资 → 劳动报酬, 房东 → 出租人).

A citizen asks in their own words; the article that answers says 劳动报酬, not 工资被拖欠.
``indexer/data/lexicon.tsv`` keeps each mapping as data, with the statute wording it comes from,
so an office can check and extend it. Pure (neither wing): the query door expands a question
with it and the page shows what was read as what, so the citizen can undo it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from .errors import ConfigError

DEFAULT_LEXICON = Path(__file__).parent / "data" / "lexicon.tsv"


@dataclass(frozen=True)
class Entry:
    lay: str
    official: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class Expansion:
    """One everyday phrase found in a query and the official terms it is also searched for."""

    lay: str
    official: tuple[str, ...]

    def to_json(self) -> dict[str, object]:
        return {"lay": self.lay, "official": list(self.official)}


@functools.cache
def load(path: Path = DEFAULT_LEXICON) -> tuple[Entry, ...]:
    """The entries of a lexicon file; a line without all three columns is a configuration error."""
    entries = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = [c.strip() for c in line.split("\t")]
        if len(cols) != 3 or not all(cols):
            raise ConfigError(f"{path.name}:{n}: 需要三列（俗称、法定用语、出处），以制表符分隔")
        official = tuple(t for t in cols[1].split() if t != cols[0])
        if official:
            entries.append(Entry(cols[0], official, cols[2]))
    # longest first: 拖欠工资 is read before 工资, and then 工资 is not read again
    return tuple(sorted(entries, key=lambda e: -len(e.lay)))


def expand(text: str, path: Path = DEFAULT_LEXICON) -> list[Expansion]:
    """The everyday phrases in ``text`` (longest first) and their terms.

    A phrase inside one already read is not read again (工资 inside 拖欠工资), but phrases that
    only cross each other are both read: 租的房子被卖了 holds 租的房子 (租赁) and 房子被卖
    (买卖不破租赁), and neither says all of it. Official terms the text already contains are
    left out: they are searched anyway.
    """
    read: list[tuple[int, int]] = []
    out: list[Expansion] = []
    for entry in load(path):
        start = text.find(entry.lay)
        while start >= 0 and _inside(start, start + len(entry.lay), read):
            start = text.find(entry.lay, start + 1)
        if start < 0:
            continue
        read.append((start, start + len(entry.lay)))
        new = tuple(t for t in entry.official if t not in text)
        if new:
            out.append(Expansion(entry.lay, new))
    return out


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in spans)
