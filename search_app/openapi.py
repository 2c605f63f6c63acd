"""The OpenAPI 3.1 description of the JSON API, served at /api/openapi.json and shown at /api.

Written from indexer/wire.py and search_app/api.py; tests/test_openapi.py validates real
responses of every route against it (objects are closed: a key the API adds without adding it
here fails that test), so the page cannot drift from what the API answers.
"""

from __future__ import annotations

from typing import Any

from indexer.models import ELEMENT_DATES, ELEMENTS, FACETS

STR = {"type": "string"}
NSTR = {"type": ["string", "null"]}
NDATE = {"type": ["string", "null"], "format": "date"}
INT = {"type": "integer"}
STRS = {"type": "array", "items": STR}


def obj(props: dict[str, Any], optional: tuple[str, ...] = ()) -> dict[str, Any]:
    """A closed object: every key but ``optional`` required, no others allowed."""
    return {
        "type": "object",
        "properties": props,
        "required": [k for k in props if k not in optional],
        "additionalProperties": False,
    }


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


HIT = {
    "id": STR,
    "title": STR,
    "department": {**NSTR, "description": "发文机关"},
    "doc_number": {**NSTR, "description": "发文字号"},
    "date": {**NDATE, "description": "成文日期"},
    "year": {"type": ["integer", "null"]},
    "doc_type": {**NSTR, "description": "公文种类"},
    "topic": {**NSTR, "description": "主题分类 (一级\\二级)"},
    "validity": {**NSTR, "description": "时效性: 有效 / 已废止 / 已失效 / 未知"},
    "url": {**STR, "description": "the document's page on this site"},
}
ELEMENT_TYPES = {name: NDATE if name in ELEMENT_DATES else NSTR for name in ELEMENTS}
ELEMENT_TYPES.update(
    {
        n: STRS
        for n in ELEMENTS
        if n in ("attachment_titles", "cites", "repeals", "repealed_by", "history")
    }
)
ELEMENT_TYPES.update({n: STRS for n in ("superseded_by", "warnings") if n in ELEMENTS})

SCHEMAS: dict[str, Any] = {
    "Hit": obj(HIT),
    "ScoredHit": obj(
        {
            **HIT,
            "score": {"type": "number"},
            "snippet": {
                "type": "array",
                "items": obj({"text": STR, "match": {"type": "boolean"}}),
            },
            "articles": {
                "type": "array",
                "description": "the best-matching 条 of a law or rule (anchor: #第X条 on its page)",
                "items": obj({"label": STR, "text": STR, "anchor": STR}),
            },
            "explain": {
                "type": ["object", "null"],
                "properties": {"score": {"type": "number"}, "terms": {"type": "array"}},
            },
        },
        optional=("explain",),
    ),
    "FacetValue": obj({"value": STR, "count": INT, "selected": {"type": "boolean"}}),
    "Relaxed": obj(
        {"dropped": STR, "query": STR, "mode": STR, "all_words_matched": INT},
        optional=("mode", "all_words_matched"),
    ),
    "SearchPage": obj(
        {
            "query": STR,
            "total": INT,
            "page": INT,
            "size": INT,
            "sort": {"enum": ["relevance", "date"]},
            "filters": {"type": "object", "additionalProperties": STRS},
            "hits": {"type": "array", "items": ref("ScoredHit")},
            "facets": {
                "type": "object",
                "properties": {f: {"type": "array", "items": ref("FacetValue")} for f in FACETS},
                "additionalProperties": False,
            },
            "relaxed": {"oneOf": [ref("Relaxed"), {"type": "null"}]},
            "did_you_mean": NSTR,
            "expansions": {
                "type": "array",
                "description": "everyday words also searched as official terms (expand=0: off)",
                "items": obj({"lay": STR, "official": STRS}),
            },
            "answers": {
                "type": "array",
                "description": "a question's best articles in any law of the index (page 1)",
                "items": obj(
                    {"doc_id": STR, "title": STR, "label": STR, "text": STR, "anchor": STR}
                ),
            },
            "partial": {"type": "boolean", "description": "the work budget ran out"},
            "timing": {"type": "object", "description": "ms per phase (explain=1 only)"},
        },
        optional=("timing",),
    ),
    "Document": obj(
        {
            **HIT,
            **ELEMENT_TYPES,
            "citations": {
                "type": "array",
                "items": obj({"label": STR, "documents": {"type": "array", "items": ref("Hit")}}),
            },
            "cited_by": {"type": "array", "items": ref("Hit")},
            "index_no": {**NSTR, "description": "索引号"},
            "format": NSTR,
            "path": {**NSTR, "description": "the file in the documents folder (staff only)"},
            "sources": {"type": "object", "additionalProperties": STR},
            "date_kind": STR,
            "extra": {"type": "object"},
            "ocr": {"type": "boolean"},
            "ocr_pages": INT,
            "parent": NSTR,
            "attachments": STRS,
            "body": STR,
        },
        optional=("path",),
    ),
    "Suggestions": obj(
        {"query": STR, "suggestions": {"type": "array", "items": obj({"text": STR, "kind": STR})}}
    ),
    "Stats": obj(
        {
            "year": INT,
            "department": STR,
            "table": {
                "type": "array",
                "items": obj(
                    {"kind": STR, "measure": STR, "label": STR, "count": INT, "list": STR}
                ),
            },
            "months": {"type": "array", "items": obj({"month": STR, "count": INT})},
            "departments": {"type": "array", "items": obj({"department": STR, "count": INT})},
            "total": INT,
            "partial": {"type": "boolean", "description": "a search ran out of its work budget"},
        }
    ),
    "Health": obj(
        {
            "status": {"enum": ["ok", "degraded", "broken"]},
            "generation": NSTR,
            "doc_count": {"type": ["integer", "null"]},
            "reason": NSTR,
        }
    ),
    "Error": obj({"error": STR, "message": STR, "status": INT}),
}


