"""Issue 15, items 1 and 7, as a careless or hostile visitor tries them: oversized requests,
forged Referers, and a seeded fuzz run. Real app on the real corpus index; every expectation is
computed beside the code (items 8, 11, 12: test_abuse_ingest.py; 9, 10: test_abuse_staff.py)."""

from __future__ import annotations

import random
import re
from urllib.parse import urlencode

BACK = re.compile(r'<a href="([^"]*)">← 返回搜索结果</a>')


def _years(client) -> list[str]:
    return [v["value"] for v in client.get("/api/search").get_json()["facets"]["year"]]


# ----- 1. one request must not hold the server --------------------------------------------
def test_thousands_of_facet_values_are_a_clear_400(client, app):
    settings = app.extensions["xxgk"].settings
    many = [("q", "政府")] + [("topic", f"t{i}") for i in range(4000)]
    for path in ("/?", "/api/search?"):
        r = client.get(path + urlencode(many))
        assert r.status_code == 400
        assert str(settings.max_filter_values) in r.get_data(as_text=True)
    at_cap = [("topic", f"t{i}") for i in range(settings.max_filter_values)]
    assert client.get("/?" + urlencode(at_cap)).status_code == 200
    over = at_cap + [("topic", "one more")]
    assert client.get("/api/search?" + urlencode(over)).status_code == 400


def test_too_many_parameters_in_all_is_a_400(client, app):
    settings = app.extensions["xxgk"].settings
    per = settings.max_filter_values  # each facet at its cap, together over the URL's cap
    spread = [(f, f"v{i}") for f in ("year", "topic", "department", "doc_type") for i in range(per)]
    assert len(spread) > settings.max_params
    r = client.get("/api/search?" + urlencode(spread))
    assert r.status_code == 400 and str(settings.max_params) in r.get_json()["message"]


def test_filter_links_grow_linearly_with_the_selection(client, app):
    """Values no document has change nothing in the results, only the selection: the page
    may grow by a bounded amount per value (it grew by every facet link per value before)."""
    year = _years(client)[0]

    def size(k: int) -> int:
        junk = [("year", str(1900 + i)) for i in range(k)]
        r = client.get("/?" + urlencode([("q", "政府"), ("year", year), *junk]))
        assert r.status_code == 200
        return len(r.data)

    cap = app.extensions["xxgk"].settings.max_filter_values - 1
    s0, s_half, s_full = size(0), size(cap // 2), size(cap // 2 * 2)
    per_value = (s_half - s0) / (cap // 2)
    assert per_value < 400, per_value  # one checkbox, plus its place in the pager's links
    assert (s_full - s_half) <= 1.1 * (s_half - s0)  # linear, not quadratic


# ----- 7. the back link ---------------------------------------------------------------------
def test_back_link_is_rebuilt_from_our_own_parameters(client):
    doc = client.get("/api/search?q=政府").get_json()["hits"][0]["url"]
    own = urlencode([("q", "政府 公开"), ("year", "2020")])
    cases = {
        "javascript:alert(document.cookie)": "/",
        "http://evil.example/?q=政府": "/",
        "//evil.example/?q=政府": "/",
        "http://localhost/admin?q=政府": "/",
        "data:text/html,<b>x</b>": "/",
        f"http://localhost/?{own}&evil=%22%3E": "/?" + own,
        f"/?{own}": "/?" + own,
    }
    for referer, want in cases.items():
        html = client.get(doc, headers={"Referer": referer}).get_data(as_text=True)
        got = BACK.search(html).group(1).replace("&amp;", "&")
        assert got == want, referer
    # the page depends on where the visitor came from: no cache may serve it for another search
    assert "Referer" in client.get(doc).headers.get("Vary", "")


# ----- a bounded fuzz run ------------------------------------------------------------------
PIECES = [
    '"',
    "“",
    "”",
    "(",
    ")",
    "-",
    " OR ",
    " NOT ",
    "标题:",
    "文号:",
    "<script>alert(1)</script>",
    "&",
    "%",
    "%00",
    "\\",
    "'",
    "2016..2018",
    "〔2014〕",
    "年",
    "政府",
    "公开",
    "的",
    "*",
    "?",
    "~",
    "^",
    ":",
    "[",
    "]",
    "{",
    "}",
    "\u200b",
    "𠀀",
    "国务院令第707号",
    "zhengfu",
    " ",
]


def test_fuzzed_requests_never_500_and_never_unescaped(client):
    rng = random.Random(15)
    params = ["q", "page", "size", "sort", "year", "topic", "department", "doc_type", "bogus"]
    for n in range(150):
        q = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 12)))
        args = [("q", q)]
        for _ in range(rng.randint(0, 3)):
            args.append((rng.choice(params), rng.choice([q, "0", "-1", "abc", "99999", "date"])))
        path = rng.choice(["/", "/api/search", "/api/suggest"])
        r = client.get(path + "?" + urlencode(args))
        assert r.status_code in (200, 400), (n, args, r.status_code)
        body = r.get_data(as_text=True)
        assert "Traceback" not in body, (n, args)
        if r.mimetype == "text/html":  # JSON carries the text as data, a page must escape it
            assert "<script>alert" not in body, (n, args)
        else:
            assert r.mimetype == "application/json", (n, args)
