"""Document metadata from a sidecar, the portal's table, or the GB/T 9704 layout of the text.

Each field has one small rule function, in a module per zone of the layout (``header``,
``title``, ``signature``) or per kind of value (``dates``, ``doctype``, ``department``).
``describe`` applies, per field, the first source that knows a value: ``given`` (sidecar /
JSONL) > ``structured`` (portal table) > rules on the body > title hint > file name, and
records in ``Document.sources`` where each value came from. A rule that is not sure returns
None: a missing 发文机关 is better than a wrong one, because facets and filters are built from
these values.

``Document.sources`` values: ``sidecar`` (the ``given`` mapping), ``page`` (``structured``),
``header`` (版头, or the dated lines above a law's body), ``signature`` (署名/成文日期),
``body`` (the title block, or "我代表××人民政府" in a work report), ``title`` (derived from
the title: 文种, the organisation before 关于), ``doc_number`` (机关代字 table), ``printed``,
``published`` and ``effective`` (the 印发日期, the page's 发布日期 or the 施行日期, when
nothing gives the 成文日期), ``hint`` (``title_hint``),
``filename`` (``fallback_title``) and ``id`` (no title at all: the doc id stands in).
``given_title`` is no source but a value: a title the sidecar or page gave that was a time
stamp, a file name or a banner (``placeholder``), replaced by the body's title; the title
source ``placeholder`` means such a value (or a banner ``title_hint``) was kept because the body
had no title either.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping

from ...citations import find_citations, find_repeals, own_keys
from ...models import Document
from ...textnorm import normalize
from ...validity import normalise_status, status
from ..attachments import attachment_title
from .dates import parse_date
from .department import (
    clean_department,
    department_from_doc_number,
    department_from_title,
    doc_codes,
)
from .doctype import DOC_TYPE_ALIASES, DOC_TYPES, clean_doc_type, find_doc_type, find_instrument
from .effective import find_effective_date
from .expiry import valid_until
from .header import (
    HeaderDates,
    find_byline,
    find_doc_number,
    find_enacting_body,
    find_header_date,
    find_header_department,
    find_speaker,
    read_header_dates,
)
from .layout import Layout, first_issuer
from .lookalike import correct_header
from .parts import (
    find_addressees,
    find_attachment_titles,
    find_cc,
    find_labels,
    find_printed,
    find_published,
)
from .placeholder import is_placeholder_title, row_title
from .script import Script, fold_doc_number
from .signature import (
    find_signature_date,
    find_signature_department,
    signature_date_index,
)
from .title import clean_title, find_title

__all__ = [
    "DOC_TYPES",
    "DOC_TYPE_ALIASES",
    "Layout",
    "clean_department",
    "clean_doc_number",
    "clean_doc_type",
    "clean_title",
    "department_from_doc_number",
    "department_from_title",
    "describe",
    "doc_codes",
    "find_doc_number",
    "find_doc_type",
    "find_instrument",
    "find_enacting_body",
    "find_header_date",
    "find_header_department",
    "find_signature_date",
    "find_signature_department",
    "find_speaker",
    "find_title",
    "parse_date",
    "signature_date_index",
    "valid_until",
]


def describe(
    doc_id: str,
    text: str,
    *,
    given: Mapping[str, str | None] | None = None,
    structured: Mapping[str, str] | None = None,
    title_hint: str | None = None,
    fallback_title: str | None = None,
    path: str | None = None,
    sha256: str | None = None,
    fmt: str | None = None,
    extra: dict | None = None,
    today: dt.date | None = None,
    ocr: bool = False,
) -> Document:
    """Build a Document, taking each field from the most trustworthy source that has it.

    ``today`` (default: the real date) decides whether an 有效期 has run out. ``ocr``: the
    text was read by OCR, so the rules read its header lines tolerantly (``lookalike``); the
    body is kept as read.
    """
    script = Script(correct_header(text) if ocr else text)  # rules read simplified
    layout = Layout.of(script.shadow)
    given = _present(given)
    structured = _present(structured)
    labels = find_labels(layout)
    sources: dict[str, str] = {}
    placeholder = _drop_placeholder_titles(given, structured, sources)
    if is_placeholder_title(title_hint):  # a banner <title>: a last resort, not a title
        placeholder, title_hint = placeholder or title_hint, None

    def pick(name: str, clean: Callable, rules: list[tuple[str, Callable[[], object]]]):
        chain = [
            ("sidecar", lambda: given.get(name)),
            ("page", lambda: structured.get(name)),
            ("label", lambda: labels.get(name)),
        ]
        for source, produce in chain + rules:
            raw = produce()
            value = clean(raw) if raw is not None else None
            if value is not None:
                sources[name] = source
                return value
        return None

    title = pick(
        "title",
        clean_title,
        [
            ("filename", lambda: attachment_title(path) if fmt in _SHEETS else None),
            ("body", lambda: row_title(layout) or find_title(layout)),
            ("hint", lambda: title_hint),
            ("placeholder", lambda: placeholder),
        ],
    ) or _fallback(fallback_title, doc_id, sources)
    doc_number = pick("doc_number", clean_doc_number, [("header", lambda: find_doc_number(layout))])
    department = pick("department", clean_department, _department_rules(layout, title, doc_number))
    printed_by, printed_date = find_printed(layout)
    effective = find_effective_date(script.shadow)
    header = read_header_dates(layout)
    date = pick(
        "date", parse_date, _date_rules(layout, structured, header, printed_date, effective)
    )
    doc_type = pick("doc_type", clean_doc_type, [("title", lambda: find_doc_type(title))])
    topic = pick("topic", _clean_plain, [])
    index_no = pick("index_no", _clean_plain, [])
    warnings = _department_conflict(layout, department, sources)
    own = own_keys(doc_number, title)
    until = valid_until(script.shadow, effective or date)
    extra = dict(extra or {})
    if written := _number_written(script, given, structured, labels, doc_number=doc_number):
        extra["doc_number_written"] = written
    validity = pick("validity", normalise_status, []) or status(until, today)
    if until and "validity" not in sources:
        sources["validity"] = "expiry"
    return Document(
        doc_id=doc_id,
        title=script.written(title) if sources["title"] == "body" else title,
        body=text,
        department=script.written(department),
        doc_number=doc_number,
        date=date,
        doc_type=doc_type,
        topic=topic,
        index_no=index_no,
        path=path,
        sha256=sha256,
        fmt=fmt,
        sources=sources,
        extra=extra,
        instrument=find_instrument(title),
        addressees=script.written(find_addressees(layout)),
        cc=script.written(find_cc(layout)),
        printed_by=script.written(printed_by),
        printed_date=printed_date,
        effective_date=effective,
        attachment_titles=script.written_list(find_attachment_titles(layout)),
        cites=[c.label for c in find_citations(text, own)],
        repeals=[c.label for c in find_repeals(text, own)],
        history=[f"{when.isoformat()} {act}" for when, act in header.history],
        validity=validity,
        valid_until=until,
        warnings=warnings,
    )


#: Spreadsheet formats: their first line is a sheet name, their title is in the file name.
_SHEETS = frozenset({"xlsx", "xls", "et", "csv"})


def _number_written(script: Script, *given_maps: Mapping[str, str], doc_number: str | None):
    """The 发文字号 as written, where it differs from the folded form stored for lookup."""
    for mapping in given_maps:
        if raw := mapping.get("doc_number"):
            return fold_doc_number(raw)[1]
    return script.number_written(doc_number)


def _present(values: Mapping[str, str | None] | None) -> dict[str, str]:
    """Keys with a real value; blank strings count as unknown."""
    return {k: str(v) for k, v in (values or {}).items() if v is not None and str(v).strip()}


def _drop_placeholder_titles(
    given: dict[str, str], structured: dict[str, str], sources: dict[str, str]
) -> str | None:
    """A time stamp, file name or banner given as the title yields to the body's title; the
    value is kept in ``sources["given_title"]`` (and used if the body has no title either)."""
    value = None
    for mapping in (given, structured):
        if is_placeholder_title(mapping.get("title")):
            value = value or mapping.pop("title")
    if value:
        sources["given_title"] = value
    return value


def _fallback(fallback_title: str | None, doc_id: str, sources: dict[str, str]) -> str:
    sources["title"] = "filename" if fallback_title else "id"
    return clean_title(fallback_title or "") or doc_id


def _department_rules(layout: Layout, title: str, doc_number: str | None):
    return [
        ("signature", lambda: find_signature_department(layout)),
        ("header", lambda: find_header_department(layout)),
        ("header", lambda: find_byline(layout)),
        ("header", lambda: find_enacting_body(layout)),
        ("body", lambda: find_speaker(layout)),
        ("title", lambda: department_from_title(title)),
        ("doc_number", lambda: department_from_doc_number(doc_number)),
    ]


def _date_rules(
    layout: Layout,
    structured: Mapping[str, str],
    header: HeaderDates,
    printed: dt.date | None,
    effective: dt.date | None,
):
    """成文日期 first; then dates that stand near it when the text lacks it: the 印发日期 (a
    few days later), the page's 发布日期, the 施行日期. ``sources`` says which one it was, and
    the document page labels it accordingly."""
    return [
        ("signature", lambda: find_signature_date(layout)),
        ("header", lambda: header.date),
        ("printed", lambda: printed),
        ("published", lambda: structured.get("published")),
        ("published", lambda: find_published(layout)),
        ("effective", lambda: effective),
    ]


def _department_conflict(layout: Layout, department: str | None, sources: dict) -> list[str]:
    """When the 署名 named the department and the red header names another, keep the 署名
    (GB/T 9704 puts the issuer's full name there) and say so: staff check these."""
    if sources.get("department") != "signature":
        return []
    header = clean_department(first_issuer(find_header_department(layout) or ""))
    if not header or not department or header.startswith(department):
        return []  # the same office, or joint issuers run together after the lead
    sources["department_conflict"] = "header"
    return [f"发文机关：署名为“{department}”，版头为“{header}”"]


def clean_doc_number(raw: str) -> str | None:
    """Canonical ``代字〔年份〕序号号``; a given value that is no such number is kept as written."""
    return fold_doc_number(raw)[0] or (normalize(raw) or None)


def _clean_plain(raw: str) -> str | None:
    return " ".join(str(raw).split()) or None
