"""时效性 (validity): 有效 / 已废止 / 已失效 / 未知, from what the texts themselves say.

Three sources, in order of trust:

1. an explicit value exported by the CMS (sidecar ``validity``), kept as given;
2. a later indexed document that repeals this one ("《…》（…〔2014〕3号）同时废止"): 已废止.
   This needs every document, so it runs once per rebuild, after all are written
   (``repealed_targets`` here decides, indexer/links.py reads and rewrites the index);
3. a newer indexed version of the same law: same title, a later date, and a header that lists
   this version's date among its own 通过/修正/修订 dates ("2010年12月23日…修订 2018年11月22日
   …修正"): 已失效, linked to the newer version (``superseded_versions``);
4. the document's own 有效期 clause (indexer/metadata/expiry.py: "本办法自印发之日起施行，
   有效期五年", "试行2年", "有效期至2025年12月31日"), counted from its 施行 date or else
   its 成文日期: 已失效 once that day has passed at index time, 有效 until then.

Anything else is 未知: a text that names no end date may still have been repealed by a document
the index does not hold, so "有效" would be a guess.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

VALID, REPEALED, EXPIRED, UNKNOWN = "有效", "已废止", "已失效", "未知"
STATUSES: tuple[str, ...] = (VALID, REPEALED, EXPIRED, UNKNOWN)
#: Spellings a CMS export uses for the four statuses.
ALIASES: dict[str, str] = {
    "现行有效": VALID,
    "有效": VALID,
    "废止": REPEALED,
    "已废止": REPEALED,
    "失效": EXPIRED,
    "已失效": EXPIRED,
    "未知": UNKNOWN,
}


def normalise_status(raw: str | None) -> str | None:
    """A given value in any usual spelling, or None when it names no status."""
    value = re.sub(r"\s+", "", raw or "")
    return ALIASES.get(value)


def status(until: dt.date | None, today: dt.date | None = None) -> str:
    """有效 / 已失效 from an 有效期 end date; 未知 without one."""
    if until is None:
        return UNKNOWN
    return EXPIRED if until < (today or dt.date.today()) else VALID


@dataclass(frozen=True)
class Stated:
    """What the index knows about one document for the repeal pass."""

    doc_id: str
    date: dt.date | None
    department: str | None = None


@dataclass(frozen=True)
class Version:
    """What the version pass knows about one document: its title key, its date, and the
    dates its header lists as earlier 通过/修正/修订 of the same text."""

    doc_id: str
    key: str
    date: dt.date
    history: frozenset[dt.date] = frozenset()


def superseded_versions(versions: Iterable[Version]) -> dict[str, list[str]]:
    """Old doc id → ids of the newer versions that list its date in their history. The
    history is what makes it safe: many cities issue documents of one title, but only a
    later version of the same text names this one's date as one of its own."""
    by_key: dict[str, list[Version]] = {}
    for v in versions:
        by_key.setdefault(v.key, []).append(v)
    out: dict[str, list[str]] = {}
    for group in by_key.values():
        amended = [v for v in group if v.history]  # only these can name an older version
        if not amended:
            continue
        for old in group:
            newer = [v.doc_id for v in amended if v.date > old.date and old.date in v.history]
            if newer:
                out[old.doc_id] = sorted(newer)
    return out


def repealed_targets(
    key: str, repealers: Iterable[Stated], targets: Iterable[Stated]
) -> dict[str, list[str]]:
    """For one repeal key: target doc id → ids of the documents that repeal it.

    A repeal applies to earlier documents only (a new 办法 repealing "《××办法》" shares its
    old version's title), never to the repealing document itself. When a date is missing,
    only a 发文字号 (unique) is trusted; a bare title might name any version. A title without
    its issuer ("《关于进一步促进房地产市场平稳健康发展的意见》") is shared by many cities'
    documents: it counts only between documents of the same known department.
    """
    numbered = "〔" in key
    generic = not numbered and key.startswith("关于")
    out: dict[str, list[str]] = {}
    repealers = list(repealers)
    for target in targets:
        for rep in repealers:
            if rep.doc_id == target.doc_id:
                continue
            if rep.date and target.date:
                if target.date >= rep.date:
                    continue
            elif not numbered:
                continue
            if generic and not (rep.department and rep.department == target.department):
                continue
            out.setdefault(target.doc_id, []).append(rep.doc_id)
    return out
