"""Regenerate the sample corpus (corpus/) and its ground truth (tests/fixtures/corpus_truth.json).

The corpus is what a new user indexes on the first run: 47 realistic 公文 of 阿勒泰地区 (its
行政公署, 行署办公室 and 13 departments, 2014–2024) plus the real 2016 政府信息公开 annual
report of the 行政公署 (copied from ../shared/corpus/seed/). The documents come as PDF (text
layer, embedded WenQuanYi font, GB/T 9704 layout), DOCX, pages saved from the portal (UTF-8 and
GB18030) and text files (UTF-8, UTF-8 with BOM, GB18030, UTF-16), in folders an office would
use. Their texts are data (tools/corpus_data/*.toml); the same entries produce the files and the
truth, so the two cannot drift apart.

Sidecars, as a CMS exports them:
  FILE.meta.json  beside FILE (full file name, e.g. ``x.pdf.meta.json``): a JSON object with
                  any of title, department, doc_number, date (YYYY-MM-DD), doc_type, topic,
                  index_no.
  metadata.csv    one per folder (here: 财政局/), UTF-8 with BOM, header
                  ``file,title,department,doc_number,date,doc_type,topic,index_no``, ``file``
                  being a file name in that folder; an empty cell says nothing.
A sidecar's value wins over what the text suggests: 2018/阿地教发〔2018〕33号.docx carries a
title with last year's year in its body, and its sidecar the corrected title.

Regenerate (deterministic; no network; needs reportlab and the fonts-wqy-microhei font):
    .venv/bin/python tools/make_corpus.py
Files listed in the previous truth file are removed first; anything else in corpus/ is left.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import corpus_pdf
import corpus_writers
from corpus_compose import BODY_ROLES, Block, body_cjk, compose
from corpus_specs import DocSpec, Material, index_no, load_material, load_seed, load_specs
from corpus_truth import META_FIELDS, check_corpus, choose_phrases, make_segmenter, truth_entry

ROOT = Path(__file__).resolve().parent.parent
SEED_NAME = "altay-2016-xxgk-annual-report.txt"
CSV_HEADER = ["file", *META_FIELDS]


@dataclass
class Built:
    """A composed document and everything derived from it before anything is written."""

    spec: DocSpec
    blocks: list[Block]
    units: dict[int, list[str]]  # block index → texts the format keeps on one line
    known: dict[str, str | None]  # every field the entry knows (the body states all but two)
    given: dict[str, str] = field(default_factory=dict)  # sidecar or portal table values
    sidecar: str | None = None  # "meta.json" | "metadata.csv" | None
    pages: list | None = None  # PDF layout


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=Path, default=ROOT / "../shared/corpus/seed" / SEED_NAME)
    parser.add_argument("--out", type=Path, default=ROOT / "corpus")
    parser.add_argument("--truth", type=Path, default=ROOT / "tests/fixtures/corpus_truth.json")
    parser.add_argument("--font", type=Path, default=corpus_pdf.DEFAULT_FONT_FILE)
    parser.add_argument("--user-dict", type=Path, default=ROOT / "indexer/data/userdict.txt")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    corpus_pdf.register_font(args.font)
    material = load_material()
    built = [build(spec, material) for spec in load_specs(material)]
    seed_bytes = read_seed(args.seed, args.out / SEED_NAME)
    remove_previous(args.out, args.truth)
    for doc in built:
        write_document(args.out, doc, material)
    write_sidecars(args.out, built)
    seed = install_seed(args.out, seed_bytes)
    truth = make_truth(built, seed, args.user_dict)
    problems = check_corpus(truth, len(built), {d.spec.path: body_cjk(d.blocks) for d in built})
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    args.truth.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"documents": truth}, ensure_ascii=False, indent=2, sort_keys=False)
    args.truth.write_text(text + "\n", encoding="utf-8")
    print(summary(truth))
    return 0


# ── composing ────────────────────────────────────────────────────────────────────────────


def build(spec: DocSpec, material: Material) -> Built:
    blocks = compose(spec, material)
    dept = material.depts[spec.dept]
    known = {
        "title": spec.plain_title,
        "department": dept.name,
        "doc_number": spec.number,
        "date": spec.date.isoformat(),
        "doc_type": spec.doc_type,
        "topic": spec.topic,
        "index_no": index_no(spec, dept),
    }
    doc = Built(spec, blocks, {}, known)
    if spec.format == "pdf":
        doc.pages = corpus_pdf.layout(blocks)
        doc.units = corpus_pdf.lines_by_block(doc.pages)
    else:
        doc.units = {i: b.text.split("\n") for i, b in enumerate(blocks)}
    doc.given, doc.sidecar = _given(spec, known)
    return doc


def _given(spec: DocSpec, known: dict[str, str | None]) -> tuple[dict[str, str], str | None]:
    """Values stated outside the body: the portal table of an HTML page (all but 公文种类),
    or the sidecar keys the entry lists, with its deliberate overrides."""
    if spec.format == "html":
        table = {k: v for k, v in known.items() if k != "doc_type" and v}
        return table, None
    keys = spec.sidecar or spec.csv
    if not keys:
        return {}, None
    values = {k: known[k] for k in keys if known[k]} | spec.override
    return values, "meta.json" if spec.sidecar else "metadata.csv"


# ── writing ──────────────────────────────────────────────────────────────────────────────


def write_document(out: Path, doc: Built, material: Material) -> None:
    spec, path = doc.spec, out / doc.spec.path
    path.parent.mkdir(parents=True, exist_ok=True)
    dept = material.depts[spec.dept]
    if spec.format == "pdf":
        corpus_pdf.write_pdf(path, doc.pages or [], spec.pdf_title or "", dept.name)
    elif spec.format == "docx":
        corpus_writers.write_docx(path, spec, doc.blocks, dept.name)
    elif spec.format == "html":
        table = corpus_writers.portal_table(spec, dept.name, doc.known["index_no"] or "", dept.org)
        corpus_writers.write_html(path, spec, doc.blocks, table, material.portal)
    else:
        corpus_writers.write_text(path, doc.blocks, spec.encoding, spec.newline)


def write_sidecars(out: Path, built: list[Built]) -> None:
    """FILE.meta.json beside a file, and one metadata.csv per folder that has CSV rows."""
    rows: dict[Path, list[list[str]]] = {}
    for doc in built:
        path = out / doc.spec.path
        if doc.sidecar == "meta.json":
            ordered = {k: doc.given[k] for k in META_FIELDS if k in doc.given}
            text = json.dumps(ordered, ensure_ascii=False, indent=2) + "\n"
            path.with_name(path.name + ".meta.json").write_text(text, encoding="utf-8")
        elif doc.sidecar == "metadata.csv":
            row = [path.name, *(doc.given.get(k, "") for k in META_FIELDS)]
            rows.setdefault(path.parent / "metadata.csv", []).append(row)
    for csv_path, folder_rows in rows.items():
        with open(csv_path, "w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(CSV_HEADER)
            writer.writerows(sorted(folder_rows))


def read_seed(source: Path, existing: Path) -> bytes:
    """The real report from ../shared; where that is absent, the copy already in corpus/."""
    for path in (source, existing):
        if path.is_file():
            return path.read_bytes()
    raise SystemExit(f"seed report not found at {source} nor {existing}")


def install_seed(out: Path, data: bytes) -> dict:
    """Write the seed report and its sidecar; returns its facts from documents.toml."""
    facts = load_seed()
    (out / SEED_NAME).write_bytes(data)
    sidecar = {k: facts[k] for k in META_FIELDS if k in facts}
    text = json.dumps(sidecar, ensure_ascii=False, indent=2) + "\n"
    (out / (SEED_NAME + ".meta.json")).write_text(text, encoding="utf-8")
    return {"sidecar": sidecar, "text": data.decode("utf-8")}


def remove_previous(out: Path, truth_path: Path) -> None:
    """Delete what the last run wrote (per its truth file), then folders left empty."""
    if not truth_path.is_file():
        return
    previous = json.loads(truth_path.read_text(encoding="utf-8"))["documents"]
    for rel in previous:
        path = out / rel
        for victim in (
            path,
            path.with_name(path.name + ".meta.json"),
            path.parent / "metadata.csv",
        ):
            victim.unlink(missing_ok=True)
    for folder in sorted((p for p in out.rglob("*") if p.is_dir()), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()


# ── truth ────────────────────────────────────────────────────────────────────────────────


def make_truth(built: list[Built], seed: dict, user_dict: Path) -> dict[str, dict]:
    """Every indexable file's expected metadata and three rare phrases, keyed by path."""
    seed_lines = [line for line in seed["text"].splitlines() if line.strip()]
    texts = {d.spec.path: _full_text(d) for d in built} | {SEED_NAME: seed["text"]}
    own = {d.spec.path: _own_units(d) for d in built} | {SEED_NAME: seed_lines}
    phrases = choose_phrases(own, texts, make_segmenter(user_dict))
    truth = {}
    for d in built:
        encoding = d.spec.encoding if d.spec.format in ("txt", "html") else None
        truth[d.spec.path] = truth_entry(
            d.known,
            d.given,
            fmt=d.spec.format,
            encoding=encoding,
            sidecar=d.sidecar,
            text=_full_text(d),
            phrases=phrases[d.spec.path],
        )
    truth[SEED_NAME] = truth_entry(
        {"doc_number": None, "date": None},
        seed["sidecar"],
        fmt="txt",
        encoding="utf-8",
        sidecar="meta.json",
        text=seed["text"],
        phrases=phrases[SEED_NAME],
    )
    return dict(sorted(truth.items()))


def _full_text(doc: Built) -> str:
    return "\n".join(b.text for b in doc.blocks)


def _own_units(doc: Built) -> list[str]:
    """Body text written for this document, in the pieces its format keeps on one line."""
    return [
        unit
        for i, block in enumerate(doc.blocks)
        if block.own and block.role in BODY_ROLES
        for unit in doc.units.get(i, [])
    ]


def summary(truth: dict[str, dict]) -> str:
    docs = truth.values()

    def count(key: str) -> str:
        counts = Counter(d[key] for d in docs)
        return ", ".join(f"{k}: {n}" for k, n in sorted(counts.items(), key=lambda kv: str(kv[0])))

    lines = [f"{len(truth)} documents"]
    for key in ("format", "encoding", "department", "year", "doc_type", "topic"):
        lines.append(f"{key} — {count(key)}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
