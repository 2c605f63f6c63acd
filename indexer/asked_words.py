"""Which article words a question's words stand for, learned from questions answered before.

A citizen asks "老公欠的钱我要还吗"; the article that answers says 夫妻 and 共同债务. The lexicon
(``indexer.lexicon``) maps such words by hand, entry by entry; the earlier questions and the
articles that answered them teach the same thing at scale. Over the pairs of
``indexer/data/asked_words.tsv`` (tools/make_asked_words.py, STARD's train split only), a
question word ``q`` stands for an article word ``a`` by the share of the pairs whose question
holds ``q`` that have ``a`` in the article (a translation table, after Berger & Lafferty 1999),
weighted by the rarity of ``q`` among the questions and of ``a`` among the index's articles, so
吗 and 怎么办 teach nothing and 规定 is taught to no one. A question's learned words are the
``TERMS`` best, at most ``WEIGHT`` of a word the citizen typed: the query door searches the
article index once more with them (``indexer.fusion``).

bench/eval_articles_fusion.py, STARD train split, all 1,234 questions, each leaving its own
pairs out, MRR@10 (R@100) of the article index
alone: 0.289 (0.608) without, 0.373 (0.751) with 30 words at 0.6, 0.376 (0.724) at 0.3; the 4
lists fused (``indexer.fusion``): 0.383 (0.784) without, 0.409 (0.807) at 0.6, 0.402 (0.797) at
0.3 — the questions whose article no other question shares: 0.334 → 0.347 at 0.6, 0.368 at 0.3.
Weighting a question word by its rarity among the index's articles instead of among the
questions (吗 is rare in laws): 400 questions, fused 0.446 either way, alone 0.410 against 0.418;
a PMI weighting alone 0.386-0.411; pseudo-relevance feedback (RM3 over the article index's own
first 5-20 articles, 10-40 words) lowered the article index's MRR@10 0.328 → 0.24-0.32.

Pure (neither wing): the article index gives the rarity, the caller the question's words.
"""

from __future__ import annotations

import functools
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Collection
from pathlib import Path

from .errors import ConfigError

DEFAULT_ASKED_WORDS = Path(__file__).parent / "data" / "asked_words.tsv"
#: Learned words per question, and the weight of the best of them against a typed word.
TERMS = 30
WEIGHT = 0.6
#: A question word teaches only when at least this many pairs hold it, and a word pair counts
#: only when at least this many pairs hold both (one pair is one question's accident).
MIN_PAIRS = 2
MIN_BOTH = 2
#: A question word in more than this share of the earlier questions (吗, 怎么, 我) teaches
#: nothing, and an article word rarer than this IDF among the index's articles (不, 或者: in
#: more than about 5 % of them) is taught to no one. Train, 400 questions: MRR@10 of the fused
#: lists 0.446 without either cut, 0.445 with both; expanding a question 3-24 → 1-3 ms.
COMMON_QUESTION_WORD = 0.05
MIN_IDF = 3.0
#: The taught words speak for the part of the question the pairs know: their weights are
#: scaled by (the known words' rarity / all its words' rarity) ** KNOWN_POWER, a word no pair
#: holds counted at its rarity as well. Without it 公司拖欠工资三个月了怎么办 (拖欠工资 in no
#: earlier question) was taught by 公司 alone, at full weight: 承运人, 托运人 (快递公司's
#: questions). bench/eval_articles_fusion.py's lists, train, 1,234 questions (each leaving
#: its own pairs out), with the lending and the lexicon's list, MRR@10 (R@100): 0.465 (0.859)
#: without, 0.468 (0.861) at power 1, 0.468 (0.863) at 0.5.
KNOWN_POWER = 0.5


class Associations:
    """The pairs' counts: for each question word, how many pairs hold it and, per article
    word, how many hold both (pairs of ``MIN_BOTH`` or more only)."""

    def __init__(self, lines: Collection[tuple[str, frozenset[str]]], words: Callable) -> None:
        self.asked: dict[str, tuple[frozenset[str], list[frozenset[str]]]] = {}
        for question, article in lines:
            self.asked.setdefault(question, (frozenset(words(question)), []))[1].append(article)
        self.pairs: Counter[str] = Counter()
        both: dict[str, Counter[str]] = defaultdict(Counter)
        for said, arts in self.asked.values():
            for w in said:
                self.pairs[w] += len(arts)
                for art in arts:
                    both[w].update(art)
        self.both = {w: {a: c for a, c in n.items() if c >= MIN_BOTH} for w, n in both.items()}
        self.asking = Counter(w for said, _ in self.asked.values() for w in said)
        self.common = {
            w for w, n in self.asking.items() if n > COMMON_QUESTION_WORD * len(self.asked)
        }

    def rarity(self, word: str, own: frozenset[str] = frozenset()) -> float:
        """BM25's IDF of a word among the earlier questions (``own``'s words left out once):
        吗 and 怎么办 are in many questions and teach little."""
        n, df = len(self.asked) - bool(own), self.asking[word] - (word in own)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def expand(
        self,
        words: Collection[str],
        idf: Callable[[str], float],
        leave_out: str | None = None,
        terms: int = TERMS,
        weight: float = WEIGHT,
    ) -> dict[str, float]:
        """The article words ``words`` stand for (none of them), best first, the best at
        ``weight`` times the known part of the question (``KNOWN_POWER``). ``leave_out``: an
        earlier question whose pairs do not count (the question itself, when the train split
        is scored)."""
        own, arts = self.asked.get(" ".join((leave_out or "").split()), (frozenset(), []))
        score: Counter[str] = Counter()
        known = total = 0.0
        for q in set(words) - self.common:
            mine = arts if q in own else []
            n = self.pairs[q] - len(mine)
            rare = self.rarity(q, own)
            total += rare
            if n < MIN_PAIRS or not self.both.get(q):
                continue
            known += rare
            for a, c in self.both[q].items():
                c -= sum(1 for art in mine if a in art)
                if c >= MIN_BOTH and a not in words and (rarity := idf(a)) >= MIN_IDF:
                    score[a] += c / n * rarity * rare
        best = sorted((a for a in score if score[a] > 0), key=lambda a: (-score[a], a))[:terms]
        top = weight * (known / total) ** KNOWN_POWER if best else 0.0
        return {a: top * score[a] / score[best[0]] for a in best}


@functools.cache
def load(path: Path, user_dict: str | None) -> Associations:
    """The pairs of ``path`` (question, the article's words), read once per file, questions
    cut as the article index cuts a question; a line without both columns is a configuration
    error. An empty file learns nothing."""
    from .article_index import words

    lines = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = [c.strip() for c in line.split("\t")]
        if len(cols) != 2 or not all(cols):
            raise ConfigError(f"{path.name}:{n}: 需要两列（问题、答复条文的词），以制表符分隔")
        lines.append((" ".join(cols[0].split()), frozenset(cols[1].split())))
    return Associations(lines, lambda q: words(q, user_dict, query=True))
