"""xxgk indexer: files → documents → a Whoosh index, and the SearchService that reads it."""

from .config import Settings
from .models import Document, SearchPage, SearchRequest

__all__ = ["Settings", "Document", "SearchPage", "SearchRequest"]
