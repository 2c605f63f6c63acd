"""Quoted fragments: text copied from a document finds it, wherever the copy was cut.

A clerk copies a stretch of a sentence out of a PDF and quotes it; the cut usually falls inside
a jieba word ("息公开条"), whose pieces the word fields never indexed. The character field
(``schema.GRAMS``, Lucene's CJK-bigram approach) holds every character and every pair of
neighbours at its position in the folded, whitespace-free text, so the fragment's bigrams as a
phrase match exactly the documents whose title + body contain it (``textnorm.compact`` on both
sides: full-width, traditional and bracket forms fold alike; punctuation must be the same;
whitespace never counts). ``searching._verify_phrase`` checks the same rule against the stored
text.

The parser never sees a user's quoted text: ``query_text.prepare`` swaps each unfielded quote
for a placeholder word, and ``substitute`` swaps the placeholder's term for the fragment query,
so a fragment works under OR, NOT and parentheses like any word.
"""

from __future__ import annotations

from whoosh import query

from ..char_grams import fragment_grams
from .query_text import placeholder_index
from .questions import is_plain
from .schema import GRAMS

#: The fragment's own score is a tie-breaker beside word matches (title and body phrases, which
#: keep a title match above a body match): word-aligned quotes rank as they did before.
FRAGMENT_BOOST = 0.2


def fragment_query(text: str, boost: float = 1.0) -> query.Query | None:
    """Documents whose title + body contain ``text`` (folded, whitespace ignored): exact, no
    stored text needed. None when nothing but whitespace is left."""
    grams = fragment_grams(text)
    if not grams or not grams[0]:
        return None
    if len(grams) == 1:
        return query.Term(GRAMS, grams[0], boost=boost)
    return query.Phrase(GRAMS, grams, boost=boost)


def typed_fragments(text: str) -> query.Query | None:
    """Plain words (no operators) as fragments, each part between spaces standing literally
    somewhere in the document: for when no document has every word (``searching.run``)."""
    if not is_plain(text):
        return None
    parts = [q for q in map(fragment_query, text.split()) if q is not None]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else query.And(parts)


def literal(q: query.Query) -> str | None:
    """The fragment a character-field query stands for (to mark it in snippets), else None;
    for a ranked fragment (``_scored``) that of its exact part, not its bonus words."""
    if isinstance(q, query.AndMaybe):
        return literal(q.a)
    if isinstance(q, query.Term) and q.fieldname == GRAMS:
        return str(q.text)
    if isinstance(q, query.Phrase) and q.fieldname == GRAMS:
        return q.words[0] + "".join(w[1:] for w in q.words[1:])
    return None


def _scored(text: str, words: list[str]) -> query.Query:
    """The fragment, ranked mostly by its words as a phrase in the title or body."""
    exact = fragment_query(text, boost=FRAGMENT_BOOST)
    if exact is None:
        return query.NullQuery
    if len(words) < 2:
        bonus = [query.Term(f, words[0], boost=b) for f, b in _FIELDS] if words else []
    else:
        bonus = [query.Phrase(f, words, boost=b) for f, b in _FIELDS]
    return query.AndMaybe(exact, query.Or(bonus)) if bonus else exact


_FIELDS = (("title", 3.0), ("body", 1.0))


def substitute(q: query.Query | None, fragments: list[tuple[str, list[str]]]):
    """Replace each placeholder (a term in every searched field) by its fragment query.

    ``fragments[i]`` is the i-th quote's text and its words (for ranking)."""
    if q is None or not fragments:
        return q
    if isinstance(q, query.Term):
        i = placeholder_index(str(q.text))
        return _scored(*fragments[i]) if i is not None and i < len(fragments) else q
    if isinstance(q, query.Or) and q.subqueries:
        terms = [c for c in q.subqueries if isinstance(c, query.Term)]
        found = {placeholder_index(str(c.text)) for c in terms}
        if len(terms) == len(q.subqueries) and len(found) == 1 and None not in found:
            return substitute(q.subqueries[0], fragments)
    if q.is_leaf():
        return q
    return q.apply(lambda c: substitute(c, fragments))
