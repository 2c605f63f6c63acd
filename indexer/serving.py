"""`xxgk serve`: as many server processes as cores on one port, threads within each.

One Python process runs one search at a time (the GIL), so on two cores a single process
answered 19 requests/s at 8 clients (issue 15). gunicorn's master binds the port and keeps
``processes`` workers alive (a crashed one is replaced); each worker builds its own app, so
each holds one read-only index (reopened by itself when CURRENT changes) and serves
``threads`` requests at a time (the gthread worker). jieba's dictionary is loaded once in the
master before the workers fork, so its pages are shared rather than copied. Where gunicorn
does not run (not POSIX) the site is served by waitress in one process.
"""

from __future__ import annotations

import os
import secrets
from typing import Any

from .config import Settings


def process_count(settings: Settings) -> int:
    """``settings.processes``, or one per core this process may run on."""
    if settings.processes > 0:
        return settings.processes
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def shared_settings(settings: Settings, processes: int) -> Settings:
    """Staff sessions are cookies signed by the secret key: every process must share one, or
    a login made in one worker is unknown to the next. Without a configured key one is made
    here, before the workers fork (logins then end when the server restarts)."""
    if processes > 1 and not settings.secret_key:
        return settings.replace(secret_key=secrets.token_hex(32))
    return settings


def serve(settings: Settings) -> None:
    """Serve until stopped. Raises ConfigError (from the app) before anything listens."""
    from search_app import create_app

    processes = process_count(settings)
    settings = shared_settings(settings, processes)
    app = create_app(settings)  # checks the settings and loads jieba once, before the fork
    if os.name != "posix":
        import waitress

        waitress.serve(
            app, host=settings.host, port=settings.port, threads=settings.threads, ident="xxgk"
        )
        return
    del app  # each worker builds its own: one index per process, its files opened after fork
    _run_gunicorn(settings, processes)


def _run_gunicorn(settings: Settings, processes: int) -> None:
    """gunicorn configured from our Settings alone (no gunicorn flags or config file)."""
    from gunicorn.app.base import BaseApplication  # POSIX only: imported where it runs

    options: dict[str, Any] = {
        "bind": f"{_host(settings.host)}:{settings.port}",
        "workers": processes,
        "worker_class": "gthread",
        "threads": settings.threads,
        "timeout": 60,  # a worker silent this long is hung and replaced (requests have budgets)
        "graceful_timeout": 10,
        "proc_name": "xxgk",
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
    }

    class App(BaseApplication):
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self):
            from search_app import create_app

            return create_app(settings)

    App().run()


def _host(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host
