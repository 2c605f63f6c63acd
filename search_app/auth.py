"""Staff login: the gate in front of /status, /api/status and every staff tool.

A reading-room kiosk's browser often runs on the server itself, so neither loopback nor the
network says who is at the keyboard: only the staff password does. Its hash sits in the
settings (`xxgk staff-password` prints one); with none configured the staff pages are off
(403 with the line that turns them on), never open. The login lives in Flask's signed session
cookie; every form carries a token from that session (CSRF), and the session ends after
``staff_session_minutes`` idle.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections import deque
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from flask import Blueprint, Flask, abort, current_app, redirect, render_template, request, session
from werkzeug.security import check_password_hash

from indexer.config import Settings
from indexer.errors import ConfigError

bp = Blueprint("auth", __name__)

OFF = (
    "工作人员页面未开启。请运行 `xxgk staff-password` 生成口令哈希，写入 xxgk.toml 的 "
    "staff_password_hash（或环境变量 XXGK_STAFF_PASSWORD_HASH），然后重启服务。"
)
MAX_TRIES = 10  # wrong passwords per address within TRY_WINDOW_S before logins pause
TRY_WINDOW_S = 60.0
_tries: dict[str, deque[float]] = {}


def init_app(app: Flask, settings: Settings) -> None:
    """Sign sessions with the configured key (else a fresh one: logins end at restart)."""
    hashed = settings.staff_password_hash
    if hashed and hashed.count("$") < 2:  # a password pasted as is would never match
        raise ConfigError(
            "staff_password_hash is not a hash: put the line `xxgk staff-password` prints"
        )
    app.secret_key = settings.secret_key or secrets.token_hex(32)
    app.config.update(
        SESSION_COOKIE_NAME="xxgk_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        PERMANENT_SESSION_LIFETIME=timedelta(minutes=settings.staff_session_minutes),
    )
    app.jinja_env.globals["csrf_token"] = csrf_token
    app.register_blueprint(bp)


def _password_hash() -> str:
    return current_app.extensions["xxgk"].settings.staff_password_hash


def _badge() -> str:
    """Ties a login to the password it was made with: changing the password logs everyone out."""
    return hashlib.sha256(_password_hash().encode()).hexdigest()[:16]


def is_staff() -> bool:
    return bool(_password_hash()) and hmac.compare_digest(str(session.get("staff", "")), _badge())


def csrf_token() -> str:
    """This session's form token; a POST without it is refused."""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def _check_csrf() -> None:
    sent = request.form.get("csrf", "")
    if not sent or not hmac.compare_digest(sent, str(session.get("csrf", ""))):
        abort(400, description="表单已过期或来源不明，请重新打开页面再提交。")


def staff_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Off without a password, a login page for people, 401 for the API."""

    @wraps(view)
    def gated(*args: Any, **kwargs: Any) -> Any:
        if not _password_hash():
            abort(403, description=OFF)
        if not is_staff():
            if request.path.startswith("/api/"):
                abort(401, description="需要工作人员登录（/login）。")
            return redirect("/login?next=" + _safe_next(request.path))
        return view(*args, **kwargs)

    return gated


def _safe_next(target: str | None) -> str:
    """Only our own staff pages are destinations after login: never another site."""
    return target if target in {"/status"} else "/status"


@bp.route("/login", methods=["GET", "POST"])
def login():
    if not _password_hash():
        abort(403, description=OFF)
    target = _safe_next(request.values.get("next"))
    if request.method == "GET":
        return render_template("login.html", next=target, wrong=False)
    _check_csrf()
    if _throttled(request.remote_addr or ""):
        abort(429, description="口令错误次数过多，请一分钟后再试。")
    if not check_password_hash(_password_hash(), request.form.get("password", "")):
        if len(_tries) > 10_000:  # many addresses: forget them rather than grow without end
            _tries.clear()
        _tries.setdefault(request.remote_addr or "", deque()).append(time.monotonic())
        return render_template("login.html", next=target, wrong=True), 403
    session.clear()  # a new session on login: nothing chosen before it carries over
    session.permanent = True
    session["staff"] = _badge()
    return redirect(target)


@bp.post("/logout")
def logout():
    _check_csrf()
    session.clear()
    return redirect("/")


def _throttled(addr: str) -> bool:
    tries = _tries.get(addr)
    if not tries:
        return False
    while tries and time.monotonic() - tries[0] > TRY_WINDOW_S:
        tries.popleft()
    return len(tries) >= MAX_TRIES
