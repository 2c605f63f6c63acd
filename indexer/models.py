"""Plain data passed between the seams: sources → extraction → metadata → backend → service."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
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
    def ocr(self) -> bool:
        return self.ocr_pages > 0

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("prepared")
        d["id"] = d.pop("doc_id")
        d["date"] = self.date.isoformat() if self.date else None
        for name in ("printed_date", "effective_date", "valid_until"):
            d[name] = d[name].isoformat() if d[name] else None
        d["year"] = self.year
        return d


#: ``Document.sources["date"]`` values that mean the text has no 成文日期, and what dated it.
DATE_KINDS = {"printed": "印发日期", "published": "发布日期", "effective": "施行日期"}

#: Failure kinds that mean "not a document we read" rather than "a document we could not read".
SKIPPED_KINDS: tuple[str, ...] = ("unsupported", "empty", "too large", "skipped")


@dataclass(frozen=True)
class Failure:
    """A file that was not indexed, and why (one line of the index report)."""

    path: str
    reason: str
    # "failed" | "timeout" | "crashed" (worker died or ran out of memory) | one of SKIPPED_KINDS
    kind: str = "failed"

    @property
    def skipped(self) -> bool:
        return self.kind in SKIPPED_KINDS


@dataclass
class Report:
    """Outcome of one index run; printed by the CLI and stored in the generation's meta.json."""

    indexed: int = 0
    failures: list[Failure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    generation: str | None = None
    seconds: float = 0.0
    ocr: int = 0  # documents with at least one OCR'd page
    ocr_pages: int = 0

    def summary(self) -> dict[str, Any]:
        """Counts for the end of a run: staff read these before the per-file lines."""
        by_reason: dict[str, int] = {}
        for f in self.failures:
            key = f"{f.kind}: {reason_group(f.reason)}"
            by_reason[key] = by_reason.get(key, 0) + 1
        return {
            "indexed": self.indexed,
            "ocr": self.ocr,
            "ocr_pages": self.ocr_pages,
            "skipped": sum(1 for f in self.failures if f.skipped),
            "failed": sum(1 for f in self.failures if not f.skipped),
            "by_reason": dict(sorted(by_reason.items(), key=lambda kv: (-kv[1], kv[0]))),
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "indexed": self.indexed,
            "failures": [asdict(f) for f in self.failures],
            "warnings": list(self.warnings),
            "generation": self.generation,
            "seconds": round(self.seconds, 3),
            "ocr": self.ocr,
            "ocr_pages": self.ocr_pages,
            "summary": self.summary(),
        }


def reason_group(reason: str) -> str:
    """A failure reason without its file-specific detail ("damaged PDF (…)" → "damaged PDF"),
    so that a summary counts alike failures together."""
    return reason.split(" (", 1)[0]


@dataclass(frozen=True)
class SearchRequest:
    """A validated search: built by search_app.params or the CLI, checked by SearchService."""

    q: str = ""
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)  # facet -> values
    sort: str = "relevance"  # "relevance" | "date"
    page: int = 1
    size: int = 20
    explain: bool = False  # add a per-hit score breakdown (staff: "why is this first?")


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


@dataclass
class SearchPage:
    request: SearchRequest
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]
    # When nothing matched every word: the word left out and the query actually run.
    relaxed: dict[str, str] | None = None
    did_you_mean: str | None = None  # e.g. pinyin typed as 政府信息公开
    partial: bool = False  # the request's work budget ran out: hits and counts are incomplete

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.request.size))
