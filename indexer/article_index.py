"""BM25 over every article (条) of every law in a generation: a question's candidates beyond
the documents its search found.

A question's search reads the articles of its first 30 documents; the article that answers it
is often in a law ranked further down (STARD train: a fifth of the judged articles are outside
them). So each generation also keeps the articles of all its laws as a small inverted index of
their own, built at index time (``build``, by the build door after a generation is written)
and loaded once per generation by the query door (``load``), its postings memory-mapped: the
resident cost is the vocabulary and the touched pages, not the whole index.

Engine-neutral and pure: numpy arrays in ``.npy`` files in the generation folder, no pickle.
Words are jieba's precise cut (the index-time fast cut gives the same words), lower-cased,
punctuation dropped; each article is scored with its law's title and its 编/章/节 headings.
"""

from __future__ import annotations

import functools
import math
import os
import re
import shutil
from array import array
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .articles import split
from .models import Document
from .textnorm import fold_chars, title_key

#: The folder a generation keeps it in.
FOLDER = "articles"
K1, B = 1.5, 0.75
_FILES = (
    "terms",
    "offsets",
    "post_art",
    "post_tf",
    "lengths",
    "art_doc",
    "anchors",
    "doc_ids",
    "titles",
)
_WORD = re.compile(r"[\w\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def words(text: str, user_dict: str | None, query: bool = False) -> list[str]:
    """The words BM25 counts: jieba's cut (the fast cut at index time), no punctuation."""
    from .fastcut import fast_cutter
    from .segment import segmenter

    cut = segmenter(user_dict).cut if query else fast_cutter(user_dict)
    return [w for w in cut(fold_chars(text)) if _WORD.search(w)]


def after_switch(backend: Any, name: str, count: int, settings: Any) -> str | None:
    """The build door's step after the switch: the new generation's article index, in one
    process; a warning instead when it fails (the generation is live: questions then go
    without it, the run does not fail) or when the collection is above
    ``XXGK_ARTICLE_INDEX_MAX_DOCS`` (100,000 generated documents: 89 s, +0.6 GB at the build's
    peak, +130 MB in the server)."""
    if not 0 < count <= settings.article_index_max_docs:
        limit = settings.article_index_max_docs
        return (
            f"条文索引未建：{count} 份文件超过 XXGK_ARTICLE_INDEX_MAX_DOCS ({limit})"
            if count
            else None
        )
    try:
        build_current(backend, name, settings.analysis.user_dict)
    except Exception as exc:  # noqa: BLE001 - the generation is live; this only adds to it
        return f"条文索引未建 (article index not built): {exc}"[:300]
    return None


def build_current(backend: Any, name: str, user_dict: str | None) -> int:
    """The article index of generation ``name``, just made current by the build door: its
    documents read back from ``backend`` (either engine), so an update's carried ones count."""
    return build(backend.documents(), Path(backend.root) / name / FOLDER, user_dict)


def build(docs: Iterable[Document], folder: Path, user_dict: str | None) -> int:
    """Write the article index of ``docs`` into ``folder`` (replaced whole: written beside it,
    then renamed); returns the number of articles. Documents not cut into 条 add nothing."""
    vocab: dict[str, int] = {}
    term_ids, art_ids, tfs = array("i"), array("i"), array("H")
    lengths, art_doc, anchors, doc_ids, titles = array("f"), array("i"), [], [], []
    for doc in docs:
        arts = split(doc.body or "", doc.doc_type).articles
        if not arts:
            continue
        doc_ids.append(doc.doc_id)
        titles.append(title_key(doc.title or ""))
        for a in arts:
            tokens = words(f"{doc.title or ''}\n{' '.join(a.context)}\n{a.text}", user_dict)
            for w, tf in Counter(tokens).items():
                term_ids.append(vocab.setdefault(w, len(vocab)))
                art_ids.append(len(anchors))
                tfs.append(min(tf, 65535))
            lengths.append(len(tokens))
            art_doc.append(len(doc_ids) - 1)
            anchors.append(a.anchor)
    _write(folder, vocab, (term_ids, art_ids, tfs), lengths, art_doc, anchors, (doc_ids, titles))
    return len(anchors)


def _write(folder, vocab, postings, lengths, art_doc, anchors, docs) -> None:
    doc_ids, titles = docs
    term_ids, art_ids, tfs = (np.frombuffer(a, a.typecode) for a in postings)
    order = np.argsort(term_ids, kind="stable")  # by term, articles ascending within each
    counts = np.bincount(term_ids, minlength=len(vocab))
    arrays = {
        "terms": np.array(list(vocab) or [""], dtype=str)[: len(vocab)],
        "offsets": np.concatenate(([0], np.cumsum(counts))).astype(np.int64),
        "post_art": art_ids[order].astype(np.int32),
        "post_tf": tfs[order].astype(np.uint16),
        "lengths": np.array(lengths, np.float32),
        "art_doc": np.array(art_doc, np.int32),
        "anchors": np.array(anchors or [""], dtype=str)[: len(anchors)],
        "doc_ids": np.array(doc_ids or [""], dtype=str)[: len(doc_ids)],
        "titles": np.array(titles or [""], dtype=str)[: len(titles)],
    }
    save_arrays(folder, arrays)


def save_arrays(folder: Path, arrays: dict[str, np.ndarray]) -> None:
    """``folder`` replaced whole by one ``.npy`` per array (no pickle), written beside it and
    then renamed: a reader sees the old folder or the new one, never half of one."""
    tmp = folder.with_name(folder.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    for name, value in arrays.items():
        np.save(tmp / f"{name}.npy", value, allow_pickle=False)
    shutil.rmtree(folder, ignore_errors=True)
    os.replace(tmp, folder)


@dataclass(frozen=True)
class Candidate:
    """An article found by its words: its document, the document's ``title_key``, the
    article's anchor and its BM25 score."""

    doc_id: str
    title: str
    anchor: str
    score: float


class ArticleIndex:
    """A generation's article index, read-only; postings memory-mapped."""

    def __init__(self, folder: Path) -> None:
        arr = {n: np.load(folder / f"{n}.npy", mmap_mode="r", allow_pickle=False) for n in _FILES}
        self.folder = folder  # its word vectors live inside (indexer.article_vectors)
        self.vocab = {str(t): i for i, t in enumerate(arr["terms"])}
        self.offsets, self.post_art, self.post_tf = arr["offsets"], arr["post_art"], arr["post_tf"]
        self.art_doc, self.anchors, self.doc_ids = arr["art_doc"], arr["anchors"], arr["doc_ids"]
        self.titles = arr["titles"]
        lengths = np.asarray(arr["lengths"], np.float32)
        self.n = len(lengths)
        mean = float(lengths.mean()) if self.n else 1.0
        self.norm = (K1 * (1 - B + B * lengths / (mean or 1.0))).astype(np.float32)

    def __len__(self) -> int:
        return self.n

    def idf(self, term: str) -> float:
        """BM25's IDF of a word among the articles; 0 for a word no article holds."""
        t = self.vocab.get(term)
        return 0.0 if t is None else self._idf(t)

    def _idf(self, t: int) -> float:
        df = int(self.offsets[t + 1]) - int(self.offsets[t])
        return math.log(1 + (self.n - df + 0.5) / (df + 0.5))

    def search(self, terms: Mapping[str, float], k: int = 100) -> list[Candidate]:
        """The ``k`` best articles for weighted words (a word's BM25 times its weight)."""
        return self.best(self.scores(terms), k)

    def scores(self, terms: Mapping[str, float], onto: np.ndarray | None = None) -> np.ndarray:
        """Every article's BM25 for weighted words, added ``onto`` a copy of earlier scores (a
        question's words scored once, then its taught words on top: the same sums, in the same
        order, as scoring all of them)."""
        scores = np.zeros(self.n, np.float32) if onto is None else onto.copy()
        for term, weight in terms.items():
            t = self.vocab.get(term)
            if t is None:
                continue
            lo, hi = int(self.offsets[t]), int(self.offsets[t + 1])
            idx = np.asarray(self.post_art[lo:hi])
            tf = np.asarray(self.post_tf[lo:hi], np.float32)
            scores[idx] += weight * self._idf(t) * tf * (K1 + 1) / (tf + self.norm[idx])
        return scores

    def anchors_of(self, doc_id: str) -> list[str]:
        """A document's article anchors in the law's order (empty for one not in the index)."""
        d = self._doc_numbers.get(doc_id)
        if d is None:
            return []
        lo, hi = np.searchsorted(self.art_doc, [d, d + 1])  # a document's articles are in a run
        return [str(a) for a in self.anchors[lo:hi]]

    @functools.cached_property
    def _doc_numbers(self) -> dict[str, int]:
        return {str(doc_id): d for d, doc_id in enumerate(self.doc_ids)}

    def best(self, scores: np.ndarray, k: int) -> list[Candidate]:
        """The ``k`` articles of highest ``scores`` (of ``scores``), best first."""
        return [
            Candidate(
                str(self.doc_ids[d]), str(self.titles[d]), str(self.anchors[i]), float(scores[i])
            )
            for i, d in ((i, int(self.art_doc[i])) for i in _top(scores, k))
        ]


def _top(scores: np.ndarray, k: int) -> list[int]:
    """Indices of the ``k`` highest positive scores, best first (ties: lower index first)."""
    hit = np.flatnonzero(scores > 0)
    if len(hit) > k:
        hit = hit[np.argpartition(-scores[hit], k - 1)[:k]]
    return sorted(hit.tolist(), key=lambda i: (-scores[i], i))


def load(generation: Path) -> ArticleIndex | None:
    """The article index of a generation folder, once per folder; None where it has none (an
    index built before it existed: questions then read the articles of their search only)."""
    folder = Path(generation) / FOLDER
    if not (folder / "offsets.npy").is_file():
        return None
    return _load(folder)


@functools.lru_cache(maxsize=2)  # the serving generation and the one replacing it
def _load(folder: Path) -> ArticleIndex:
    return ArticleIndex(folder)
