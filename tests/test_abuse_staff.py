"""Issue 15 items 9 and 10: what every response tells the browser, and the staff login in
front of the pages that name server paths. Real app, real corpus index, the real login form."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from indexer.errors import ConfigError
from search_app import create_app

from .conftest import STAFF_PASSWORD, csrf_of, log_in, make_settings, staff_settings


@pytest.fixture(scope="module")
def staff_app(corpus_index):
    app = create_app(staff_settings(corpus_index))
    app.config.update(TESTING=True)
    return app


@pytest.fixture()
def staff(staff_app):
    return staff_app.test_client()


def _a_doc(client) -> str:
    return client.get("/api/search?q=政府").get_json()["hits"][0]["id"]


def _server_paths(settings) -> list[str]:
    return [str(settings.docs.resolve()), str(settings.index.resolve())]


# ----- 10. staff pages behind a login ----------------------------------------------------
def test_without_a_password_staff_pages_are_off_even_from_loopback(client, app):
    for url in ("/status", "/api/status", "/login"):
        r = client.get(url, environ_base={"REMOTE_ADDR": "127.0.0.1"})
        assert r.status_code == 403, url
        assert "xxgk staff-password" in r.get_data(as_text=True)
    assert client.post("/login", data={"password": "x"}).status_code == 403


def test_public_pages_show_no_server_paths(client, app, corpus_index):
    doc = _a_doc(client)
    assert "path" not in client.get(f"/api/doc/{doc}").get_json()
    urls = ["/", "/?q=政府", f"/doc/{doc}", f"/api/doc/{doc}", "/api/search?q=公开", "/healthz"]
    urls += ["/help", "/nope", "/status", "/api/status", "/api/search?page=x"]
    for url in urls:
        body = client.get(url).get_data(as_text=True)
        for path in _server_paths(corpus_index):
            assert path not in body, url


def test_a_broken_index_names_no_path_in_public(tmp_path):
    settings = make_settings(tmp_path)
    (settings.index / "gen-broken").mkdir(parents=True)
    (settings.index / "CURRENT").write_text("gen-broken", encoding="utf-8")
    client = create_app(settings).test_client()
    for url in ("/", "/api/search"):
        r = client.get(url)
        assert r.status_code == 503 and str(tmp_path) not in r.get_data(as_text=True), url
    assert str(tmp_path) not in client.get("/healthz").get_data(as_text=True)


def test_login_wrong_password_missing_token_right_password_logout(staff):
    r = staff.get("/status")
    assert r.status_code == 302 and r.headers["Location"].startswith("/login")
    assert staff.get("/api/status").status_code == 401
    wrong = log_in(staff, "not the password")
    assert wrong.status_code == 403 and "口令不正确" in wrong.get_data(as_text=True)
    assert staff.get("/status").status_code == 302
    no_token = staff.post("/login", data={"password": STAFF_PASSWORD})
    assert no_token.status_code == 400 and staff.get("/status").status_code == 302
    forged = staff.post("/login", data={"password": STAFF_PASSWORD, "csrf": "guessed"})
    assert forged.status_code == 400 and staff.get("/status").status_code == 302
    ok = log_in(staff)
    assert ok.status_code == 302 and ok.headers["Location"] == "/status"
    page = staff.get("/status")
    assert page.status_code == 200 and "索引状态" in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"
    assert staff.get("/api/status").get_json()["generation"]
    doc = _a_doc(staff)
    assert staff.get(f"/api/doc/{doc}").get_json()["path"]
    assert staff.post("/logout").status_code == 400  # no token: still logged in
    assert staff.get("/status").status_code == 200
    assert staff.post("/logout", data={"csrf": csrf_of(staff, "/status")}).status_code == 302
    assert staff.get("/status").status_code == 302
    assert "path" not in staff.get(f"/api/doc/{doc}").get_json()


def test_login_goes_only_to_our_own_pages(staff):
    for target in ("https://evil.example/", "//evil.example", "javascript:alert(1)"):
        data = {"csrf": csrf_of(staff), "password": STAFF_PASSWORD, "next": target}
        assert staff.post("/login", data=data).headers["Location"] == "/status"


def test_a_session_from_another_key_is_not_staff(staff_app, corpus_index):
    """The cookie is signed: one made with another secret key opens nothing."""
    other = create_app(staff_settings(corpus_index).replace(secret_key="another-key"))
    mine = other.test_client()
    assert log_in(mine).status_code == 302
    cookie = mine.get_cookie("xxgk_session")
    visitor = staff_app.test_client()
    visitor.set_cookie("xxgk_session", cookie.value)
    assert visitor.get("/status").status_code == 302


def test_many_wrong_passwords_pause_logins_from_that_address(staff):
    other = {"REMOTE_ADDR": "192.0.2.15"}  # its own address: other tests keep logging in
    for _ in range(10):
        data = {"csrf": csrf_of(staff), "password": "guess"}
        assert staff.post("/login", data=data, environ_base=other).status_code == 403
    data = {"csrf": csrf_of(staff), "password": STAFF_PASSWORD}
    assert staff.post("/login", data=data, environ_base=other).status_code == 429
    assert staff.get("/status").status_code == 302
    assert log_in(staff).status_code == 302  # another address is not paused


def test_a_plain_password_in_the_settings_is_a_clear_error(corpus_index):
    with pytest.raises(ConfigError, match="xxgk staff-password"):
        create_app(corpus_index.replace(staff_password_hash="reading-room-7"))


# ----- 9. headers --------------------------------------------------------------------------
class _Inline(HTMLParser):
    """Collects what a strict CSP would block: inline script, handlers, style attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        names = {k for k, _ in attrs}
        if tag == "script" and "src" not in names:
            self.found.append("inline <script>")
        if tag == "style":
            self.found.append("<style>")
        self.found += [f"{tag} {k}=" for k in names if k == "style" or k.startswith("on")]
        self.found += [f"{tag} {k}=javascript:" for k, v in attrs if (v or "").startswith("javas")]


def test_headers_and_no_inline_script(staff, corpus_index):
    assert log_in(staff).status_code == 302
    doc = _a_doc(staff)
    public = create_app(corpus_index).test_client()
    year = public.get("/api/search").get_json()["facets"]["year"][0]["value"]
    pages = {
        "/": "public",
        f"/?q=政府&year={year}": "public",
        f"/doc/{doc}": "public",
        "/help": "public",
        "/api/search?q=公开": "public",
        "/static/style.css": "static",
        "/nope": "never",
        "/?page=x": "never",
        "/healthz": "never",
    }
    for url, kind in pages.items():
        with public.get(url) as r:
            _check_headers(r, kind, url)
    for url in ("/status", "/login", f"/doc/{doc}"):  # a staff member's pages are never stored
        with staff.get(url) as r:
            _check_headers(r, "never", url)


def _check_headers(r, kind: str, url: str) -> None:
    h = r.headers
    csp = h["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp, url
    assert "unsafe-inline" not in csp
    assert h["X-Content-Type-Options"] == "nosniff" and h["X-Frame-Options"] == "DENY", url
    assert h["Referrer-Policy"] == "same-origin", url
    cache = h["Cache-Control"]
    if kind == "never":
        assert cache == "no-store", url
    else:
        age = int(re.search(r"max-age=(\d+)", cache).group(1))
        assert "public" in cache and (age >= 3600 if kind == "static" else 0 < age <= 300), url
    if h["Content-Type"].startswith("text/html"):
        parser = _Inline()
        parser.feed(r.get_data(as_text=True))
        assert parser.found == [], (url, parser.found)
