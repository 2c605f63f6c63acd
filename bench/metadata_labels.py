"""What the corpus's labels mean, for bench/metadata_check.py: the value to compare with, whether
the body states it at all, and which date labels name another day than the text's own version
(decided from the record alone, never from our answer). See the corpus README for how each
source was labelled."""

from __future__ import annotations

import re

from indexer.ingest.metadata import Layout, clean_doc_type
from indexer.ingest.metadata.dates import dated_segments, is_date_line, parse_date
from indexer.ingest.metadata.effective import START_RE
from indexer.ingest.metadata.parts import find_published
from indexer.textnorm import fold_chars, normalize_doc_number

TOPIC_SOURCES = ("govcn",)
# Held-out 主题分类 check: sources whose every record belongs to one 一级 by what the source is,
# never used to tune the word lists. 海关总署 公告 are 商贸、海关、旅游 (海关; 检验、检疫) except
# those the source tags 知识产权类 (科技、教育\知识产权 is as right); the housing-policy ledger
# is 城乡建设、环境保护 (城乡建设（含住房）).
HELD_OUT_TOPICS = {"customs": "商贸、海关、旅游", "realestate": "城乡建设、环境保护"}
HELD_OUT_SKIP = {"知识产权类"}
_CN = "〇一二三四五六七八九"


def expected_value(record: dict, name: str) -> str | None:
    value = record.get("date") if name == "year" else record.get(name)
    if not value:
        return None
    if name == "doc_number":
        return normalize_doc_number(value) or value
    if name == "title":
        return title_form(value)
    if name == "doc_type":
        return clean_doc_type(value)
    if name == "year":
        return value[:4]
    if name == "topic":
        return value.split("\\")[0] if record["id"].split("-")[0] in TOPIC_SOURCES else None
    if name == "department":
        return re.split(r"[、，,\s]+", value)[0]  # the lead issuer
    return value


def title_form(title: str) -> str:
    """Titles compare without spaces and with one bracket and width style: a title broken over
    lines, or written with （） in one place and () in another, is the same title."""
    return fold_chars(re.sub(r"\s+", "", title))


def written_in_body(record: dict, name: str, want: str) -> bool:
    """Whether the body states the value at all: the ceiling for rules that only read it."""
    body = re.sub(r"\s+", "", record["body"])
    if name in ("date", "year"):
        y, m, d = (int(part) for part in record["date"].split("-"))
        chinese = "".join(_CN[int(c)] for c in str(y)) + f"年{_cn(m)}月{_cn(d)}日"
        return any(f in body for f in (f"{y}年{m}月{d}日", record["date"], chinese))
    if name == "doc_number":
        return want in fold_chars(body) or (record["doc_number"] or "") in body
    if name == "doc_type":
        return bool(record.get("title")) and re.sub(r"\s+", "", record["title"]) in body
    if name == "title":
        return want in title_form(body)
    if name == "topic":
        return False
    return want in body


def label_convention(record: dict) -> str | None:
    """Why a record's date label names another day than the text's own version date, decided
    from the record alone (never from our answer):

    * LawRefBook files without a date in their name were labelled with the first dated header
      line: the first passage of a law whose header lists later amendments (corpus README);
    * the label is the day the body says the policy takes effect (自…起施行), the
      real-estate ledger's convention, while the body is dated another day;
    * the label is the page's 发布日期 stamp above the text, while a date line of its own
      closes the body with another day.
    """
    want = parse_date(record["date"])
    head = Layout.of(record["body"]).head_text()
    if record["id"].startswith("lawref") and not re.search(
        r"\(\d{4}-\d\d-\d\d\)", record["source"]
    ):
        later = [
            w for w, seg in dated_segments(head) if w > want and re.search("修正|修订|修改", seg)
        ]
        if later:
            return "label: first passage of an amended law"
    text = re.sub(r"\s+", "", record["body"])
    starts = {parse_date(m.group("start")) for m in START_RE.finditer(text)}
    others = {w for w, _ in dated_segments(text)} - starts
    if want in starts and others:
        return "label: the 施行日期"
    layout = Layout.of(record["body"])
    tail = layout.compact[len(layout.compact) * 2 // 3 :]
    closing = {parse_date(c) for c in tail if is_date_line(c)}
    if find_published(layout) == want and closing - {want, None}:
        return "label: the page's 发布日期"
    return None


def _cn(n: int) -> str:
    """3 → 三, 10 → 十, 15 → 十五, 20 → 二十, 31 → 三十一 (dates in Chinese numerals)."""
    tens, ones = divmod(n, 10)
    return (_CN[tens] if tens > 1 else "") + ("十" if tens else "") + (_CN[ones] if ones else "")
