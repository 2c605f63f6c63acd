"""One mapping from errors to responses: JSON under /api, a plain Chinese page elsewhere."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from indexer.errors import BadQuery, IndexNotReady

_TITLES = {
    400: "无法处理这个查询",
    404: "没有找到这个页面或文件",
    405: "不支持的请求方式",
    500: "系统出现错误",
    503: "索引正在建立",
}


def _respond(status: int, message: str):
    if request.path.startswith("/api/") or request.path == "/healthz":
        return jsonify(
            {"error": _TITLES.get(status, "错误"), "message": message, "status": status}
        ), status
    html = render_template(
        "error.html", status=status, title=_TITLES.get(status, "错误"), message=message
    )
    return html, status


def init_app(app: Flask) -> None:
    @app.errorhandler(BadQuery)
    def bad_query(exc: BadQuery):
        return _respond(400, str(exc))

    @app.errorhandler(IndexNotReady)
    def not_ready(exc: IndexNotReady):
        return _respond(503, str(exc))

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        return _respond(exc.code or 500, exc.description or "")

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        app.logger.exception("unhandled error")
        return _respond(500, "请稍后再试，或联系信息公开查阅点工作人员。")
