"""Suggestions and "did you mean" on a tantivy generation, with the Whoosh engine's rules.

The vocabulary (``suggest.Vocabulary``: titles, departments, title words with their document
frequencies) comes from the generation's columns and tantivy's term dictionary of the title
field, read once per generation. The readings (``did_you_mean``'s pinyin, one-character slip,
a quote nobody wrote) are the same, checked against this index before they are offered: a
reading must find documents, and far more than what was typed.
"""

from __future__ import annotations

from collections.abc import Callable

from ..errors import BadQuery
from ..models import SearchPage
from ..textnorm import fold_chars
from .did_you_mean import FAR_MORE
from .query_text import without_quotes
from .suggest import Vocabulary
from .tantivy_search import TantivyGeneration


def vocabulary(gen: TantivyGeneration) -> Vocabulary:
    """Titles and departments of the live documents, and every title word's document count."""
    live = gen.live.tolist()
    titles, depts = gen.columns["title"], gen.columns["department"]
    terms = dict(gen.index.searcher().terms_with_prefix("title", ""))
    return Vocabulary([titles[o] for o in live], [depts[o] for o in live], terms)


def did_you_mean(
    gen: TantivyGeneration,
    q: str,
    page: SearchPage,
    vocab: Callable[[], Vocabulary],
    total: Callable[[str], int],
) -> str | None:
    """Pinyin typed for Chinese, a one-character slip in a word no document has, or a quote
    nobody wrote (its words, if they find anything); ``total`` counts what a text finds."""

    def far_more(guess: str) -> bool:
        try:
            found = total(guess)
        except BadQuery:
            return False
        return found > 0 and (page.relaxed is not None or found >= FAR_MORE * page.total)

    if Vocabulary.looks_like_pinyin(q):
        guess = vocab().from_pinyin(q)
        if not guess or guess == q:
            return None
        return guess if page.total < 3 and page.relaxed is None or far_more(guess) else None
    unquoted = without_quotes(q)
    if unquoted is None:
        return _one_slip(gen, q, vocab, far_more)
    if page.total:
        return None
    try:
        return unquoted if total(unquoted) else None
    except BadQuery:
        return None


def _one_slip(
    gen: TantivyGeneration, q: str, vocab: Callable[[], Vocabulary], far_more: Callable
) -> str | None:
    """住房公基金 → 住房公积金: a typed word no document has, next to an index word one
    character away that finds far more."""
    s = gen.index.searcher()
    for word in dict.fromkeys(q.split()):
        folded = fold_chars(word)
        if not 3 <= len(folded) <= 8 or s.doc_freq("title", folded) or s.doc_freq("body", folded):
            continue
        near = vocab().near(folded)
        if near is None:
            continue
        guess = " ".join(near if w == word else w for w in q.split())
        if far_more(guess):
            return guess
    return None
