"""The OpenAPI 3.1 document: the admin routes written here, every provider's from its table.

Each provider's operations come from its route table (``providers/<name>/routes.py``),
the same rows that register its Flask rules, and its schemas from its ``openapi.py``;
this module holds only the admin routes and assembles the rest.
``tests/admin/test_openapi.py`` validates the fake's real responses against the document
and checks that every Flask route is described.
"""

from __future__ import annotations

import re
from pathlib import Path
from collections.abc import Iterator, Sequence
from typing import Any

from fakepush import __version__
from fakepush.admin import openapi_outbox
from fakepush.admin.schemas import admin_schemas
from fakepush.providers.base import Provider, Route
from fakepush.providers.schema import STRING, ref
from fakepush.web.errors import ADMIN_PREFIX

JSON = "application/json"
# The dashboard's own files (fakepush/admin/static), the only ones static/ serves.
STATIC_FILES = sorted(p.name for p in (Path(__file__).parent / "static").iterdir())
_RULE_PARAMETER = re.compile(r"<(?:([^:>]+):)?([^>]+)>")


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {JSON: {"schema": schema}}}


_ERROR_WORDS = {
    400: "a provider or admin error",
    401: "admin token missing or wrong",
    403: "unknown app",
    404: "no such route",
    405: "method not allowed",
    413: "body over 1 MiB",
    500: "unexpected error; names the request id",
}


def _errors(schema: str, *statuses: int) -> dict[str, Any]:
    return {str(s): _json(ref(schema), _ERROR_WORDS.get(s, "a provider error")) for s in statuses}


def _param(name: str, description: str = "", where: str = "path") -> dict[str, Any]:
    param: dict[str, Any] = {"name": name, "in": where, "schema": STRING}
    if where == "path":
        param["required"] = True
    if description:
        param["description"] = description
    return param


def _operation(
    operation_id: str,
    summary: str,
    ok: dict[str, Any],
    errors: dict[str, Any],
    *,
    tag: str,
    params: list[dict[str, Any]] | None = None,
    body: str | None = None,
    body_required: bool = True,
) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "operationId": operation_id,
        "summary": summary,
        "tags": [tag],
        "responses": {"200": ok, **errors},
    }
    if params:
        operation["parameters"] = params
    if body:
        operation["requestBody"] = {
            "required": body_required,
            "content": {JSON: {"schema": ref(body)}},
        }
    return operation


def _ok(route: Route) -> dict[str, Any]:
    schema = ref(route.response) if isinstance(route.response, str) else route.response
    return _json(schema, route.description)


