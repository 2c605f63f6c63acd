"""`xxgk` command line: index | search | serve | status. Thin: settings in, calls, exit codes."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from .cli_cache import cache_group
from .cli_options import settings_options as _settings_options
from .cli_stats import stats_cmd
from .config import Settings
from .errors import BadQuery, IndexBusy, IndexNotReady, RebuildRefused, XxgkError
from .models import FACETS
from .run_report import Report


@click.group()
@click.version_option(package_name="xxgk")
def cli() -> None:
    """xxgk: search for published government documents (政府信息公开)."""


@cli.command("index")
@_settings_options
@click.option(
    "--jsonl",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="index a JSONL(.gz) export instead of the folder",
)
@click.option("--force", is_flag=True, help="replace the index even if the new one is much smaller")
@click.option("--full", is_flag=True, help="read every file again instead of only what changed")
@click.option("--quiet", is_flag=True, help="no progress bar or progress lines")
@click.option("--if-missing", is_flag=True, help="do nothing when an index already exists")
@click.option(
    "--engine", type=click.Choice(["whoosh", "tantivy"]), default=None, help="[XXGK_ENGINE]"
)
def index_cmd(
    settings: Settings,
    jsonl: Path | None,
    force: bool,
    full: bool,
    quiet: bool,
    if_missing: bool,
    engine: str | None,
) -> None:
    """A new generation: only new and changed files are read (all of them after a schema,
    dictionary, rules or engine change, or with --full); the running server switches when it
    is complete. A bar on a terminal, a progress line a minute in a log."""
    from .pipeline import backend_for, build

    settings = settings.replace(engine=engine) if engine else settings

    if if_missing and backend_for(settings).current_name():
        click.echo(f"index exists in {settings.index}; skipping (run `make index` to rebuild)")
        return
    try:
        tty = sys.stderr.isatty()
        log = None if quiet or tty else sys.stderr
        report = build(
            settings, jsonl=jsonl, force=force, full=full, progress=tty and not quiet, log=log
        )
    except RebuildRefused as exc:
        raise click.ClickException(f"rebuild refused: {exc}") from exc
    except IndexBusy as exc:
        raise click.ClickException(f"not started: {exc}") from exc
    except XxgkError as exc:
        raise click.ClickException(str(exc)) from exc
    _print_report(report)


def _print_report(report: Report) -> None:
    """Per-file lines first, the summary last: the end of a cron log is what staff read."""
    for f in report.failures:
        click.echo(f"  {f.kind:<11} {f.path}: {f.reason}")
    for w in report.warnings:
        click.echo(f"  warning: {w}")
    click.echo(
        f"indexed {report.indexed} documents into {report.generation} in {report.seconds:.1f} s"
    )
    _print_summary(report.summary())
    _print_run(report.run)


def _print_run(run: dict[str, Any]) -> None:
    """The closing lines: what changed since the last run and where the time went."""
    if not run:
        return
    how = "updated" if run["mode"] == "update" else f"full rebuild ({run['reason']})"
    click.echo(
        f"run: {how}: {run['new']} new, {run['changed']} changed, {run['removed']} removed, "
        f"{run['unchanged']} unchanged, {run['failed']} failed; {run['read']} read "
        f"({run.get('cache_hits', 0)} from the extraction cache), "
        f"{run.get('ocr_pages_read', 0)} pages OCR'd"
    )
    phases = ", ".join(f"{k} {v:.1f} s" for k, v in run.get("phases", {}).items())
    click.echo(f"time: {run['seconds']:.1f} s ({phases})")


def _print_summary(summary: dict[str, Any]) -> None:
    click.echo(
        f"summary: {summary['indexed']} indexed ({summary['ocr']} by OCR, "
        f"{summary['ocr_pages']} pages), {summary['skipped']} skipped, {summary['failed']} failed"
    )
    for reason, n in summary["by_reason"].items():
        click.echo(f"  {n:>5}  {reason}")


# ignore_unknown_options: `xxgk search 公积金 -提取` excludes a word (the query syntax), it is
# not an option click does not know
@cli.command("search", context_settings={"ignore_unknown_options": True})
@_settings_options
@click.argument("query", nargs=-1, type=click.UNPROCESSED)
@click.option("--year", multiple=True)
@click.option("--department", multiple=True)
@click.option("--topic", multiple=True)
@click.option("--doc-type", "doc_type", multiple=True)
@click.option("--validity", multiple=True, help="有效 / 已废止 / 已失效 / 未知")
@click.option("--sort", type=click.Choice(["relevance", "date"]), default="relevance")
@click.option("--page", default="1")
@click.option("--size", default=None)
@click.option("--json", "as_json", is_flag=True, help="print exactly the JSON of /api/search")
def search_cmd(settings: Settings, query: tuple[str, ...], as_json: bool, **opts: Any) -> None:
    """Search the index and print the results."""
    from search_app.urls import doc_url

    from .service import SearchService
    from .wire import page_json

    args: dict[str, list[str]] = {
        "q": [" ".join(query)],
        "sort": [opts["sort"]],
        "page": [opts["page"]],
    }
    if opts["size"]:
        args["size"] = [opts["size"]]
    for facet in FACETS:
        if opts[facet]:
            args[facet] = list(opts[facet])
    service = SearchService(settings)
    try:
        page = service.search(service.request(args))
    except (BadQuery, IndexNotReady) as exc:
        raise click.ClickException(str(exc)) from exc
    data = page_json(page, doc_url)  # the web's links: exactly what /api/search returns
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))
        return
    click.echo(f"{data['total']} results")
    if page.partial:
        click.echo("检索耗时过长，以下为部分结果 (the search ran out of XXGK_REQUEST_BUDGET_MS)")
    for i, hit in enumerate(data["hits"], (page.request.page - 1) * page.request.size + 1):
        meta = " · ".join(str(x) for x in (hit["department"], hit["doc_number"], hit["date"]) if x)
        click.echo(f"{i:>3}. {hit['title']}\n     {meta}\n     id: {hit['id']}")


@cli.command("serve")
@_settings_options
@click.option("--host", default=None, help="[XXGK_HOST]")
@click.option("--port", type=int, default=None, help="[XXGK_PORT]")
def serve_cmd(settings: Settings, host: str | None, port: int | None) -> None:
    """Serve the search site: one process per core (XXGK_PROCESSES), threads within each."""
    from .serving import process_count, serve

    settings = settings.replace(host=host or settings.host, port=port or settings.port)
    click.echo(
        f"serving http://{settings.host}:{settings.port}/  (index: {settings.index}, "
        f"{process_count(settings)} processes × {settings.threads} threads)"
    )
    try:
        serve(settings)
    except XxgkError as exc:
        raise click.ClickException(str(exc)) from exc


@cli.command("staff-password")
@click.password_option("--password", prompt="staff password", help="asked for when not given")
def staff_password_cmd(password: str) -> None:
    """Print the hash of a staff password, for staff_password_hash in xxgk.toml."""
    from werkzeug.security import generate_password_hash

    if len(password) < 8:
        raise click.ClickException("choose a password of at least 8 characters")
    click.echo(f'staff_password_hash = "{generate_password_hash(password)}"')


@cli.command("status")
@_settings_options
@click.option("--json", "as_json", is_flag=True)
def status_cmd(settings: Settings, as_json: bool) -> None:
    """Show the current index generation and the last run's failures."""
    from .engine.choice import backend_for

    status = backend_for(settings).status()
    if as_json:
        click.echo(json.dumps(status, ensure_ascii=False, indent=1))
        return
    if not status:
        raise click.ClickException(f"no index in {settings.index}: run `make index`")
    for warning in status.get("warnings") or []:
        click.echo(f"WARNING:    {warning}")
    if not status.get("generation"):
        raise click.ClickException(f"no usable index in {settings.index}")
    click.echo(f"index:      {settings.index}/{status.get('generation')}")
    click.echo(f"documents:  {status.get('doc_count')}")
    click.echo(f"built at:   {status.get('built_at')}")
    click.echo(f"source:     {status.get('docs_root') or status.get('jsonl')}")
    report = status.get("report") or {}
    failures = report.get("failures") or []
    click.echo(f"OCR:        {report.get('ocr', 0)} documents, {report.get('ocr_pages', 0)} pages")
    click.echo(f"failures:   {len(failures)}")
    for f in failures:
        click.echo(f"  {f['kind']:<11} {f['path']}: {f['reason']}")


