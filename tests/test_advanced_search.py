"""The advanced search form and "在结果中检索" on the real app over the shipped corpus (issue 11
item 9): the form's translation lands on the normal results URL, and what that URL finds is
checked against the documents themselves, filtered here in Python."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest


@pytest.fixture(scope="module")
def every_doc(app) -> list[dict]:
    client = app.test_client()
    body = client.get("/api/search?size=100").get_json()
    assert body["total"] == len(body["hits"])  # the shipped corpus fits one page
    return body["hits"]


def _follow(client, url: str) -> tuple[str, list[dict]]:
    """The redirect a form submission answers with, and every hit of the results it names."""
    r = client.get(url)
    assert r.status_code == 303, r.get_data(as_text=True)[:300]
    target = r.headers["Location"]
    assert urlsplit(target).path == "/"
    api = "/api/search?" + urlsplit(target).query + "&size=100"
    return target, client.get(api).get_json()["hits"]


def _ids(hits: list[dict]) -> set[str]:
    return {h["id"] for h in hits}


def test_department_and_date_range_become_the_query_language(client, every_doc):
    dept = max({d["department"] for d in every_doc if d["department"]}, key=len)
    part = dept[-4:]
    target, hits = _follow(
        client, f"/advanced?department={part}&date_from=2016-01-01&date_to=2022-12-31&sort=date"
    )
    q = parse_qs(urlsplit(target).query)
    assert q["sort"] == ["date"]
    assert f"机关:{part}" in q["q"][0] and "2016-01-01..2022-12-31" in q["q"][0]
    expected = {
        d["id"]
        for d in every_doc
        if part in (d["department"] or "")
        and d["date"]
        and "2016-01-01" <= d["date"] <= "2022-12-31"
    }
    assert expected and _ids(hits) == expected
    dates = [h["date"] for h in hits]
    assert dates == sorted(dates, reverse=True)


def test_a_partial_number_and_only_a_start_date(client, every_doc):
    code = next(d["doc_number"] for d in every_doc if (d["doc_number"] or "").startswith("阿"))
    code = code.split("〔")[0]
    _, hits = _follow(client, f"/advanced?number={code}&date_from=2000-01-01")
    expected = {d["id"] for d in every_doc if (d["doc_number"] or "").startswith(code + "〔")}
    assert expected and _ids(hits) == expected


def test_title_words_and_a_chosen_type_and_validity(client, every_doc):
    doc_type = max(
        {d["doc_type"] for d in every_doc if d["doc_type"]},
        key=lambda t: sum(d["doc_type"] == t for d in every_doc),
    )
    target, hits = _follow(client, f"/advanced?title=阿勒泰&doc_type={doc_type}&validity=")
    q = parse_qs(urlsplit(target).query)
    assert q["q"] == ["标题:阿勒泰"] and q["doc_type"] == [doc_type] and "validity" not in q
    expected = {d["id"] for d in every_doc if "阿勒泰" in d["title"] and d["doc_type"] == doc_type}
    assert expected and _ids(hits) == expected


def test_the_form_offers_the_index_values_and_links_from_the_results(client, every_doc):
    html = client.get("/advanced").get_data(as_text=True)
    for value in {d["doc_type"] for d in every_doc if d["doc_type"]}:
        assert f'<option value="{value}"' in html
    assert 'href="/advanced"' in client.get("/").get_data(as_text=True)
    assert 'href="/advanced"' in client.get("/?q=公开").get_data(as_text=True)


@pytest.mark.parametrize(
    "args, says",
    [
        ("date_from=2016-13-01", "不是有效的日期"),
        ("date_to=yesterday", "不是有效的日期"),
        ("date_from=2020-01-01&date_to=2019-01-01", "起始日期晚于截止日期"),
    ],
)
def test_impossible_dates_are_a_400_on_the_form(client, args, says):
    r = client.get(f"/advanced?title=<b>x</b>&{args}")
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and says in html
    assert 'value="&lt;b&gt;x&lt;/b&gt;"' in html and "<b>x</b>" not in html


def test_query_language_characters_typed_in_the_form_stay_words(client):
    target, _ = _follow(client, '/advanced?title=OR+"公开"+(通知)&body=-工作')
    q = parse_qs(urlsplit(target).query)["q"][0]
    assert q == "标题:公开 标题:通知 全文:工作"


def test_within_results_keeps_the_filters_and_ands_the_words(client, every_doc):
    dept = next(d["department"] for d in every_doc if d["department"])
    r = client.get(f"/?q=通知&within=1&in_q=阿勒泰&in_department={dept}&in_sort=date")
    assert r.status_code == 303
    target = parse_qs(urlsplit(r.headers["Location"]).query)
    assert target == {"q": ["阿勒泰 通知"], "department": [dept], "sort": ["date"]}
    hits = client.get("/api/search?" + urlsplit(r.headers["Location"]).query).get_json()["hits"]
    assert hits and all(h["department"] == dept for h in hits)
    both = client.get(f"/api/search?q=阿勒泰 通知&department={dept}").get_json()["total"]
    assert len(hits) == min(both, 10)


def test_unticked_it_is_a_new_search(client, every_doc):
    dept = next(d["department"] for d in every_doc if d["department"])
    r = client.get(f"/?q=通知&in_q=阿勒泰&in_department={dept}")
    assert r.status_code == 303 and parse_qs(urlsplit(r.headers["Location"]).query) == {
        "q": ["通知"]
    }


def test_or_in_the_previous_query_is_grouped(client):
    r = client.get("/?q=通知&within=1&in_q=教育 OR 卫生")
    assert parse_qs(urlsplit(r.headers["Location"]).query)["q"] == ["(教育 OR 卫生) 通知"]


def test_the_search_box_carries_the_current_search_escaped(client, every_doc):
    dept = next(d["department"] for d in every_doc if d["department"])
    html = client.get(f'/?q="<i>公开"&department={dept}').get_data(as_text=True)
    assert 'name="within" value="1"' in html and "在结果中检索" in html
    assert f'name="in_department" value="{dept}"' in html
    assert 'name="in_q" value="&#34;&lt;i&gt;公开&#34;"' in html
    assert 'name="within"' not in client.get("/").get_data(as_text=True)
