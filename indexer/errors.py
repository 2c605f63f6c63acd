"""Errors are values a caller can report: each carries a message meant for a person."""

from __future__ import annotations


class XxgkError(Exception):
    """Base of every error this package raises on purpose."""


class ExtractionError(XxgkError):
    """A file could not be read; ``reason`` is one line for the index report."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class UnsupportedFile(ExtractionError):
    """No extractor is registered for this kind of file."""


class BadQuery(XxgkError):
    """A request the user can fix (HTTP 400)."""


class IndexNotReady(XxgkError):
    """No index has been built yet, or it cannot be opened (HTTP 503)."""


class IndexBusy(XxgkError):
    """Another indexer holds the writer lock."""


class RebuildRefused(XxgkError):
    """A rebuild would replace a good index with an empty or much smaller one."""


class ConfigError(XxgkError):
    """A setting has a value that cannot be used."""


class NotSupported(BadQuery):
    """The chosen engine (XXGK_ENGINE) does not do this yet: said plainly (HTTP 400), never
    answered wrongly instead."""
