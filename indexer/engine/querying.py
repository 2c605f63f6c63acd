"""User text → Whoosh query. Our language, not raw Whoosh syntax (design §Query parsing).

Words are ANDed; ``"…"`` (also “…” and 「…」) is an exact phrase; ``OR``, ``NOT``/``-word`` and
parentheses work; staff can name a field (``标题:``, ``全文:``, ``文号:``, ``机关:``, ``文种:``,
``主题:`` or ``title:`` …). Years (``2016``, ``2016年``, ``2016..2018``) and date ranges
(``2016-01-01..2016-06-30``) restrict by 成文日期. Any 发文字号, in any bracket or width variant,
is looked up exactly: the document itself ranks first, then the documents citing it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from whoosh import qparser, query
from whoosh.fields import Schema

from ..errors import BadQuery
from ..segment import word_parts
from ..textnorm import normalize_doc_number, title_key
from . import fragments
from .number_query import doc_number_query as _doc_number_query
from .number_query import partial_number_query as _partial_number_query
from .query_text import QueryText, prepare
from .questions import any_words, content_words, is_plain, is_question, near
from .schema import FIELD_BOOSTS

SEARCH_FIELDS = ("title", "body")
FIELD_ALIASES = {
    "title": ["标题", "题目", "题名"],
    "body": ["全文", "正文", "内容"],
    "doc_number": ["文号", "发文字号", "number"],
    "department": ["机关", "发文机关", "部门", "dept"],
    "topic": ["主题", "主题分类", "分类"],
    "doc_type": ["文种", "公文种类", "类型", "type"],
    "year": ["年份", "年度"],
    "index_no": ["索引号"],
}
_SUBSTRING_FIELDS = ("department", "topic")
_HAS_WORD = re.compile(r"[\w\u3400-\u9fff]")
_OPERATOR_WORDS = re.compile(r"\b(?:AND|OR|NOT|ANDNOT|ANDMAYBE)\b")
_EDGE_OPERATORS = re.compile(
    r"^\s*(?:(?:AND|OR|ANDNOT|ANDMAYBE)\s+)+|(?:\s+(?:AND|OR|NOT|ANDNOT|ANDMAYBE))+\s*$"
)
NOTHING_TO_SEARCH = "查询中没有可检索的文字，请输入汉字、数字或字母。"


@dataclass
class ParsedQuery:
    query: query.Query  # what must match (scored), with optional ranking bonuses
    terms: list[str]  # positive words and phrases, for marking snippets
    doc_numbers: list[str]
    # Top-level phrases as (position-exact query, literal): a document that the relaxed query
    # finds but the positional phrase does not is kept only if it contains the literal text.
    phrases: list[tuple[query.Query, str]] = field(default_factory=list)
    words: list[str] = field(default_factory=list)  # top-level plain words, for relaxing
    # For a plain query (no quotes, operators or fields): any of its content words, scored
    # with a coordination bonus; used when requiring every word finds (almost) nothing.
    any_words: query.Query | None = None
    content_words: list[str] = field(default_factory=list)
    question: bool = False  # plain-language question: ranked by any content word
    fragment: query.Query | None = None  # plain words as literal text (engine/fragments.py)


def _parser(schema: Schema) -> qparser.QueryParser:
    boosts = {f: FIELD_BOOSTS[f] for f in SEARCH_FIELDS}
    p = qparser.MultifieldParser(list(SEARCH_FIELDS), schema, fieldboosts=boosts)
    for plugin in (
        qparser.WildcardPlugin,
        qparser.RangePlugin,
        qparser.BoostPlugin,
        qparser.EveryPlugin,
        qparser.SingleQuotePlugin,
    ):
        p.remove_plugin_class(plugin)
    p.add_plugin(qparser.PlusMinusPlugin())
    p.add_plugin(qparser.FieldAliasPlugin(FIELD_ALIASES))
    return p


def parse(
    text: str, schema: Schema, user_dict: str | None = None, synonyms: Path | None = None
) -> ParsedQuery:
    """Parse user text; raises BadQuery only when nothing searchable is left."""
    qt = prepare(text, user_dict, synonyms)
    asked = _asked(qt)
    content = content_words(replace(qt, plain=asked), user_dict) if asked else []
    parts: list[query.Query] = [_doc_number_query(c) for c in qt.doc_numbers]
    parts += [_partial_number_query(code, year) for code, year in qt.number_parts]
    parts += _date_clauses(qt)
    words_q = _parse_words(qt.parse_text, schema) if qt.parse_text.strip() else None
    words_q = fragments.substitute(words_q, qt.fragments)
    if words_q is not None:
        parts.append(words_q)
    elif not parts:
        raise BadQuery(NOTHING_TO_SEARCH)
    q = parts[0] if len(parts) == 1 else query.And(parts)
    q = _fix_fields(_with_word_parts(q, user_dict, qt.quoted))
    terms = list(dict.fromkeys(qt.doc_numbers + positive_terms(q)))
    words = _top_words(words_q)
    q, phrases = _relax_phrases(q)
    any_q = any_words(content, user_dict, synonyms) if len(content) >= 2 else None
    out = ParsedQuery(_with_bonus(q, qt, words), terms, qt.doc_numbers, phrases, words)
    out.any_words, out.content_words = any_q, content
    out.question = bool(content) and is_question(asked or "", content)
    out.fragment = fragments.typed_fragments(text) if not out.question else None
    return out


def _asked(qt: QueryText) -> str | None:
    """The text as plain words or a question, or None when it uses the query language. In a
    question, quotation marks quote ("名为“个体工商户”实为“合伙”，如何认定？"): they are not
    phrase operators there, or the question would find nothing."""
    if is_plain(qt.plain):
        return qt.plain
    unquoted = qt.plain.replace('"', " ")
    outside = " ".join(qt.plain.split('"')[0::2])  # the question is asked outside the quotes:
    # a quoted fragment with 是否 or 如何 in it ("核查是否来") is text copied from a document
    return unquoted if '"' in qt.plain and is_plain(unquoted) and is_question(outside, []) else None


def _date_clauses(qt: QueryText) -> list[query.Query]:
    """A lone year matches documents of that year or with the year in the title; ranges
    are strict."""
    out: list[query.Query] = []
    for y in qt.years:
        out.append(
            query.Or(
                [
                    query.Term("year", y, boost=2.0),
                    query.Term("title", y),
                    query.Term("title", f"{y}年"),
                ]
            )
        )
    for a, b in qt.year_ranges:
        out.append(query.TermRange("year", a, b))
    for a, b in qt.date_ranges:
        out.append(query.TermRange("date", a, b))
    return out


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
    literal = _OPERATOR_WORDS.sub(" ", re.sub(r'[()"+\-:]', " ", text))
    if not _HAS_WORD.search(literal):
        return None
    q = parser.parse(literal)
    return q if _usable(q) else None


def _usable(q: query.Query) -> bool:
    if q is query.NullQuery or isinstance(q, query.NullQuery.__class__ | query.Not):
        return False
    return bool(list(q.iter_all_terms()))


def _fix_fields(q: query.Query) -> query.Query:
    """Field-prefixed terms on keyword fields: 机关:财政局 matches 阿勒泰地区财政局 (a
    substring), 文号:… is normalised like any 发文字号."""
    if isinstance(q, query.Term) and q.fieldname in _SUBSTRING_FIELDS:
        text = str(q.text).replace("*", "").replace("?", "")
        return query.Wildcard(q.fieldname, f"*{text}*")
    if isinstance(q, query.Term) and q.fieldname == "doc_number":
        canon = normalize_doc_number(str(q.text))
        return _doc_number_query(canon) if canon else q
    if isinstance(q, query.Phrase) and q.fieldname in _SUBSTRING_FIELDS:
        return query.Wildcard(q.fieldname, "*" + "".join(q.words) + "*")
    if q.is_leaf():
        return q
    return q.apply(_fix_fields)


def _with_word_parts(q: query.Query, user_dict: str | None, keep: set[str]) -> query.Query:
    """Each long word term also matches its parts: 年度报告 → 年度报告 OR (年度 AND 报告).

    Not under a NOT (excluding the parts would exclude far more than the word), and not for
    words the user quoted (``keep``): a quoted word means exactly that word.
    """
    if isinstance(q, query.Term):
        parts = None
        if q.fieldname in SEARCH_FIELDS and str(q.text) not in keep:
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
        out.append(query.Or([near(p.fieldname, words, p.boost) for p in child.subqueries]))
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


def _top_words(q: query.Query | None) -> list[str]:
    """The plain words ANDed at the top of the user's query (not phrases, not under NOT)."""
    if q is None:
        return []
    children = list(q.subqueries) if isinstance(q, query.And) else [q]
    words = []
    for child in children:
        if isinstance(child, query.Or) and child.subqueries:
            first = child.subqueries[0]
            if isinstance(first, query.Term) and first.fieldname in SEARCH_FIELDS:
                if all(
                    isinstance(t, query.Term) and t.text == first.text for t in child.subqueries
                ):
                    words.append(str(first.text))
    return words


