"""Did-you-mean and partial 发文字号 on a real index of a shared-corpus sample (issue 11 items
4 and 9): pinyin next to Latin hits in URLs, a one-character slip, ``文号:国办发`` and the like.
Expected answers are recomputed from the sample's own records."""

from __future__ import annotations

import gzip
import json
import random
import re

import pytest
from pypinyin import lazy_pinyin

from .conftest import make_settings, require_shared
from .test_engine_contract import ENGINES

CODES = ("国办发", "国办函", "国发", "国函")
_NUMBER = re.compile(r"^\s*(.+?)\s*[〔\[［【(（](\d{4})[〕\]］】)）]\s*第?\s*\d+\s*号")


def _number_parts(raw: str | None) -> tuple[str, str] | None:
    m = _NUMBER.match(raw or "")
    return (m[1], m[2]) if m else None


def _trim(body: str) -> str:
    """The opening and the text around the words the tests look for: a short build."""
    keep = [body[:400]]
    for word in ("政府信息公开", "住房公积金"):
        if (i := body.find(word, 400)) >= 0:
            keep.append(body[max(400, i - 100) : i + 100])
    return "\n".join(keep)


@pytest.fixture(scope="module", params=ENGINES)
def sample(request, tmp_path_factory):
    """About 200 records: every State Council number, the documents whose only 'gongkai' is
    in a URL, documents on 政府信息公开 and on 住房公积金, and a random rest; on each engine
    (suggestions and partial numbers are part of the engine contract, issue 16)."""
    from indexer.pipeline import build

    with gzip.open(require_shared() / "docs.jsonl.gz", "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    rng = random.Random(11)
    text = {r["id"]: (r["title"] or "") + (r["body"] or "") for r in rows}
    numbered = [r for r in rows if (p := _number_parts(r["doc_number"])) and p[0] in CODES]
    latin = [r for r in rows if "gongkai" in text[r["id"]].lower()]
    disclosure = [r for r in rows if "政府信息公开" in text[r["id"]]]
    fund = [r for r in rows if "住房公积金" in (r["title"] or "")][:12]
    rest = rng.sample(rows, 20)
    chosen = {r["id"]: r for r in [*numbered, *latin, *disclosure, *fund, *rest]}
    for r in chosen.values():
        if r not in latin:  # the URLs stand at the end of these
            r["body"] = _trim(r["body"] or "")
    tmp = tmp_path_factory.mktemp("recall")
    path = tmp / "sample.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in chosen.values()))
    settings = make_settings(tmp, engine=request.param)
    assert build(settings, jsonl=path).indexed == len(chosen)
    return settings, list(chosen.values())


@pytest.fixture(scope="module")
def service(sample):
    from indexer.service import SearchService

    return SearchService(sample[0])


@pytest.fixture(scope="module")
def sample_client(sample):
    from search_app import create_app

    app = create_app(sample[0])
    app.config.update(TESTING=True)
    return app.test_client()


def _search(service, q: str):
    return service.search(service.request({"q": [q], "size": ["100"]}))


def test_pinyin_of_the_help_page_is_read_despite_latin_hits_in_urls(service, sample):
    records = sample[1]
    in_urls = [r for r in records if "gongkai" in ((r["body"] or "") + (r["title"] or "")).lower()]
    assert len(in_urls) >= 3  # the Latin text alone finds enough to have hidden the suggestion
    page = _search(service, "zhengfu xinxi gongkai")
    assert page.total >= 3
    assert page.did_you_mean is not None
    assert lazy_pinyin(page.did_you_mean) == ["zheng", "fu", "xin", "xi", "gong", "kai"]
    assert _search(service, page.did_you_mean).total >= 3 * page.total


def test_a_one_character_slip_gets_the_word_the_documents_use(service, sample):
    with_word = [r for r in sample[1] if "住房公积金" in (r["title"] or "") + (r["body"] or "")]
    assert len(with_word) >= 5
    assert "住房公基金" not in "".join((r["title"] or "") + (r["body"] or "") for r in sample[1])
    assert _search(service, "住房公基金").did_you_mean == "住房公积金"
    assert _search(service, "住房公基金 提取").did_you_mean == "住房公积金 提取"


def test_real_words_are_not_corrected(service):
    for q in ("住房公积金", "政府信息公开", "国务院办公厅"):
        assert _search(service, q).did_you_mean is None


def test_the_slip_suggestion_reaches_the_api_and_the_page(sample_client):
    body = sample_client.get("/api/search?q=住房公基金").get_json()
    assert body["did_you_mean"] == "住房公积金"
    html = sample_client.get("/?q=住房公基金").get_data(as_text=True)
    assert 'id="did-you-mean">住房公积金</a>' in html
    html = sample_client.get("/?q=zhengfu+xinxi+gongkai").get_data(as_text=True)
    assert 'id="did-you-mean">政府信息公开</a>' in html


@pytest.mark.parametrize(
    "q, code, year",
    [
        ("文号:国办发", "国办发", None),
        ("文号:国发", "国发", None),
        ("文号:2018", None, "2018"),
        ("文号:〔2004〕", None, "2004"),
        ("文号:国办发〔2018〕", "国办发", "2018"),
        ("发文字号:国办函[2006]", "国办函", "2006"),
        ("文号:国办发 2018", "国办发", "2018"),
        ("文号:国办发2018", "国办发", "2018"),
    ],
)
def test_a_partial_number_finds_every_matching_number(service, sample, q, code, year):
    expected = set()
    for r in sample[1]:
        parts = _number_parts(r["doc_number"])
        if parts and (code is None or parts[0] == code) and (year is None or parts[1] == year):
            expected.add(r["id"])
    assert expected
    page = _search(service, q)
    assert {h.doc.doc_id for h in page.hits} == expected
    assert page.total == len(expected)


def test_partial_numbers_combine_with_words(service, sample):
    page = _search(service, "文号:国办发 2018")
    words = _search(service, "文号:国办发 2018 通知")
    assert 0 < words.total < page.total
    assert {h.doc.doc_id for h in words.hits} <= {h.doc.doc_id for h in page.hits}
    assert all("通知" in h.doc.title + str(h.doc.body) for h in words.hits)


def test_suggestions_complete_what_was_typed_from_the_sample(service, sample):
    titles = {service.get(r["id"]).title for r in sample[1]}  # as stored (cleaned up)
    found = service.suggest("住房公积")
    assert found and all("住房公积" in s["text"] for s in found)
    shown = [s["text"] for s in found if s["kind"] == "title"]
    assert shown and set(shown) <= titles
