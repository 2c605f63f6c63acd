"""Issue 12's hard cases through the real pipeline: two-column PDFs, flattened portal labels,
titles that are time stamps or banners, 繁體 documents, giant paragraphs, numbers in DOCX
tables/text boxes/page headers, a 通告's own number and a spreadsheet attachment
(tools/hard_fixtures.py writes them; every expectation is a string written there)."""

from __future__ import annotations

import gzip
import json
import re
import shutil
from pathlib import Path

import pytest

from indexer.ingest.extract import extract, ocr
from indexer.ingest.metadata import describe
from indexer.pipeline import build
from indexer.service import SearchService
from tools.hard_fixtures import Case, write

from .conftest import make_settings, require_shared

FIELDS = ("title", "department", "date", "doc_type")
SCANNED = Path(__file__).parent / "fixtures" / "ingest" / "scanned.pdf"


@pytest.fixture(scope="module")
def hard(tmp_path_factory) -> tuple[SearchService, list[Case]]:
    """Every small hard case indexed once by the real pipeline."""
    tmp = tmp_path_factory.mktemp("hard")
    cases = write(tmp / "docs")
    settings = make_settings(tmp, docs=tmp / "docs")
    report = build(settings)
    assert report.indexed == len(cases), report.to_json()
    return SearchService(settings), cases


def _doc_id(case: Case) -> str:
    return f"{case.cls}/{case.name}"


@pytest.mark.parametrize(
    "cls", ["columns", "labels", "placeholder", "traditional", "giant", "layout", "ocr_misread"]
)
def test_every_stated_field_is_read(hard, cls: str) -> None:
    service, cases = hard
    for case in (c for c in cases if c.cls == cls):
        doc = service.get(_doc_id(case))
        assert doc is not None, case.name
        for name in FIELDS:
            want = getattr(case, name)
            got = getattr(doc, name)
            got = got.isoformat() if name == "date" and got else got
            if want is not None:
                assert got == want, (case.name, name)
        if case.doc_number:
            shown = doc.extra.get("doc_number_written") or doc.doc_number
            assert shown == case.doc_number, case.name


@pytest.mark.parametrize("cls", ["columns", "labels", "traditional", "giant", "layout"])
def test_every_phrase_is_found_by_a_phrase_query(hard, cls: str) -> None:
    service, cases = hard
    for case in (c for c in cases if c.cls == cls):
        for phrase in case.phrases:
            q = re.sub(r"\s+", "", phrase) if "\n" in phrase else phrase
            page = service.search(service.request({"q": [f'"{q}"']}))
            assert _doc_id(case) in {h.doc.doc_id for h in page.hits}, (case.name, phrase)


def test_placeholder_title_is_kept_in_sources(hard) -> None:
    service, cases = hard
    stamp = service.get("placeholder/stamp.txt")
    assert stamp.sources["title"] == "body"
    assert stamp.sources["given_title"] == "2024-04-12 00:00:00"


def test_traditional_number_is_looked_up_in_simplified(hard, tmp_path) -> None:
    """港運房發〔2024〕3號 is found by the simplified 港运房发〔2024〕3号 and shown as written."""
    service, cases = hard
    page = service.search(service.request({"q": ["港运房发〔2024〕3号"]}))
    assert page.hits and page.hits[0].doc.doc_id == "traditional/letter.txt"
    from search_app import create_app

    app = create_app(service.settings)
    html = app.test_client().get("/doc/traditional/letter.txt").get_data(as_text=True)
    assert "港運房發〔2024〕3號" in html


def test_spreadsheet_attachment_takes_its_title_from_the_file_name(hard) -> None:
    service, cases = hard
    sheet = next(c for c in cases if c.name.endswith(".xlsx"))
    doc = service.get(_doc_id(sheet))
    assert doc.parent and doc.parent.endswith("关于下达2024年项目资金的通知.txt")
    assert doc.sources["department"] == doc.sources["date"] == "parent"


def test_a_multi_megabyte_single_line_keeps_text_and_metadata(tmp_path) -> None:
    """The bench scale's giant line (a few MB on one line) loses no character and no field."""
    cases = write(tmp_path, "bench")
    case = next(c for c in cases if c.name == "giant_line.txt")
    path = tmp_path / case.cls / case.name
    assert path.stat().st_size > 3_000_000 and path.read_text().count("\n") == 1
    body = extract(path).text
    assert len(re.sub(r"\s+", "", body)) == len(re.sub(r"\s+", "", path.read_text()))
    doc = describe("giant", body)
    assert (doc.title, doc.doc_number, doc.department) == (
        case.title,
        case.doc_number,
        case.department,
    )
    assert doc.date.isoformat() == case.date


