"""Word vectors learned from the generation's own text: a question's articles by meaning, when
they share no word with it.

A citizen writes 孩子 where the law writes 子女, 工资 where it writes 劳动报酬; BM25 over the
articles (``indexer.article_index``) scores only the words they share, and the lexicon and the
earlier questions cover only the phrases they hold. Word2vec (gensim, at index time, over the
paragraphs of the generation's own documents, its laws among them: nothing is fetched, nothing
outside the collection is learned) puts words used in the same places near each other. Each
article is then the SIF-weighted mean of its words' vectors (Arora et al. 2017: a word weighs
a / (a + its frequency), and the mean's first principal component is taken out, so common
words and the collection's common drift do not decide), and so is a question; the articles
nearest to it are one more list of the fusion (``fusion.DENSE_WEIGHT``).

An article's vector is computed from the article index's own postings (the same words, title
and headings included, in the same order of articles), so the two never disagree. Served as
plain ``.npy`` files in ``articles/vectors/``, memory-mapped; numpy only at query time.
bench/eval_articles_fusion.py, STARD train (1,234 questions, each left out): see
``fusion.DENSE_WEIGHT``. LSI over the same articles was measured and not kept (README).
"""

from __future__ import annotations

import functools
import shutil
import zlib
from array import array
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

from .article_index import FOLDER, ArticleIndex, save_arrays, words
from .models import Document

#: The folder inside the article index's.
VECTORS = "vectors"
#: Dimensions, context window, epochs, and the words a word must occur to get a vector.
DIM, WINDOW, EPOCHS, MIN_COUNT = 200, 5, 5, 3
#: SIF's smoothing: a word of frequency p weighs SIF_A / (SIF_A + p).
SIF_A = 1e-3
_FILES = ("words", "word_vecs", "pc", "art_vecs")
_BLOCK = 8192


def after_index(backend: Any, name: str, settings: Any, base: str | None = None) -> str | None:
    """The build door's step after the article index: the vectors of generation ``name``.
    An update (``base``: the generation it updates) keeps the words its base learned and only
    makes the articles' vectors again (a weekly 1 % change does not relearn the language); a
    full rebuild, or a base without them, learns them from the documents read back from
    ``backend``. Nothing for a collection with less text than
    ``XXGK_ARTICLE_VECTORS_MIN_WORDS`` (too little to learn from) or without an article index;
    a warning instead of a failure (the generation is live: questions go without this list)."""
    folder = Path(backend.root) / name / FOLDER
    least = settings.article_vectors_min_words
    if least <= 0 or not (folder / "offsets.npy").is_file() or _made_for(folder):
        return None
    try:
        learned = _learned(Path(backend.root) / base / FOLDER) if base else None
        if learned is not None:
            write(folder, *learned)
        elif sum(len(d.body or "") for d in backend.documents()) < least:  # fewer characters
            shutil.rmtree(folder / VECTORS, ignore_errors=True)  # than the words needed
        else:
            ud, most = settings.analysis.user_dict, settings.article_vectors_max_words
            build(backend.documents(), folder, ud, most, least=least)
    except Exception as exc:  # noqa: BLE001 - the generation is live; this only adds to it
        return f"条文词向量未建 (article vectors not built): {exc}"[:300]
    return None


def _made_for(folder: Path) -> bool:
    """Vectors already there for this article index (a run that changed nothing)."""
    found = load(folder)
    return found is not None and len(found) == len(ArticleIndex(folder))


def _learned(folder: Path) -> tuple[list[str], np.ndarray] | None:
    """The words and their weighted vectors of an article index's vectors, if it has them."""
    found = load(folder)
    if found is None:
        return None
    return list(found.vocab), np.array(found.word_vecs, np.float32)


def build(
    docs: Iterable[Document],
    index_folder: Path,
    user_dict: str | None,
    max_words: int,
    workers: int = 2,
    least: int = 0,
) -> int:
    """Learn the vectors from ``docs``' paragraphs (at most ``max_words`` words of them) and
    write every article's into ``index_folder/vectors`` (replaced whole); returns the number of
    words with a vector, 0 (and nothing written, older vectors removed) when the text holds
    fewer than ``least`` words. ``index_folder``: a written article index
    (``article_index.build``)."""
    text = _Text.read(docs, user_dict, max_words)
    if len(text.ids) < least:
        shutil.rmtree(index_folder / VECTORS, ignore_errors=True)
        return 0
    vocab, word_vecs = _learn(text, workers)
    del text  # the training text and the model are gone before the articles' vectors are made
    write(index_folder, vocab, word_vecs)
    return len(vocab)


def write(index_folder: Path, vocab: list[str], word_vecs: np.ndarray) -> None:
    """The vectors of every article of the index in ``index_folder``, made from the words'
    (``word_vecs``, each already times its SIF weight), written with them."""
    arts, pc = _articles(ArticleIndex(index_folder), {w: i for i, w in enumerate(vocab)}, word_vecs)
    arrays = {
        "words": np.array(vocab or [""], dtype=str)[: len(vocab)],
        "word_vecs": word_vecs,
        "pc": pc,
        "art_vecs": arts,
    }
    save_arrays(index_folder / VECTORS, arrays)
    _load.cache_clear()  # a folder written again is read again


