"""时效性: 有效期 clauses, repeals across documents (the rebuild's pass), sidecar values, and the
facet; on real text and real indexes. Truth: tests/fixtures/corpus_truth.json (``repeals``)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections import Counter

import pytest

from indexer.crossdoc import CrossDocument
from indexer.ingest.metadata import describe, valid_until
from indexer.models import SearchRequest
from indexer.pipeline import build
from indexer.service import SearchService
from indexer.validity import Stated, normalise_status, repealed_targets, status
from indexer.wire import hit_json
from search_app.urls import doc_url

from .conftest import CORPUS, REPO, make_settings

TRUTH = json.loads((REPO / "tests" / "fixtures" / "corpus_truth.json").read_text(encoding="utf-8"))
DOCS: dict[str, dict] = TRUTH["documents"]
BY_NUMBER = {d["doc_number"]: rel for rel, d in DOCS.items() if d["doc_number"]}
REPEALED = {BY_NUMBER[n]: rel for rel, d in DOCS.items() for n in d["repeals"]}


# ── the 有效期 clause ────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("text", "signed", "until"),
    [
        (
            "第十七条　本办法自印发之日起施行，有效期五年。",
            dt.date(2022, 3, 30),
            dt.date(2027, 3, 29),
        ),
        ("本办法自2020年1月1日起施行，有效期5年。", dt.date(2019, 11, 26), dt.date(2024, 12, 31)),
        (
            "本通告自发布之日起施行，有效期至2018年11月15日。",
            dt.date(2018, 3, 1),
            dt.date(2018, 11, 15),
        ),
        ("本办法自发布之日起试行，试行2年。", dt.date(2021, 6, 1), dt.date(2023, 5, 31)),
        ("本通知自印发之日起执行，有效期为6个月。", dt.date(2024, 1, 31), dt.date(2024, 7, 30)),
        ("本政策有效期为两年。", dt.date(2023, 2, 10), dt.date(2025, 2, 9)),
        ("本条例所称许可证有效期为五年。", dt.date(2020, 1, 1), None),  # about licences
        ("本办法自印发之日起施行。", dt.date(2020, 1, 1), None),
        ("本办法自印发之日起施行，有效期五年。", None, None),  # no start: unknown
    ],
)
def test_expiry_clause(text: str, signed: dt.date | None, until: dt.date | None) -> None:
    assert valid_until(text, signed) == until


def test_status_from_the_end_date_at_index_time() -> None:
    end = dt.date(2027, 3, 29)
    assert status(end, today=dt.date(2027, 3, 29)) == "有效"
    assert status(end, today=dt.date(2027, 3, 30)) == "已失效"
    assert status(None, today=dt.date(2027, 3, 30)) == "未知"


def test_describe_records_the_expiry_and_its_source() -> None:
    text = (
        "关于印发《某办法》的通知\n各单位：\n本办法自印发之日起施行，有效期三年。\n"
        "某局\n2016年5月10日"
    )
    before = describe("x", text, today=dt.date(2019, 5, 9))
    after = describe("x", text, today=dt.date(2019, 5, 10))
    assert before.valid_until == after.valid_until == dt.date(2019, 5, 9)
    assert (before.validity, after.validity) == ("有效", "已失效")
    assert after.sources["validity"] == "expiry"


@pytest.mark.parametrize(
    ("raw", "value"),
    [("现行有效", "有效"), ("有效", "有效"), ("已废止", "已废止"), ("失效", "已失效"), ("?", None)],
)
def test_sidecar_spellings(raw: str, value: str | None) -> None:
    assert normalise_status(raw) == value


def test_a_given_status_wins_over_the_text() -> None:
    text = "本办法自印发之日起施行，有效期一年。\n某局\n2016年5月10日"
    doc = describe("x", text, given={"validity": "现行有效"}, today=dt.date(2026, 1, 1))
    assert (doc.validity, doc.sources["validity"]) == ("有效", "sidecar")
    assert doc.valid_until == dt.date(2017, 5, 9)  # still shown: staff see the discrepancy


def test_repeal_applies_to_earlier_documents_only() -> None:
    old, new = Stated("old", dt.date(2016, 5, 10)), Stated("new", dt.date(2022, 3, 30))
    undated = Stated("undated", None)
    assert repealed_targets("阿行署发〔2016〕12号", [new], [old, new]) == {"old": ["new"]}
    # a new 办法 repealing "《××办法》" shares the old one's title: only the older one goes
    assert repealed_targets("××办法", [new], [old, new, undated]) == {"old": ["new"]}
    assert repealed_targets("阿行署发〔2016〕12号", [new], [undated]) == {"undated": ["new"]}
    assert repealed_targets("阿行署发〔2016〕12号", [old], [new]) == {}


def test_a_title_without_its_issuer_repeals_only_within_one_department() -> None:
    """Many cities issue "关于进一步促进房地产市场平稳健康发展的意见": a bare 关于… title is
    trusted only between documents of the same (known) department."""
    key = "关于进一步促进房地产市场平稳健康发展的意见"
    new = Stated("haining-2022", dt.date(2022, 9, 23), "海宁市人民政府")
    other_city = Stated("guangzhou-2021", dt.date(2021, 3, 30), "广州市人民政府办公厅")
    same_city = Stated("haining-2020", dt.date(2020, 5, 1), "海宁市人民政府")
    unknown = Stated("unknown-2019", dt.date(2019, 1, 1), None)
    targets = [other_city, same_city, unknown]
    assert repealed_targets(key, [new], targets) == {"haining-2020": ["haining-2022"]}


# ── the shipped corpus, indexed ─────────────────────────────────────────────────────────────


@pytest.fixture(scope="module")
def service(corpus_index) -> SearchService:
    return SearchService(corpus_index)


@pytest.mark.parametrize(("target", "repealer"), sorted(REPEALED.items()))
def test_repealed_documents_come_out_repealed(service, target: str, repealer: str) -> None:
    doc = service.get(target)
    assert (doc.validity, doc.sources["validity"]) == ("已废止", "repeal")
    assert doc.repealed_by == [repealer]
    assert service.get(repealer).validity != "已废止"


def test_the_build_door_notes_every_repeal_key_the_index_holds(service, corpus_index) -> None:
    """The passes' keys are gathered on the way to the writer, not read back from the lexicon:
    they must be exactly the terms of the index's ``repeals`` field."""
    from indexer.engine.backend import WhooshBackend

    cross = CrossDocument()
    for _ in cross.watch(service.get(rel) for rel in service.backend.all_ids()):
        pass
    backend = WhooshBackend.from_settings(corpus_index)
    with backend.readers.use() as gen, gen.index.reader() as r:
        held = {t.decode() if isinstance(t, bytes) else t for t in r.lexicon("repeals")}
    assert cross.repeal_keys == held and held


