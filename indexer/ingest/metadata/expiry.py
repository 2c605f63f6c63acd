"""The end of a document's own 有效期, from its text: "本办法自印发之日起施行，有效期五年",
"试行2年", "有效期至2025年12月31日". Counted from the 施行 date the same sentence names, else
from the 成文日期. The status it leads to is decided in indexer/validity.py.
"""

from __future__ import annotations

import datetime as dt
import re

from .dates import parse_date
from .effective import SELF_RE as _SELF
from .effective import START_RE as _START_RE

# 有效期 must open a clause or follow the document's own name: "许可证有效期为五年" is about
# licences, not about the text.
_LEAD = rf"(?:^|[，,：:]|{_SELF})"
_NUM = r"[0-9０-９一二两三四五六七八九十]+"
_PERIOD_RE = re.compile(
    rf"{_LEAD}(?:有效期(?:限)?(?:为|是)?|试行(?:期)?(?:为)?)(?P<n>{_NUM})(?P<unit>年|个月)"
)
_UNTIL_RE = re.compile(
    rf"{_LEAD}有效期(?:自[^，。；]{{4,20}}?)?至(?P<until>[^，。；止]{{8,16}}?日)"
)
_SENTENCE_RE = re.compile(r"[^。；\n]+")
_CN = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2}


def valid_until(text: str, date: dt.date | None) -> dt.date | None:
    """The last day of the document's own 有效期, or None when its text states none.

    Only a sentence about the document itself counts (本办法/本通知/…, or a 施行 clause):
    a law's "许可证有效期为五年" is about licences, not about the law.
    """
    for sentence in _SENTENCE_RE.findall(text.replace(" ", "")):
        if not re.search(_SELF, sentence) and not _START_RE.search(sentence):
            continue
        if m := _UNTIL_RE.search(sentence):
            if until := parse_date(m.group("until")):
                return until
        m = _PERIOD_RE.search(sentence)
        if not m or _count(m.group("n")) <= 0:
            continue
        start_m = _START_RE.search(sentence)
        start = parse_date(start_m.group("start")) if start_m else None
        start = start or date
        if start is None:
            return None
        return _add(start, _count(m.group("n")), m.group("unit")) - dt.timedelta(days=1)
    return None


def _count(raw: str) -> int:
    """ "5", "５", "五", "十", "十二", "两"."""
    if raw.isdigit():
        return int(raw)
    if "十" in raw:
        tens, _, ones = raw.partition("十")
        return (_CN.get(tens, 1) if tens else 1) * 10 + (_CN.get(ones, 0) if ones else 0)
    return _CN.get(raw, 0)


def _add(start: dt.date, n: int, unit: str) -> dt.date:
    months = start.month - 1 + (n * 12 if unit == "年" else n)
    year, month = start.year + months // 12, months % 12 + 1
    day = start.day
    while True:
        try:
            return dt.date(year, month, day)
        except ValueError:  # 29 February + 1 year, 31 January + 1 month
            day -= 1
