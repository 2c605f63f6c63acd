"""Query text before parsing: the parts of our query language that are not Whoosh syntax.

Pulled out of the text here (pure string work, no whoosh): 发文字号 in any bracket style,
years and year/date ranges, and abbreviations, which are rewritten into ``(行署 OR "行政公署")``
groups the parser understands. Quoted text is never rewritten.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..segment import tokenize_text
from ..textnorm import (
    CJK,
    find_doc_numbers,
    find_order_numbers,
    fold_chars,
    normalize,
    to_simplified,
)

_QUOTES = str.maketrans({c: '"' for c in "“”„‟「」『』〝〞＂"})
_NUMBER_PREFIX = re.compile(r"(?:文号|发文字号|number|doc_number)\s*:\s*$", re.I)
_YEAR = r"(?:19|20)\d{2}"
_YEAR_RANGE = re.compile(
    rf"(?<![\w.])(?:年份:|year:)?({_YEAR})年?\s*(?:\.\.|~|～|—|–|-|至|到)\s*({_YEAR})年?(?![\w.])"
)
_DATE = r"\d{4}-\d{2}-\d{2}"
_DATE_RANGE = re.compile(rf"(?<![\w.])({_DATE})\s*\.\.\s*({_DATE})(?![\w.])")
_LONE_YEAR = re.compile(rf"(?<![\w.:])(?:年份:|year:)?({_YEAR})年?(?![\w.])")
# Part of a 发文字号 after 文号: 机关代字, year or both (国办发, 2014, 国办发〔2014〕, 国办发 2014)
_PARTIAL_NUMBER = re.compile(
    rf"(?:文号|发文字号|number|doc_number)\s*:\s*(?P<code>[{CJK}A-Za-z]{{1,12}})?"
    rf"(?:\s*〔\s*(?P<byear>{_YEAR})\s*〕?|\s*(?P<year>{_YEAR})年?(?![\w.~～—–-]))?",
    re.I,
)


@dataclass
class QueryText:
    text: str  # what is left for the parser
    doc_numbers: list[str] = field(default_factory=list)
    number_parts: list[tuple[str, str]] = field(default_factory=list)  # (代字, year), "" = any
    years: list[str] = field(default_factory=list)  # lone years: 2016, 2016年
    year_ranges: list[tuple[str, str]] = field(default_factory=list)
    date_ranges: list[tuple[str, str]] = field(default_factory=list)
    quoted: set[str] = field(default_factory=set)  # folded text of each quoted phrase
    plain: str = ""  # the words as typed, before abbreviations were expanded
    # What the parser sees: ``text`` with each unfielded quote swapped for a placeholder word
    # (engine/fragments.py), and each quote's text with its words, in placeholder order.
    parse_text: str = ""
    fragments: list[tuple[str, list[str]]] = field(default_factory=list)


def without_quotes(q: str) -> str | None:
    """The query with its quotation marks (any of the styles ``prepare`` knows) taken out, or
    None when it had none."""
    marked = q.translate(_QUOTES)
    plain = " ".join(marked.replace('"', " ").split())
    return plain if '"' in marked and plain else None


def prepare(raw: str, user_dict: str | None, synonyms_file: Path | None) -> QueryText:
    """Normalise the text and take out what the parser should not see."""
    text = to_simplified(normalize(raw)).translate(_QUOTES)
    if text.count('"') % 2:
        text = text.replace('"', " ")  # an unbalanced quote is taken literally
    out = QueryText(text="")
    parts = text.split('"')
    for i in range(0, len(parts), 2):  # even parts are outside quotes
        parts[i] = _take_structured(parts[i], out)
    out.plain = '"'.join(parts).strip()
    for i in range(0, len(parts), 2):
        parts[i] = expand_synonyms(parts[i], user_dict, synonyms_file)
    out.quoted = {fold_chars(p).strip() for p in parts[1::2] if p.strip()}
    out.text = '"'.join(parts).strip()
    out.parse_text = _with_placeholders(parts, out.fragments, user_dict)
    return out


def _with_placeholders(parts: list[str], frags: list, user_dict: str | None) -> str:
    """The parser's text: quotes after a field name (``标题:"…"``) stay word phrases of that
    field; every other quote becomes a placeholder for its fragment query."""
    out = parts[:1]
    for i in range(1, len(parts), 2):
        quoted, after = parts[i], parts[i + 1] if i + 1 < len(parts) else ""
        if out[-1].endswith(":") or not quoted.strip():
            out.append(f'"{quoted}"{after}')
            continue
        words = [t for t, *_ in tokenize_text(quoted, user_dict, query=True)]
        lead = "" if out[-1][-1:] in ("", "-", "+", "(", " ") else " "
        out.append(f"{lead}{placeholder(len(frags))} {after}")
        frags.append((quoted, words))
    return "".join(out).strip()


_PLACEHOLDER = re.compile(r"^xxgkfrag([a-j]+)$")


def placeholder(i: int) -> str:
    """The i-th quote's stand-in word: letters only, so the analyzer keeps it as one token."""
    return "xxgkfrag" + "".join("abcdefghij"[int(d)] for d in str(i))


