"""User text → Whoosh query. Our language, not raw Whoosh syntax (design §Query parsing).

Words are ANDed; ``"…"`` (also “…” and 「…」) is an exact phrase; ``OR``, ``NOT``/``-word`` and
parentheses work. Any 发文字号 in the text, in any bracket or width variant, is looked up
exactly (the document itself ranks first, then documents citing it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from whoosh import qparser, query
from whoosh.fields import Schema

from .analysis import word_parts
from .errors import BadQuery
from .schema import FIELD_BOOSTS
from .textnorm import find_doc_numbers, fold_chars, normalize

_QUOTES = str.maketrans({c: '"' for c in "“”„‟「」『』〝〞＂"})
_SEARCH_FIELDS = ("title", "body")
_HAS_WORD = re.compile(r"[\w\u3400-\u9fff]")
_OPERATOR_WORDS = re.compile(r"\b(?:AND|OR|NOT|ANDNOT|ANDMAYBE)\b")
_EDGE_OPERATORS = re.compile(
    r"^\s*(?:(?:AND|OR|ANDNOT|ANDMAYBE)\s+)+|(?:\s+(?:AND|OR|NOT|ANDNOT|ANDMAYBE))+\s*$"
)


@dataclass
class ParsedQuery:
    query: query.Query
    terms: list[str]  # positive words and phrases, for marking snippets
    doc_numbers: list[str]
    # Top-level phrases as (position-exact query, literal): a document that the relaxed query
    # finds but the positional phrase does not is kept only if it contains the literal text.
    phrases: list[tuple[query.Query, str]] = field(default_factory=list)


def _parser(schema: Schema) -> qparser.QueryParser:
    boosts = {f: FIELD_BOOSTS[f] for f in _SEARCH_FIELDS}
    p = qparser.MultifieldParser(list(_SEARCH_FIELDS), schema, fieldboosts=boosts)
    for plugin in (
        qparser.FieldsPlugin,
        qparser.WildcardPlugin,
        qparser.RangePlugin,
        qparser.BoostPlugin,
        qparser.EveryPlugin,
        qparser.SingleQuotePlugin,
    ):
        p.remove_plugin_class(plugin)
    p.add_plugin(qparser.PlusMinusPlugin())
    return p


def parse(text: str, schema: Schema, user_dict: str | None = None) -> ParsedQuery:
    """Parse user text; raises BadQuery only when nothing searchable is left."""
    text = normalize(text).translate(_QUOTES)
    numbers = find_doc_numbers(text)
    canon = [m.canonical() for m in numbers]
    for m in reversed(numbers):
        text = text[: m.start] + " " + text[m.end :]
    if text.count('"') % 2:
        text = text.replace('"', " ")  # an unbalanced quote is taken literally
    parts: list[query.Query] = [_doc_number_query(c) for c in canon]
    rest = text.strip()
    if rest:
        q = _parse_words(rest, schema)
        if q is None:
            if not canon:
                raise BadQuery("查询中没有可检索的文字，请输入汉字、数字或字母。")
        else:
            parts.append(q)
    if not parts:
        raise BadQuery("查询中没有可检索的文字，请输入汉字、数字或字母。")
    q = parts[0] if len(parts) == 1 else query.And(parts)
    quoted = {fold_chars(w).strip() for w in re.findall(r'"([^"]+)"', text)}
    q = _with_word_parts(q, user_dict, quoted)
    terms = list(dict.fromkeys(canon + positive_terms(q)))
    q, phrases = _relax_phrases(q)
    return ParsedQuery(q, terms, canon, phrases)


def _with_word_parts(q: query.Query, user_dict: str | None, keep: set[str]) -> query.Query:
    """Each long word term also matches its parts: 年度报告 → 年度报告 OR (年度 AND 报告).

    Not under a NOT (excluding the parts would exclude far more than the word), and not for
    words the user quoted (``keep``): a quoted word means exactly that word.
    """
    if isinstance(q, query.Term):
        parts = None
        if q.fieldname in _SEARCH_FIELDS and str(q.text) not in keep:
            parts = word_parts(str(q.text), user_dict)
        if not parts:
            return q
        loose = query.And([query.Term(q.fieldname, p, boost=q.boost * 0.5) for p in parts])
        return query.Or([q, loose])
    if isinstance(q, query.Not | query.Phrase) or q.is_leaf():
        return q
    if isinstance(q, query.AndNot):
        return query.AndNot(_with_word_parts(q.a, user_dict, keep), q.b)
    return q.apply(lambda c: _with_word_parts(c, user_dict, keep))


def _relax_phrases(q: query.Query) -> tuple[query.Query, list[tuple[query.Query, str]]]:
    """Swap each top-level phrase for an AND of its words, remembering the exact phrase.

    Positions alone miss a phrase that starts or ends inside a longer indexed word
    ("信息公开条例" inside 政府信息公开条例, whose sub-words share one position); the backend
    checks such candidates against the stored text instead, so a quoted phrase matches exactly
    whatever the segmentation.
    """
    children = list(q.subqueries) if isinstance(q, query.And) else [q]
    phrases: list[tuple[query.Query, str]] = []
    out = []
    for child in children:
        words = _phrase_words(child)
        if words is None:
            out.append(child)
            continue
        phrases.append((child, "".join(words)))
        out.append(
            query.Or(
                [
                    query.And([query.Term(p.fieldname, w, boost=p.boost) for w in words])
                    for p in child.subqueries
                ]
            )
        )
    relaxed = out[0] if len(out) == 1 else query.And(out)
    return relaxed, phrases


def _phrase_words(node: query.Query) -> list[str] | None:
    """The words of a multifield phrase (an Or of Phrase nodes with the same words)."""
    if not isinstance(node, query.Or) or not node.subqueries:
        return None
    if not all(isinstance(p, query.Phrase) for p in node.subqueries):
        return None
    words = list(node.subqueries[0].words)
    return words if all(list(p.words) == words for p in node.subqueries) else None


def _parse_words(text: str, schema: Schema) -> query.Query | None:
    """Whoosh's parser with our plugins; malformed input falls back to plain words."""
    parser = _parser(schema)
    text = _EDGE_OPERATORS.sub(" ", f" {text} ").strip()
    try:
        q = parser.parse(text)
    except Exception:  # noqa: BLE001 - the parser's failures are not typed; retry literally
        q = query.NullQuery
    if isinstance(q, query.Not):
        return query.And([query.Every(), q])  # only exclusions: everything else
    if _usable(q):
        return q
    literal = _OPERATOR_WORDS.sub(" ", re.sub(r'[()"+\-]', " ", text))
    if not _HAS_WORD.search(literal):
        return None
    q = parser.parse(literal)
    return q if _usable(q) else None


def _usable(q: query.Query) -> bool:
    if q is query.NullQuery or isinstance(q, query.NullQuery.__class__):
        return False
    if isinstance(q, query.Not):
        return False  # a query of only exclusions: nothing to rank
    return bool(list(q.iter_all_terms())) if hasattr(q, "iter_all_terms") else True


def _doc_number_query(canon: str) -> query.Query:
    """The numbered document itself first (doc_number boost), then documents citing it."""
    return query.Or(
        [
            query.Term("doc_number", canon, boost=20.0),
            query.Term("title", canon, boost=3.0),
            query.Term("body", canon),
        ]
    )


def positive_terms(q: query.Query) -> list[str]:
    """Words and phrases to mark in snippets: everything not under a NOT."""
    out: list[str] = []

    def walk(node: query.Query) -> None:
        if isinstance(node, query.Not | query.AndNot):
            if isinstance(node, query.AndNot):
                walk(node.a)
            return
        if isinstance(node, query.Phrase):
            out.append("".join(node.words))
            return
        if isinstance(node, query.Term):
            if node.fieldname in _SEARCH_FIELDS:
                out.append(str(node.text))
            return
        for child in node.children():
            walk(child)

    walk(q)
    return list(dict.fromkeys(out))
