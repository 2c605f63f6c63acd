"""Plain data passed between the seams: sources → extraction → metadata → backend → service."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

#: The facets every search returns, in display order.
FACETS: tuple[str, ...] = ("year", "department", "topic", "doc_type")

#: Metadata fields a sidecar, a portal table or the body rules may supply.
META_FIELDS: tuple[str, ...] = (
    "title",
    "department",
    "doc_number",
    "date",
    "doc_type",
    "topic",
    "index_no",
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
    # Index-time field values prepared by a worker process (e.g. pre-segmented text); not stored.
    prepared: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def year(self) -> int | None:
        return self.date.year if self.date else None

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("prepared")
        d["id"] = d.pop("doc_id")
        d["date"] = self.date.isoformat() if self.date else None
        d["year"] = self.year
        return d


@dataclass(frozen=True)
class Failure:
    """A file that was not indexed, and why (one line of the index report)."""

    path: str
    reason: str
    kind: str = "failed"  # "failed" | "unsupported" | "empty"


@dataclass
class Report:
    """Outcome of one index run; printed by the CLI and stored in the generation's meta.json."""

    indexed: int = 0
    failures: list[Failure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    generation: str | None = None
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "indexed": self.indexed,
            "failures": [asdict(f) for f in self.failures],
            "warnings": list(self.warnings),
            "generation": self.generation,
            "seconds": round(self.seconds, 3),
        }


@dataclass(frozen=True)
class SearchRequest:
    """A validated search: built by search_app.params or the CLI, checked by SearchService."""

    q: str = ""
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)  # facet -> values
    sort: str = "relevance"  # "relevance" | "date"
    page: int = 1
    size: int = 20


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


@dataclass
class SearchPage:
    request: SearchRequest
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.request.size))
