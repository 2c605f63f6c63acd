"""The site's URL scheme for documents: the web decides where a document lives, and hands this
to indexer/wire.py so that the API, the pages and `xxgk search --json` link the same place."""

from __future__ import annotations

from urllib.parse import quote


def doc_url(doc_id: str) -> str:
    """The document page; ids are relative paths, so their slashes stay slashes."""
    return "/doc/" + quote(doc_id, safe="/")
