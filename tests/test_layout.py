"""The house rules of docs/architecture.md, enforced: two wings behind a lobby.

* whoosh is imported only under ``indexer/engine/``;
* ``indexer/ingest/`` and ``indexer/engine/`` never import each other;
* the lobby's shared pure modules import neither wing;
* ``search_app`` imports neither whoosh nor ingestion code, and, checked in a fresh process that
  serves a real search, loads no writer, no file reader and no worker pool.

The static checks read every import statement (module level and inside functions) with ``ast``,
so a lazy import cannot slip past them.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO

INDEXER = REPO / "indexer"
#: Lobby modules that both wings may use; they must stay free of either wing.
PURE_LOBBY = (
    "textnorm",
    "segment",
    "char_grams",
    "pretokenized",
    "charmap",
    "fastcut",
    "citations",
    "validity",
    "crossdoc",
    "wire",
    "models",
    "run_report",
    "errors",
    "config",
    "articles",
    "article_rank",
    "article_index",
    "recall",
    "asked_words",
    "fusion",
    "lexicon",
    "answers",
    "question_articles",
)


def imported_modules(path: Path) -> set[str]:
    """Absolute names of every module ``path`` imports (relative imports resolved)."""
    rel = path.relative_to(REPO).with_suffix("")
    package = list(rel.parts[:-1])  # for a package's __init__ too: its own package
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                mod = ".".join([*base, *([node.module] if node.module else [])])
            else:
                mod = node.module or ""
            found.add(mod)
            found.update(f"{mod}.{alias.name}" for alias in node.names)
    return found


def modules_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts)


def offenders(files: list[Path], banned: tuple[str, ...]) -> list[str]:
    out = []
    for path in files:
        for mod in sorted(imported_modules(path)):
            if any(mod == b or mod.startswith(b + ".") for b in banned):
                out.append(f"{path.relative_to(REPO)} imports {mod}")
    return out


def test_the_rule_reader_sees_relative_and_lazy_imports(tmp_path):
    """The checks below can fail: the reader resolves what a module really imports."""
    sample = INDEXER / "engine" / "backend.py"
    found = imported_modules(sample)
    assert "whoosh" in found or any(m.startswith("whoosh.") for m in found)
    assert "indexer.segment" in found  # from ..segment import …
    assert "indexer.engine.links" in found  # from . import links
    assert offenders([sample], ("whoosh",))  # and the offender check reports it


def test_whoosh_is_imported_only_under_engine():
    files = [p for p in modules_under(INDEXER) if "engine" not in p.relative_to(INDEXER).parts]
    files += modules_under(REPO / "search_app")
    assert offenders(files, ("whoosh", "tantivy")) == []


def test_ingest_and_engine_never_import_each_other():
    ingest, engine = modules_under(INDEXER / "ingest"), modules_under(INDEXER / "engine")
    assert offenders(ingest, ("indexer.engine",)) == []
    assert offenders(engine, ("indexer.ingest", "indexer.pipeline")) == []


def test_wings_do_not_call_the_doors():
    """pipeline and service are the doors: the wings are used by them, never the reverse."""
    wings = modules_under(INDEXER / "ingest") + modules_under(INDEXER / "engine")
    assert offenders(wings, ("indexer.service", "indexer.cli", "indexer.pipeline")) == []


def test_shared_lobby_modules_import_neither_wing():
    files = [INDEXER / f"{name}.py" for name in PURE_LOBBY]
    banned = ("indexer.ingest", "indexer.engine", "indexer.pipeline", "indexer.service", "whoosh")
    assert offenders(files, banned) == []


def test_search_app_imports_no_ingestion_code():
    files = modules_under(REPO / "search_app")
    banned = ("whoosh", "indexer.ingest", "indexer.pipeline", "pdfminer", "bs4", "docx")
    assert offenders(files, banned) == []


LOADED = """
import json, sys
from indexer.config import Settings
from search_app import create_app
settings = Settings.load(environ={}, config_file=None, index=sys.argv[1])
app = create_app(settings)
client = app.test_client()
answer = client.get("/api/search?q=政府信息公开")
page = client.get("/?q=政府")
doc = client.get(answer.get_json()["hits"][0]["url"])  # its related documents: Whoosh analyses
print(json.dumps({"status": [answer.status_code, page.status_code, doc.status_code],
                  "total": answer.get_json()["total"], "modules": sorted(sys.modules)}))
