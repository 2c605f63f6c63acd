"""One mapping from errors to responses: JSON under /api, a plain Chinese page elsewhere."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from indexer.errors import BadQuery, IndexNotReady

_TITLES = {
    400: "无法处理这个查询",
    401: "需要工作人员登录",
    403: "没有权限",
    404: "没有找到这个页面或文件",
    405: "不支持的请求方式",
    429: "请求过于频繁",
    500: "系统出现错误",
    503: "索引正在建立",
}

NOT_READY = "索引尚未建立或暂时无法打开，请稍后再试。"


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
        # the detail can name server paths: it goes to the log, the public gets a plain line
        app.logger.warning("index not ready: %s", exc)
        return _respond(503, NOT_READY)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        return _respond(exc.code or 500, exc.description or "")

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        app.logger.exception("unhandled error")
        return _respond(500, "请稍后再试，或联系信息公开查阅点工作人员。")
