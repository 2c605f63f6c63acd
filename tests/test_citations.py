"""Citations: read from real text, resolved against a real index of the shipped corpus, shown
on the document page and by /api/doc. Truth: tests/fixtures/corpus_truth.json (``cites``)."""

from __future__ import annotations

import json

import pytest

from indexer.citations import Citation, find_citations, find_repeals, keys_of, own_keys
from indexer.models import Document, SearchRequest
from indexer.service import SearchService
from indexer.textnorm import title_key

from .conftest import REPO

TRUTH = json.loads((REPO / "tests" / "fixtures" / "corpus_truth.json").read_text(encoding="utf-8"))
DOCS: dict[str, dict] = TRUTH["documents"]
BY_NUMBER = {d["doc_number"]: rel for rel, d in DOCS.items() if d["doc_number"]}


def _numbers(labels: list[str]) -> set[str]:
    return {n for n in (Citation.parse(label).number for label in labels) if n}


# ── reading citations from text ─────────────────────────────────────────────────────────────


def test_title_with_its_number_is_one_citation_even_when_wrapped() -> None:
    text = (
        "本通知自印发之日起施行。《阿勒泰地区行政公署关于公布\n地区确认调整取消行政审批事项的通知》"
        "（阿行署发〔2014〕3\n号）同时废止。"
    )
    [c] = find_citations(text)
    assert c.number == "阿行署发〔2014〕3号"
    assert c.title == "阿勒泰地区行政公署关于公布地区确认调整取消行政审批事项的通知"
    assert c.label == f"《{c.title}》（{c.number}）"
    assert Citation.parse(c.label) == c


def test_number_alone_in_running_text_loses_the_words_before_its_code() -> None:
    text = "各地要继续按照国办发〔2014〕57号和新政办发[2015]第08号文件精神执行。"
    assert [c.number for c in find_citations(text)] == ["国办发〔2014〕57号", "新政办发〔2015〕8号"]


def test_books_forms_and_abbreviations_are_not_citations() -> None:
    text = "（以下简称《条例》）填写《申请表》，参阅《红楼梦》。依据《中华人民共和国预算法》。"
    assert [c.label for c in find_citations(text)] == ["《中华人民共和国预算法》"]


def test_only_issued_instruments_are_keys_of_their_carrier() -> None:
    """关于印发《X》的通知 is cited as X; 关于适用《X法》…的解释 is not X, nor is a 转发."""
    issued = own_keys(None, "关于印发《阿勒泰地区政府性债务风险管理办法》的通知")
    assert title_key("阿勒泰地区政府性债务风险管理办法") in issued
    interpretation = own_keys(
        None, "最高人民法院关于适用《中华人民共和国物权法》若干问题的解释（一）"
    )
    assert title_key("中华人民共和国物权法") not in interpretation
    forwarded = own_keys(None, "转发《国务院办公厅关于加强政府网站管理的通知》的通知")
    assert title_key("国务院办公厅关于加强政府网站管理的通知") not in forwarded


def test_a_kind_of_document_is_not_a_citation() -> None:
    text = (
        "按《实施意见》和《管理办法（试行）》执行，"
        "参照《关于促进银川市房地产业良性循环的实施意见》。"
    )
    assert [c.title for c in find_citations(text)] == ["关于促进银川市房地产业良性循环的实施意见"]


def test_repeated_mentions_merge_into_one_citation() -> None:
    text = (
        "根据《国务院关于加强地方政府性债务管理的意见》（国发〔2014〕43号）……"
        "按照国发〔2014〕43号要求。"
    )
    cites = find_citations(text)
    assert len(cites) == 1 and cites[0].number == "国发〔2014〕43号"


def test_a_document_never_cites_itself() -> None:
    own = own_keys(
        "阿行署发〔2022〕9号",
        "阿勒泰地区行政公署关于印发《阿勒泰地区政府性债务风险管理办法》的通知",
    )
    text = (
        "阿勒泰地区行政公署\n阿行署发〔2022〕9号\n"
        "现将《阿勒泰地区政府性债务风险管理办法》印发给你们。依据《中华人民共和国预算法》。"
    )
    assert [c.label for c in find_citations(text, own)] == ["《中华人民共和国预算法》"]
    # the header's name run into the number when a layout lost the line break
    assert find_citations("阿勒泰地区行政公署阿行署发〔2022〕9号", own) == []


@pytest.mark.parametrize(
    ("text", "repealed"),
    [
        ("《××办法》（阿行署发〔2016〕12号）同时废止。", ["阿行署发〔2016〕12号"]),
        ("原《××规定》（阿政发〔2010〕5号）不再执行。", ["阿政发〔2010〕5号"]),
        ("阿政发〔2010〕5号文件自2020年1月1日起废止。", ["阿政发〔2010〕5号"]),
        (
            "下列文件同时废止：\n1.《××办法》（阿政发〔2010〕5号）\n2.阿政办发〔2011〕7号\n",
            [
                "阿政发〔2010〕5号",
                "阿政办发〔2011〕7号",
            ],
        ),
        ("依照《中华人民共和国××法》规定，有下列情形的，代表资格暂时停止执行。", []),
        ("违反《××条例》规定的决定，应当予以废止。", []),
        ("根据国办发〔2014〕57号精神，制定本办法。", []),
        (
            "根据《中华人民共和国食品安全法》及其实施条例等法律法规和工作实际，"
            "海关总署决定废止《进口食品接触产品检验监管工作规范》（署发〔2016〕31号）。",
            ["署发〔2016〕31号"],
        ),
        (
            "《阿勒泰地区甲管理办法》（阿政发〔2010〕5号）、《阿勒泰地区乙管理办法》（阿政发〔2011〕7号）同时废止。",
            [
                "阿政发〔2010〕5号",
                "阿政发〔2011〕7号",
            ],
        ),
        (
            "依据《阿勒泰地区丙条例》（阿政发〔2009〕1号），《阿勒泰地区甲管理办法》（阿政发〔2010〕5号）同时废止。",
            ["阿政发〔2010〕5号"],
        ),
    ],
)
def test_repeal_clauses(text: str, repealed: list[str]) -> None:
    assert [c.number for c in find_repeals(text)] == repealed


