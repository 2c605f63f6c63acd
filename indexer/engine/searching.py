"""One search against an open generation: match, verify phrases, facet, rank, explain, relax.

The backend owns the index lifecycle; this module owns what happens inside one searcher.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from whoosh import query, sorting

from ..models import Document, Hit, SearchPage, SearchRequest
from ..textnorm import compact, fold_chars
from .facets import facet_counts
from .matchsets import MatchSets
from .querying import ParsedQuery, parse
from .schema import FIELD_BOOSTS
from .snippets import mark, snippet

Loader = Callable[[dict[str, Any]], Document]


def run(
    s,
    schema,
    columns: dict[str, list[str]],
    req: SearchRequest,
    *,
    facet_limit: int,
    load: Loader,
    user_dict: str | None,
    synonyms,
    relax: bool = True,
) -> SearchPage:
    parsed = parse(req.q, schema, user_dict, synonyms) if req.q.strip() else None
    if parsed and parsed.question and parsed.any_words is not None:
        page = _any_word_page(s, columns, req, parsed, facet_limit, load)
        if page is not None:
            return page
    q = parsed.query if parsed else query.Every()
    sets = MatchSets(s)
    matched = sorted(sets.of(q))
    everything = len(matched)
    for exact, literal in parsed.phrases if parsed else ():
        matched = _verify_phrase(s, matched, sets.of(exact), literal)
    allowed, facets = facet_counts(matched, columns, req.filters, facet_limit)
    if parsed and relax and not allowed and parsed.fragment is not None:
        page = _fragment_page(s, columns, req, parsed, facet_limit, load)
        if page is not None:
            return page
    if parsed and relax and _too_few(len(allowed), parsed):
        page = _fallback(s, schema, columns, req, parsed, facet_limit, load, user_dict, synonyms)
        if page is not None:
            if page.relaxed is not None:
                page.relaxed["all_words_matched"] = len(allowed)
            return page
    narrowed = len(allowed) < everything  # filters or phrase checks removed documents
    ranked, total = _ranked(s, q, allowed, req, browse=parsed is None, narrowed=narrowed)
    hits = [_make_hit(s, d, f, sc, parsed, req, load) for d, f, sc in ranked]
    return SearchPage(request=req, total=total, hits=hits, facets=facets)


def _ranked(s, q, allowed: set[int], req: SearchRequest, browse: bool, narrowed: bool):
    """The requested page. Without a filter Whoosh can skip blocks that cannot reach the top
    (block-max scoring), so the filter is only passed when it removes something."""
    if not allowed:
        return [], 0
    by_date = req.sort == "date" or browse
    sortedby = sorting.FieldFacet("date", reverse=True) if by_date else None
    limit = req.page * req.size
    results = s.search(q, filter=allowed if narrowed else None, limit=limit, sortedby=sortedby)
    page = results[(req.page - 1) * req.size : limit]
    return [(h.docnum, h.fields(), float(h.score or 0.0)) for h in page], len(allowed)


def _verify_phrase(s, matched: list[int], sure: frozenset[int], literal: str) -> list[int]:
    """Keep documents whose positions match the phrase, or whose stored text contains it (the
    rule of quoted fragments: folded, whitespace ignored, see engine/fragments.py)."""
    needle = compact(literal)
    kept = []
    for d in matched:
        if d in sure:
            kept.append(d)
            continue
        f = s.stored_fields(d)
        if needle in compact(f.get("title", "") + "\n" + f.get("body", "")):
            kept.append(d)
    return kept


def _fragment_page(s, columns, req, parsed, facet_limit, load) -> SearchPage | None:
    """No document has every word, but the text as typed may stand in some, cut mid-word
    (息公开条 is 息 + 公开 + 条 to jieba; where 信息公开条例 stands, none of them is indexed)."""
    matched = sorted(MatchSets(s).of(parsed.fragment))
    allowed, facets = facet_counts(matched, columns, req.filters, facet_limit)
    if not allowed:
        return None
    narrowed = len(allowed) < len(matched)
    ranked, total = _ranked(s, parsed.fragment, allowed, req, browse=False, narrowed=narrowed)
    shown = replace(parsed, terms=[compact(w) for w in req.q.split()], content_words=[])
    hits = [_make_hit(s, d, f, sc, shown, req, load) for d, f, sc in ranked]
    relaxed = {"dropped": "", "query": req.q, "mode": "fragment"}
    return SearchPage(request=req, total=total, hits=hits, facets=facets, relaxed=relaxed)


def _too_few(total: int, parsed: ParsedQuery) -> bool:
    """Nothing found, or almost nothing for a long plain-language question."""
    return total == 0 or (total < 3 and len(parsed.content_words) >= 4)


def _fallback(s, schema, columns, req, parsed, facet_limit, load, user_dict, synonyms):
    """Rather than an empty page: leave out the rarest word (short queries), else accept
    documents with any of the content words, more of them ranking higher. Says which."""
    opts = dict(facet_limit=facet_limit, load=load, user_dict=user_dict, synonyms=synonyms)
    if len(parsed.content_words) <= 3:
        relaxed = _relaxed(s, req, parsed)
        if relaxed is not None:
            dropped, new_q = relaxed
            page = run(s, schema, columns, replace(req, q=new_q), relax=False, **opts)
            if page.total:
                page.request, page.relaxed = req, {"dropped": dropped, "query": new_q}
                return page
    if parsed.any_words is None:
        return None
    page = _any_word_page(s, columns, req, parsed, facet_limit, load)
    if page is not None:
        page.relaxed = {"dropped": "", "query": " OR ".join(parsed.content_words), "mode": "any"}
    return page


#: Words a question is ranked by. `make eval`, STARD samples of 300 (seeds 5 / 7): 6 words
#: 0.399 / 0.405 nDCG@10, 10 words 0.424 / 0.445; mean latency at 20 hits 56 → 77 ms.
QUESTION_WORDS = 10


def _any_word_page(s, columns, req, parsed, facet_limit, load) -> SearchPage | None:
    """Documents with any of the most specific content words, more of them ranking higher."""
    q = _rarest_clauses(s, parsed.any_words, keep=QUESTION_WORDS)
    matched = sorted(MatchSets(s).of(q))
    allowed, facets = facet_counts(matched, columns, req.filters, facet_limit)
    if not allowed:
        return None
    narrowed = len(allowed) < len(matched)
    ranked, total = _ranked(s, q, allowed, req, browse=False, narrowed=narrowed)
    hits = [_make_hit(s, d, f, sc, parsed, req, load) for d, f, sc in ranked]
    return SearchPage(request=req, total=total, hits=hits, facets=facets)


def _rarest_clauses(s, any_words, keep: int):
    """The ``keep`` most specific words of a long question: the commonest add little to the
    ranking and most of its cost. Dropping words that are merely common hurts, though: the
    legal concept a question turns on (抵押, 继承) is common in a law corpus."""
    clauses = list(any_words.subqueries)
    if len(clauses) <= keep:
        return any_words

    def df(clause) -> int:
        return max((s.doc_frequency(f, t) for f, t in clause.iter_all_terms()), default=0)

    kept = sorted(clauses, key=df)[:keep]
    return query.Or(kept, scale=any_words.scale)


def _make_hit(s, docnum, fields, score, parsed, req, load) -> Hit:
    doc = load(fields)
    if parsed is None:
        return Hit(
            doc=doc,
            score=score,
            snippet=snippet(str(doc.body), []),
            title_marked=mark(doc.title, []),
        )
    terms = parsed.terms + [w for w in parsed.content_words if w not in parsed.terms]
    hit = Hit(
        doc=doc,
        score=score,
        snippet=snippet(str(doc.body), terms),
        title_marked=mark(doc.title, terms),
    )
    if req.explain:
        hit.explain = explain(s, docnum, parsed, score)
    return hit


def _relaxed(s, req: SearchRequest, parsed: ParsedQuery) -> tuple[str, str] | None:
    """Nothing matched every word: drop the rarest word the user typed when no document has
    it at all (a typo, or a word this collection never uses) and say so. When every word
    occurs somewhere, the any-word ranking serves better than dropping a real word."""
    folded_q = fold_chars(req.q)
    candidates = [t for t in parsed.terms if t in folded_q and t not in parsed.doc_numbers]
    if len(candidates) < 2:
        return None

    def df(t: str) -> int:
        return s.doc_frequency("body", t) + s.doc_frequency("title", t)

    rarest = min(candidates, key=lambda t: (df(t), -len(t)))
    if df(rarest) > 0:
        return None
    start = folded_q.find(rarest)
    new_q = " ".join((req.q[:start] + " " + req.q[start + len(rarest) :]).split())
    if not new_q or new_q == req.q:
        return None
    return req.q[start : start + len(rarest)], new_q


def explain(s, docnum: int, parsed: ParsedQuery, total: float) -> dict[str, Any]:
    """Per matched term: its field, BM25F score in this document and the field's weight."""
    terms = []
    weighting = s.weighting
    for fieldname, text in sorted(set(parsed.query.iter_all_terms())):
        if fieldname not in FIELD_BOOSTS and fieldname != "title_key":
            continue
        try:
            m = s.postings(fieldname, text)
        except Exception:  # noqa: BLE001 - a term absent from the index simply scores nothing
            continue
        m.skip_to(docnum)
        if not m.is_active() or m.id() != docnum:
            continue
        score = weighting.scorer(s, fieldname, text).score(m)
        text = text.decode("utf-8") if isinstance(text, bytes) else str(text)
        weight = FIELD_BOOSTS.get(fieldname, 30.0)
        terms.append({"field": fieldname, "term": text, "bm25": round(score, 4), "weight": weight})
    terms.sort(key=lambda t: -t["bm25"] * t["weight"])
    return {"score": round(total, 4), "terms": terms}


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
