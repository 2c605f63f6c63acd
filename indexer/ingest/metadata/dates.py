"""Dates as 公文 write them: Arabic (2017年3月15日, 2017-03-15, 2017.3.15) and Chinese numerals
with 〇/零 (二〇一七年三月十五日), the form older 成文日期 use.

Pure text functions; the zone rules (signature, header) decide which date means what.
"""

from __future__ import annotations

import datetime as dt
import re

from ...textnorm import normalize

_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | dict.fromkeys("零○OoО0", 0)
DATE_PATTERNS = (
    re.compile(r"(?P<y>(?:19|20)\d{2})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日?"),
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})[-./](?P<m>\d{1,2})[-./](?P<d>\d{1,2})(?!\d)"),
    re.compile(
        r"(?P<y>[〇零○OoО0一二三四五六七八九]{4})年"
        r"(?P<m>[一二三四五六七八九十]{1,2})月(?P<d>[一二三四五六七八九十]{1,3})日"
    ),
)
_NEXT_YEAR_RE = re.compile(r"(?:19|20)\d{2}年|[〇零○一二三四五六七八九]{4}年")


def parse_date(raw: str | dt.date) -> dt.date | None:
    """The first valid date written in any usual form; None for 2月30日 or no date."""
    if isinstance(raw, dt.date):
        return raw
    text = re.sub(r"\s*([年月日])\s*", r"\1", normalize(str(raw)))
    for pattern in DATE_PATTERNS:
        for m in pattern.finditer(text):
            try:
                y, mo, d = (_number(m.group(k)) for k in ("y", "m", "d"))
                if 1900 <= y <= 2100:
                    return dt.date(y, mo, d)
            except ValueError:
                continue
    return None


def _number(s: str) -> int:
    """Arabic digits, or Chinese numerals: digit by digit for years, 十-style for days."""
    if s.isdigit() and s.isascii():
        return int(s)
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)
    try:
        return int("".join(str(_CN_DIGITS[c]) for c in s))
    except KeyError as exc:
        raise ValueError(s) from exc


def is_date_line(c: str) -> bool:
    """A compact line that is only a date (a 成文日期 standing alone, maybe in brackets)."""
    c = c.strip("()（）")
    return any(p.fullmatch(c) for p in DATE_PATTERNS)


def starts_with_date(c: str) -> bool:
    c = c.lstrip("(（—-")
    return any(p.match(c) for p in DATE_PATTERNS)


def after_date(c: str) -> str:
    """The rest of a line that starts with a date ("2002年1月26日 国务院令第344号公布")."""
    c = c.lstrip("(（—-")
    return next((p.sub("", c, count=1) for p in DATE_PATTERNS if p.match(c)), c)


def dated_segments(text: str) -> list[tuple[dt.date, str]]:
    """Each valid full date with the text after it, up to the next year: what happened then."""
    found = (m for pattern in DATE_PATTERNS for m in pattern.finditer(text))
    segments = []
    for m in sorted(found, key=lambda m: m.start()):
        if when := parse_date(m.group(0)):
            segments.append((when, _NEXT_YEAR_RE.split(text[m.end() :])[0]))
    return segments