_STAMP = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$")
_RUN = re.compile(r"[^\s]发布机构[:：]|机关:[^\n]*成文日期")


@pytest.fixture(scope="module")
def shared() -> dict[str, list[dict]]:
    """The shared-corpus records these tests need, from one pass over the file."""
    found: dict[str, list[dict]] = {"stamp": [], "run": []}
    with gzip.open(require_shared() / "docs.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            if '00:00:00"' in line or "发布机构" in line or "成文日期" in line:
                record = json.loads(line)
                if _STAMP.match(record.get("title") or ""):
                    found["stamp"].append(record)
                if _RUN.search(record["body"]):
                    found["run"].append(record)
    return found


def test_shared_corpus_label_runs_are_split(shared) -> None:
    """Real pages whose labels ran into one line ("发文机关:…成文日期:…"): no value carries the
    next label, and each value is the text between its label and the next."""
    glued = re.compile(r"(发文机关|成文日期|主题分类|发布日期|发布机构|文号)[:：]")
    records = shared["run"]
    assert records
    for record in records:
        doc = describe(record["id"], record["body"])
        for value in (doc.department, doc.index_no, doc.doc_number):
            assert not value or not glued.search(value), (record["id"], value)
        m = re.search(
            r"(?:发文机关|发布机构)\s*[:：]\s*(.+?)(?=\S{2,4}[:：]|浏览|$)", record["body"]
        )
        if doc.sources.get("department") == "label":
            assert doc.department == m.group(1).split()[0]


def test_shared_corpus_time_stamp_titles_are_replaced_by_the_body_title(shared) -> None:
    """Records titled by a bare time stamp: the title comes from the body (and is written
    there), the time stamp stays in sources."""
    stamp = _STAMP
    records = shared["stamp"][:30]
    assert len(records) >= 20
    replaced = 0
    for record in records:
        doc = describe(record["id"], record["body"], given={"title": record["title"]})
        assert doc.sources["given_title"] == record["title"]
        if doc.sources["title"] == "body":
            replaced += 1
            assert not stamp.match(doc.title)
            assert doc.title in re.sub(r"\s+", "", record["body"])
    assert replaced >= 0.9 * len(records)


def _degraded_scan(tmp: Path) -> Path:
    """The clean scan fixture as a phone photo: half the resolution, blurred, low contrast,
    tilted 2.5°; saved as an image-only PDF."""
    import subprocess

    from PIL import Image, ImageEnhance, ImageFilter

    subprocess.run(
        ["pdftoppm", "-r", "150", "-gray", "-singlefile", str(SCANNED), str(tmp / "p")],
        check=True,
    )
    img = Image.open(tmp / "p.pgm")
    img = img.resize((img.width * 45 // 100, img.height * 45 // 100))
    img = ImageEnhance.Contrast(img.filter(ImageFilter.GaussianBlur(2.0))).enhance(0.3)
    out = tmp / "docs" / "photo.pdf"
    img.rotate(2.5, fillcolor=200).save(out, resolution=150 * 0.45)
    return out


@pytest.mark.skipif(ocr.unavailable() is not None, reason="needs tesseract chi_sim and pdftoppm")
def test_low_confidence_ocr_pages_carry_a_notice(tmp_path) -> None:
    """Per-page OCR confidence is stored; the page Tesseract was unsure of says so, a clean
    scan's page does not."""
    (tmp_path / "docs").mkdir()
    shutil.copy(SCANNED, tmp_path / "docs" / "clean.pdf")
    _degraded_scan(tmp_path)
    settings = make_settings(tmp_path, docs=tmp_path / "docs")
    assert build(settings).indexed == 2
    from search_app import create_app

    client = create_app(settings).test_client()
    clean = client.get("/api/doc/clean.pdf").get_json()["extra"]["ocr_confidence"]
    photo = client.get("/api/doc/photo.pdf").get_json()["extra"]["ocr_confidence"]
    assert set(clean) == set(photo) == {"1"} and photo["1"] < clean["1"]
    assert "识别置信度较低" not in client.get("/doc/clean.pdf").get_data(as_text=True)
    page = client.get("/doc/photo.pdf").get_data(as_text=True)
    assert f"第1页识别置信度较低（{round(photo['1'])}%）" in page
