"""The query door serves the engine its current generation was built with, whatever the
settings name (issue 16: switching is a rebuild): every backend call the service makes must
reach that engine. Found at 1,000,000 documents: a question's memory looked laws up by title
through the settings' engine, and every question on a tantivy index answered 503."""

from __future__ import annotations

import importlib.util
import json

import pytest

from indexer.models import SearchRequest
from indexer.service import SearchService
from indexer.textnorm import title_key

from .conftest import make_settings

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("tantivy") is None, reason="the tantivy wheel is not installed"
)

ROWS = [
    {
        "id": "law",
        "title": "中华人民共和国劳动合同法",
        "doc_type": "法律",
        "body": "第一条 为了完善劳动合同制度，制定本法。\n"
        "第二条 用人单位应当按时足额支付劳动报酬。",
    },
    {
        "id": "n1",
        "title": "关于做好住房公积金提取工作的通知",
        "body": "各单位：职工可以提取住房公积金。",
    },
]


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> SearchService:
    from indexer.pipeline import build

    tmp = tmp_path_factory.mktemp("serving-engine")
    path = tmp / "rows.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in ROWS), "utf-8")
    settings = make_settings(tmp, engine="tantivy")
    assert build(settings, jsonl=path).indexed == len(ROWS)
    return SearchService(settings.replace(engine="whoosh"))  # a server left on the default


def test_a_tantivy_generation_serves_under_whoosh_settings(served):
    assert served.status()["engine"] == "tantivy"
    assert [d.doc_id for d in served.with_title(title_key("中华人民共和国劳动合同法"))] == ["law"]


def test_a_question_is_answered_not_refused(served):
    page = served.search(SearchRequest(q="公司拖欠工资怎么办"))
    assert "law" in [h.doc.doc_id for h in page.hits]
