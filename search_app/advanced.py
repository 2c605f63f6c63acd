"""The staff desk's two ways to build a query without knowing the query language.

``/advanced`` is a plain GET form whose fields are translated here, server-side, into the query
language the help page documents (``标题:`` ``全文:`` ``文号:`` ``机关:``, date ranges) plus the
facet filters, and answered with a redirect to the normal results URL. "在结果中检索" in the
search box sends the previous query and filters along as ``in_*`` fields; ticked, they are
joined with the new words (AND) and kept, and the visitor lands on a clean results URL.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from urllib.parse import urlencode

from flask import Blueprint, redirect, render_template, request

from indexer.models import FACETS, SearchRequest
from indexer.service import SORTS

from . import get_service

bp = Blueprint("advanced", __name__)

#: Free-text fields of the form → the query-language field each word goes to.
WORD_FIELDS = {"title": "标题", "body": "全文"}
#: Fields chosen from the index's own values: passed as the results page's filters.
CHOICE_FIELDS = ("doc_type", "topic", "validity")
FORM_FIELDS = (*WORD_FIELDS, "number", "department", "date_from", "date_to", *CHOICE_FIELDS)
_SYNTAX = re.compile(r'["“”()（）:：]+')
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}
WITHIN = "within"
WITHIN_PREFIX = "in_"


class FormError(ValueError):
    """A form value that cannot be searched for (an impossible date); shown on the form."""


def _words(text: str) -> list[str]:
    """The words of a free-text box, with the query language's own characters taken out, so a
    typed colon or quotation mark is a word separator, never syntax."""
    return [w for w in _SYNTAX.sub(" ", text).split() if w.upper() not in _OPERATORS]


def _date(args: Mapping[str, str], name: str, label: str) -> dt.date | None:
    raw = args.get(name, "").strip()
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise FormError(
            f"{label}“{raw[:20]}”不是有效的日期，请按 2016-01-31 的格式填写。"
        ) from None


def build_query(args: Mapping[str, str]) -> str:
    """The query-language text for the form's free-text fields and dates."""
    parts = [
        f"{field}:{w.lstrip('-+')}"
        for k, field in WORD_FIELDS.items()
        for w in _words(args.get(k, ""))
    ]
    if number := " ".join(re.sub(r'["“”:：]', " ", args.get("number", "")).split()):
        parts.append(f"文号:{number}")
    if department := "".join(_words(args.get("department", ""))):
        parts.append(f"机关:{department}")
    start = _date(args, "date_from", "起始日期")
    end = _date(args, "date_to", "截止日期")
    if start and end and start > end:
        raise FormError("起始日期晚于截止日期，请检查成文日期的范围。")
    if start or end:
        low = (start or dt.date(1000, 1, 1)).isoformat()
        parts.append(f"{low}..{(end or dt.date(9999, 12, 31)).isoformat()}")
    return " ".join(p for p in parts if not p.endswith(":"))


def results_url(q: str, filters: Mapping[str, Sequence[str]], sort: str = "") -> str:
    pairs = [("q", q)] if q else []
    pairs += [(f, v) for f in FACETS for v in filters.get(f, ()) if v]
    if sort in SORTS and sort != "relevance":
        pairs.append(("sort", sort))
    return "/?" + urlencode(pairs) if pairs else "/"


@bp.get("/advanced")
def advanced():
    """The form; once submitted, a redirect to the results it describes."""
    args = {k: request.args.get(k, "") for k in (*FORM_FIELDS, "sort")}
    error = None
    if any(k in request.args for k in FORM_FIELDS):
        try:
            q = build_query(args)
            filters = {f: [args[f]] for f in CHOICE_FIELDS if args[f].strip()}
            return redirect(results_url(q, filters, args["sort"]), code=303)
        except FormError as exc:
            error = str(exc)
    everything = get_service().search(SearchRequest(size=1))
    html = render_template("advanced.html", form=args, error=error, facets=everything.facets)
    return html, 400 if error else 200


def joined(previous: str, new: str) -> str:
    """The previous query ANDed with the new words (an OR in the previous one is grouped so it
    does not swallow them)."""
    previous, new = previous.strip(), new.strip()
    if not previous or new.startswith(previous):
        return new or previous
    if not new:
        return previous
    grouped = f"({previous})" if re.search(r"\bOR\b|\|", previous) else previous
    return f"{grouped} {new}"


def within_results(args: Mapping[str, Sequence[str]]) -> str | None:
    """Where a search-box submission carrying ``in_*`` fields goes: with "在结果中检索" ticked,
    the previous query and filters joined with the new words; unticked, a new search. None
    when the request carries no such fields (an ordinary results URL)."""
    if not any(k == WITHIN or k.startswith(WITHIN_PREFIX) for k in args):
        return None
    new = (args.get("q") or [""])[0]
    ticked = (args.get(WITHIN) or [""])[0] == "1"
    if not ticked:
        return results_url(new, {}, (args.get("sort") or [""])[0])
    previous = (args.get(WITHIN_PREFIX + "q") or [""])[0]
    filters = {f: list(args.get(WITHIN_PREFIX + f) or ()) for f in FACETS}
    sort = (args.get(WITHIN_PREFIX + "sort") or [""])[0]
    return results_url(joined(previous, new), filters, sort)
