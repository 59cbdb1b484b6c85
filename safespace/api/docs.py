"""The API's documentation as a page: every operation of the OpenAPI document, in words.

Written from the document itself, so it cannot drift from what the API does, and drawn on the
server like every other page: no script, nothing fetched from elsewhere.
"""

from __future__ import annotations

import functools
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET
from ninja.responses import Response

from safespace.api.views import api

METHODS = ("get", "post", "put", "patch", "delete")


def _type(schema: dict[str, Any], components: dict[str, Any]) -> str:
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return functools.reduce(
            lambda one, other: gettext("%(one)s or %(other)s") % {"one": one, "other": other},
            (_type(option, components) for option in schema["anyOf"]),
        )
    if schema.get("type") == "array":
        return gettext("list of %(type)s") % {"type": _type(schema.get("items", {}), components)}
    return str(schema.get("format") or schema.get("type") or "any")


def _fields(schema: dict[str, Any], components: dict[str, Any]) -> list[dict[str, str]]:
    required = set(schema.get("required", ()))
    return [
        {
            "name": name,
            "type": _type(field, components),
            "required": gettext("Required") if name in required else gettext("Optional"),
            "description": str(field.get("description", "")),
        }
        for name, field in schema.get("properties", {}).items()
    ]


@require_GET
def document(request: HttpRequest) -> HttpResponse:
    """The OpenAPI document, as django-ninja generates it from the operations' schemas."""
    return Response(api.get_openapi_schema())


@require_GET
def page(request: HttpRequest) -> HttpResponse:
    document = api.get_openapi_schema()
    components = document.get("components", {}).get("schemas", {})
    operations = []
    for address, methods in document["paths"].items():
        for method in METHODS:
            if method not in methods:
                continue
            operation = methods[method]
            body = (
                operation.get("requestBody", {})
                .get("content", {})
                .get("application/json", {})
                .get("schema")
            )
            operations.append(
                {
                    "method": method.upper(),
                    "address": address,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": [
                        {
                            "name": p["name"],
                            "type": _type(p.get("schema", {}), components),
                            "required": gettext("Required")
                            if p.get("required")
                            else gettext("Optional"),
                            "description": p.get("description", "")
                            or p.get("schema", {}).get("description", ""),
                        }
                        for p in operation.get("parameters", [])
                    ],
                    "body": _type(body, components) if body else "",
                    "statuses": ", ".join(str(status) for status in operation.get("responses", {})),
                    "responses": [
                        {"status": status, "description": answer.get("description", "")}
                        for status, answer in operation.get("responses", {}).items()
                    ],
                }
            )
    schemas = [
        {"name": name, "fields": _fields(schema, components)}
        for name, schema in sorted(components.items())
    ]
    return render(
        request,
        "api/docs.html",
        {"info": document["info"], "operations": operations, "schemas": schemas},
    )
