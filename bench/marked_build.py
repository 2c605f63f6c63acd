"""``xxgk index`` with phase markers, for ``bench/build_timeline.py`` (not the product).

``python bench/marked_build.py MARKS -- index --jsonl …`` runs the CLI (the ``indexer`` on
PYTHONPATH: this checkout's or an old one's) after wrapping the build's steps so that each
writes ``{"t": epoch, "pid": …, "event": …, "edge": "start"|"end"}`` to MARKS as it starts and
ends. Sub-writers are forked from the writer, so their steps are marked too (with their pid).
Steps a checkout lacks are skipped: old and new code are marked alike where they share names.

``TIMELINE_TRACE=EVENT`` also starts tracemalloc in whichever process starts EVENT and, while
it runs, keeps the snapshot taken at its largest traced size; at its end the top allocation
sites go to ``MARKS.trace-PID.txt`` (slow: for naming the objects at a small N, not for rates).
"""

from __future__ import annotations

import functools
import json
import os
import sys
import threading
import time
import tracemalloc
from pathlib import Path

MARKS = Path(sys.argv[1])
TRACE = os.environ.get("TIMELINE_TRACE")


def mark(event: str, edge: str, **extra: object) -> None:
    line = json.dumps({"t": time.time(), "pid": os.getpid(), "event": event, "edge": edge, **extra})
    with open(MARKS, "a", encoding="utf-8") as fh:  # one short append per mark: no interleaving
        fh.write(line + "\n")


class _Tracer:
    """tracemalloc in this process while one event runs; the snapshot at its peak is kept."""

    def __init__(self, event: str) -> None:
        self.event, self.best, self.best_size, self.running = event, None, 0, True
        tracemalloc.start(8)
        threading.Thread(target=self._watch, daemon=True).start()

    def _watch(self) -> None:
        while self.running:
            size = tracemalloc.get_traced_memory()[0]
            if size > self.best_size * 1.1:
                self.best, self.best_size = tracemalloc.take_snapshot(), size
            time.sleep(2.0)

    def stop(self) -> None:
        self.running = False
        peak = tracemalloc.get_traced_memory()[1]
        out = Path(f"{MARKS}.trace-{os.getpid()}.txt")
        lines = [f"{self.event}: traced peak {peak / 2**20:.0f} MB, "]
        lines[0] += f"snapshot at {self.best_size / 2**20:.0f} MB"
        if self.best is not None:
            for key in ("lineno", "traceback"):
                lines.append(f"--- top by {key}")
                for stat in self.best.statistics(key)[:15]:
                    lines.append(f"{stat.size / 2**20:9.1f} MB {stat.count:>10} blocks")
                    lines += ["    " + x for x in stat.traceback.format()[-8:]]
        out.write_text("\n".join(lines) + "\n", encoding="utf-8")
        tracemalloc.stop()


def _marked(event: str, fn):  # noqa: ANN001, ANN202 - any callable
    @functools.wraps(fn)
    def run(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        tracer = _Tracer(event) if event == TRACE else None
        mark(event, "start")
        try:
            return fn(*args, **kwargs)
        finally:
            mark(event, "end")
            if tracer:
                tracer.stop()

    return run


def _wrap(owner: object, name: str, event: str) -> None:
    fn = getattr(owner, name, None)
    if fn is not None:
        setattr(owner, name, _marked(event, fn))


def _mark_phases() -> None:
    from indexer import progress

    original = progress.Phases.__call__

    def call(self, name: str):  # noqa: ANN001, ANN202
        cm = original(self, name)
        enter, leave = cm.__enter__, cm.__exit__

        class Marked:
            def __enter__(self):  # noqa: ANN204
                mark(f"phase {name}", "start")
                return enter()

            def __exit__(self, *exc):  # noqa: ANN002, ANN204
                mark(f"phase {name}", "end")
                return leave(*exc)

        return Marked()

    progress.Phases.__call__ = call


def install() -> None:
    from whoosh import externalsort, multiproc, writing

    from indexer import crossdoc, reindex
    from indexer.engine import backend, generations, links

    try:
        from indexer.engine import fastwrite  # noqa: F401 - its patches first, then ours
    except ImportError:
        pass
    from indexer.engine import writing as xwriting

    _mark_phases()
    _wrap(reindex, "write", "reindex.write")
    _wrap(xwriting, "write_all", "write_all")
    _wrap(multiproc.MpWriter, "_commit", "mp.commit")
    _wrap(multiproc.SubWriterTask, "run", "subwriter")
    _wrap(writing.SegmentWriter, "_finalize_segment", "finalize")
    _wrap(writing.SegmentWriter, "_flush_segment", "flush")
    _wrap(externalsort.SortingPool, "reduce_to", "reduce_runs")
    _wrap(writing.SegmentWriter, "_commit_toc", "commit_toc")
    _wrap(backend.WhooshBackend, "_write_generation", "write_generation")
    _wrap(links, "apply", "links.apply")
    _wrap(links, "rewrite", "links.rewrite")
    _wrap(crossdoc.CrossDocument, "passes", "crossdoc.passes")
    _wrap(generations, "seal", "seal")
    _wrap(generations, "verify", "verify")


def main() -> None:
    if "--" not in sys.argv:
        raise SystemExit("usage: marked_build.py MARKS -- index --jsonl FILE …")
    args = sys.argv[sys.argv.index("--") + 1 :]
    install()
    from indexer.cli import cli

    mark("cli", "start")
    try:
        cli.main(args, prog_name="xxgk", standalone_mode=False)
    finally:
        mark("cli", "end")


if __name__ == "__main__":
    main()