def _operations(
    route: Route,
    *,
    tag: str,
    id_prefix: str,
    headers: Sequence[dict[str, Any]] = (),
    form_params: Sequence[Sequence[dict[str, Any]]] = (),
    path_schemas: dict[str, Any] | None = None,
    query_params: dict[str, dict[str, Any]] | None = None,
) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(OpenAPI path, method, operation) for every rule and method of a route row.

    ``query_params`` adds to (or replaces) the fields of a query parameter by name.
    """
    for index, rule in enumerate(route.rules):
        params = []
        for _, name in _RULE_PARAMETER.findall(rule):
            param = _param(name, route.params.get(name, ""))
            if path_schemas and name in path_schemas:
                param["schema"] = path_schemas[name]
            params.append(param)
        params += [dict(p) for p in (form_params[index] if index < len(form_params) else ())]
        params += [dict(p) for p in headers]
        params += [
            {**_param(name, text, "query"), **(query_params or {}).get(name, {})}
            for name, text in route.query.items()
        ]
        for param in params:
            if param["name"] in route.param_schemas:
                param["schema"] = route.param_schemas[param["name"]]
        path = _RULE_PARAMETER.sub(r"{\2}", rule)
        operation_id = f"{id_prefix}_{route.operation}{route.form_suffix(index)}"
        for method in route.methods:
            yield (
                path,
                method.lower(),
                _operation(
                    operation_id if len(route.methods) == 1 else f"{operation_id}_{method.lower()}",
                    route.summary,
                    _ok(route),
                    {},
                    tag=tag,
                    params=params,
                    body=route.request,
                    body_required=route.request_required,
                ),
            )


def _with_refusals(responses: dict[str, Any], refusals: dict[int, str], status: str) -> None:
    """List on one error response the codes a well-formed request may still get (``Route``)."""
    if not refusals:
        return
    response = dict(responses[status])
    reasons = "; ".join(f"{code}: {why}" for code, why in sorted(refusals.items()))
    response["description"] += f"; a well-formed request still gets, for the state it meets: {reasons}"
    response["x-state-codes"] = sorted(refusals)
    responses[status] = response


def provider_paths(provider: Provider) -> dict[str, Any]:
    """The OpenAPI paths of a provider, from its route table."""
    errors = _errors(provider.error_schema, *provider.error_statuses)
    paths: dict[str, Any] = {}
    for route in provider.routes:
        for path, method, operation in _operations(
            route,
            tag=provider.title,
            id_prefix=provider.name,
            headers=provider.header_params,
            form_params=provider.form_params,
            path_schemas=dict(provider.path_param_schemas),
        ):
            operation["responses"].update(errors)
            _with_refusals(operation["responses"], {**provider.refusals, **route.refusals}, "400")
            paths.setdefault(path, {})[method] = operation
    return paths


def _admin_paths(providers: Sequence[Provider], routes: Sequence[Route]) -> dict[str, Any]:
    """The admin API's rows (``routes``), the dashboard page, then each provider's admin rows."""
    errors = _errors("AdminError", 401, 404, 405, 413, 500)
    bad = _errors("AdminError", 400)
    query_params = {
        "provider": {"description": " or ".join(p.name for p in providers)},
        "status": {"schema": {"type": "integer", "minimum": 0, "maximum": 999}},
    }
    paths: dict[str, Any] = {}
    rows = [*routes, *(route for provider in providers for route in provider.admin_routes)]
    for route in rows:
        for path, method, operation in _operations(
            route, tag="Admin", id_prefix="admin", query_params=query_params
        ):
            # A row that reads a body or a query can answer 400 (a bad one).
            invalid = bad if route.request or route.query else {}
            operation["responses"] = {"200": _ok(route), **invalid, **errors}
            for status, why in route.refusals.items():  # admin errors: named by HTTP status
                _with_refusals(operation["responses"], {status: why}, str(status))
            paths.setdefault(ADMIN_PREFIX + path, {})[method] = operation
    paths[ADMIN_PREFIX + "/"] = {
        "get": _page_operation(
            "admin_dashboard",
            "The dashboard (HTML); with an admin token open it as ?token=...",
            [_param("token", "the admin token, if the fake has one", "query")],
            "the page",
            {"text/html": {"schema": STRING}},
            errors,
        )
    }
    paths[ADMIN_PREFIX + "/static/{filename}"] = {
        "get": _page_operation(
            "admin_static",
            "The dashboard's script and style sheet",
            [{**_param("filename"), "schema": {"enum": STATIC_FILES}}, _param("token", "", "query")],
            "the file",
            {"text/javascript": {"schema": STRING}, "text/css": {"schema": STRING}},
            errors,
        )
    }
    return paths


def _page_operation(
    operation_id: str,
    summary: str,
    params: list[dict[str, Any]],
    description: str,
    content: dict[str, Any],
    errors: dict[str, Any],
) -> dict[str, Any]:
    """An admin route that answers a file, not JSON: the dashboard page and its assets."""
    return {
        "operationId": operation_id,
        "summary": summary,
        "tags": ["Admin"],
        "parameters": params,
        "responses": {"200": {"description": description, "content": content}, **errors},
    }


def openapi_document(
    providers: Sequence[Provider], admin_routes: Sequence[Route]
) -> dict[str, Any]:
    """The whole document; built on each call (cheap), so it never holds stale state."""
    schemas: dict[str, Any] = {}
    paths: dict[str, Any] = {}
    for provider in providers:
        schemas.update(provider.schemas)
        paths.update(provider_paths(provider))
    schemas.update(admin_schemas(providers))
    schemas.update(openapi_outbox.SCHEMAS)
    titles = " and ".join(p.title for p in providers)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "fakepush",
            "version": __version__,
            "description": f"An in-memory fake of the push APIs of {titles or 'no provider'}, "
            "with an admin API under /_fakepush/. Every error is JSON in its provider's shape.",
        },
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "adminToken": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "Only when the fake was started with --admin-token.",
                }
            },
        },
        "tags": [
            *({"name": p.title, "description": p.description} for p in providers),
            {"name": "Admin", "description": "Inspect and steer the fake"},
        ],
        "paths": {**paths, **_admin_security(_admin_paths(providers, admin_routes))},
    }


def _admin_security(paths: dict[str, Any]) -> dict[str, Any]:
    """Admin routes need the bearer token only when the fake has one: both are valid."""
    for operations in paths.values():
        for operation in operations.values():
            operation["security"] = [{}, {"adminToken": []}]
    return paths
