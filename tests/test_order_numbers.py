"""令 numbers (国务院令第707号, gov.cn's 国令第707号, 海关总署第262号令) are 发文字号 too: one
canonical form in metadata, exact tokens in the index, and a search for one finds the order
itself first, then the documents that cite it."""

from __future__ import annotations

import pytest

from indexer.models import SearchRequest
from indexer.service import SearchService
from indexer.textnorm import find_order_numbers, normalize_doc_number

from .conftest import index_texts
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
    texts = {"order.txt": ORDER, "citing.txt": CITING, "other.txt": UNRELATED}
    return SearchService(index_texts(tmp_path_factory.mktemp("orders"), texts))


@pytest.mark.parametrize("q", ["国令第707号", "国务院令第707号", "中华人民共和国国务院令第707号"])
def test_search_finds_the_order_first_then_its_citers(service: SearchService, q: str) -> None:
    page = service.search(SearchRequest(q=q))
    assert [h.doc.doc_id for h in page.hits] == ["order.txt", "citing.txt"]
    assert page.hits[0].doc.doc_number == "国务院令第707号"


def test_citations_of_an_order_link_both_ways(service: SearchService) -> None:
    order, citing = service.get("order.txt"), service.get("citing.txt")
    cites, _ = service.links(citing)
    assert [(label, [d.doc_id for d in docs]) for label, docs in cites] == [
        ("国务院令第707号", ["order.txt"])
    ]
    _, cited_by = service.links(order)
    assert [d.doc_id for d in cited_by] == ["citing.txt"]
    other_cites, _ = service.links(service.get("other.txt"))
    assert [(label, docs) for label, docs in other_cites] == [("国务院令第706号", [])]


def test_issuer_is_cut_from_running_text() -> None:
    from indexer.citations import find_citations

    text = "依据国家发展和改革委员会令第10号和国务院令第706号执行；中华人民共和国主席令第31号公布。"
    labels = [c.label for c in find_citations(text)]
    assert labels == ["国家发展和改革委员会令第10号", "国务院令第706号", "主席令第31号"]