def test_expiry_of_the_new_debt_rules(service) -> None:
    doc = service.get("规范性文件/阿行署发〔2022〕9号.pdf")  # "有效期五年" from 2022-03-30
    assert doc.valid_until == dt.date(2027, 3, 29)
    assert doc.validity == ("有效" if dt.date.today() <= doc.valid_until else "已失效")


def test_only_the_truths_repeals_happen(service) -> None:
    repealed = {rel for rel in DOCS if service.get(rel).validity == "已废止"}
    assert repealed == set(REPEALED)
    assert service.status()["repealed"] == len(REPEALED)


def test_validity_facet_counts_and_filter(service) -> None:
    recount = Counter(service.get(rel).validity for rel in DOCS)
    page = service.search(SearchRequest(size=1))
    assert {v.value: v.count for v in page.facets["validity"]} == dict(recount)
    chosen = service.search(SearchRequest(filters={"validity": ("已废止",)}, size=50))
    assert {h.doc.doc_id for h in chosen.hits} == set(REPEALED)
    assert all(hit_json(h.doc, doc_url)["validity"] == "已废止" for h in chosen.hits)


def test_pages_show_validity(client) -> None:
    html = client.get("/doc/规范性文件/阿行署发〔2016〕12号.pdf").get_data(as_text=True)
    assert '<span class="badge repealed">已废止</span>' in html and "废止它的文件" in html
    facets = client.get("/").get_data(as_text=True)
    assert "时效性" in facets
    hit = client.get("/api/search", query_string={"q": "政府性债务"}).get_json()["hits"][0]
    assert hit["validity"] in ("有效", "已废止", "已失效", "未知")


# ── a small corpus of its own: a sidecar's value wins; no repealer, no repeal ─────────────


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> SearchService:
    docs = tmp_path_factory.mktemp("validity-docs")
    for rel in ("2019/阿行署发〔2019〕7号.pdf", "规范性文件/阿行署发〔2014〕3号.txt"):
        shutil.copy(CORPUS / rel, docs / rel.split("/")[-1])
    shutil.copy(CORPUS / "规范性文件/阿行署发〔2016〕12号.pdf", docs / "debt-2016.pdf")
    (docs / "阿行署发〔2014〕3号.txt.meta.json").write_text(
        json.dumps({"validity": "现行有效"}, ensure_ascii=False), encoding="utf-8"
    )
    settings = make_settings(tmp_path_factory.mktemp("validity-index"), docs=docs)
    assert build(settings).indexed == 3
    return SearchService(settings)


def test_the_sidecar_status_is_never_overruled_by_a_repeal(small) -> None:
    doc = small.get("阿行署发〔2014〕3号.txt")
    assert (doc.validity, doc.sources["validity"], doc.repealed_by) == ("有效", "sidecar", [])
    assert small.status()["repealed"] == 0


def test_without_its_repealer_a_document_keeps_its_own_expiry(small) -> None:
    doc = small.get("debt-2016.pdf")  # 有效期三年 from 2016-05-10; the 2022 repeal is absent
    assert (doc.validity, doc.valid_until) == ("已失效", dt.date(2019, 5, 9))
