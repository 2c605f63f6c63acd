"""Response headers every page gets: what the browser may load, frame and cache.

The pages use no inline script or style (scripts and styles are static files), so the policy
allows our own origin only; no site may frame us; the Referer goes to our own pages only (the
document page reads it for "back to the results"). Cache-Control fits each page: static files
for an hour, public pages briefly, staff pages, errors and anything under a login never.
"""

from __future__ import annotations

from flask import Flask, Response, request, session

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}
STATIC = "public, max-age=3600"
PUBLIC = "public, max-age=60"
NEVER = "no-store"
# Endpoints whose answer is the same for every visitor; anything else is never cached.
PUBLIC_ENDPOINTS = {
    "pages.search",
    "pages.document",
    "pages.original",
    "pages.help_page",
    "api.search",
    "api.doc",
    "api.suggest",
    "feeds.feed",
    "feeds.opensearch",
    "apidoc.openapi_json",
    "apidoc.api_page",
    "stats.stats_page",
    "stats.repealed_page",
    "stats.stats_json",
}


def init_app(app: Flask) -> None:
    # nothing is uploaded: the only body is the login form, so a large one is refused early
    app.config.setdefault("MAX_CONTENT_LENGTH", 64 * 1024)
    app.after_request(secure)


def secure(response: Response) -> Response:
    response.headers.update(HEADERS)
    response.headers["Cache-Control"] = cache_control(response.status_code)
    return response


def cache_control(status: int) -> str:
    """Errors, redirects and anyone logged in: never stored; otherwise by endpoint."""
    if status >= 300 and status != 304:
        return NEVER
    if request.endpoint == "static":
        return STATIC
    if request.endpoint in PUBLIC_ENDPOINTS and "staff" not in session:
        return PUBLIC
    return NEVER
