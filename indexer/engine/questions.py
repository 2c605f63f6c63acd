"""Plain-language questions: their content words, and a query that ranks by any of them.

"电动自行车要上牌吗" names its topic in the asker's own words; requiring every word (要, 吗)
loses the answer, so questions are ranked by any of their content words.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from whoosh import query
from whoosh.query import spans

from ..segment import tokenize_text, word_parts
from .query_text import QueryText, synonym_groups

#: Weight of a title match against a body match in a question. `make eval`, STARD samples of
#: 300: 3 → 0.267, 1 → 0.399 nDCG@10 (seed 5); 1 → 0.424 / 0.449, 0.5 → 0.455 / 0.481 (seeds
#: 5 / 7, with 10 words); the 12 judged questions about 公文 0.598 → 0.591.
TITLE_WEIGHT = 0.5


_QUESTION = re.compile(r"[?？]|吗|呢|怎么|怎样|如何|什么|哪|是否|能否|可否|为什么|多少|谁")


def is_question(text: str, content: list[str]) -> bool:
    """Typed as a question ("电动自行车要上牌吗", "离婚后孩子归谁抚养") rather than as keywords:
    such text names the topic in its own words, so requiring every word loses the answer."""
    return bool(_QUESTION.search(text)) or (len(content) >= 5 and " " not in text.strip())


_NOT_PLAIN = re.compile(r'["()]|(?:^|\s)[-+]|\b(?:AND|OR|NOT)\b|\w:')


def is_plain(text: str) -> bool:
    """Typed as words or a question, with none of the query language's operators."""
    return bool(text.strip()) and not _NOT_PLAIN.search(text)


def content_words(qt: QueryText, user_dict: str | None) -> list[str]:
    stop = stopwords()
    tokens = [t for t, *_ in tokenize_text(qt.plain, user_dict, query=True)]
    return list(dict.fromkeys(t for t in tokens if t not in stop))


@functools.cache
def stopwords() -> frozenset[str]:
    path = Path(__file__).parents[1] / "data" / "stopwords.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


def any_words(words: list[str], user_dict: str | None, synonyms: Path | None) -> query.Query:
    """Each content word in title or body (long words also as their parts), scores summed as
    BM25 sums them: documents with more of the words, and of the rarer ones, score higher.
    Whoosh's coordination bonus (``scale``) on top cost a third of the time of a question and
    did not help (STARD sample: 0.422 with it, 0.424 without).

    A title counts half a body here: a question names a topic, not a title, and the generic
    title words of laws (条例, 规定, 法, 保险) misled the title-weighted ranking (TITLE_WEIGHT)."""
    clauses = []
    for w in words:
        fields = [query.Term("title", w, boost=TITLE_WEIGHT), query.Term("body", w)]
        parts = word_parts(w, user_dict)
        if parts:
            fields += [query.And([query.Term("body", p, boost=0.5) for p in parts])]
        for alt in synonym_groups(synonyms).get(w, ()):
            alt_words = [t for t, *_ in tokenize_text(alt, user_dict, query=True)]
            if alt_words:
                fields.append(
                    near("body", alt_words, 1.0)
                    if len(alt_words) > 1
                    else query.Term("body", alt_words[0])
                )
        clauses.append(query.Or(fields))
    return query.Or(clauses)


def near(fieldname: str, words: list[str], boost: float) -> query.Query:
    """The phrase's words in order, each at the same position as the previous one (sub-words
    of one indexed word) or the next: a small superset of the exact phrase to verify."""
    terms = [query.Term(fieldname, w, boost=boost) for w in words]
    return spans.SpanNear2(terms, slop=1, ordered=True, mindist=0)