def test_repealed_law_by_title_only() -> None:
    text = (
        "本条例自2020年1月1日起施行。1996年4月12日上海市第十届人民代表大会常务委员会"
        "通过的《上海市住房公积金条例》同时废止。"
    )
    [c] = find_repeals(text)
    assert (c.title, c.number) == ("上海市住房公积金条例", None)
    assert keys_of([c.label]) == [title_key("上海市住房公积金条例")]


# ── against the real index of the shipped corpus ───────────────────────────────────────────


@pytest.fixture(scope="module")
def service(corpus_index) -> SearchService:
    return SearchService(corpus_index)


@pytest.mark.parametrize("rel", sorted(rel for rel, d in DOCS.items() if d["cites"]))
def test_cited_numbers_match_the_truth_and_resolve(service, rel) -> None:
    doc = service.get(rel)
    assert set(DOCS[rel]["cites"]) <= _numbers(doc.cites)
    resolved = dict(service.backend.resolve_citations(doc))
    for label in doc.cites:
        number = Citation.parse(label).number
        linked = [d.doc_id for d in resolved[label]]
        assert rel not in linked
        if number in BY_NUMBER:  # in the corpus: linked to exactly that document
            assert linked == [BY_NUMBER[number]], label


@pytest.mark.parametrize("rel", sorted(BY_NUMBER.values()))
def test_cited_by_is_the_truths_reverse_index(service, rel) -> None:
    number = DOCS[rel]["doc_number"]
    expected = {other for other, d in DOCS.items() if number in d["cites"] and other != rel}
    got = {d.doc_id for d in service.backend.cited_by(service.get(rel))}
    assert expected <= got
    assert rel not in got


def test_who_cites_a_number_or_a_title_is_one_lookup(service) -> None:
    """The cites keyword field holds numbers and folded titles: a document known only by its
    number, or only by its title, finds its citers."""
    by_number = Document("n", "", "", doc_number="阿行署发〔2014〕3号")
    by_title = Document("t", "阿勒泰地区政府性债务管理暂行办法", "")
    numbered = {d.doc_id for d in service.backend.cited_by(by_number)}
    titled = {d.doc_id for d in service.backend.cited_by(by_title)}
    assert numbered == {"2019/阿行署发〔2019〕7号.pdf", "altay-2016-xxgk-annual-report.txt"}
    assert titled == {"规范性文件/阿行署发〔2022〕9号.pdf"}


def test_doc_number_search_still_finds_the_document_first_then_its_citers(service) -> None:
    page = service.search(SearchRequest(q="阿行署发[2014]3号", size=10))
    ids = [h.doc.doc_id for h in page.hits]
    assert ids[0] == "规范性文件/阿行署发〔2014〕3号.txt"
    assert {"2019/阿行署发〔2019〕7号.pdf", "altay-2016-xxgk-annual-report.txt"} <= set(ids[1:])


def test_document_page_shows_both_directions(client) -> None:
    cited = client.get("/doc/规范性文件/阿行署发〔2014〕3号.txt").get_data(as_text=True)
    assert "被以下文件引用" in cited
    assert (
        'href="/doc/2019/%E9%98%BF' in cited or 'href="/doc/2019/阿行署发〔2019〕7号.pdf"' in cited
    )
    citing = client.get("/doc/规范性文件/阿行署发〔2022〕9号.pdf").get_data(as_text=True)
    assert "引用文件" in citing
    assert "《中华人民共和国预算法》" in citing  # unresolved: shown as text
    assert '<span class="unresolved">《中华人民共和国预算法》</span>' in citing


def test_api_doc_returns_resolved_citations(client) -> None:
    data = client.get("/api/doc/规范性文件/阿行署发〔2022〕9号.pdf").get_json()
    by_label = {c["label"]: [d["id"] for d in c["documents"]] for c in data["citations"]}
    assert by_label["《阿勒泰地区政府性债务管理暂行办法》（阿行署发〔2016〕12号）"] == [
        "规范性文件/阿行署发〔2016〕12号.pdf"
    ]
    assert by_label["《中华人民共和国预算法》"] == []
    assert data["repeals"] == ["《阿勒泰地区政府性债务管理暂行办法》（阿行署发〔2016〕12号）"]
    old = client.get("/api/doc/规范性文件/阿行署发〔2016〕12号.pdf").get_json()
    assert [d["id"] for d in old["cited_by"]] == ["规范性文件/阿行署发〔2022〕9号.pdf"]
