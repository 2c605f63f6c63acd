"""A question's article lists for tuning the fusion on STARD (bench/eval_articles_fusion.py,
bench/eval_articles_lsi.py): each list made once per question by the service's own code and
cached in ``--work``, so every setting of ``indexer.fusion`` is scored from the cache; and the
laws earlier questions were answered by, counted per question with the question left out.
The word vectors' list is not cached: it is made from the index each run (about 10 ms a
question), since a rebuilt index learns different vectors.
"""

from __future__ import annotations

import gzip
import pickle
import sys
import time

#: The weights of the first taught word at which list (d) is made (``asked_words.expand``).
TAUGHT_WEIGHTS = (0.3, 0.6)


def count_laws(chosen, lists, corpus) -> None:
    """Each entry's ``laws``: document id → how many earlier questions its law answered (the
    question itself left out), for every document of its lists (``asked.Memory.laws``)."""
    from indexer import asked
    from indexer.textnorm import title_key

    memory = asked.load()
    for q in chosen:
        e = lists[q.qid]
        counts = memory.laws(q.text)
        docs = {
            k[0]
            for name in ("a", "b", "b_lex", "c", *(f"d{w}" for w in TAUGHT_WEIGHTS))
            for k in e[name]
        }
        titles = {d: title_key(corpus.titles.get(d, "")) for d in docs}
        e["laws"] = {d: counts[t] for d, t in titles.items() if counts[t]}


def cached_lists(args, chosen) -> dict:
    """Per question (id): (a) the search's documents' articles by their words, (b) and
    (b_lex) the article index's by the words and by them with the lexicon's terms, (c) the
    memory's votes, (d) the article index's with the taught words; read from ``args.work``
    when cached there, else made and cached (train: each question leaves itself out)."""
    path = args.work / f"fusion-{args.split}-{args.sample}-{args.docs}-d.pkl.gz"
    if path.is_file():
        with gzip.open(path, "rb") as fh:
            return _with_dense(args, chosen, pickle.load(fh))
    from indexer import (
        article_index,
        article_rank,
        asked_words,
        fusion,
        lexicon,
        question_articles,
        recall,
    )
    from indexer.config import Settings
    from indexer.service import SearchService
    from indexer.textnorm import title_key

    settings = Settings.load(environ={"XXGK_REQUEST_BUDGET_MS": "0"}, index=args.ours_index)
    service, ud = SearchService(settings), settings.analysis.user_dict
    index = service.article_index()
    taught = asked_words.load(settings.asked_words, ud)
    out = {}
    for n, q in enumerate(chosen):
        skip = q.text if args.split == "train" else None
        req = service.request({"q": [q.text], "size": [str(args.docs)]})
        docs = [h.doc for h in service.search(req).hits]
        ranked, every = question_articles.rank_articles(q.text, docs, ud, True, 100, None)
        a = [(every[s.doc].doc_id, s.article.anchor) for s in ranked]
        cur, every2 = question_articles.rank_articles(
            q.text, docs, ud, True, 100, service.with_title, leave_out=skip
        )
        votes, added = recall.recalled(q.text, docs, ud, service.with_title, leave_out=skip)
        alld = docs + added
        c = sorted(
            (
                (alld[i].doc_id, title_key(alld[i].title or ""), anchor, v)
                for (i, anchor), v in votes.items()
            ),
            key=lambda t: -t[3],
        )
        words = {w: 1.0 for w in article_index.words(q.text, ud, query=True)}
        found = lexicon.expand(q.text)
        lex = dict(words)
        for e in found:
            for t in e.official:
                lex.setdefault(t, article_rank.EXPANSION_WEIGHT)
        out[q.qid] = {
            "a": a,
            "a_titles": [title_key(d.title or "") for d in docs],
            "cur": [(every2[s.doc].doc_id, s.article.anchor) for s in cur],
            "c": c,
            "b": [(x.doc_id, x.title, x.anchor) for x in index.search(words, fusion.INDEX_DEPTH)],
            "b_lex": [(x.doc_id, x.title, x.anchor) for x in index.search(lex, fusion.INDEX_DEPTH)],
        }
        for weight in TAUGHT_WEIGHTS:
            more = taught.expand(words, index.idf, skip, weight=weight)
            found_d = index.search({**words, **more}, fusion.INDEX_DEPTH) if more else []
            out[q.qid][f"d{weight}"] = [(x.doc_id, x.anchor) for x in found_d]
        if n % 50 == 0:
            print(
                f"listed {n}/{len(chosen)} {time.perf_counter():.0f}", file=sys.stderr, flush=True
            )
    args.work.mkdir(parents=True, exist_ok=True)
    with gzip.open(path, "wb", compresslevel=1) as fh:
        pickle.dump(out, fh, pickle.HIGHEST_PROTOCOL)
    return _with_dense(args, chosen, out)


def _with_dense(args, chosen, lists: dict) -> dict:
    """Each entry's ``dense``: the articles nearest the question by the index's word vectors
    (``question_articles.nearest``; empty for an index without them). Not cached: the vectors
    of a rebuilt index differ, and the list costs about 10 ms a question."""
    from indexer.config import Settings
    from indexer.question_articles import nearest
    from indexer.service import SearchService

    settings = Settings.load(environ={}, index=args.ours_index)
    index = SearchService(settings).article_index()
    for q in chosen:
        lists[q.qid]["dense"] = nearest(q.text, settings.analysis.user_dict, index, {})
    return lists
