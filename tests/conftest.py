"""Shared fixtures: real indexes on disk, the real Flask app, a live waitress server."""

from __future__ import annotations

import contextlib
import importlib.util
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from indexer.config import Analysis, Settings

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
SHARED = REPO.parent / "shared" / "corpus"
USER_DICT = REPO / "indexer" / "data" / "userdict.txt"
SYNONYMS = REPO / "indexer" / "data" / "synonyms.txt"
#: The shipped dictionary and synonyms, as the engine and the segmenter take them.
ANALYSIS = Analysis(str(USER_DICT), SYNONYMS)
#: Both engines, for tests that hold them to one contract (tantivy skipped without its wheel).
ENGINES = [
    "whoosh",
    pytest.param(
        "tantivy",
        marks=pytest.mark.skipif(
            importlib.util.find_spec("tantivy") is None,
            reason="the tantivy wheel is not installed (pip install -e .)",
        ),
    ),
]


def make_settings(tmp: Path, **changes) -> Settings:
    """Settings that ignore the developer's environment and any xxgk.toml."""
    base = Settings.load(environ={}, config_file=None, docs=CORPUS, index=tmp / "index")
    return base.replace(workers=2, **changes)


def index_texts(tmp: Path, texts: dict[str, str]) -> Settings:
    """A real index of a few text files written from strings (name → text)."""
    from indexer.pipeline import build

    docs = tmp / "docs"
    docs.mkdir()
    for name, text in texts.items():
        (docs / name).write_text(text, encoding="utf-8")
    settings = make_settings(tmp, docs=docs)
    assert build(settings).indexed == len(texts)
    return settings


def require_shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip(
            "needs ../shared/corpus beside the repository (present in CI, not in a user's clone)"
        )
    return SHARED


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory) -> Settings:
    """The shipped corpus/ indexed once per test session by the real pipeline."""
    from indexer.pipeline import build

    settings = make_settings(tmp_path_factory.mktemp("corpus"))
    report = build(settings)
    assert report.indexed > 40, report.to_json()
    return settings


@pytest.fixture(scope="session")
def corpus_report(corpus_index: Settings) -> dict:
    from indexer.pipeline import backend_for

    return backend_for(corpus_index).status()["report"]


@pytest.fixture(scope="session")
def app(corpus_index: Settings):
    from search_app import create_app

    app = create_app(corpus_index)
    app.config.update(TESTING=True)
    return app


@pytest.fixture()
def client(app):
    return app.test_client()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def live_server(app):
    """The app under waitress on a free loopback port, as `make run` serves it."""
    with serving(app) as url:
        yield url


@contextlib.contextmanager
def serving(app):
    """Serve ``app`` with waitress on a free loopback port for the duration of the block."""
    from waitress.server import create_server

    server = create_server(app, host="127.0.0.1", port=free_port(), threads=4)
    thread = threading.Thread(target=_run_until_closed, args=(server,), daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.effective_port}"
    deadline = time.time() + 10
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", server.effective_port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.05)
    try:
        yield url
    finally:
        server.close()


def _run_until_closed(server) -> None:
    """The server's loop, ended by ``server.close()`` from the test's thread: closing the
    sockets under the loop's ``select`` raises EBADF there (once seen to fail an unrelated
    test as an unhandled thread exception); that is the end of serving, not an error."""
    try:
        server.run()
    except (OSError, ValueError):
        pass


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


STAFF_PASSWORD = "reading-room-7"


def staff_settings(settings: Settings) -> Settings:
    """``settings`` with a staff password (a cheap hash: tests log in often)."""
    from werkzeug.security import generate_password_hash

    hashed = generate_password_hash(STAFF_PASSWORD, method="pbkdf2:sha256:1000")
    return settings.replace(staff_password_hash=hashed, secret_key="test-only-key")


def csrf_of(client, url: str = "/login") -> str:
    """The form token a page hands out, read from its hidden field as a browser would."""
    import re

    html = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def log_in(client, password: str = STAFF_PASSWORD):
    """Log ``client`` in through the real form; returns the POST's response."""
    token = csrf_of(client)
    return client.post("/login", data={"csrf": token, "password": password, "next": "/status"})
