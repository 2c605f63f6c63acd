"""User text → a tantivy query, in our query language (the same ``query_text.prepare`` as
Whoosh: 发文字号, years and ranges, synonyms, quotes as placeholders).

Words are ANDed (each of our query tokens in the title or the body, or the AND of its
dictionary parts); a quote is the phrase of its character pairs in ``bigrams``, so it finds
exactly the documents holding the text; ``OR``, ``-word``/``NOT``, parentheses and named fields
(``标题:``, ``文号:``, ``机关:`` …: ``tantivy_fields``) work. What the tantivy engine does not do
(``索引号:``) is refused with a clear error, never answered wrongly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import tantivy

from ..errors import BadQuery
from ..segment import tokenize_text, word_parts
from ..textnorm import compact, title_key
from .query_text import placeholder_index, prepare, synonym_groups
from .questions import TITLE_WEIGHT, content_words, is_plain, is_question
from .tantivy_fields import TEXT_FIELDS, doc_number_canon, field_of, value_query
from .tantivy_schema import BOOSTS, WORD_FIELDS, pairs, quoted, term_text

Occur = tantivy.Occur
_TOKEN = re.compile(r'\(|\)|"[^"]*"|[^\s()"]+')
_FIELD = re.compile(r"^[-+]?[\w\u3400-\u9fff]+:")
NOTHING = "查询中没有可检索的文字，请输入汉字、数字或字母。"


@dataclass
class TQuery:
    query: tantivy.Query  # what must match (scored)
    terms: list[str]  # for marking snippets and titles
    doc_numbers: list[str]
    years: list[tuple[str, str]] = field(default_factory=list)  # year ranges (inclusive)
    dates: list[tuple[str, str]] = field(default_factory=list)  # date ranges (inclusive)
    any_words: tantivy.Query | None = None  # any of the content words (plain text only)
    question: bool = False
    fragment: tantivy.Query | None = None  # plain words as literal text (each part between
    # spaces standing somewhere): for when no document has every word, as Whoosh's fallback
    content_words: list[str] = field(default_factory=list)


class _Builder:
    def __init__(
        self,
        schema: tantivy.Schema,
        user_dict: str | None,
        frags: list,
        columns: dict[str, list[str]] | None = None,
    ) -> None:
        self.schema, self.user_dict, self.frags = schema, user_dict, frags
        self.columns = columns or {}
        self.terms: list[str] = []
        self.fields: tuple[str, ...] = ("title", "body")  # where words are looked for

    def term(self, fieldname: str, text: str, boost: float = 1.0) -> tantivy.Query:
        if fieldname in WORD_FIELDS:
            text = term_text(text)
        q = tantivy.Query.term_query(self.schema, fieldname, text)
        return q if boost == 1.0 else tantivy.Query.boost_query(q, boost)

    def token(self, f: str, tok: str) -> tantivy.Query:
        """One query token in field ``f``; a long word also as its parts in the same field at
        half the weight (Whoosh's ``_with_word_parts``)."""
        whole = self.term(f, tok, BOOSTS[f])
        parts = word_parts(tok, self.user_dict)
        if not parts:
            return whole
        return _any([whole, _all([self.term(f, p, BOOSTS[f] * 0.5) for p in parts])])

    def word(self, text: str) -> tantivy.Query | None:
        """A typed word: all its tokens in one field, title or body (as Whoosh's multifield
        parser has it: 住房和城乡建设部 is not its 住房 in the title and 城乡 in the body)."""
        i = placeholder_index(text)
        if i is not None and i < len(self.frags):
            return self.fragment(self.frags[i][0])
        toks = list(dict.fromkeys(t for t, *_ in tokenize_text(text, self.user_dict, query=True)))
        if not toks:
            return None
        self.terms += toks
        return _any([_all([self.token(f, t) for t in toks]) for f in self.fields])

    def any_word(self, w: str, groups: dict[str, tuple[str, ...]]) -> tantivy.Query:
        """One content word of a question, as ``questions.any_words`` weighs it on Whoosh: the
        title counts ``TITLE_WEIGHT`` of the body (a question names a topic, not a title),
        a long word's parts count half in the body, a synonym's text counts in the body."""
        alts = [self.term("title", w, TITLE_WEIGHT), self.term("body", w)]
        parts = word_parts(w, self.user_dict)
        if parts:
            alts.append(_all([self.term("body", p, 0.5) for p in parts]))
        for alt in groups.get(w, ()):
            words = [t for t, *_ in tokenize_text(alt, self.user_dict, query=True)]
            if len(words) == 1:
                alts.append(self.term("body", words[0]))
            elif words:  # Whoosh: the words next to each other in the body; here: the text
                alts.append(_all([self.term("body", t) for t in words] + [self.fragment(alt)]))
        return _any(alts)

    def fragment(self, text: str) -> tantivy.Query | None:
        """Quoted text anywhere, cut anywhere: the phrase of its character pairs (one
        character: that term), the same documents as the Whoosh ``grams`` field's phrase."""
        chars = quoted(text)
        if not chars:
            return None
        self.terms.append(compact(text))
        if len(chars) == 1:
            return self.term("grams", chars)
        two = pairs(chars)
        if len(two) == 1:
            return self.term("bigrams", two[0])
        return tantivy.Query.phrase_query(self.schema, "bigrams", two)

    def quote(self, text: str) -> tantivy.Query | None:
        """A quote left in the parser's text (a synonym's other form, 标题:"…"; the user's own
        quotes arrive as placeholders): a word phrase on Whoosh, here its words in one field
        and the text itself in the document (the fields keep no positions)."""
        return _all([q for q in (self.word(text), self.fragment(text)) if q is not None])

    def doc_number(self, canon: str) -> tantivy.Query:
        """The numbered document itself first (boost 20), then the documents citing it."""
        self.terms.append(canon)
        return _any(
            [
                self.term("doc_number", canon, 20.0),
                self.term("title", canon, BOOSTS["title"]),
                self.term("body", canon),
            ]
        )

    def partial_number(self, code: str, year: str) -> tantivy.Query:
        """Every 发文字号 with this 机关代字 and/or year (``文号:国办发``, ``文号:2014``): a
        pattern over the canonical numbers, as ``number_query.partial_number_query``."""
        code, year = re.escape(code), re.escape(year)
        if code and year:
            pattern = f"{code}〔{year}〕.*"
        elif code:
            pattern = f"{code}(〔|第).*"
        else:
            pattern = f".*〔{year}〕.*"
        return tantivy.Query.regex_query(self.schema, "doc_number", pattern)

    def year(self, y: str) -> tantivy.Query:
        """A lone year: documents of that year, or with the year in their title."""
        return _any(
            [self.term("year", y, 2.0), self.term("title", y), self.term("title", f"{y}年")]
        )

    def sequence(self, toks: list[str]) -> tantivy.Query | None:
        """Items ANDed; ``a OR b`` joins neighbours; ``-x``/``NOT x`` excludes."""
        must: list[list[tantivy.Query]] = []
        nots: list[tantivy.Query] = []
        join = negate = False
        while toks:
            tok = toks.pop(0)
            if tok == "OR":
                join = bool(must)
                continue
            if tok in ("AND", "+"):
                continue
            if tok == "NOT":
                negate = True
                continue
            if tok == ")":
                break
            if tok.startswith("-") and len(tok) > 1:
                negate, tok = True, tok[1:]
            item = self.item(tok, toks)
            if item is None:
                join = negate = False
                continue
            if negate:
                nots.append(item)
            elif join:
                must[-1].append(item)
            else:
                must.append([item])
            join = negate = False
        clauses = [(Occur.Must, _any(alts)) for alts in must]
        if not clauses and not nots:
            return None
        if not clauses:  # ``NOT 通知``: every document but those (as on Whoosh)
            clauses = [(Occur.Must, tantivy.Query.all_query())]
        clauses += [(Occur.MustNot, q) for q in nots]
        return clauses[0][1] if len(clauses) == 1 else tantivy.Query.boolean_query(clauses)

    def item(self, tok: str, rest: list[str]) -> tantivy.Query | None:
        if tok == "(":
            return self.sequence(rest)
        if tok.startswith('"'):
            return self.quote(tok.strip('"'))
        named = field_of(tok) if _FIELD.match(tok) else None
        if named is not None:
            return self.field(*named, rest)
        return self.word(tok.lstrip("+"))

    def field(self, name: str, value: str, rest: list[str]) -> tantivy.Query | None:
        """``name:value`` (the value may be the next token: a quote or a parenthesis)."""
        if not value and rest and (rest[0] == "(" or rest[0].startswith('"')):
            value = rest.pop(0)
        if not value:
            return None
        if name in TEXT_FIELDS:
            outer, self.fields = self.fields, TEXT_FIELDS[name]
            try:
                return self.item(value, rest)
            finally:
                self.fields = outer
        value = value.strip('"')
        if name == "doc_number":
            canon = doc_number_canon(value)
            return self.doc_number(canon) if canon else self.term("doc_number", value)
        return value_query(self.schema, self.columns, name, value)


def _any(qs: list[tantivy.Query]) -> tantivy.Query:
    return qs[0] if len(qs) == 1 else tantivy.Query.boolean_query([(Occur.Should, q) for q in qs])


def _all(qs: list[tantivy.Query]) -> tantivy.Query | None:
    if not qs:
        return None
    return qs[0] if len(qs) == 1 else tantivy.Query.boolean_query([(Occur.Must, q) for q in qs])


def _with_bonus(q: tantivy.Query, qt, b: _Builder) -> tantivy.Query:
    """A title equal to the whole query ranks first (Whoosh's ``title_key`` bonus, 30); the
    Whoosh engine's nearness bonus needs word positions, which this index does not keep."""
    key = title_key(qt.text.replace('"', ""))
    if not key or qt.doc_numbers:
        return q
    return tantivy.Query.boolean_query(
        [(Occur.Must, q), (Occur.Should, b.term("title_key", key, 30.0))]
    )


def parse(
    text: str,
    schema: tantivy.Schema,
    user_dict: str | None,
    synonyms: Path | None,
    columns: dict[str, list[str]] | None = None,
) -> TQuery:
    """Parse user text (``columns``: the generation's, for the value fields such as 机关:);
    raises BadQuery when nothing searchable is left."""
    qt = prepare(text, user_dict, synonyms)
    b = _Builder(schema, user_dict, qt.fragments, columns)
    parts = [b.doc_number(c) for c in qt.doc_numbers] + [b.year(y) for y in qt.years]
    parts += [b.partial_number(code, year) for code, year in qt.number_parts]
    words = b.sequence(_TOKEN.findall(qt.parse_text))
    if words is not None:
        parts.append(words)
    years, dates = list(qt.year_ranges), list(qt.date_ranges)
    if not parts and not years and not dates:
        raise BadQuery(NOTHING)
    out = TQuery(
        _with_bonus(_all(parts), qt, b) if parts else tantivy.Query.all_query(), [], qt.doc_numbers
    )
    out.terms = list(dict.fromkeys(qt.doc_numbers + b.terms))
    out.years, out.dates = years, dates
    if is_plain(qt.plain):
        content = content_words(replace(qt, plain=qt.plain), user_dict)
        out.question = bool(content) and is_question(qt.plain, content)
        out.content_words = content
        if len(content) >= 2:
            out.any_words = _any([b.any_word(w, synonym_groups(synonyms)) for w in content])
        if not out.question:
            literal = _Builder(schema, user_dict, [])
            parts = [q for q in map(literal.fragment, qt.plain.split()) if q is not None]
            out.fragment = _all(parts) if parts else None
    return out
