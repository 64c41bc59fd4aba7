"""Small builders for the JSON Schemas of the OpenAPI document, shared by every provider."""

from __future__ import annotations

import re
from typing import Any

STRING: dict[str, Any] = {"type": "string"}
INT: dict[str, Any] = {"type": "integer"}
MS: dict[str, Any] = {"type": "integer", "description": "epoch milliseconds, UTC"}
NULLABLE_STRING: dict[str, Any] = {"type": ["string", "null"]}


def any_case(*words: str) -> str:
    """A regular expression (JSON Schema's dialect has no flags) of the words in any case."""
    return "(?:" + "|".join(
        "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else re.escape(c) for c in word)
        for word in words
    ) + ")"


def one_of_words(*words: str) -> dict[str, Any]:
    """A string that is one of the words, in any case (the fake compares them upper-cased)."""
    return {"type": "string", "pattern": f"^{any_case(*words)}$"}


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema, or null: the fake takes a null optional field as absent."""
    kind = schema.get("type")
    if kind is None:
        return {"anyOf": [schema, {"type": "null"}]}
    kinds = kind if isinstance(kind, list) else [kind]
    return {**schema, "type": [*kinds, "null"]}


def ref(name: str) -> dict[str, Any]:
    """A reference to ``components/schemas/<name>``."""
    return {"$ref": f"#/components/schemas/{name}"}


def obj(properties: dict[str, Any], required: list[str] | None = None, **extra: Any) -> dict:
    """An object schema; every property is required unless ``required`` says otherwise."""
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    schema["required"] = list(properties) if required is None else required
    schema.update(extra)
    return schema
