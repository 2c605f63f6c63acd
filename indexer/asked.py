"""Questions asked before and the articles that answered them: a new question is answered by
the articles of the questions most like it.

A citizen's words rarely match a law's: "夫妻一方经营个体工商户所欠债务，谁偿还" shares almost no
word with 民法典第五十六条 ("个体工商户的债务，个人经营的，以个人财产承担"), but it shares
most of its words with an earlier question that was answered by that article. So the question
is matched against the questions already answered (BM25 over their words, the ``K`` nearest),
and each neighbour's articles count by how close it is — a k-nearest-neighbour vote, learned
from judged pairs and kept as data (``indexer/data/asked.tsv``, built by tools/make_asked.py
from STARD's train split only, with its source in the file's header).

An article is named by what any index holding the law can resolve, not by one corpus's
document id (an office's own index has other ids, and a colliding id would credit the wrong
document): the law's title (``textnorm.title_key``, as the index keys titles), the 条 label
and the first characters of its text — the text check keeps a changed or renumbered version
from being credited with an old answer. Pure (neither wing): the query door resolves the
titles against its index.
"""

from __future__ import annotations

import functools
import math
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .errors import ConfigError
from .textnorm import title_key

DEFAULT_ASKED = Path(__file__).parent / "data" / "asked.tsv"
#: Neighbours that vote (train split, 400 questions: MRR@10 0.391 / 0.399 at 10 / 20), and
#: BM25's constants over the (short) questions.
K = 20
K1, B = 1.2, 0.75
#: The vote counts only when the nearest earlier question scores at least this share of what
#: the question scores against itself (its new words counted too): the votes of unlike
#: questions push out good articles. bench/eval_asked_gate.py, train split, each question left
#: out, 400 questions, MRR@10 at gate 0 / 0.1 / 0.2 / 0.3 / 0.5: all 0.398 / 0.398 / 0.394 /
#: 0.372 / 0.338; the 145 sharing no judged article with another 0.229 / 0.229 / 0.237 / 0.243
#: / 0.314 — a stricter gate saves those less than it costs the rest, so the gate stays low.
GATE = 0.1
#: Characters of an article's text (whitespace removed) that identify it.
PREFIX = 40


@dataclass(frozen=True)
class Answer:
    """An article that answered an earlier question: its law (``title_key`` of the title), its
    条 label, and how it begins."""

    title: str
    anchor: str
    prefix: str


@dataclass(frozen=True)
class Memory:
    questions: tuple[str, ...]
    answers: tuple[tuple[Answer, ...], ...]  # per question

    def laws(self, leave_out: str | None = None) -> Counter[str]:
        """How many earlier questions each law (title key) answered; ``leave_out``: a
        question not counted. Citizens ask about a few laws again and again (STARD's train
        split: 1,234 questions from 134 laws, 342 of them from 民法典合同编), so an article
        of such a law is likelier the answer than an equal match in a law no one asked about."""
        if leave_out is None or leave_out not in self.questions:
            return self._laws
        own = {a.title for a in self.answers[self.questions.index(leave_out)]}
        return self._laws - Counter(own)

    @functools.cached_property
    def _laws(self) -> Counter[str]:
        return Counter(t for answers in self.answers for t in {a.title for a in answers})


def load(path: Path = DEFAULT_ASKED) -> Memory:
    """The questions and their answers; a line without all five columns is a configuration
    error. Lines: question, law title, 条 label, first characters of the article, article name."""
    return _load(path)


@functools.cache
def _load(path: Path) -> Memory:
    found: dict[str, list[Answer]] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = [c.strip() for c in line.split("\t")]
        if len(cols) != 5 or not all(cols):
            raise ConfigError(
                f"{path.name}:{n}: 需要五列（问题、法规标题、条号、条文开头、条文名称）"
            )
        found.setdefault(cols[0], []).append(Answer(title_key(cols[1]), cols[2], cols[3]))
    # versions of a law under one title are one answer: its vote counts once
    return Memory(tuple(found), tuple(tuple(dict.fromkeys(a)) for a in found.values()))


class Neighbours:
    """BM25 over the earlier questions' words: which of them a new question is most like."""

    def __init__(self, memory: Memory, words: Callable[[str], list[str]]) -> None:
        self.memory = memory
        self.words = words
        docs = [words(q) for q in memory.questions]
        self.lengths = [len(d) or 1 for d in docs]
        self.avg = sum(self.lengths) / (len(docs) or 1)
        self.postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for i, d in enumerate(docs):
            for w, tf in Counter(d).items():
                self.postings[w].append((i, tf))
        n = len(docs)
        self.unseen = math.log(1 + (n + 0.5) / 0.5)  # the IDF of a word no question used
        self.idf = {
            w: math.log(1 + (n - len(p) + 0.5) / (len(p) + 0.5)) for w, p in self.postings.items()
        }

    def nearest(self, text: str, k: int = K, skip: str | None = None) -> list[tuple[int, float]]:
        """The ``k`` closest earlier questions (index, score), best first; ``skip``: a question
        left out (the question itself, when the memory is scored on its own questions)."""
        scores: dict[int, float] = defaultdict(float)
        for w in set(self.words(text)):
            for i, tf in self.postings.get(w, ()):
                norm = K1 * (1 - B + B * self.lengths[i] / self.avg)
                scores[i] += self.idf[w] * tf * (K1 + 1) / (tf + norm)
        out = sorted(scores.items(), key=lambda s: (-s[1], s[0]))
        return [s for s in out if self.memory.questions[s[0]] != skip][:k]

    def vote(
        self, text: str, k: int = K, skip: str | None = None, gate: float | None = None
    ) -> dict[Answer, float]:
        """Each answer of the ``k`` nearest questions, scored by the closeness of the questions
        it answered, each as a share of what the question would score against itself, its
        words no earlier question used counted as rare as can be: a vote is strong only when
        an earlier question was asked in nearly the same words, so a question unlike any
        earlier one keeps its own ranking. tools/make_asked.py's train split, each question
        left out, 400 questions: MRR@10 0.399 with a share, 0.381 with a share of the
        nearest's score. The share was of the known words' IDF alone, which gave a question
        whose telling word no earlier question used (公司拖欠工资三个月了怎么办: 拖欠工资) the
        full vote of the questions sharing its other words (快递公司…怎么办: 民法典第八百三十二
        条). bench/eval_articles_fusion.py's train split, each question's own words left out of
        the IDF as for a new question: MRR@10 0.466 either way, R@100 0.859 / 0.859, the 114
        questions of up to 12 characters 0.434 → 0.449. No vote at all when the nearest's
        score is below ``gate`` (``GATE`` when None) of that self-score: one shared word among
        many new ones is no likeness."""
        near = self.nearest(text, k, skip)
        whole = sum(self.idf.get(w, self.unseen) for w in set(self.words(text))) or 1.0
        if not near or near[0][1] / whole < (GATE if gate is None else gate):
            return {}
        votes: dict[Answer, float] = defaultdict(float)
        for i, s in near:
            for a in self.memory.answers[i]:
                votes[a] += s / whole
        return dict(votes)
