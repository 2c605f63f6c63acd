"""The earlier questions' votes resolved against the index: which document holds each article
they vote for (``indexer.asked`` names articles by law title, 条 label and opening text).

Pure (neither wing): the query door passes in how to find documents by title.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from . import article_rank, articles, asked
from .models import Document
from .textnorm import title_key


def recalled(
    q: str,
    docs: Sequence[Document],
    user_dict: str | None,
    fetch: Callable[[str], Sequence[Document]],
    asked_file: Path = asked.DEFAULT_ASKED,
    leave_out: str | None = None,
) -> tuple[dict[tuple[int, str], float], list[Document]]:
    """The earlier questions' votes for articles, keyed by (the document's place in ``docs``
    then the documents added, anchor), and the documents added (voted for, not in ``docs``).
    A voted law is found by its title: among ``docs``, else through ``fetch`` (title key →
    the documents of the index with that title, read once per question and law). A vote
    counts only where a document with that title holds the article's text."""
    every, votes = list(docs), {}
    held: dict[str, list[int]] = {}
    for i, d in enumerate(docs):
        held.setdefault(title_key(d.title or ""), []).append(i)
    for answer, vote in neighbours(asked_file, user_dict).vote(q, skip=leave_out).items():
        if answer.title not in held:
            seen = {d.doc_id for d in every}
            found = [d for d in fetch(answer.title) if d.doc_id not in seen]
            held[answer.title] = list(range(len(every), len(every) + len(found)))
            every += found
        for i in held[answer.title]:
            article = _holding(articles.outline(every[i]).articles, answer)
            if article is not None:
                key = (i, article.anchor)
                votes[key] = max(votes.get(key, 0.0), vote)
    return votes, every[len(docs) :]


def _holding(arts: Sequence[articles.Article], answer: asked.Answer) -> articles.Article | None:
    """The article an earlier answer names: by its anchor if that one begins with the answer's
    text, else the first that holds it (another version may number it differently)."""
    same = [a for a in arts if a.anchor == answer.anchor]
    for a in same + list(arts):
        if answer.prefix in _WS.sub("", a.text):
            return a
    return None


_WS = re.compile(r"\s+")


@functools.cache
def neighbours(path: Path, user_dict: str | None) -> asked.Neighbours:
    """The earlier questions of ``path``, read once per process, matched by a question's words."""
    return asked.Neighbours(
        asked.load(path), lambda s: list(article_rank.query_terms(s, user_dict))
    )
