"""An honest health check: a damaged current generation is found, a good one serves instead,
/healthz, /status and `xxgk status` say so; with nothing good left, a clear 503, never a 500."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from indexer.cli import cli
from indexer.engine.backend import WhooshBackend
from search_app import create_app

from .conftest import log_in, make_settings, staff_settings
from .test_backend import make_docs


def _staff_client(settings):
    """The real app with a staff login: /status and /api/status are staff pages."""
    client = create_app(staff_settings(settings)).test_client()
    assert log_in(client).status_code == 302
    return client


DAMAGE = ["truncate", "empty", "overwrite", "missing-current"]


def _two_generations(tmp_path):
    """An older generation of 30 documents, a current one of 40: the totals tell them apart."""
    settings = make_settings(tmp_path, health_cache_s=0.0)
    backend = WhooshBackend.from_settings(settings)
    old, _ = backend.rebuild(make_docs(30))
    new, _ = backend.rebuild(make_docs(40, seed=2))
    return settings, old, new


def _damage(index, generation: str, how: str) -> None:
    folder = index / generation
    seg = max((f for f in folder.glob("*.seg")), key=lambda f: f.stat().st_size)
    if how == "truncate":
        os.truncate(seg, seg.stat().st_size // 3)
    elif how == "empty":
        os.truncate(seg, 0)
    elif how == "overwrite":  # same size, a new time: only the hashes tell
        with open(seg, "r+b") as fh:
            fh.seek(seg.stat().st_size // 2)
            flipped = bytes(b ^ 0xFF for b in fh.read(64))
            fh.seek(seg.stat().st_size // 2)
            fh.write(flipped)
    else:
        (index / "CURRENT").write_text("gen-20000101T000000\n", encoding="utf-8")


def _search_total(client) -> int:
    r = client.get("/api/search", query_string={"q": "", "size": 1})
    assert r.status_code == 200, r.get_data(as_text=True)
    return r.get_json()["total"]


@pytest.mark.parametrize("while_serving", [False, True], ids=["at-start", "while-serving"])
@pytest.mark.parametrize("how", DAMAGE)
def test_a_damaged_current_generation_falls_back_to_the_newest_good_one(
    tmp_path, how, while_serving
):
    settings, old, new = _two_generations(tmp_path)
    if while_serving:
        client = _staff_client(settings)
        assert _search_total(client) == 40
        assert client.get("/healthz").get_json()["status"] == "ok"
    _damage(settings.index, new, how)
    if not while_serving:
        client = _staff_client(settings)
    # the newest good generation answers: the older one, or the intact one CURRENT misnamed
    fallback, total = (new, 40) if how == "missing-current" else (old, 30)
    assert _search_total(client) == total
    assert client.get("/", query_string={"q": "通知"}).status_code == 200
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.get_json()["status"] == "degraded"
    assert health.get_json()["generation"] == fallback
    broken = "gen-20000101T000000" if how == "missing-current" else new
    assert broken in health.get_json()["reason"]
    status = client.get("/api/status").get_json()
    assert status["generation"] == fallback and any(broken in w for w in status["warnings"])
    page = client.get("/status").get_data(as_text=True)
    assert "正在使用备用索引" in page
    out = CliRunner().invoke(cli, ["status", "--index", str(settings.index)]).output
    assert "WARNING" in out and fallback in out


@pytest.mark.parametrize("how", ["truncate", "empty", "overwrite"])
def test_with_no_good_generation_left_every_page_is_a_clear_503(tmp_path, how):
    settings = make_settings(tmp_path, health_cache_s=0.0)
    only, _ = WhooshBackend.from_settings(settings).rebuild(make_docs(20))
    client = _staff_client(settings)
    assert _search_total(client) == 20
    _damage(settings.index, only, how)
    for url in ("/api/search?q=通知", "/?q=通知", "/api/suggest?q=通", "/healthz"):
        r = client.get(url)
        assert r.status_code == 503, (url, r.status_code)
        text = r.get_data(as_text=True)
        if url == "/healthz":  # says what is wrong; public pages only say to try later
            assert only in text
        elif not url.startswith("/api/suggest"):
            assert "请稍后再试" in text and only not in text
    health = client.get("/healthz").get_json()
    assert health["status"] == "broken" and only in health["reason"]
    result = CliRunner().invoke(cli, ["verify", "--index", str(settings.index)])
    assert result.exit_code == 1 and only in result.output


def test_a_repaired_generation_serves_again_after_a_rebuild(tmp_path):
    settings, old, new = _two_generations(tmp_path)
    client = _staff_client(settings)
    _damage(settings.index, new, "truncate")
    assert _search_total(client) == 30
    newest, _ = WhooshBackend.from_settings(settings).rebuild(make_docs(50, seed=3))
    assert _search_total(client) == 50
    health = client.get("/healthz").get_json()
    assert health == {**health, "status": "ok", "generation": newest, "reason": None}
    assert client.get("/api/status").get_json()["warnings"] == []
