"""One search: the query as typed, and every fallback decided in one place.

A query that finds (almost) nothing is retried: without the word no document has, by any of
its words, and for the page's "did you mean": as pinyin, or without its quotation marks.
``_search`` tries each of these at most once per request; ``attempt`` does the work.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace

from whoosh import query

from ..errors import BadQuery
from ..models import Document, Relaxed, SearchPage, SearchRequest
from ..textnorm import compact, fold_chars
from . import budget, did_you_mean
from .attempt import any_word_candidates, candidates, fragment_candidates, page_of
from .context import Loader, SearchContext
from .query_text import without_quotes
from .querying import ParsedQuery
from .schema import FIELD_BOOSTS
from .suggest import Vocabulary


def run(ctx: SearchContext, req: SearchRequest) -> SearchPage:
    """The page for ``req``, with its timing; the query is parsed once."""
    started = time.perf_counter()
    page = _search(ctx, req, ctx.parse(req.q))
    page.did_you_mean = _did_you_mean(ctx, req, page)
    ctx.timing.total = (time.perf_counter() - started) * 1000
    page.timing = ctx.timing
    return page


def _search(ctx: SearchContext, req: SearchRequest, parsed: ParsedQuery | None) -> SearchPage:
    """A question is ranked by any of its words first; otherwise every word is required, and
    when that finds (almost) nothing: leave out the rarest word no document has (short
    queries), else accept documents with any of the content words. Each at most once."""
    if parsed is None:
        return page_of(ctx, req, candidates(ctx, req, None), None)
    any_tried = False
    if parsed.question and parsed.any_words is not None:
        any_tried = True
        cands = any_word_candidates(ctx, req, parsed)
        if cands.total:
            return page_of(ctx, req, cands, parsed)
    cands = candidates(ctx, req, parsed)
    if not _too_few(cands.total, parsed) or budget.over():  # no time left for fallbacks
        return page_of(ctx, req, cands, parsed)
    if not cands.total and parsed.fragment is not None:
        page = _literal_page(ctx, req, parsed)
        if page is not None:
            return page
    if len(parsed.content_words) <= 3 and (dropped := _without_rarest(ctx, req, parsed)):
        word, new_q = dropped
        new_parsed = ctx.parse(new_q)
        fewer = candidates(ctx, req, new_parsed)
        if fewer.total:
            page = page_of(ctx, replace(req, q=new_q), fewer, new_parsed)
            page.request = req
            page.relaxed = Relaxed(new_q, word, all_words_matched=cands.total)
            return page
    if parsed.any_words is not None and not any_tried:
        anyw = any_word_candidates(ctx, req, parsed)
        if anyw.total:
            page = page_of(ctx, req, anyw, parsed)
            words = " OR ".join(parsed.content_words)
            page.relaxed = Relaxed(words, mode="any", all_words_matched=cands.total)
            return page
    return page_of(ctx, req, cands, parsed)


def _literal_page(ctx: SearchContext, req: SearchRequest, parsed: ParsedQuery) -> SearchPage | None:
    """No document has every word, but the text as typed may stand in some, cut mid-word
    (息公开条 is 息 + 公开 + 条 to jieba; where 信息公开条例 stands, none of them is indexed)."""
    literal = fragment_candidates(ctx, req, parsed)
    if not literal.total:
        return None
    shown = replace(parsed, terms=[compact(w) for w in req.q.split()], content_words=[])
    page = page_of(ctx, req, literal, shown)
    page.relaxed = Relaxed(req.q, mode="fragment", all_words_matched=0)
    return page


def _too_few(total: int, parsed: ParsedQuery) -> bool:
    """Nothing found, or almost nothing for a long plain-language question."""
    return total == 0 or (total < 3 and len(parsed.content_words) >= 4)


def _without_rarest(
    ctx: SearchContext, req: SearchRequest, parsed: ParsedQuery
) -> tuple[str, str] | None:
    s = ctx.searcher
    return without_rarest(
        req.q,
        parsed.terms,
        parsed.doc_numbers,
        lambda t: s.doc_frequency("body", t) + s.doc_frequency("title", t),
    )


def without_rarest(
    q: str, terms: list[str], doc_numbers: list[str], df: Callable[[str], int]
) -> tuple[str, str] | None:
    """Nothing matched every word: drop the rarest word the user typed when no document has
    it at all (a typo, or a word this collection never uses) and say so. When every word
    occurs somewhere, the any-word ranking serves better than dropping a real word. Returns
    (the word as typed, the query without it); ``df`` counts a word's documents (either
    engine's)."""
    folded_q = fold_chars(q)
    words = [t for t in terms if t in folded_q and t not in doc_numbers]
    if len(words) < 2:
        return None
    rarest = min(words, key=lambda t: (df(t), -len(t)))
    if df(rarest) > 0:
        return None
    start = folded_q.find(rarest)
    new_q = " ".join((q[:start] + " " + q[start + len(rarest) :]).split())
    if not new_q or new_q == q:
        return None
    return q[start : start + len(rarest)], new_q


def _did_you_mean(ctx: SearchContext, req: SearchRequest, page: SearchPage) -> str | None:
    """Pinyin typed for Chinese (checked first), a one-character slip in a word no document
    has (did_you_mean.py), or an exact phrase nobody wrote: its words, if they find anything."""
    if Vocabulary.looks_like_pinyin(req.q):
        return did_you_mean.pinyin_reading(ctx, req, page)
    if not (unquoted := without_quotes(req.q)):
        return did_you_mean.one_slip(ctx, req, page)
    if page.total or budget.over():
        return None
    try:
        words = ctx.parse(unquoted)
    except BadQuery:  # the quotation marks were all there was
        return None
    if words is None:
        return None
    if candidates(ctx, req, words).total:
        return unquoted
    if words.any_words is not None and any_word_candidates(ctx, req, words).total:
        return unquoted
    return None


def related(s, docnum: int, load: Loader, limit: int = 5) -> list[Document]:
    """Documents sharing this one's most distinctive words (title and opening text)."""
    fields = s.stored_fields(docnum)
    head = fields.get("title", "") + "\n" + fields.get("department", "")
    clauses = []
    for field, text, n in (("title", head, 6), ("body", fields.get("body", "")[:3000], 10)):
        for word, weight in s.key_terms_from_text(field, text, numterms=n):
            clauses.append(query.Term(field, word, boost=float(weight) * FIELD_BOOSTS[field]))
    if not clauses:
        return []
    q = query.Or(clauses)
    results = s.search(q, limit=limit + 1)
    return [load(h.fields()) for h in results if h.docnum != docnum][:limit]
