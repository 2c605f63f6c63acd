"""The HTTP front end: search pages for the reading room and a JSON API. Never imports whoosh."""

from __future__ import annotations

from flask import Flask, current_app

from indexer.config import Settings
from indexer.service import SearchService


def create_app(settings: Settings | None = None) -> Flask:
    """Create the search site; tests pass their own Settings."""
    settings = settings or Settings.load()
    app = Flask(__name__)
    app.json.ensure_ascii = False  # keep Chinese readable in the API
    app.json.sort_keys = False
    app.extensions["xxgk"] = service = SearchService(settings)
    service.warm_up()

    from . import advanced, api, apidoc, auth, errors, export, feeds, pages, security, staff, stats

    app.register_blueprint(pages.bp)
    app.register_blueprint(advanced.bp)  # /advanced; search within results
    app.register_blueprint(api.bp, url_prefix="/api")
    app.register_blueprint(staff.bp)  # /status: the last index run, for staff
    for discovery in (export.bp, feeds.bp, apidoc.bp, stats.bp):  # issue 11, items 10-12
        app.register_blueprint(discovery)
    errors.init_app(app)
    auth.init_app(app, settings)  # /login, /logout; staff pages need the staff password
    security.init_app(app)  # CSP, framing, Referrer-Policy, Cache-Control on every response
    return app


def get_service() -> SearchService:
    return current_app.extensions["xxgk"]
