"""令 numbers (国务院令第707号, gov.cn's 国令第707号, 海关总署第262号令) are 发文字号 too: one
canonical form in metadata, exact tokens in the index, and a search for one finds the order
itself first, then the documents that cite it."""

from __future__ import annotations

import pytest

from indexer.models import SearchRequest
from indexer.pipeline import build
from indexer.service import SearchService
from indexer.textnorm import find_order_numbers, normalize_doc_number

from .conftest import make_settings
from .test_metadata_titles import ORDER

CITING = "关于贯彻实施个人所得税法实施条例的通知\n各单位：\n请按照国务院令第707号的规定执行。\n"
UNRELATED = "关于另一项条例的通知\n各单位：\n请按照国务院令第706号执行，注意第707号文件。\n"


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("国令第707号", "国务院令第707号"),
        ("中华人民共和国国务院令第707号", "国务院令第707号"),
        ("国务院令 第 707 号", "国务院令第707号"),
        ("海关总署第262号令", "海关总署令第262号"),
        ("财政部令第100号", "财政部令第100号"),
        ("阿行署发［2014］03号", "阿行署发〔2014〕3号"),  # bracket numbers are unchanged
        ("第707号", None),
    ],
)
def test_one_canonical_form(raw: str, canonical: str | None) -> None:
    assert normalize_doc_number(raw) == canonical


def test_running_text_yields_every_issuer_tail() -> None:
    (m,) = find_order_numbers("根据国令第707号执行")
    assert "国务院令第707号" in m.variants()


@pytest.fixture(scope="module")
def service(tmp_path_factory) -> SearchService:
    tmp = tmp_path_factory.mktemp("orders")
    docs = tmp / "docs"
    docs.mkdir()
    for name, text in (("order.txt", ORDER), ("citing.txt", CITING), ("other.txt", UNRELATED)):
        (docs / name).write_text(text, encoding="utf-8")
    settings = make_settings(tmp, docs=docs)
    assert build(settings).indexed == 3
    return SearchService(settings)


@pytest.mark.parametrize("q", ["国令第707号", "国务院令第707号", "中华人民共和国国务院令第707号"])
def test_search_finds_the_order_first_then_its_citers(service: SearchService, q: str) -> None:
    page = service.search(SearchRequest(q=q))
    assert [h.doc.doc_id for h in page.hits] == ["order.txt", "citing.txt"]
    assert page.hits[0].doc.doc_number == "国务院令第707号"
