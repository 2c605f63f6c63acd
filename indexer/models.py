"""Plain data passed between the seams: sources → extraction → metadata → backend → service."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: The facets every search returns, in display order.
FACETS: tuple[str, ...] = ("year", "department", "topic", "doc_type", "validity")

#: Metadata fields a sidecar, a portal table or the body rules may supply.
META_FIELDS: tuple[str, ...] = (
    "title",
    "department",
    "doc_number",
    "date",
    "doc_type",
    "topic",
    "index_no",
    "validity",
)


@dataclass(frozen=True)
class SourceFile:
    """One file found under the documents folder."""

    path: Path  # absolute
    rel: str  # POSIX path relative to the documents folder; also the doc id for files
    suffix: str  # lower-case, with the dot
    size: int
    sha256: str


@dataclass
class Extracted:
    """What an extractor could read from one file, before metadata rules.

    ``meta`` holds values the file itself states in a structured way (a portal page's table,
    DOCX core properties, a PDF /Info title); keys are from META_FIELDS.
    """

    text: str
    title: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    pages: int | None = None
    warnings: list[str] = field(default_factory=list)
    ocr_pages: int = 0  # pages whose text came from OCR (scans, fonts without a Unicode map)
    ocr_confidence: dict[int, float] = field(default_factory=dict)  # page (1-based) → mean conf


@dataclass
class Document:
    """A document as indexed and as shown; every optional field may be unknown (None)."""

    doc_id: str
    title: str
    body: str
    department: str | None = None
    doc_number: str | None = None
    date: dt.date | None = None
    doc_type: str | None = None
    topic: str | None = None
    index_no: str | None = None
    path: str | None = None  # relative path of the original file, for download
    sha256: str | None = None
    fmt: str | None = None  # "pdf", "docx", "html", "txt", "jsonl"
    sources: dict[str, str] = field(default_factory=dict)  # field -> where its value came from
    extra: dict[str, Any] = field(default_factory=dict)  # unknown JSONL keys, kept verbatim
    # 公文 elements read from the text (indexer/metadata); empty where the text lacks them.
    instrument: str | None = None  # embedded 规范性文件 type: 办法, 规定, 细则, 方案, 规划…
    addressees: str | None = None  # 主送机关
    cc: str | None = None  # 抄送机关
    printed_by: str | None = None  # 印发机关
    printed_date: dt.date | None = None  # 印发日期
    effective_date: dt.date | None = None  # 施行日期, from the document's own 施行 clause
    attachment_titles: list[str] = field(default_factory=list)  # 附件说明, one per 附件
    cites: list[str] = field(default_factory=list)  # cited 发文字号 and 《titles》, canonical
    repeals: list[str] = field(default_factory=list)  # the cited ones it declares repealed
    validity: str | None = None  # 时效性: 有效 / 已废止 / 已失效 / 未知
    valid_until: dt.date | None = None  # last day of an 有效期 clause
    repealed_by: list[str] = field(default_factory=list)  # doc ids of repealing documents
    # a law's making and amending above its body, oldest first: "1982-11-19 通过"
    history: list[str] = field(default_factory=list)
    superseded_by: list[str] = field(default_factory=list)  # doc ids of its newer versions
    warnings: list[str] = field(default_factory=list)  # e.g. header and signature disagree
    # Pages read by OCR: the page warns readers that the text may contain recognition errors.
    ocr_pages: int = 0
    parent: str | None = None  # for an attachment (附件1：…): the doc id of its main document
    attachments: list[str] = field(default_factory=list)  # doc ids of this document's 附件
    # Index-time field values prepared by a worker process (e.g. pre-segmented text); not stored.
    prepared: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def year(self) -> int | None:
        return self.date.year if self.date else None

    @property
    def date_kind(self) -> str:
        """What ``date`` is: the 成文日期, or the date that stood in for it (see describe)."""
        return DATE_KINDS.get(self.sources.get("date", ""), "成文日期")

    @property
    def law_dates(self) -> list[tuple[str, str]]:
        """A law's dates under their own labels, for its page: 公布日期 (its first 公布, else
        its 通过) and the latest 修正/修订. Its ``date`` is the latest version's, which must not
        stand beside the original 令号 as if they belonged together. Empty for other documents."""
        acts = [entry.split(" ", 1) for entry in self.history if " " in entry]
        first = next((w for w, a in acts if a in ("公布", "发布", "颁布")), None)
        first = first or next((w for w, a in acts if a == "通过"), None)
        out = [("公布日期", first)] if first else []
        amended = [(w, a) for w, a in acts if a in ("修正", "修订", "修改")]
        if amended:
            when, act = amended[-1]
            out.append((f"最近{'修正' if act == '修改' else act}", when))
        return out

    @property
    def ocr(self) -> bool:
        return self.ocr_pages > 0

    @property
    def low_confidence_pages(self) -> list[tuple[int, float]]:
        """OCR'd pages Tesseract was unsure of (page, mean word confidence): the page warns
        that their text needs checking against the original."""
        pages = self.extra.get("ocr_confidence") or {}
        return [(int(p), c) for p, c in pages.items() if c < LOW_OCR_CONFIDENCE]


#: What a document cites, resolved against the index (label → documents), and which cite it.
Links = tuple[list[tuple[str, list[Document]]], list[Document]]

#: The 公文 elements of a Document read from its text, in display order (the document page,
#: /api/doc and the index's stored ``extra`` all list these).
ELEMENTS: tuple[str, ...] = (
    "instrument",
    "addressees",
    "cc",
    "printed_by",
    "printed_date",
    "effective_date",
    "attachment_titles",
    "cites",
    "repeals",
    "valid_until",
    "repealed_by",
    "history",
    "superseded_by",
    "warnings",
)
#: The elements that are dates (ISO strings on the wire and in the index).
ELEMENT_DATES: tuple[str, ...] = ("printed_date", "effective_date", "valid_until")

#: Mean OCR word confidence (Tesseract's 0-100) under which a page is flagged to readers: clean
#: scans read at 90-95; a blurred, low-contrast phone photo at 70-85 already has misread words.
LOW_OCR_CONFIDENCE = 85.0

#: ``Document.sources["date"]`` values that mean the text has no 成文日期, and what dated it.
DATE_KINDS = {"printed": "印发日期", "published": "发布日期", "effective": "施行日期"}

#: Failure kinds that mean "not a document we read" rather than "a document we could not read".
SKIPPED_KINDS: tuple[str, ...] = ("unsupported", "empty", "too large", "skipped")


@dataclass(frozen=True)
class SearchRequest:
    """A validated search: built by search_app.params or the CLI, checked by SearchService."""

    q: str = ""
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)  # facet -> values
    sort: str = "relevance"  # "relevance" | "date"
    page: int = 1
    size: int = 20
    explain: bool = False  # add a per-hit score breakdown (staff: "why is this first?")
    expand: bool = (
        True  # read everyday words as official terms (indexer/lexicon.py); expand=0 undoes
    )


@dataclass(frozen=True)
class FacetValue:
    value: str
    count: int
    selected: bool = False


@dataclass
class Hit:
    doc: Document
    score: float
    snippet: list[tuple[str, bool]]  # (text, is_match) segments; escaping is the renderer's job
    title_marked: list[tuple[str, bool]] = field(default_factory=list)
    explain: dict[str, Any] | None = None
    articles: list[Any] = field(default_factory=list)  # indexer.articles.Article, best first


@dataclass(frozen=True)
class Relaxed:
    """What a search did instead of requiring every word, so the page can say so: left out a
    word no document has (mode "drop"), or ranked by any of the words (mode "any")."""

    query: str  # the query actually run
    dropped: str = ""  # the word left out ("" for mode "any")
    mode: str = "drop"
    all_words_matched: int | None = None  # documents that did have every word (0–2)

    def to_json(self) -> dict[str, Any]:
        """The API's shape: {"dropped", "query", "mode"?, "all_words_matched"?}."""
        out: dict[str, Any] = {"dropped": self.dropped, "query": self.query}
        if self.mode != "drop":
            out["mode"] = self.mode
        if self.all_words_matched is not None:
            out["all_words_matched"] = self.all_words_matched
        return out


#: The phases of a search that `Timing` measures, in the order they run.
PHASES: tuple[str, ...] = ("parse", "match", "facets", "rank", "snippets")


@dataclass
class Timing:
    """Milliseconds per phase of one search (summed over fallbacks), and how many times the
    index was matched or scored: where a slow query spends its time, without a profiler."""

    ms: dict[str, float] = field(default_factory=lambda: dict.fromkeys(PHASES, 0.0))
    total: float = 0.0
    passes: int = 0  # query evaluations against the index (matching, phrase checks, scoring)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {k: round(v, 3) for k, v in self.ms.items()}
        return {**out, "total": round(self.total, 3), "passes": self.passes}


@dataclass
class SearchPage:
    request: SearchRequest
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]
    relaxed: Relaxed | None = None  # when nothing matched every word
    did_you_mean: str | None = None  # e.g. pinyin typed as 政府信息公开
    timing: Timing | None = None
    partial: bool = False  # the request's work budget ran out: hits and counts are incomplete
    expansions: list[Any] = field(default_factory=list)  # indexer.lexicon.Expansion read in q
    answers: list[Any] = field(default_factory=list)  # indexer.answers.PageAnswer (questions)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.request.size))