def _param(name: str, doc: str, *, many: bool = False, where: str = "query") -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "array", "items": STR} if many else STR
    return {"name": name, "in": where, "required": where == "path", "description": doc,
            "schema": schema, **({"explode": True} if many else {})}  # fmt: skip


SEARCH_PARAMS = [
    _param("q", '查询：词语、"短语"、OR、-排除、发文字号、年份、字段 (标题: 文号: 机关: …)'),
    *(_param(f, f"筛选 {f}（可重复，同一项内为“或”）", many=True) for f in FACETS),
    _param("sort", "relevance（默认）或 date"),
    _param("page", "页码，从 1 开始"),
    _param("size", "每页条数"),
    _param("explain", "1：每条结果附评分说明和耗时"),
    _param("expand", "0：不把日常用语按法定用语检索（默认 1）"),
]


def _answer(schema: str, text: str, *errors: int) -> dict[str, Any]:
    ok = {"description": text, "content": {"application/json": {"schema": ref(schema)}}}
    return {"200": ok, **_errors(*errors)}


def _errors(*codes: int) -> dict[str, Any]:
    error = {"application/json": {"schema": ref("Error")}}
    return {str(code): {"description": ERRORS[code], "content": error} for code in codes}


ERRORS = {
    400: "参数有误（未知参数、取值不合法）",
    401: "需要工作人员登录",
    403: "未设置工作人员密码：工作人员页面关闭",
    404: "没有这个文件",
    503: "索引尚未建立",
}


def document() -> dict[str, Any]:
    """The whole OpenAPI document (a fresh dict: callers may change their copy)."""
    health = _answer("Health", "ok 或 degraded（有后备索引在服务）")
    health["503"] = {"description": "没有可用的索引", "content": health["200"]["content"]}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "xxgk 政府信息公开检索 API",
            "version": "1",
            "description": "与检索页面相同的参数和结果，JSON 格式。未知参数返回 400。",
        },
        "paths": {
            "/api/search": _get("检索", _answer("SearchPage", "一页结果", 400, 503), SEARCH_PARAMS),
            "/api/doc/{id}": _get(
                "一份文件：元数据、全文、引用",
                _answer("Document", "文件", 404, 503),
                [_param("id", "文件编号", where="path")],
            ),
            "/api/suggest": _get(
                "输入提示", _answer("Suggestions", "提示词"), [_param("q", "已输入的文字")]
            ),
            "/api/stats": _get(
                "年度报告主动公开统计（规章、规范性文件）",
                _answer("Stats", "统计", 400, 503),
                [
                    _param("year", "年份（默认：索引中最新的年份）"),
                    _param("department", "发文机关（全称）"),
                ],
            ),
            "/api/status": _get("索引状态（仅工作人员）", {**STATUS, **_errors(401, 403)}),
            "/healthz": _get("健康检查", health),
        },
        "components": {"schemas": SCHEMAS},
    }


STATUS = {
    "200": {
        "description": "当前索引与最近运行",
        "content": {"application/json": {"schema": {"type": "object"}}},
    }
}


def _get(summary: str, responses: dict[str, Any], params: list | None = None) -> dict[str, Any]:
    return {"get": {"summary": summary, "parameters": params or [], "responses": responses}}
