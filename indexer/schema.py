"""The Whoosh schema: which fields are searched, which are facets, which are only stored."""

from __future__ import annotations

from pathlib import Path

from whoosh.fields import ID, STORED, TEXT, Schema

from .analysis import analyzer_for

#: Bump when fields or analysis change in a way an old index cannot serve.
SCHEMA_VERSION = 1

#: Searched text fields and their weight in ranking (the design's title^3, doc_number^5).
FIELD_BOOSTS: dict[str, float] = {"title": 3.0, "doc_number": 5.0, "body": 1.0}


def build_schema(user_dict: Path | None) -> Schema:
    """Facet fields are column-stored IDs, so counting never touches postings."""
    ana = analyzer_for(user_dict)
    text = dict(analyzer=ana, phrase=True, multitoken_query="and")
    return Schema(
        doc_id=ID(stored=True, unique=True),
        title=TEXT(stored=True, **text),
        body=TEXT(stored=True, **text),
        doc_number=ID(stored=True),
        department=ID(stored=True, sortable=True),
        topic=ID(stored=True, sortable=True),
        doc_type=ID(stored=True, sortable=True),
        year=ID(stored=True, sortable=True),
        date=ID(stored=True, sortable=True),
        index_no=ID(stored=True),
        extra=STORED(),
    )