def _with_bonus(q: query.Query, qt: QueryText, words: list[str]) -> query.Query:
    """Optional clauses that only raise scores: query words near each other, and a title
    equal to the whole query."""
    bonus: list[query.Query] = []
    key = title_key(qt.text.replace('"', ""))
    if key and not qt.doc_numbers:
        bonus.append(query.Term("title_key", key, boost=30.0))
    if 2 <= len(words) <= 8:
        bonus.append(query.Phrase("body", words, slop=8, boost=2.0))
        bonus.append(query.Phrase("title", words, slop=3, boost=4.0))
    return query.AndMaybe(q, query.Or(bonus)) if bonus else q


def positive_terms(q: query.Query) -> list[str]:
    """Words and phrases to mark in snippets: everything not under a NOT."""
    out: list[str] = []

    def walk(node: query.Query) -> None:
        if isinstance(node, query.Not):
            return
        if literal := fragments.literal(node):  # a quoted fragment: its text, not its bigrams
            return out.append(literal)
        if isinstance(node, query.AndNot):
            walk(node.a)
            return
        if isinstance(node, query.Phrase):
            out.append("".join(node.words))
            return
        if isinstance(node, query.Term):
            if node.fieldname in SEARCH_FIELDS:
                out.append(str(node.text))
            return
        for child in node.children():
            walk(child)

    walk(q)
    return list(dict.fromkeys(out))
