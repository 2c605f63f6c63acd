"""The Whoosh schema: which fields are searched, which are facets, which are only stored."""

from __future__ import annotations

from whoosh.analysis import RegexTokenizer
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from ..config import Analysis
from .analyzer import CharGramAnalyzer, analyzer_for

#: The character field: title and body as overlapping bigrams, for quoted fragments.
GRAMS = "grams"

#: Bump when fields or analysis change in a way an old index cannot serve.
SCHEMA_VERSION = 6

#: Searched text fields and their weight in ranking (the design's title^3, doc_number^5).
FIELD_BOOSTS: dict[str, float] = {"title": 3.0, "doc_number": 5.0, "body": 1.0}


def build_schema(analysis: Analysis) -> Schema:
    """Facet fields are column-stored IDs, so counting never touches postings."""
    ana = analyzer_for(analysis)
    text = dict(analyzer=ana, phrase=True, multitoken_query="and")
    return Schema(
        doc_id=ID(stored=True, unique=True),
        title=TEXT(stored=True, **text),
        title_key=ID(),  # folded title, for "the whole query is this title" ranking
        title_col=ID(sortable=True),  # titles as a column: suggestions read them in one go
        body=TEXT(stored=True, **text),
        # Positions only (no stored text, no vectors): quoted fragments cut anywhere
        # (indexer/engine/fragments.py).
        grams=TEXT(analyzer=CharGramAnalyzer(), phrase=True),
        doc_number=ID(stored=True),
        department=ID(stored=True, sortable=True),
        topic=ID(stored=True, sortable=True),
        doc_type=ID(stored=True, sortable=True),
        year=ID(stored=True, sortable=True),
        date=ID(stored=True, sortable=True),
        index_no=ID(stored=True),
        validity=ID(stored=True, sortable=True),  # 时效性 facet: 有效/已废止/已失效/未知
        # Citation keys, one a line (titles may hold commas and spaces): "who cites X" and
        # "what repeals X" are one Term each (indexer/links.py).
        cites=KEYWORD(analyzer=RegexTokenizer(r"[^\n]+")),
        repeals=KEYWORD(analyzer=RegexTokenizer(r"[^\n]+")),
        cite_keys=KEYWORD(analyzer=RegexTokenizer(r"[^\n]+")),  # keys others cite this by
        extra=STORED(),
    )
