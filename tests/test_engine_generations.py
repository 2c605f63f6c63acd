"""The generation machinery is the same for both engines (issue 16): a partial or damaged
generation is never served, and an engine change is a new generation the server picks up.
Split from ``test_engine_contract.py``, which holds the engines' answers to the same contract."""

from __future__ import annotations

import importlib.util
import os

import pytest

from indexer.engine import generations
from indexer.engine.choice import ServingBackend, backend_for
from indexer.models import SearchRequest

from .conftest import ENGINES, make_settings
from .test_backend import make_docs


@pytest.mark.parametrize("name", ENGINES)
def test_a_partial_or_damaged_generation_is_never_served(name, tmp_path):
    settings = make_settings(tmp_path, engine=name)
    backend = backend_for(settings)
    good, _ = backend.rebuild(make_docs(20))
    partial = generations.new_folder(backend.root)  # what kill -9 mid-write leaves
    (partial / "tantivy").mkdir()
    (partial / "tantivy" / "meta.json").write_text("{half", "utf-8")
    serving = ServingBackend(settings)
    assert serving.search(SearchRequest(), facet_limit=5).total == 20
    newer, _ = backend.rebuild(make_docs(25, seed=3))
    assert backend.current_name() == newer and partial.name not in {
        p.name for p in generations.folders(backend.root)
    }
    assert serving.search(SearchRequest(), facet_limit=5).total == 25
    victim = max(
        (f for f in (backend.root / newer).rglob("*") if f.is_file() and f.name != "meta.json"),
        key=lambda f: f.stat().st_size,
    )
    # truncated under the server: a new file in its place (truncating the mapped file itself
    # kills this process with SIGBUS when an engine thread touches the lost pages)
    cut = victim.with_name(victim.name + ".cut")
    cut.write_bytes(victim.read_bytes()[:-10])
    os.replace(cut, victim)
    assert not generations.verify(backend.root / newer).ok
    page = serving.search(SearchRequest(), facet_limit=5)
    assert page.total == 20  # the previous good generation serves
    assert serving.health()["status"] == "degraded" and good in serving.status()["warnings"][0]


@pytest.mark.skipif(importlib.util.find_spec("tantivy") is None, reason="no tantivy wheel")
def test_an_engine_change_is_a_new_generation_the_server_picks_up(tmp_path):
    from indexer.engine import incremental

    whoosh = make_settings(tmp_path, engine="whoosh")
    backend_for(whoosh).rebuild(make_docs(12))
    serving = ServingBackend(whoosh)
    assert serving.engine() == "whoosh"
    tantivy = whoosh.replace(engine="tantivy")
    reason = incremental.why_full(backend_for(tantivy), "rules")
    assert reason == "engine changed (whoosh → tantivy)"
    backend_for(tantivy).rebuild(make_docs(15, seed=5))
    assert serving.engine() == "tantivy"
    assert serving.search(SearchRequest(q="测试"), facet_limit=5).total == 15
    titles = {h.doc.title for h in serving.search(SearchRequest(size=50), facet_limit=5).hits}
    assert set(serving.vocabulary().titles) == titles  # the tantivy generation's, not Whoosh's
