"""Where a Whoosh build's memory grows: every process's RSS over time beside the build's phases.

``python bench/build_timeline.py --n N [--code DIR] [--workdir W] [--trace EVENT]`` generates
N seeded documents (``scale_corpus``; the JSONL is reused when the workdir has it, so two codes
build the same input), builds them with ``bench/marked_build.py`` (``xxgk index --jsonl`` with
phase markers) and samples every process of the build twice a second: pid, parent, RSS, and
its command line. The report names, for each step of the build (scan/read+write, the
sub-writers' finalize: run merge and segment write, the commit, the cross-document passes,
seal, verify), the largest process's RSS in it and who that was; the whole timeline goes to
``WORKDIR/timeline-<label>.json``. The last line is ``BENCH-TIMELINE {json}``.
``--trace EVENT`` (e.g. ``finalize``) runs tracemalloc in the process that runs EVENT
(``marked_build``): the top allocation sites at its peak land beside the marks.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load import _children  # noqa: E402
from scale import code_env, dir_mb  # noqa: E402
from scale_corpus import generate, harvest_vocabulary, write_jsonl  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
EVERY_S = 0.5
ROLES = ("writer", "sub-writer", "worker")
#: Steps that span the whole write: left out of the report's "open steps" column.
_QUIET = {"cli", "phase write", "reindex.write", "write_generation", "write_all", "subwriter"}


def _status(pid: int) -> tuple[int, int, int] | None:
    """(RSS MB, its high-water mark VmHWM MB, parent pid) of ``pid``, or None when it is gone.
    The high-water mark catches a peak that falls between two samples."""
    try:
        rss, hwm, ppid = 0, 0, 0
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1]) // 1024
            elif line.startswith("VmHWM:"):
                hwm = int(line.split()[1]) // 1024
            elif line.startswith("PPid:"):
                ppid = int(line.split()[1])
        return rss, hwm, ppid
    except OSError:
        return None


def _cmdline(pid: int) -> str:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return ""
    return raw.replace(b"\0", b" ").decode(errors="replace").strip()[:160]


def sample_tree(root: int, samples: list, names: dict, stop: threading.Event) -> None:
    """Every EVERY_S: (t, {pid: rss}) for ``root`` and its descendants; names[pid] once;
    hwm[pid]: (high-water MB, the last sample time before it rose to it)."""
    parents: dict[int, int] = {}
    hwm: dict[int, tuple[int, float]] = {}
    last = time.time()
    while not stop.is_set():
        now, todo, rss = time.time(), [root], {}
        while todo:
            pid = todo.pop()
            got = _status(pid)
            if got is None:
                continue
            rss[pid], high, parents[pid] = got
            if high > hwm.get(pid, (0, 0.0))[0]:
                hwm[pid] = (high, last)
            if pid not in names:
                names[pid] = _cmdline(pid)
            todo.extend(_children(pid))
        samples.append((now, rss))
        last = now
        stop.wait(EVERY_S)
    names["parents"], names["hwm"] = parents, hwm


def run(cmd: list[str], cwd: Path, env: dict, marks: Path) -> dict:
    marks.unlink(missing_ok=True)
    t0 = time.time()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL)
    samples: list = []
    names: dict = {}
    stop = threading.Event()
    sampler = threading.Thread(target=sample_tree, args=(proc.pid, samples, names, stop))
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    stop.set()
    sampler.join()
    if status != 0:
        raise SystemExit(f"build failed ({status}): {' '.join(cmd)}")
    events = [json.loads(x) for x in marks.read_text(encoding="utf-8").splitlines()]
    return {
        "t0": t0,
        "seconds": time.time() - t0,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "peak_rss_mb": usage.ru_maxrss / 1024,
        "root": proc.pid,
        "samples": samples,
        "names": {str(k): v for k, v in names.items() if k not in ("parents", "hwm")},
        "hwm": {str(k): v for k, v in names.get("hwm", {}).items()},
        "parents": {str(k): v for k, v in names.get("parents", {}).items()},
        "marks": events,
    }


def roles(tl: dict) -> dict[int, str]:
    """Each sampled pid's part: the writer (the CLI), a sub-writer, an extraction worker."""
    subs = {m["pid"] for m in tl["marks"] if m["event"] == "subwriter"}
    out = {}
    for _, rss in tl["samples"]:
        for pid in map(int, rss):
            if pid == tl["root"]:
                out[pid] = "writer"
            elif pid in subs:
                out[pid] = "sub-writer"
            else:
                out.setdefault(pid, "worker")
    return out


def steps(tl: dict) -> list[dict]:
    """The build cut at every mark: for each stretch, the step(s) open in it and the largest
    process's RSS (and its role) and the tree's total within it."""
    role = roles(tl)
    edges = sorted(tl["marks"], key=lambda m: m["t"])
    open_: dict[tuple, float] = {}
    cuts: list[tuple[float, list[str]]] = []
    for m in edges:
        key = (m["event"], m["pid"])
        if m["edge"] == "start":
            open_[key] = m["t"]
        else:
            open_.pop(key, None)
        now = sorted({f"{e}@{role.get(p, '?')}" for e, p in open_ if e not in _QUIET})
        if not cuts or cuts[-1][1] != now:
            cuts.append((m["t"], now))
    out = []
    for (t, names), (t_next, _) in zip(cuts, cuts[1:] + [(float("inf"), [])], strict=True):
        inside = [rss for ts, rss in tl["samples"] if t <= ts < t_next]
        if not inside:
            continue
        top = {r: 0 for r in ROLES}
        for rss in inside:
            for p, r in rss.items():
                who = role.get(int(p), "worker")
                top[who] = max(top[who], r)
        out.append(
            {
                "from_s": round(t - tl["t0"], 1),
                "to_s": round(min(t_next, tl["t0"] + tl["seconds"]) - tl["t0"], 1),
                "open": names,
                **top,
                "tree": max(sum(rss.values()) for rss in inside),
            }
        )
    return out


