"""The two judged query sets `make eval` scores: our hand-judged set and STARD.

Both are turned into the same shape, `Query(qid, type, text, qrels)`, so the harness does not
care where a judgement came from. Judgements are validated against the corpus ids at load
time: a typo in a doc id would otherwise silently lower every system's score alike and hide
itself in the comparison.
"""

from __future__ import annotations

import csv
import gzip
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "corpus"
DEFAULT_JSONL = SHARED / "docs.jsonl.gz"
DEFAULT_STARD = SHARED / "eval" / "stard"
DEFAULT_JUDGED = REPO / "bench" / "queries" / "judged.jsonl"
JUDGED_TYPES = (
    "topic",
    "phrase",
    "docnum",
    "dept_topic",
    "year",
    "abbrev",
    "traditional",
    "question",
)


@dataclass(frozen=True)
class Query:
    qid: str
    type: str
    text: str
    qrels: dict[str, int] = field(hash=False)


def iter_docs(path: Path) -> Iterator[dict]:
    """The corpus records, one dict per line of docs.jsonl(.gz)."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def load_judged(path: Path, known_ids: set[str]) -> list[Query]:
    """bench/queries/judged.jsonl: {"qid", "type", "query", "relevant": {doc_id: grade}, "note"}."""
    queries = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            row = json.loads(line)
            if row["type"] not in JUDGED_TYPES:
                raise SystemExit(f"{path}:{n}: unknown type {row['type']!r}")
            qrels = {doc: int(g) for doc, g in row["relevant"].items()}
            _check_ids(f"{path}:{n}", qrels, known_ids)
            queries.append(Query(row["qid"], row["type"], row["query"], qrels))
    return queries


def load_stard(folder: Path, known_ids: set[str], sample: int | None, seed: int) -> list[Query]:
    """STARD questions with their qrels (relevance 1). `sample` draws a fixed seeded subset.

    The type is a question-length bucket: STARD has no query types, and length is what
    separates the easy short questions from the long consultations.
    """
    qrels: dict[str, dict[str, int]] = {}
    with open(folder / "qrels.tsv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            qrels.setdefault(row["query_id"], {})[row["doc_id"]] = int(row["relevance"])
    queries = []
    with open(folder / "queries.jsonl", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            qid = str(row["query_id"])
            if qid not in qrels:
                continue
            _check_ids(f"STARD {qid}", qrels[qid], known_ids)
            text = row["query"].strip()
            queries.append(Query(f"stard-{qid}", _length_bucket(text), text, qrels[qid]))
    if sample and sample < len(queries):
        queries = sorted(random.Random(seed).sample(queries, sample), key=lambda q: q.qid)
    return queries


def _length_bucket(text: str) -> str:
    n = len(text)
    if n <= 20:
        return "len<=20"
    if n <= 40:
        return "len21-40"
    return "len>40"


def _check_ids(where: str, qrels: dict[str, int], known_ids: set[str]) -> None:
    missing = sorted(set(qrels) - known_ids)
    if missing:
        raise SystemExit(f"{where}: judged doc ids not in the corpus: {', '.join(missing[:5])}")
