"""``/api/openapi.json`` and ``/api``: the API described once (search_app/openapi.py), served as
OpenAPI for tools and rendered as a plain page for people (no script, nothing from a CDN)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, render_template

from .openapi import document

bp = Blueprint("apidoc", __name__)


@bp.get("/api/openapi.json")
def openapi_json():
    return jsonify(document())


@bp.get("/api")
def api_page():
    doc = document()
    routes = [
        (path, method.upper(), op)
        for path, methods in doc["paths"].items()
        for method, op in methods.items()
    ]
    schemas = [(name, _fields(schema)) for name, schema in doc["components"]["schemas"].items()]
    return render_template("api.html", info=doc["info"], routes=routes, schemas=schemas)


def _fields(schema: dict[str, Any]) -> list[tuple[str, str, bool, str]]:
    """(name, type, required, description) of an object schema's properties."""
    required = set(schema.get("required", ()))
    return [
        (name, type_name(prop), name in required, prop.get("description", ""))
        for name, prop in schema.get("properties", {}).items()
    ]


def type_name(schema: dict[str, Any]) -> str:
    """A short, readable type: ``string | null``, ``array of Hit``, ``Relaxed | null``."""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "oneOf" in schema:
        return " | ".join(type_name(s) for s in schema["oneOf"])
    if "enum" in schema:
        return " | ".join(map(str, schema["enum"]))
    kind = schema.get("type", "any")
    if kind == "array" and "items" in schema:
        return f"array of {type_name(schema['items'])}"
    names = kind if isinstance(kind, list) else [kind]
    if "format" in schema:
        names = [f"{n} ({schema['format']})" if n == "string" else n for n in names]
    return " | ".join(names)