"""

#: Modules a web process must never load: the index writer, file readers, the worker pool,
#: the index-time cut.
NEVER_IN_WEB = (
    "whoosh.writing",
    "whoosh.multiproc",
    "pdfminer",
    "bs4",
    "docx",
    "openpyxl",
    "pptx",
    "striprtf",
    "multiprocessing.forkserver",
    "indexer.ingest",
    "indexer.pipeline",
    "rjieba",  # the index-time cut's second dictionary (indexer/fastcut.py)
)


def test_web_process_loads_no_writer_reader_or_worker_pool(corpus_index):
    """A fresh interpreter serves real searches from a real index; then we list what it loaded."""
    out = subprocess.run(
        [sys.executable, "-c", LOADED, str(corpus_index.index)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
        check=True,
    )
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["status"] == [200, 200, 200] and seen["total"] > 0
    loaded = [
        m for m in seen["modules"] if any(m == b or m.startswith(b + ".") for b in NEVER_IN_WEB)
    ]
    assert loaded == []
    assert "whoosh.searching" in seen["modules"]  # it did search, with the real engine


@pytest.mark.parametrize("rule", ["whoosh"])
def test_ruff_bans_whoosh_outside_engine(rule):
    """The lint rule says the same as the tests: TID251 is ignored only under engine/ and in
    tests and benchmarks that look inside the engine."""
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert f'"{rule}".msg' in text
    ignores = [line for line in text.splitlines() if '["TID251"]' in line]
    assert ignores and all(
        line.startswith(('"indexer/engine/', '"tests/', '"bench/')) for line in ignores
    )


QUIET_IMPORTS = """
import json, sys
import jieba
level = jieba.default_logger.level
for name in sys.argv[1:]:
    __import__(name)
from indexer import segment
from indexer.ingest import warm
seen = {"segmenters": segment.segmenter.cache_info().currsize, "jieba": jieba.dt.initialized,
        "log_level_kept": jieba.default_logger.level == level}
warm.warm()
print(json.dumps({**seen, "after_warm": segment.segmenter.cache_info().currsize}))
"""


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__")


def test_importing_the_code_loads_no_dictionary():
    """Importing any module (the fork server's start aside) runs no jieba: the dictionary is
    loaded by an explicit call, here ``warm()``, which the check makes to show it can fail."""
    modules = [
        module_name(p)
        for p in modules_under(INDEXER) + modules_under(REPO / "search_app")
        if p.name not in ("preload.py", "__main__.py")
    ]
    out = subprocess.run(
        [sys.executable, "-c", QUIET_IMPORTS, *modules],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
        check=True,
    )
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen == {"segmenters": 0, "jieba": False, "log_level_kept": True, "after_warm": 1}


def test_only_the_fork_server_imports_its_start():
    files = modules_under(INDEXER) + modules_under(REPO / "search_app")
    assert offenders(files, ("indexer.ingest.preload",)) == []


def _segmenters_loaded(_: object) -> int:
    from indexer.segment import segmenter

    return segmenter.cache_info().currsize


def test_workers_start_with_the_dictionary_loaded():
    """The fork server warmed jieba once: a worker without an init of its own has it."""
    from indexer.ingest.workers import Limits, run_isolated

    out = list(run_isolated([0], _segmenters_loaded, workers=1, limits=Limits(60, 2048)))
    assert out == [(0, 1)]
