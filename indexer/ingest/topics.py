"""主题分类 for documents that come without one: keyword rules over a catalogue kept as data.

The catalogue (indexer/data/topics.toml, or an office's own file via ``Settings.topics_file``)
lists, per 一级 and 二级, the words that point to it. A document scores each 二级 by its words'
occurrences in the title (weighted up: a title names its subject) and in the opening of the
body, each weighted by its length (a longer word is a more specific one); the best 二级 wins if
the evidence is enough, else the document stays unclassified. The
method is deliberately transparent: staff can see why a document landed where it did
(``explain``) and fix a wrong assignment by editing words, not by retraining anything.

A topic given by a sidecar, a portal page or a labelled line is never replaced: only documents
whose ``topic`` is None are classified, and those record ``sources["topic"] = "rules"``.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ..errors import ConfigError
from ..models import Document

DEFAULT_FILE = Path(__file__).parents[1] / "data" / "topics.toml"
#: How much of the body is read: the opening states the subject; the rest repeats or wanders.
BODY_CHARS = 1000
TITLE_WEIGHT = 10
#: The issuing office's name counts too, less than the title: 海关总署 writes about 海关,
#: 住房公积金管理中心 about 住房 (the gov.cn catalogue follows the ministries' remits).
DEPARTMENT_WEIGHT = 5
#: Occurrences of one word in the body counted at most this often (a long text repeating one
#: word is not more about it than a short one).
BODY_CAP = 4
#: Least score a topic needs: one title word, or a few body mentions (scores are
#: occurrences × word length).
MIN_SCORE = 12


@dataclass(frozen=True)
class Topic:
    level1: str
    level2: str | None
    words: tuple[str, ...]

    @property
    def value(self) -> str:
        """As stored and shown: ``一级\\二级``."""
        return f"{self.level1}\\{self.level2}" if self.level2 else self.level1


@dataclass(frozen=True)
class Catalogue:
    topics: tuple[Topic, ...]
    # first character → (word, topic number): only words whose first character occurs in a
    # text are counted, which makes classifying ~5× cheaper (it runs in the indexing process).
    _by_first: dict[str, list[tuple[str, int]]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        for n, topic in enumerate(self.topics):
            for word in topic.words:
                self._by_first.setdefault(word[0], []).append((word, n))

    @classmethod
    def load(cls, path: Path | None = None) -> Catalogue:
        """Read a catalogue file; a broken one is a configuration error, reported at start."""
        path = Path(path or DEFAULT_FILE)
        try:
            with open(path, "rb") as fh:
                data = tomllib.load(fh)
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"topics file {path}: {exc}") from exc
        topics: list[Topic] = []
        for level1, children in data.items():
            if not isinstance(children, dict):
                raise ConfigError(f"topics file {path}: [{level1}] must be a table")
            if not children:
                topics.append(Topic(level1, None, ()))
            for level2, words in children.items():
                if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
                    raise ConfigError(f"topics file {path}: {level1}.{level2} must list words")
                words = tuple(w for w in words if w.strip())
                topics.append(Topic(level1, level2.strip() or None, words))
        return cls(tuple(topics))

    def values(self) -> list[str]:
        return [t.value for t in self.topics]

    def scores(self, title: str, body: str, department: str = "") -> list[tuple[int, Topic]]:
        """Every topic with a positive score, best first (ties: catalogue order)."""
        head = body[:BODY_CHARS]
        totals: dict[int, int] = {}
        for char in set(title) | set(head) | set(department):
            for word, n in self._by_first.get(char, ()):
                score = (
                    TITLE_WEIGHT * title.count(word)
                    + DEPARTMENT_WEIGHT * department.count(word)
                    + min(head.count(word), BODY_CAP)
                )
                if score:  # a longer word is a more specific one
                    totals[n] = totals.get(n, 0) + score * len(word)
        ranked = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))
        return [(score, self.topics[n]) for n, score in ranked]

    def classify(self, title: str, body: str, department: str = "") -> str | None:
        """The best topic's value, or None when no topic reaches MIN_SCORE."""
        ranked = self.scores(title, body, department)
        return ranked[0][1].value if ranked and ranked[0][0] >= MIN_SCORE else None

    def explain(self, title: str, body: str, department: str = "") -> dict[str, dict[str, int]]:
        """Per word, how often it counted for the three best topics: why a topic was chosen."""
        head = body[:BODY_CHARS]
        out: dict[str, dict[str, int]] = {}
        for _, topic in self.scores(title, body, department)[:3]:
            hits = {
                w: title.count(w) + department.count(w) + min(head.count(w), BODY_CAP)
                for w in topic.words
            }
            out[topic.value] = {w: c for w, c in hits.items() if c}
        return out


@cache
def catalogue(path: Path | None = None) -> Catalogue:
    """The catalogue for a file, loaded once per process."""
    return Catalogue.load(path)


def assign_topics(docs: Iterable[Document], rules: Catalogue) -> Iterator[Document]:
    """Classify the documents that have no topic; pass the others through unchanged."""
    for doc in docs:
        if not doc.topic:
            value = rules.classify(doc.title or "", str(doc.body), doc.department or "")
            if value:
                doc.topic = value
                doc.sources["topic"] = "rules"
        yield doc
