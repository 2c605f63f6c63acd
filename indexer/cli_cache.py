"""``xxgk cache status|prune``: the extraction cache (indexer/ingest/cache.py) in the index
folder, for staff who want to know what it holds or to reclaim its space.
"""

from __future__ import annotations

import json

import click

from .cli_options import settings_options
from .config import Settings


@click.group("cache")
def cache_group() -> None:
    """The extraction cache in the index folder (what files yielded, by content hash)."""


@cache_group.command("status")
@settings_options
@click.option("--json", "as_json", is_flag=True)
def cache_status_cmd(settings: Settings, as_json: bool) -> None:
    """Entries, size, and the last run's hits and misses."""
    from .ingest.cache import ExtractCache

    used = _used(settings)
    with ExtractCache.in_index(settings.index, settings.ocr_steps) as cache:
        info = cache.status(used)
    if as_json:
        click.echo(json.dumps(info, ensure_ascii=False, indent=1))
        return
    click.echo(f"cache:      {info['path']}")
    click.echo(f"entries:    {info['entries']} ({info['stale']} from older extractor versions)")
    if used is not None:
        click.echo(f"unused:     {info['unused']} used by no file of the current index (prune)")
    click.echo(f"size:       {info['mb']} MB")
    if "last_run_at" in info:
        click.echo(
            f"last run:   {info['last_run_at']}: {info['last_run_hits']} hits, "
            f"{info['last_run_misses']} misses"
        )


@cache_group.command("prune")
@settings_options
def cache_prune_cmd(settings: Settings) -> None:
    """Delete what no file of the current index uses (and entries of old extractor versions)."""
    from .ingest.cache import ExtractCache

    used = _used(settings)
    if used is None:
        raise click.ClickException("no current index with a manifest: run `make index` first")
    with ExtractCache.in_index(settings.index, settings.ocr_steps) as cache:
        gone = cache.prune(used)
    click.echo(f"removed {gone['removed']} entries, freed {gone['freed_mb']} MB")


def _used(settings: Settings) -> set[str] | None:
    """The content hashes the current index's files have (None: no index with a manifest)."""
    from .engine.incremental import read_manifest
    from .pipeline import backend_for

    backend = backend_for(settings)
    name = backend.current_name()
    manifest = read_manifest(backend.root / name) if name else None
    if manifest is None:
        return None
    return {e["s"] for e in manifest["docs"].values() if "s" in e}
