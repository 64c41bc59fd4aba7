"""Small builders for the JSON Schemas of the OpenAPI document, shared by every provider."""

from __future__ import annotations

from typing import Any

STRING: dict[str, Any] = {"type": "string"}
INT: dict[str, Any] = {"type": "integer"}
MS: dict[str, Any] = {"type": "integer", "description": "epoch milliseconds, UTC"}
NULLABLE_STRING: dict[str, Any] = {"type": ["string", "null"]}


def ref(name: str) -> dict[str, Any]:
    """A reference to ``components/schemas/<name>``."""
    return {"$ref": f"#/components/schemas/{name}"}


def obj(properties: dict[str, Any], required: list[str] | None = None, **extra: Any) -> dict:
    """An object schema; every property is required unless ``required`` says otherwise."""
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    schema["required"] = list(properties) if required is None else required
    schema.update(extra)
    return schema
