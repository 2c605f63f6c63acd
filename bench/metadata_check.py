"""Accuracy of indexer.metadata.describe against documents whose metadata is known.

Usage: python bench/metadata_check.py ../shared/corpus/docs.jsonl.gz [--limit N] [--show FIELD]

Each record's body goes through ``describe`` with its known fields hidden; a prediction is
compared with the record's value where the record has one. Not a test: a tuning aid whose
figures go into the issue. ``复函`` counts as ``函`` (our rule keeps 复函 as 函), dates compare
as ISO strings, numbers after ``normalize_doc_number``. For department a "lead" score also
accepts the first of joint issuers ("A、B" or "A B" when we say A), since describe names the
lead office only.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from indexer.metadata import clean_doc_type, describe  # noqa: E402
from indexer.textnorm import normalize_doc_number  # noqa: E402

FIELDS = ("doc_number", "date", "doc_type", "department")


@dataclass
class Tally:
    """Counts per field: known (record has a value), answered, correct, lead-issuer correct."""

    known: Counter = field(default_factory=Counter)
    answered: Counter = field(default_factory=Counter)
    correct: Counter = field(default_factory=Counter)
    lead: Counter = field(default_factory=Counter)
    in_body: Counter = field(default_factory=Counter)  # the value is written in the body
    correct_in_body: Counter = field(default_factory=Counter)
    by_source: dict = field(default_factory=lambda: defaultdict(Counter))
    by_corpus: dict = field(default_factory=lambda: defaultdict(Counter))
    misses: list[str] = field(default_factory=list)


def expected_value(record: dict, name: str) -> str | None:
    value = record.get(name)
    if not value:
        return None
    if name == "doc_number":
        return normalize_doc_number(value) or value
    if name == "doc_type":
        return clean_doc_type(value)
    return value


def predicted_value(doc, name: str) -> str | None:
    value = getattr(doc, name)
    return value.isoformat() if name == "date" and value else value


def lead_match(expected: str, predicted: str | None) -> bool:
    parts = [p for p in re.split(r"[、，,\s]+", expected) if p]
    return predicted == expected or (predicted is not None and predicted == parts[0])


def written_in_body(record: dict, name: str, want: str) -> bool:
    """Whether the body states the value at all: the ceiling for rules that only read it."""
    body = re.sub(r"\s+", "", record["body"])
    if name == "date":
        y, m, d = (int(part) for part in want.split("-"))
        return f"{y}年{m}月{d}日" in body or want in body
    if name == "doc_number":
        return want in body or (record["doc_number"] or "") in body
    return want in body


def score(records: list[dict], show: str | None, with_title: bool = False) -> Tally:
    """Run describe on every body and count agreements with the recorded metadata."""
    tally = Tally()
    for record in records:
        given = {"title": record.get("title")} if with_title else None
        doc = describe(record["id"], record["body"], given=given)
        corpus = record["id"].split("-")[0]
        for name in FIELDS:
            want, got = expected_value(record, name), predicted_value(doc, name)
            if want is None:
                continue
            ok = got == want
            tally.known[name] += 1
            tally.answered[name] += got is not None
            tally.correct[name] += ok
            tally.lead[name] += lead_match(want, got)
            if name != "doc_type" and written_in_body(record, name, want):
                tally.in_body[name] += 1
                tally.correct_in_body[name] += ok
            tally.by_source[name][doc.sources.get(name, "-"), ok] += 1
            tally.by_corpus[f"{name} {corpus}"][ok] += 1
            if not ok and name == show and len(tally.misses) < 30:
                tally.misses.append(f"{record['id']}: want {want!r} got {got!r} ({doc.title!r})")
    return tally


def report(tally: Tally) -> None:
    """Per-field accuracy (correct/known) and precision (correct/answered), then breakdowns."""
    print(f"{'field':<11}" + "".join(f"{c:>10}" for c in ("known", "answered", "correct")), end="")
    print(f"{'accuracy':>10}{'precision':>10}")
    for name in FIELDS:
        n, a, c = tally.known[name], tally.answered[name], tally.correct[name]
        line = f"{name:<11}{n:>10}{a:>10}{c:>10}{c / max(n, 1):>10.1%}{c / max(a, 1):>10.1%}"
        if tally.in_body[name]:
            b, cb = tally.in_body[name], tally.correct_in_body[name]
            line += f"   written in body: {cb}/{b} = {cb / b:.1%}"
        if name == "department" and n:
            line += f", lead issuer: {tally.lead[name] / n:.1%}"
        print(line)
    print("\nby source (correct/answered; '-' = no answer):")
    for name in FIELDS:
        parts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for (source, ok), count in tally.by_source[name].items():
            parts[source][0] += count if ok else 0
            parts[source][1] += count
        print(f"  {name:<11}", ", ".join(f"{s} {c}/{t}" for s, (c, t) in sorted(parts.items())))
    print("\nby corpus source (correct/known):")
    for key in sorted(tally.by_corpus):
        ok, bad = tally.by_corpus[key][True], tally.by_corpus[key][False]
        print(f"  {key:<24} {ok}/{ok + bad} = {ok / (ok + bad):.0%}")
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