def placeholder_index(word: str) -> int | None:
    m = _PLACEHOLDER.match(word)
    return int("".join(str("abcdefghij".index(c)) for c in m[1])) if m else None


def _take_structured(text: str, out: QueryText) -> str:
    numbers = sorted([*find_doc_numbers(text), *find_order_numbers(text)], key=lambda m: m.start)
    for m in reversed(numbers):
        out.doc_numbers.insert(0, m.canonical())
        head = _NUMBER_PREFIX.sub("", text[: m.start])
        text = head + " " + text[m.end :]
    text = _DATE_RANGE.sub(lambda m: _keep(out.date_ranges, (m[1], m[2])), text)
    text = _PARTIAL_NUMBER.sub(lambda m: _number_part(m, out), text)
    text = _YEAR_RANGE.sub(lambda m: _keep(out.year_ranges, tuple(sorted((m[1], m[2])))), text)
    text = _LONE_YEAR.sub(lambda m: _keep(out.years, m[1]), text)
    return text


def _number_part(m: re.Match, out: QueryText) -> str:
    """``文号:国办发〔2014〕`` and the like: kept as (代字, year) for a pattern over 发文字号."""
    code, year = m["code"] or "", m["byear"] or m["year"] or ""
    if not (code or year):
        return m[0]
    out.number_parts.append((code, year))
    return " "


def _keep(bucket: list, value) -> str:
    bucket.append(value)
    return " "


@functools.cache
def synonym_groups(path: Path | None) -> dict[str, tuple[str, ...]]:
    """Form (folded) → every other form of its group."""
    if path is None or not Path(path).is_file():
        return {}
    groups: dict[str, tuple[str, ...]] = {}
    for line in Path(path).read_text(encoding="utf-8-sig").splitlines():
        forms = [fold_chars(w) for w in line.split()] if not line.startswith("#") else []
        for form in forms:
            groups[form] = tuple(f for f in forms if f != form)
    return groups


def expand_synonyms(text: str, user_dict: str | None, synonyms_file: Path | None) -> str:
    """Rewrite each abbreviation that stands as whole words into ``(form OR "other" …)``."""
    groups = synonym_groups(synonyms_file)
    if not groups or not text.strip():
        return text
    tokens = tokenize_text(text, user_dict, query=True)
    out, cur, i = [], 0, 0
    while i < len(tokens):
        hit = _longest_form(tokens, i, groups)
        if hit is None:
            i += 1
            continue
        form, j = hit
        start, end = tokens[i][2], tokens[j - 1][3]
        alts = " OR ".join(f'"{a}"' for a in groups[form])
        lead = "" if text[:start].endswith(":") else " "
        out.append(text[cur:start] + f"{lead}({text[start:end]} OR {alts}) ")
        cur, i = end, j
    out.append(text[cur:])
    return "".join(out)


def _longest_form(tokens, i: int, groups: dict) -> tuple[str, int] | None:
    best = None
    for j in range(i + 1, min(len(tokens), i + 6) + 1):
        form = "".join(t[0] for t in tokens[i:j])
        if form in groups:
            best = (form, j)
    return best
