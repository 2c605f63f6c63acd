"""Versions of one law: the newer text's header lists the older one's date among its own
通过/修正/修订 dates, so the older version is 已失效 and links to the newer; the same title
with a newer date that does not name the older one changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from indexer.ingest.metadata import describe
from indexer.service import SearchService
from indexer.validity import Version, superseded_versions
from search_app import create_app

from .conftest import index_texts

TITLE = "上海市住宅物业管理规定"
V2010 = f"""\
{TITLE}
2004年8月19日上海市第十二届人民代表大会常务委员会第十四次会议通过
2010年12月23日上海市第十三届人民代表大会常务委员会第二十三次会议修订
第一条 为了规范住宅物业管理活动，制定本规定。
"""
V2018 = V2010.replace(
    "会议修订\n",
    "会议修订\n2018年11月22日上海市第十五届人民代表大会常务委员会第七次会议"
    "《关于修改〈上海市住宅物业管理规定〉的决定》修正\n",
)
# The same title, later, but a new text that does not list 2010-12-23: not a version of it.
OTHER = f"""\
{TITLE}
2020年5月1日某市第一届人民代表大会常务委员会第三次会议通过
第一条 为了规范住宅物业管理活动，制定本规定。
"""


def test_history_lists_every_act_oldest_first() -> None:
    assert describe("x", V2018).history == [
        "2004-08-19 通过",
        "2010-12-23 修订",
        "2018-11-22 修正",
    ]
    assert describe("x", "关于报送材料的通知\n各单位：\n请报送。").history == []


def _v(doc_id: str, key: str, date: str, *history: str) -> Version:
    days = frozenset(dt.date.fromisoformat(h) for h in history)
    return Version(doc_id, key, dt.date.fromisoformat(date), days)


def test_only_a_newer_text_naming_the_older_date_supersedes_it() -> None:
    versions = [
        _v("a", "law", "2004-08-19", "2004-08-19"),
        _v("b", "law", "2010-12-23", "2004-08-19", "2010-12-23"),
        _v("c", "law", "2018-11-22", "2004-08-19", "2010-12-23", "2018-11-22"),
        _v("d", "law", "2020-05-01", "2020-05-01"),  # same title, another text
        _v("e", "other", "2030-01-01", "2004-08-19"),  # another title
    ]
    assert superseded_versions(versions) == {"a": ["b", "c"], "b": ["c"]}


@pytest.fixture(scope="module")
def service(tmp_path_factory) -> SearchService:
    texts = {"v2010.txt": V2010, "v2018.txt": V2018, "other.txt": OTHER}
    return SearchService(index_texts(tmp_path_factory.mktemp("versions"), texts))


def test_the_older_version_is_expired_and_links_the_newer(service: SearchService) -> None:
    old, new, other = (service.get(n) for n in ("v2010.txt", "v2018.txt", "other.txt"))
    assert (old.validity, old.sources["validity"], old.superseded_by) == (
        "已失效",
        "version",
        ["v2018.txt"],
    )
    assert (new.validity, new.superseded_by) == ("未知", [])
    assert (other.validity, other.superseded_by) == ("未知", [])
    assert service.status()["superseded"] == 1


def test_document_page_shows_the_history_and_the_newer_version(service: SearchService) -> None:
    client = create_app(service.settings).test_client()
    page = client.get("/doc/v2010.txt").get_data(as_text=True)
    assert '<a class="newer" href="/doc/v2018.txt' in page
    assert "<li>2010-12-23 修订</li>" in page
    api = client.get("/api/doc/v2010.txt").get_json()
    assert (api["validity"], api["superseded_by"]) == ("已失效", ["v2018.txt"])
    assert api["history"] == ["2004-08-19 通过", "2010-12-23 修订"]
