"""``xxgk stats --year Y``: the annual report's 主动公开 figures (indexer/stats.py) on the
terminal, or as CSV/XLSX for the report's table, the same figures /stats shows."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .cli_options import settings_options
from .config import Settings
from .errors import XxgkError


@click.command("stats")
@settings_options
@click.option("--year", type=click.IntRange(1900, 2100), required=True)
@click.option("--department", default="", help="发文机关 (full name); all offices if omitted")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "xlsx"]), default="table")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="write to this file (xlsx needs one unless stdout is redirected)",
)
def stats_cmd(
    settings: Settings, year: int, department: str, fmt: str, output: Path | None
) -> None:
    """规章 and 规范性文件 issued, repealed and in force, documents per month and per office."""
    from . import export, stats
    from .service import SearchService

    try:
        # a command has no visitor waiting: no work budget, so the figures are never partial
        service = SearchService(settings.replace(request_budget_ms=0))
        figures = stats.annual(service, year, department.strip())
    except XxgkError as exc:
        raise click.ClickException(str(exc)) from exc
    rows = stats.table(figures)
    if fmt == "table":
        text = "\n".join("\t".join(row) for row in rows) + "\n"
        _write(text.encode("utf-8"), output, binary=False)
        return
    header, body = rows[0], rows[1:]
    data = export.sheet_csv(header, body) if fmt == "csv" else export.sheet_xlsx(header, body)
    if fmt == "xlsx" and output is None and sys.stdout.isatty():
        raise click.UsageError("--format xlsx writes a binary file: give --output FILE")
    _write(data, output, binary=True)


def _write(data: bytes, output: Path | None, *, binary: bool) -> None:
    if output is not None:
        output.write_bytes(data)
    elif binary:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        click.echo(data.decode("utf-8"), nl=False)
