"""The data model of the sample corpus: departments, document entries, shared material.

Everything a document says lives in ``corpus_data/documents.toml`` and everything documents
share (departments, paragraph pools, portal chrome) in ``corpus_data/material.toml``; this
module only reads them into typed objects, rejecting unknown keys so a typo in the data fails
the run instead of silently changing the corpus.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).parent / "corpus_data"


@dataclass(frozen=True)
class Dept:
    """An issuing department: full name, name in running text, printing office, 索引号 prefix."""

    key: str
    name: str
    short: str
    office: str
    org: str


@dataclass
class DocSpec:
    """One entry of documents.toml; field names are the TOML keys (see the file's header)."""

    id: str
    path: str
    dept: str
    title: str
    doc_type: str
    topic: str
    date: dt.date
    body: str
    number: str | None = None
    written_number: str | None = None
    date_style: str = "arabic"
    header: bool | str = False
    to: str | None = None
    pool: str | None = None
    attachments: list[str] = field(default_factory=list)
    note: bool = False
    instrument_title: str | None = None
    instrument: str | None = None
    keywords: str | None = None
    cc: str | None = None
    printed: dt.date | None = None
    encoding: str = "utf-8"
    newline: str = "lf"
    sidecar: list[str] = field(default_factory=list)
    csv: list[str] = field(default_factory=list)
    override: dict[str, str] = field(default_factory=dict)
    published: dt.date | None = None
    column: str = "通知公告"
    table_number: str | None = None
    table_date: str = "iso"
    pdf_title: str | None = None
    docx_title: bool = False

    @property
    def format(self) -> str:
        return Path(self.path).suffix.lstrip(".").lower()

    @property
    def plain_title(self) -> str:
        """The title as one string (the "|" only marks where the layout breaks it)."""
        return self.title.replace("|", "")


@dataclass(frozen=True)
class Material:
    """Everything shared between documents: departments, pools, names, portal chrome."""

    depts: dict[str, Dept]
    pools: dict[str, list[str]]
    counties: list[str]
    contacts: list[str]
    portal: dict[str, Any]


def load_material(path: Path = DATA_DIR / "material.toml") -> Material:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    depts = {key: Dept(key=key, **value) for key, value in data["dept"].items()}
    return Material(depts, data["pool"], data["counties"], data["contacts"], data["portal"])


def load_specs(material: Material, path: Path = DATA_DIR / "documents.toml") -> list[DocSpec]:
    """Read every document entry; unknown keys fail loudly instead of being ignored."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    known = {f.name for f in fields(DocSpec)}
    specs = []
    for entry in data["doc"]:
        unknown = set(entry) - known
        if unknown:
            raise ValueError(f"{entry.get('id')}: unknown keys {sorted(unknown)}")
        spec = DocSpec(**entry)
        if spec.dept not in material.depts:
            raise ValueError(f"{spec.id}: unknown department {spec.dept!r}")
        specs.append(spec)
    return specs


def load_seed(path: Path = DATA_DIR / "documents.toml") -> dict[str, str]:
    return tomllib.loads(path.read_text(encoding="utf-8"))["seed"]


def index_no(spec: DocSpec, dept: Dept) -> str:
    """A portal-style 索引号 (organisation code / year-sequence), stable per document."""
    seq = sum(ord(c) * (i + 1) for i, c in enumerate(spec.id)) % 900 + 11
    return f"{dept.org}/{spec.date.year}-{seq:05d}"
