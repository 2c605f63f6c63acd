"""发文机关 from the title ("××局关于…") or the 发文字号's 机关代字, and value cleaning.

The 机关代字 table is data (indexer/data/doc_codes.tsv) so an office adds its own codes
without touching code; it is a last resort, after the text itself.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from ...textnorm import CJK
from .layout import ORG_END, first_issuer

DATA = Path(__file__).resolve().parents[2] / "data"

_ORDER_RE = re.compile(rf"(?P<org>[{CJK}]{{2,30}})令第\d+号")
_TITLE_ORG_RE = re.compile(rf"^(?P<org>[{CJK}（）()·、]{{2,40}}?(?:{ORG_END}))关于")


def department_from_title(title: str | None) -> str | None:
    """ "阿勒泰地区财政局关于…" → 阿勒泰地区财政局 (the first of joint issuers)."""
    m = _TITLE_ORG_RE.match(re.sub(r"\s+", "", title or ""))
    return first_issuer(m.group("org")) if m else None


def department_from_doc_number(doc_number: str | None) -> str | None:
    """The 机关代字 table (indexer/data/doc_codes.tsv), or the issuer a 令 number names
    ("国务院令第707号" → 国务院; a 主席令 promulgates what a congress passed); a last resort."""
    if m := re.match(r"(.+?)〔", doc_number or ""):
        return doc_codes().get(m.group(1))
    if (m := _ORDER_RE.fullmatch(doc_number or "")) and m.group("org") != "主席":
        return m.group("org")
    return None


@cache
def doc_codes() -> dict[str, str]:
    """机关代字 → department, read once from the data file."""
    table: dict[str, str] = {}
    for line in (DATA / "doc_codes.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            code, _, name = line.partition("\t")
            table[code.strip()] = name.strip()
    return table


def clean_department(raw: str) -> str | None:
    return re.sub(r"\s+", "", str(raw)) or None