@cli.command("verify")
@_settings_options
def verify_cmd(settings: Settings) -> None:
    """Check every generation's files against the sha256 sums recorded when it was sealed;
    exits 1 when the generation CURRENT names is broken."""
    from .engine.choice import backend_for

    problems = backend_for(settings).verify()
    if not problems:
        raise click.ClickException(f"no index in {settings.index}: run `make index`")
    for name, (current, problem) in problems.items():
        mark = "*" if current else " "
        click.echo(f"{mark} {name}: {problem or 'ok'}")
    if any(current and problem for current, problem in problems.values()):
        raise click.ClickException("the current generation is broken: run `make index`")


@cli.command("userdict")
@_settings_options
@click.option(
    "--jsonl",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="take names from a JSONL(.gz) export instead of the current index",
)
@click.option(
    "--min-count", default=1, show_default=True, help="keep names used at least this often"
)
@click.option("--write", is_flag=True, help="append the new names to the user dictionary file")
def userdict_cmd(settings: Settings, jsonl: Path | None, min_count: int, write: bool) -> None:
    """List (or add to the user dictionary) the department names the documents use."""
    from .engine.choice import ServingBackend
    from .ingest.sources import read_jsonl
    from .ingest.userdict import department_words, merge

    if jsonl is not None:
        names = (rec.get("department") for _, rec in read_jsonl(jsonl) if isinstance(rec, dict))
    else:
        try:
            names = iter(ServingBackend(settings).vocabulary().departments)
        except IndexNotReady as exc:
            raise click.ClickException(str(exc)) from exc
    words = department_words(names, min_count)
    if not write:
        click.echo("\n".join(words))
        return
    path = settings.user_dict
    old = path.read_text(encoding="utf-8-sig") if path.is_file() else ""
    path.write_text(merge(old, words), encoding="utf-8")
    click.echo(
        f"{path}: {len(words)} department names checked, dictionary updated; run `make index`"
    )


cli.add_command(cache_group)
cli.add_command(stats_cmd)
