"""Which engine: a build writes the one the settings name (XXGK_ENGINE); a server serves
whatever the current generation was built with (its meta.json says), so switching engines is
a rebuild that the server picks up like any other generation.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..config import Settings
from ..errors import ConfigError
from .backend import WhooshBackend

ENGINES = ("whoosh", "tantivy")


def backend_class(engine: str) -> type[WhooshBackend]:
    """The backend class of an engine name; tantivy is imported only when it is chosen."""
    if engine == "whoosh":
        return WhooshBackend
    if engine == "tantivy":
        try:
            from .tantivy_backend import TantivyBackend
        except ImportError as exc:
            raise ConfigError(f"XXGK_ENGINE=tantivy needs the tantivy package: {exc}") from exc
        return TantivyBackend
    raise ConfigError(f"engine {engine!r} is not one of {', '.join(ENGINES)} (XXGK_ENGINE)")


def backend_for(settings: Settings, engine: str | None = None) -> WhooshBackend:
    """The backend a build writes with: ``engine``, else the settings' XXGK_ENGINE."""
    return backend_class(engine or settings.engine).from_settings(settings)


class ServingBackend:
    """The query door's backend: each call goes to the engine of the generation that serves
    (one backend per engine, each with its own readers). Attributes other than the calls
    below (``root``, ``readers`` …) are the settings' engine's."""

    CALLS = frozenset(
        "search get all_ids related resolve_citations cited_by vocabulary health with_title".split()
    )

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._default = backend_for(settings)
        self._backends: dict[str, WhooshBackend] = {settings.engine: self._default}
        self._engine_of: dict[str, str] = {}

    def engine(self) -> str:
        """The serving generation's engine (read once per generation from its meta.json)."""
        name = self._default.readers.serving()[0]
        if name is None:
            return self.settings.engine
        if name not in self._engine_of:
            self._engine_of[name] = _meta_engine(Path(self.settings.index) / name)
        return self._engine_of[name]

    def backend(self) -> WhooshBackend:
        engine = self.engine()
        if engine not in self._backends:
            self._backends[engine] = backend_for(self.settings, engine)
        return self._backends[engine]

    def __getattr__(self, name: str) -> Any:
        if name in self.CALLS:
            return getattr(self.backend(), name)
        return getattr(self._default, name)


def _meta_engine(path: Path) -> str:
    try:
        meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "whoosh"
    return str(meta.get("engine") or "whoosh")
