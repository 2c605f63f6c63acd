"""Does a statistical model of the articles earn its place? LSI over the article index as a fifth
list of a question's fusion, on STARD's train split (never dev).

Issue 14 allows a model trained at index time on our own corpus "only if it earns its place".
This builds latent semantic indexing (Deerwester et al. 1990) over every article of an index's
article index: log tf × idf, words in 3 articles to 10 % of them, rows L2-normalised, a
truncated SVD (scikit-learn's randomized solver); a question is its words' idf vector folded in,
its list the ``--depth`` articles nearest by cosine. Reported: the list alone, and the fusion
(``indexer.fusion``: the lists of bench/eval_articles_fusion.py's cache, the law count, the
lending; not the lexicon's list, which came after) with it added by rank at a few weights.
Needs ``pip install '.[lsi]'``.

    .venv/bin/python bench/eval_articles_lsi.py --ours-index DIR --work DIR [--dims 200]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from eval_data import REPO


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--ours-index", type=Path, required=True, help="xxgk index (only read)")
    ap.add_argument("--work", type=Path, required=True, help="eval_articles_fusion's cache")
    ap.add_argument("--sample", type=int, default=0, help="as eval_articles_fusion (0: all)")
    ap.add_argument("--dims", type=int, default=200, help="LSI dimensions")
    ap.add_argument("--depth", type=int, default=300, help="articles in the LSI list")
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    from eval_article_data import load_corpus, load_queries, split_questions
    from eval_articles_lists import cached_lists, count_laws
    from eval_data import DEFAULT_JSONL, DEFAULT_STARD

    args = parse_args(argv)
    corpus = load_corpus(DEFAULT_JSONL)
    train, chosen = split_questions(load_queries(DEFAULT_STARD, corpus), "train", args.sample)
    cache = argparse.Namespace(work=args.work, split="train", sample=args.sample, docs=30)
    cache.ours_index = args.ours_index
    lists = cached_lists(cache, chosen)
    count_laws(chosen, lists, corpus)
    t0 = time.perf_counter()
    nearest = _lsi_lists(args, [q.text for q in chosen])
    print(f"LSI {args.dims} dimensions, {len(chosen)} questions: {time.perf_counter() - t0:.0f} s")
    _report(chosen, lists, dict(zip([q.qid for q in chosen], nearest, strict=True)), corpus)


def _lsi_lists(args, questions: list[str]) -> list[list[tuple[str, str]]]:
    """Each question's ``args.depth`` nearest articles by LSI cosine."""
    import numpy as np
    import scipy.sparse as sp
    from sklearn.decomposition import TruncatedSVD

    from indexer import article_index
    from indexer.config import Settings

    settings = Settings.load(environ={}, index=args.ours_index)
    ix = article_index.load(settings.index / (settings.index / "CURRENT").read_text().strip())
    counts = np.diff(np.asarray(ix.offsets))
    cols = np.repeat(np.arange(len(counts)), counts)
    idf = np.log(ix.n / np.maximum(counts, 1))
    keep = (counts >= 3) & (counts <= 0.1 * ix.n)
    vals = (1 + np.log(np.asarray(ix.post_tf, np.float32))) * idf[cols]
    rows, m = np.asarray(ix.post_art), keep[cols]
    x = sp.csr_matrix((vals[m], (rows[m], cols[m])), shape=(ix.n, len(counts)))
    norms = np.sqrt(np.asarray(x.multiply(x).sum(1)).ravel())
    x = sp.diags(1 / np.where(norms > 0, norms, 1)) @ x
    svd = TruncatedSVD(args.dims, algorithm="randomized", n_iter=4, random_state=0)
    emb = svd.fit_transform(x).astype(np.float32)
    emb /= np.linalg.norm(emb, axis=1, keepdims=True) + 1e-9
    out = []
    for q in questions:
        v = np.zeros(len(counts), np.float32)
        for w in article_index.words(q, settings.analysis.user_dict, query=True):
            i = ix.vocab.get(w)
            if i is not None and keep[i]:
                v[i] += idf[i]
        z = svd.components_.astype(np.float32) @ v
        sims = emb @ (z / (np.linalg.norm(z) + 1e-9))
        top = np.argsort(-sims)[: args.depth] if v.any() else []
        out.append([(str(ix.doc_ids[ix.art_doc[i]]), str(ix.anchors[i])) for i in top])
    return out


def _report(chosen, lists, nearest, corpus) -> None:
    from eval_article_data import score
    from eval_articles_fusion import _around, fuse

    lent = (_around(corpus, False), 100, 0.15, 5)
    final = {"weights": (1, 1, 0.8), "k": 1.0, "taught": (0.6, 1), "law": (0.3, 4.0, 5.0)}

    def fused(qid: int, weight: float, depth: int) -> list[tuple[str, str]]:
        """The fusion with the lending (LSI's own laws not counted), LSI's list added."""
        return fuse(lists[qid], **final, lend=lent, more=[(weight, nearest[qid][:depth])])

    systems = {"LSI alone": lambda q: nearest[q.qid][:100]}
    for weight, depth in ((0.0, 0), (0.25, 100), (0.5, 100), (0.5, 300), (1.0, 300)):
        name = f"fusion + LSI at {weight}, {depth} deep"
        systems[name] = lambda q, w=weight, d=depth: fused(q.qid, w, d)
    print("| system | R@10 | R@100 | MRR@10 |\n|---|---|---|---|")
    for name, f in systems.items():
        got = [score(f(q), q) for q in chosen]
        vals = " | ".join(f"{sum(g[m] for g in got) / len(got):.4f}" for m in got[0])
        print(f"| {name} | {vals} |", flush=True)


if __name__ == "__main__":
    sys.path[:0] = [str(REPO), str(Path(__file__).parent)]
    main()