def _learn(text: _Text, workers: int) -> tuple[list[str], np.ndarray]:
    """The words with a vector and their vectors, each already times its SIF weight."""
    from gensim.models import Word2Vec  # the build door only: the server never loads gensim

    model = Word2Vec(
        sentences=text,
        vector_size=DIM,
        window=WINDOW,
        min_count=MIN_COUNT,
        sg=1,
        epochs=EPOCHS,
        workers=workers,
        seed=1,
        hashfxn=_stable_hash,  # Python's str hash changes per process: the same text, same start
    )
    wv = model.wv
    counts = np.array([wv.get_vecattr(w, "count") for w in wv.index_to_key], np.float64)
    weights = SIF_A / (SIF_A + counts / max(counts.sum(), 1.0))
    return list(wv.index_to_key), (wv.vectors * weights[:, None]).astype(np.float32)


def _stable_hash(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


def _articles(
    index: ArticleIndex, vocab: dict[str, int], word_vecs: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Every article's weighted sum of its words' vectors (from the index's postings: term
    frequency times the word's weighted vector), its common component out, unit length."""
    arts = np.zeros((index.n, word_vecs.shape[1]), np.float32)
    for term, t in index.vocab.items():
        w = vocab.get(term)
        if w is None:
            continue
        lo, hi = int(index.offsets[t]), int(index.offsets[t + 1])
        idx = np.asarray(index.post_art[lo:hi])
        tf = np.asarray(index.post_tf[lo:hi], np.float32)
        arts[idx] += tf[:, None] * word_vecs[w]  # an article holds a word once per posting
    empty = ~arts.any(axis=1)
    arts /= np.maximum(np.linalg.norm(arts, axis=1, keepdims=True), 1e-9)
    pc = _first_component(arts)
    for lo in range(0, len(arts), _BLOCK):  # in blocks: no second copy of all of them
        block = arts[lo : lo + _BLOCK]
        block -= np.outer(block @ pc, pc)
        block /= np.maximum(np.linalg.norm(block, axis=1, keepdims=True), 1e-9)
    arts[empty] = 0.0  # an article none of whose words has a vector matches nothing
    return arts, pc


def _first_component(arts: np.ndarray, sample: int = 20_000) -> np.ndarray:
    rows = arts[:: max(1, len(arts) // sample)]
    if not len(rows):
        return np.zeros(arts.shape[1], np.float32)
    return np.linalg.svd(rows, full_matrices=False)[2][0].astype(np.float32)


class _Text:
    """The training text as word ids (4 bytes a word, not a Python string each), replayed once
    per epoch: a province's collection would not fit as lists of strings."""

    def __init__(self, vocab: list[str], ids: array, ends: array) -> None:
        self.vocab, self.ids, self.ends = vocab, ids, ends

    @classmethod
    def read(cls, docs: Iterable[Document], user_dict: str | None, max_words: int) -> _Text:
        known: dict[str, int] = {}
        ids, ends = array("i"), array("q")
        for doc in docs:
            for para in (doc.body or "").split("\n"):
                for w in words(para, user_dict):
                    ids.append(known.setdefault(w, len(known)))
                if len(ids) > (ends[-1] if ends else 0):
                    ends.append(len(ids))
            if len(ids) >= max_words:
                break
        return cls(list(known), ids, ends)

    def __iter__(self) -> Iterator[list[str]]:
        start = 0
        for end in self.ends:
            yield [self.vocab[i] for i in self.ids[start:end]]
            start = end


class ArticleVectors:
    """A generation's article vectors, read-only, memory-mapped."""

    def __init__(self, folder: Path) -> None:
        arr = {n: np.load(folder / f"{n}.npy", mmap_mode="r", allow_pickle=False) for n in _FILES}
        self.folder = folder
        self.vocab = {str(w): i for i, w in enumerate(arr["words"])}
        self.word_vecs, self.art_vecs = arr["word_vecs"], arr["art_vecs"]
        self.pc = np.asarray(arr["pc"], np.float32)

    def __len__(self) -> int:
        return len(self.art_vecs)

    def question(self, text: str, user_dict: str | None) -> np.ndarray | None:
        """The question's vector, as an article's is made; None when no word of it has one."""
        ids = [self.vocab[w] for w in words(text, user_dict, query=True) if w in self.vocab]
        if not ids:
            return None
        v = np.asarray(self.word_vecs[ids], np.float32).sum(axis=0)
        v -= (v @ self.pc) * self.pc
        norm = float(np.linalg.norm(v))
        return v / norm if norm else None

    def scores(self, vector: np.ndarray) -> np.ndarray:
        """Every article's cosine to ``vector`` (in the article index's order)."""
        return np.asarray(self.art_vecs @ vector, np.float32)


def load(index_folder: Path) -> ArticleVectors | None:
    """The vectors beside an article index (its folder), once per folder; None where there are
    none (a small collection, or a generation built before them)."""
    folder = Path(index_folder) / VECTORS
    if not (folder / "art_vecs.npy").is_file():
        return None
    return _load(folder)


@functools.lru_cache(maxsize=2)  # the serving generation and the one replacing it
def _load(folder: Path) -> ArticleVectors:
    return ArticleVectors(folder)
