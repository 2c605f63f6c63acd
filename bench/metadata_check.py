"""Accuracy of the metadata rules (indexer.metadata.describe + indexer.topics) on documents whose
metadata is known, with that metadata hidden.

Usage: python bench/metadata_check.py ../shared/corpus/docs.jsonl.gz [--limit N] [--show FIELD]
(``make bench-metadata``).

Each record's body goes through ``describe`` alone (no title, no sidecar); the result is
compared with the record's value where the record has one. Two figures per field:

* **raw**: over every record that has a value. Some values can never come from the body (the
  law texts' dates come from file names, customs numbers never appear in the body, the
  real-estate records' titles are editorial), so raw accuracy mixes the rules' errors with
  values that are simply not there.
* **written in body**: over the records whose body states the value (the date in any usual
  form, the number in any bracket style, the department's name, the official title for 文种):
  the ceiling a body-reading rule can reach, and the figure the targets are about.

主题分类 is compared only where the corpus uses the gov.cn catalogue (source ``govcn``), at
the top level; other sources' topics are tags of another scheme. ``复函`` counts as ``函``,
numbers compare after ``normalize_doc_number``; for department, the lead issuer of joint
documents ("A、B" or "A B") counts as right, because describe names the lead office only.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from metadata_labels import (  # noqa: E402
    HELD_OUT_SKIP,
    HELD_OUT_TOPICS,
    expected_value,
    label_convention,
    title_form,
    written_in_body,
)

from indexer.ingest.metadata import Layout, describe  # noqa: E402
from indexer.ingest.metadata.dates import dated_segments  # noqa: E402
from indexer.ingest.metadata.parts import find_published  # noqa: E402
from indexer.ingest.topics import catalogue  # noqa: E402

FIELDS = ("title", "doc_number", "date", "year", "department", "doc_type", "topic")
TARGETS = {"doc_number": 0.98, "date": 0.95, "year": 0.95, "department": 0.90, "doc_type": 0.95}


@dataclass
class Tally:
    """Counts per field: known (record has a value), answered, correct, and the same for the
    records whose body states the value."""

    known: Counter = field(default_factory=Counter)
    answered: Counter = field(default_factory=Counter)
    correct: Counter = field(default_factory=Counter)
    in_body: Counter = field(default_factory=Counter)
    correct_in_body: Counter = field(default_factory=Counter)
    by_corpus: dict = field(default_factory=lambda: defaultdict(Counter))
    errors: Counter = field(default_factory=Counter)
    errors_in_body: Counter = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)
    # dates whose label means something else than the version's 成文日期 (label_convention)
    held_out: dict = field(default_factory=lambda: defaultdict(Counter))
    other_meaning: Counter = field(default_factory=Counter)
    correct_same_meaning: Counter = field(default_factory=Counter)


def predicted_value(doc, name: str) -> str | None:
    if name == "title":
        return title_form(doc.title) if doc.sources.get("title") == "body" else None
    if name == "year":
        return str(doc.year) if doc.year else None
    if name == "date":
        return doc.date.isoformat() if doc.date else None
    if name == "topic":
        return doc.topic.split("\\")[0] if doc.topic else None
    return getattr(doc, name)


def error_class(name: str, want: str, got: str | None, doc) -> str:
    """Errors grouped so that the frequent kinds show: values for categorical fields, the
    kind of mistake for dates and numbers."""
    if got is None:
        return f"{name}: no value" + (f" (want {want})" if name in ("doc_type", "topic") else "")
    if name in ("date", "year") and doc.sources.get("date") == "header":
        versions = [w.isoformat() for w, _ in dated_segments(Layout.of(doc.body).head_text())]
        if doc.date and any(v[: len(want)] == want for v in versions):
            return f"{name}: the record has an earlier version's date, we the latest amendment"
    if name in ("date", "year") and doc.effective_date and got != want:
        if doc.effective_date.isoformat()[: len(want)] == want:
            return f"{name}: the record has the 施行日期, we the 成文日期"
    if name in ("date", "year") and (published := find_published(Layout.of(doc.body))):
        if published.isoformat()[: len(want)] == want:
            return f"{name}: the record has the 发布日期, we the 成文日期"
    if name == "date":
        return "date: same year, other day" if got[:4] == want[:4] else "date: other year"
    if name in ("doc_number", "year"):
        return f"{name}: other value"
    return f"{name}: {want} → {got}"


def score(records: list[dict], show: str | None, with_title: bool = False) -> Tally:
    """Run describe (and the topic rules) on every body and count agreements."""
    tally = Tally()
    rules = catalogue()
    for record in records:
        given = {"title": record.get("title")} if with_title else None
        doc = describe(record["id"], record["body"], given=given)
        if not doc.topic and (
            topic := rules.classify(doc.title or "", doc.body, doc.department or "")
        ):
            doc.topic = topic
        corpus = record["id"].split("-")[0]
        if corpus in HELD_OUT_TOPICS and record.get("topic") not in HELD_OUT_SKIP:
            got = doc.topic.split("\\")[0] if doc.topic else "（未分类）"
            tally.held_out[corpus][got] += 1
        for name in FIELDS:
            want, got = expected_value(record, name), predicted_value(doc, name)
            if want is None:
                continue
            ok = got == want
            tally.known[name] += 1
            tally.answered[name] += got is not None
            tally.correct[name] += ok
            in_body = written_in_body(record, name, want)
            if in_body:
                tally.in_body[name] += 1
                tally.correct_in_body[name] += ok
                if name in ("date", "year"):
                    reason = label_convention(record)
                    tally.other_meaning[(name, reason)] += 1
                    tally.correct_same_meaning[name] += ok and reason is None
            tally.by_corpus[f"{name} {corpus}"][ok] += 1
            if not ok:
                kind = error_class(name, want, got, doc)
                tally.errors[kind] += 1
                tally.errors_in_body[kind] += in_body
            if not ok and name == show and len(tally.misses) < 30:
                tally.misses.append(f"{record['id']}: want {want!r} got {got!r} ({doc.title!r})")
    return tally


def report(tally: Tally) -> None:
    """Per-field accuracy table, per-source breakdown, the 20 most common errors."""
    head = ("field", "docs", "answered", "raw acc", "precision", "in body", "acc in body", "target")
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for name in FIELDS:
        n, a, c = tally.known[name], tally.answered[name], tally.correct[name]
        b, cb = tally.in_body[name], tally.correct_in_body[name]
        body = f"{cb}/{b} = {cb / b:.1%}" if b else "–"
        target = f"≥ {TARGETS[name]:.0%}" if name in TARGETS else "≥ 80% (top level)"
        target = "(none set)" if name == "title" else target
        row = (name, n, a, f"{c / max(n, 1):.1%}", f"{c / max(a, 1):.1%}", b, body, target)
        print("| " + " | ".join(str(x) for x in row) + " |")
    print("\ndates stated in the body whose label means the 成文日期 of the text in hand:")
    for name in ("date", "year"):
        same = tally.other_meaning[(name, None)]
        other = {r: n for (f, r), n in tally.other_meaning.items() if f == name and r}
        ok = tally.correct_same_meaning[name]
        left = ", ".join(f"{n} {r.removeprefix('label: ')}" for r, n in sorted(other.items()))
        print(f"  {name}: {ok}/{same} = {ok / max(same, 1):.1%}  (set aside: {left})")
    print("\n主题分类 held out (one 一级 per source, word lists never tuned on them):")
    for corpus, got in sorted(tally.held_out.items()):
        want, n = HELD_OUT_TOPICS[corpus], sum(got.values())
        others = ", ".join(f"{t} {c}" for t, c in got.most_common() if t != want)
        print(f"  {corpus}: {want} {got[want]}/{n} = {got[want] / max(n, 1):.1%}; else {others}")
    print("\nby corpus source (correct/known):")
    for key in sorted(tally.by_corpus):
        ok, bad = tally.by_corpus[key][True], tally.by_corpus[key][False]
        print(f"  {key:<24} {ok}/{ok + bad} = {ok / (ok + bad):.0%}")
    for title, errors in (
        ("20 most common errors where the body states the value", tally.errors_in_body),
        ("20 most common errors, all records", tally.errors),
    ):
        print(f"\n{title}:")
        for kind, count in errors.most_common(20):
            print(f"  {count:>5}  {kind}")
    for line in tally.misses:
        print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("docs", type=Path, help="docs.jsonl.gz")
    parser.add_argument("--limit", type=int, default=0, help="random sample of N records")
    parser.add_argument("--show", choices=FIELDS, help="print up to 30 misses of one field")
    parser.add_argument(
        "--with-title",
        action="store_true",
        help="give describe the recorded title (as a JSONL import would): scores 文种 rules",
    )
    args = parser.parse_args()
    if not args.docs.is_file():
        sys.exit(f"{args.docs}: not found (the real-document corpus lives in ../shared/corpus)")
    with gzip.open(args.docs, "rt", encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh]
    if args.limit:
        records = random.Random(0).sample(records, args.limit)
    started = time.perf_counter()
    tally = score(records, args.show, args.with_title)
    seconds = time.perf_counter() - started
    print(
        f"{len(records)} documents in {seconds:.1f} s ({1000 * seconds / len(records):.2f} ms each)"
    )
    report(tally)


if __name__ == "__main__":
    main()
