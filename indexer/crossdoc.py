"""The rebuild's cross-document passes: 时效性 that only the whole collection can decide.

"X 同时废止" in a later document marks X 已废止; a newer version of a law marks the older one
已失效. These are rulings on 公文, so they live in the lobby and the build door runs them; the
engine only answers their lookups (which documents state a citation key) and rewrites the
documents they change (``engine.links.apply``).

What the passes need is gathered while the documents stream to the writer (``CrossDocument.
watch``): reading the repeal keys back from the index's lexicon would load its whole term
table (+200 MB on the real corpus).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

from .citations import keys_of
from .models import Document
from .textnorm import title_key
from .validity import EXPIRED, REPEALED, Stated, Version, repealed_targets, superseded_versions

#: Changes one document in place; False when it decides to leave the document as it is.
Update = Callable[[Document], bool]
#: A pass: its name (the build's meta.json counts the documents it changed under it) and the
#: update for each document id it concerns.
Pass = tuple[str, dict[str, Update]]
#: Sources whose 时效性 the passes must not overrule: the CMS said so explicitly.
_GIVEN = ("sidecar", "page")


class Statements(Protocol):
    """What an index can say about a citation key (``engine.links.Statements``)."""

    def repealing(self, key: str) -> list[Stated]:
        """Documents that declare the document cited by ``key`` repealed."""
        ...

    def cited_as(self, key: str) -> list[Stated]:
        """Documents that others cite by ``key`` (their 发文字号, title or instrument)."""
        ...


@dataclass
class CrossDocument:
    """The facts the passes need, collected from the documents on their way to the writer."""

    repeal_keys: set[str] = field(default_factory=set)
    versions: list[Version] = field(default_factory=list)

    def watch(self, docs: Iterable[Document]) -> Iterator[Document]:
        """Pass ``docs`` through unchanged, noting their repeal keys and versions."""
        for doc in docs:
            for key in keys_of(doc.repeals):  # split as the index's keyword fields split
                self.repeal_keys.update(k for k in key.split("\n") if k)
            if doc.date and doc.title:
                history = frozenset(dt.date.fromisoformat(h[:10]) for h in doc.history)
                self.versions.append(Version(doc.doc_id, title_key(doc.title), doc.date, history))
            yield doc

    def passes(self, statements: Statements) -> list[Pass]:
        """Repeals first: a version pass must not overrule what a repeal decided."""
        return [
            ("repealed", repeal_updates(statements, self.repeal_keys)),
            ("superseded", version_updates(superseded_versions(self.versions))),
        ]


def repeal_updates(statements: Statements, repeal_keys: Iterable[str]) -> dict[str, Update]:
    """Every document that a later indexed one repeals becomes 已废止 (unless the CMS stated
    its status)."""
    changed: dict[str, list[str]] = {}
    for key in sorted(repeal_keys):
        repealers, targets = statements.repealing(key), statements.cited_as(key)
        for target, by in repealed_targets(key, repealers, targets).items():
            changed.setdefault(target, []).extend(by)

    def repeal(doc: Document) -> bool:
        if doc.sources.get("validity") in _GIVEN:
            return False
        doc.validity = REPEALED
        doc.repealed_by = sorted(set(changed[doc.doc_id]))
        doc.sources["validity"] = "repeal"
        return True

    return dict.fromkeys(changed, repeal)


def version_updates(superseded: dict[str, list[str]]) -> dict[str, Update]:
    """Every older version of a law (``validity.superseded_versions``) links to its newer
    ones and becomes 已失效, unless the CMS stated its status or a repeal decided it."""

    def supersede(doc: Document) -> bool:
        doc.superseded_by = superseded[doc.doc_id]
        if doc.sources.get("validity") not in (*_GIVEN, "repeal"):
            doc.validity = EXPIRED
            doc.sources["validity"] = "version"
        return True

    return dict.fromkeys(superseded, supersede)
