"""Build or reuse the three indexes `make eval` queries, all from the same docs.jsonl.gz.

Ours is built the way an operator builds it (`python -m indexer index --jsonl … --index DIR`
in a child process), so the eval covers the real pipeline and nothing the lead changes in
indexer/ can be bypassed. The child runs while this process builds the baseline index and
the BM25 model: the machine has 2 cores, and overlapping the builds roughly halves the wall
time. Build times are therefore printed for orientation only, never as a benchmark.

A folder given with --work keeps what was built; a second run with the same --work reuses
each part that is already complete, which is how the lead iterates on query-side changes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from eval_data import REPO, iter_docs
from eval_systems import build_bm25
from run import index_baseline

BM25_FILE = "bm25.pkl.gz"


@dataclass
class Built:
    ours: Path
    baseline: Path
    bm25: Path
    seconds: dict[str, float] = field(default_factory=dict)
    reused: list[str] = field(default_factory=list)


def prepare(
    jsonl: Path,
    work: Path,
    ours: Path | None = None,
    baseline: Path | None = None,
    bm25: Path | None = None,
) -> Built:
    """Return usable index locations, building in `work` whatever was not given or found there.

    Paths given explicitly must already hold a complete index: they are never rebuilt or
    deleted, because they may be someone's only copy.
    """
    for label, given, ready in (
        ("--ours-index", ours, _ours_ready),
        ("--baseline-index", baseline, _baseline_ready),
        ("--bm25-model", bm25, Path.is_file),
    ):
        if given is not None and not ready(given):
            raise SystemExit(f"{label} {given}: no complete, current index there")
    built = Built(
        ours=ours or work / "ours",
        baseline=baseline or work / "baseline",
        bm25=bm25 or work / BM25_FILE,
    )
    child = started = None
    if _ours_ready(built.ours):
        built.reused.append("ours")
    else:
        child, started = _start_ours(jsonl, built.ours), time.perf_counter()
    if _baseline_ready(built.baseline):
        built.reused.append("baseline")
    else:
        _fresh(built.baseline)
        t = time.perf_counter()
        index_baseline(jsonl, built.baseline, None)
        built.seconds["baseline"] = time.perf_counter() - t
    if built.bm25.is_file():
        built.reused.append("bm25")
    else:
        t = time.perf_counter()
        build_bm25(iter_docs(jsonl), built.bm25)
        built.seconds["bm25"] = time.perf_counter() - t
    if child is not None:
        if child.wait() != 0:
            raise SystemExit(f"indexing ours failed (exit {child.returncode}); see output above")
        built.seconds["ours"] = time.perf_counter() - started
    return built


def _ours_ready(path: Path) -> bool:
    """A complete generation the current code can read (the schema moves while we iterate)."""
    if not (path / "CURRENT").is_file():
        return False
    from eval_systems import OursSystem

    problem = OursSystem(path).problem()
    if problem:
        print(f"ours index {path} unusable: {problem}", file=sys.stderr)
    return problem is None


def _baseline_ready(path: Path) -> bool:
    from whoosh import index

    return path.is_dir() and index.exists_in(str(path))


def _start_ours(jsonl: Path, out: Path) -> subprocess.Popen:
    """`python -m indexer index` with no XXGK_* settings from the caller's environment."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("XXGK_")}
    cmd = [sys.executable, "-m", "indexer", "index", "--jsonl", str(jsonl)]
    cmd += ["--index", str(out), "--quiet", "--force"]
    return subprocess.Popen(cmd, cwd=REPO, env=env, stdout=sys.stderr)


def _fresh(path: Path) -> None:
    """Remove a half-built baseline left in the work folder; index_baseline makes its own."""
    if path.exists():
        shutil.rmtree(path)
    path.parent.mkdir(parents=True, exist_ok=True)
