"""Named fields in a query on tantivy (``标题:``, ``全文:``, ``文号:``, ``机关:``, ``文种:``,
``主题:``, ``年份:`` and their aliases), with the meaning they have on Whoosh (``querying``):

- 标题/全文: the words (or the quote) in that field only;
- 文号: any 发文字号 variant, looked up as a whole number (else the raw value);
- 机关/主题: a substring of the value (机关:财政局 matches 阿勒泰地区财政局);
- 文种/年份: the whole value.

The value fields are answered from the generation's columns (read once per generation), as
the set of ords holding the value: the index needs no field of its own for them.
"""

from __future__ import annotations

from collections.abc import Callable

import tantivy

from ..errors import NotSupported
from ..textnorm import normalize_doc_number
from .querying import FIELD_ALIASES

#: Alias (as typed, folded to lower case) → our field name.
FIELD_OF = {a.lower(): f for f, aliases in FIELD_ALIASES.items() for a in (f, *aliases)}
#: Fields whose value is cut out of the columns: how a column value matches the typed one.
_VALUE_MATCH: dict[str, Callable[[str, str], bool]] = {
    "department": lambda have, want: want in have,
    "topic": lambda have, want: want in have,
    "doc_type": lambda have, want: have == want,
    "year": lambda have, want: have == want,
}
TEXT_FIELDS = {"title": ("title",), "body": ("body",)}


def field_of(tok: str) -> tuple[str, str] | None:
    """(our field, typed value) of a ``name:value`` token, or None when the name is not one
    of ours (then the token is ordinary text, as on Whoosh)."""
    name, _, value = tok.partition(":")
    field = FIELD_OF.get(name.lstrip("+").lower())
    return (field, value) if field else None


def value_query(
    schema: tantivy.Schema, columns: dict[str, list[str]], field: str, value: str
) -> tantivy.Query:
    """The documents whose column ``field`` holds ``value`` (constant score)."""
    if field not in _VALUE_MATCH:
        raise NotSupported(
            f"按字段检索（{field}:）暂不支持 (the tantivy engine does not search this field)"
        )
    match = _VALUE_MATCH[field]
    value = value.replace("*", "").replace("?", "")
    ords = [o for o, have in enumerate(columns[field]) if have and match(have, value)]
    if not value or not ords:
        return tantivy.Query.empty_query()
    return tantivy.Query.const_score_query(tantivy.Query.term_set_query(schema, "ord", ords), 1.0)


def doc_number_canon(value: str) -> str | None:
    """A typed 文号 as the canonical number the index holds, if it is one."""
    return normalize_doc_number(value)
