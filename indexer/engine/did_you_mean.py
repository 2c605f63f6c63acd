""" "Did you mean" for a query typed in pinyin or with a one-character slip.

Both readings are checked against the index before they are offered: a suggestion must find
far more than what was typed, so a few Latin hits (``gongkai`` in a URL) do not hide the
Chinese reading, and a rare but real word is not "corrected".
"""

from __future__ import annotations

from dataclasses import replace

from ..errors import BadQuery
from ..models import SearchPage, SearchRequest
from ..textnorm import fold_chars
from . import budget
from .attempt import candidates
from .context import SearchContext
from .suggest import Vocabulary

#: A reading is offered over what the typed text found when it finds this many times more.
FAR_MORE = 3


def pinyin_reading(ctx: SearchContext, req: SearchRequest, page: SearchPage) -> str | None:
    """``zhengfu xinxi gongkai`` → 政府信息公开, when that reading finds more than the Latin
    text did (which may be a few URLs containing ``gongkai``)."""
    if ctx.vocabulary is None or not Vocabulary.looks_like_pinyin(req.q):
        return None
    guess = ctx.vocabulary().from_pinyin(req.q)
    if not guess or guess == req.q:
        return None
    if page.total < 3 and page.relaxed is None:
        return guess
    return guess if _finds_far_more(ctx, req, guess, page) else None


def one_slip(ctx: SearchContext, req: SearchRequest, page: SearchPage) -> str | None:
    """住房公基金 → 住房公积金: a typed word no document has, next to an index word one
    character away that finds far more."""
    if ctx.vocabulary is None or budget.over():
        return None
    s = ctx.searcher
    for word in dict.fromkeys(req.q.split()):
        folded = fold_chars(word)
        if not 3 <= len(folded) <= 8 or s.doc_frequency("title", folded):
            continue
        if s.doc_frequency("body", folded):
            continue
        near = ctx.vocabulary().near(folded)
        if near is None:
            continue
        guess = " ".join(near if w == word else w for w in req.q.split())
        if _finds_far_more(ctx, req, guess, page):
            return guess
    return None


def _finds_far_more(ctx: SearchContext, req: SearchRequest, guess: str, page: SearchPage) -> bool:
    """The guess finds documents, and far more than the typed text did (or the typed words
    were never found together)."""
    if budget.over():
        return False
    try:
        parsed = ctx.parse(guess)
    except BadQuery:
        return False
    found = candidates(ctx, replace(req, q=guess), parsed).total if parsed else 0
    return found > 0 and (page.relaxed is not None or found >= FAR_MORE * page.total)
