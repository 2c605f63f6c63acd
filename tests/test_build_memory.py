"""A full build never maps its own index into memory.

Whoosh copies each part of a memory-mapped compound segment into a ``BytesIO`` when it opens
it, so one reader opened over a fresh generation held the whole index twice (mapped pages +
the copy): the count after the commit alone took the writer from ~0.2 to 7.2 GB at 100,000
generated documents (``bench/build_timeline.py``). Python raises the ``mmap.__new__`` audit
event for every map; a real parallel build in a subprocess (audit hooks cannot be removed)
records those of files under the index, in every process of the build.
"""

from __future__ import annotations

import subprocess
import sys

from .conftest import REPO

BUILD = r"""
import os, sys
from pathlib import Path

log, root = Path(sys.argv[1]), Path(sys.argv[2])


def hook(event, args):
    if event == "mmap.__new__" and args[0] != -1:
        target = os.readlink(f"/proc/self/fd/{args[0]}")
        if target.startswith(str(root)):
            with open(log, "a", encoding="utf-8") as fh:
                fh.write(f"{os.getpid()} {target}\n")


sys.addaudithook(hook)
sys.path.insert(0, "bench")
from scale_corpus import generate
from indexer.engine.backend import WhooshBackend
from indexer.engine.records import title_index_text
from indexer.pipeline import _from_record
from indexer.pretokenized import PreTokenized
from tests.conftest import ANALYSIS

docs = [_from_record(rec)[0] for rec in generate(140, seed=3).docs]
for doc in docs:
    doc.prepared["title"] = PreTokenized.of(title_index_text(doc), ANALYSIS.user_dict)
    doc.prepared["body"] = PreTokenized.of(doc.body, ANALYSIS.user_dict)
backend = WhooshBackend(root, ANALYSIS, writers=2, parallel_from=20)
name, count = backend.rebuild(docs, passes=lambda statements: [])
print(name, count, len(list((root / name).glob("*.seg"))))
"""


def test_a_parallel_build_maps_none_of_its_segments(tmp_path):
    log, root = tmp_path / "mmaps.txt", tmp_path / "index"
    log.touch()
    out = subprocess.run(
        [sys.executable, "-c", BUILD, str(log), str(root)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    ).stdout.split()
    name, count, compound = out[0], int(out[1]), int(out[2])
    assert count == 140
    assert compound >= 2  # two sub-writers' compound segments: what a mapped reader copies
    assert (root / name / "complete.json").exists()  # sealed and verified: the build finished
    assert log.read_text(encoding="utf-8") == ""
