"""The options every ``xxgk`` command that reads settings takes (--config, --docs, --index),
turned into one Settings (config.Settings.load: defaults < xxgk.toml < XXGK_* < flags). In a
module of its own so that command groups in other modules share it with indexer/cli.py.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from .config import Settings
from .errors import XxgkError


def settings_options(fn: Callable) -> Callable:
    """Decorate a command: it receives ``settings`` instead of the three options."""

    @click.option(
        "--config", type=click.Path(dir_okay=False, path_type=Path), help="TOML settings file"
    )
    @click.option("--docs", type=click.Path(path_type=Path), help="documents folder [XXGK_DOCS]")
    @click.option(
        "--index", "index_dir", type=click.Path(path_type=Path), help="index folder [XXGK_INDEX]"
    )
    @functools.wraps(fn)
    def wrapper(config: Path | None, docs: Path | None, index_dir: Path | None, **kw: Any) -> Any:
        try:
            settings = Settings.load(config, docs=docs, index=index_dir)
        except XxgkError as exc:
            raise click.ClickException(str(exc)) from exc
        return fn(settings, **kw)

    return wrapper