def peaks(tl: dict) -> dict[str, int]:
    """The peak RSS of each role (the largest process of that role, by its VmHWM)."""
    role, out = roles(tl), {}
    for pid, (high, _) in tl["hwm"].items():
        r = role.get(int(pid), "?")
        out[r] = max(out.get(r, 0), high)
    return out


def where_peaked(tl: dict) -> list[str]:
    """Each role's peak: when the high-water mark last rose and which steps were open then."""
    role, best = roles(tl), {}
    for pid, (high, t) in tl["hwm"].items():
        r = role.get(int(pid), "?")
        if high > best.get(r, (0, 0.0, ""))[0]:
            best[r] = (high, t, pid)
    out = []
    for r, (high, t, pid) in sorted(best.items(), key=lambda x: -x[1][0]):
        open_ = {}
        for m in sorted(tl["marks"], key=lambda m: m["t"]):
            if m["t"] > t + EVERY_S:
                break
            key = (m["event"], role.get(m["pid"], "?"))
            open_[key] = open_.get(key, 0) + (1 if m["edge"] == "start" else -1)
        steps_ = sorted(f"{e}@{w}" for (e, w), k in open_.items() if k > 0 and e not in _QUIET)
        out.append(f"{r} {pid}: {high} MB, reached after {t - tl['t0']:.1f} s in {steps_}")
    return out


def print_report(label: str, tl: dict, n: int) -> dict:
    tree = max((sum(r.values()) for _, r in tl["samples"]), default=0)
    summary = {
        "label": label,
        "n": n,
        "docs_per_s": round(n / tl["seconds"], 1),
        "seconds": round(tl["seconds"], 1),
        "cpu_s": round(tl["cpu_s"], 1),
        "peak_rss_mb": round(tl["peak_rss_mb"]),
        "tree_peak_rss_mb": tree,
        "by_role": peaks(tl),
    }
    print(f"\n{label}: {n} docs, {summary['docs_per_s']} docs/s, {summary['seconds']} s")
    print(f"peak RSS largest {summary['peak_rss_mb']} MB, tree {tree} MB, {summary['by_role']}")
    for line in where_peaked(tl):
        print("  peak of " + line)
    print("largest sampled RSS (MB) of each role in each stretch between marks:")
    print(f"{'from s':>8} {'to s':>8} {'writer':>7} {'sub-wr':>7} {'worker':>7} {'tree':>6}  open")
    for s in steps(tl):
        cells = " ".join(f"{s[r]:7d}" for r in ROLES)
        steps_open = ", ".join(s["open"]) or "(read + write)"
        print(f"{s['from_s']:8.1f} {s['to_s']:8.1f} {cells} {s['tree']:6d}  {steps_open}")
    return summary


PROBE = """
import glob, sys
from whoosh.filedb.filestore import FileStorage


def hwm():
    status = open("/proc/self/status").read().split("VmHWM:")[1]
    return int(status.split()[0]) // 1024


before = hwm()
ix = FileStorage(glob.glob(sys.argv[1] + "/gen-*")[0]).open_index()  # mmap, as before the fix
ix.refresh().doc_count_all()
print(hwm() - before)
"""


def mapped_count_mb(index: Path, code: Path) -> int:
    """What the count after the commit cost before the fix, on this build's index: a reader
    over memory-mapped compound segments (each part copied into a BytesIO), in a fresh
    process: its high-water mark's rise, in MB."""
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(index)],
        env=code_env(code),
        capture_output=True,
        text=True,
        check=True,
    )
    return int(out.stdout)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=9)
    ap.add_argument("--code", type=Path, default=REPO, help="checkout whose indexer to build with")
    ap.add_argument("--label", help="name of this run in the report (default: the code's name)")
    ap.add_argument("--workdir", type=Path, default=Path("/tmp") / "xxgk-timeline")
    ap.add_argument("--trace", help="tracemalloc in the process running this marked step")
    ap.add_argument(
        "--probe", action="store_true", help="also: what a mapped reader's count costs on it"
    )
    args = ap.parse_args()
    work, code = args.workdir, args.code.resolve()
    label = args.label or code.name
    work.mkdir(parents=True, exist_ok=True)
    jsonl = work / f"scale-{args.n}-{args.seed}.jsonl.gz"
    if not jsonl.exists():
        write_jsonl(generate(args.n, args.seed, harvest_vocabulary()), jsonl)
    index = work / f"index-{label}"
    shutil.rmtree(index, ignore_errors=True)  # a full build each time, not an update
    cmd = [sys.executable, str(REPO / "bench" / "marked_build.py"), str(work / f"marks-{label}")]
    cmd += ["--", "index", "--jsonl", str(jsonl), "--quiet", "--full", "--force"]
    env = code_env(code, XXGK_INDEX=str(index), XXGK_ENGINE="whoosh")
    if args.trace:
        env["TIMELINE_TRACE"] = args.trace
    tl = run(cmd, code, env, work / f"marks-{label}")
    (work / f"timeline-{label}.json").write_text(json.dumps(tl), encoding="utf-8")
    summary = print_report(label, tl, args.n)
    summary["index_mb"] = round(dir_mb(index), 1)
    if args.probe:
        summary["mapped_count_mb"] = mapped_count_mb(index, code)
        print(f"a reader over mapped segments (the old count) adds {summary['mapped_count_mb']} MB")
    print("BENCH-TIMELINE " + json.dumps(summary), flush=True)


if __name__ == "__main__":
    main()
