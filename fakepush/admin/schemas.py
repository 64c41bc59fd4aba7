"""The JSON Schemas of the admin API; config, export and journal take each provider's part."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fakepush.clock import MAX_DATE_MS
from fakepush.faults import MAX_DELAY_MS
from fakepush.providers.base import Provider
from fakepush.providers.schema import INT, MS, NULLABLE_STRING, STRING, obj, ref
from fakepush.state import PROFILES


def _fault_fields(names: list[str]) -> dict[str, Any]:
    return {
        "provider": {"enum": [*names, None]},
        "method": {"type": ["string", "null"], "minLength": 1},
        "path": {"type": ["string", "null"], "description": "regex searched in the raw path"},
        "times": {"type": ["integer", "null"], "minimum": 1, "description": "null: always"},
        "status": {"type": ["integer", "null"], "minimum": 200, "maximum": 599},
        "body": {"description": "the JSON body answered with status (default {})"},
        "delay_ms": {"type": "number", "minimum": 0, "maximum": MAX_DELAY_MS},
        "drop": {"type": "boolean"},
    }


def admin_schemas(providers: Sequence[Provider]) -> dict[str, Any]:
    """The admin API's schemas; config, export and journal take each provider's part."""
    names = [p.name for p in providers]
    fault_fields = _fault_fields(names)
    app_lists = {
        p.apps_key: {"type": "array", "items": ref(p.app_schema)} for p in providers
    }
    return {
        "AdminError": obj(
            {"message": STRING, "request_id": {"type": ["integer", "null"]}},
            required=["message"],
            description="Every admin API error, with the HTTP status (400 bad body, 401 admin "
            "token, 404, 405, 413, 500).",
        ),
        "Empty": {"type": "object", "maxProperties": 0},
        "Status": obj({"status": STRING}),
        "Deleted": obj({"deleted": {"type": "integer", "minimum": 0}}),
        "Clock": obj({"now": MS, "frozen": {"type": "boolean"}, "offset_ms": INT}),
        "ClockChange": {
            "type": "object",
            "properties": {
                "frozen_at": {"type": "number", "minimum": 0, "maximum": MAX_DATE_MS,
                              "description": "freeze at this epoch ms"},
                "advance_ms": {"type": "number", "minimum": -MAX_DATE_MS,
                               "maximum": MAX_DATE_MS, "description": "move by this many "
                               "ms; the clock must stay within 1970..9999"},
            },
            "minProperties": 1,
            "maxProperties": 1,
            "additionalProperties": False,
        },
        "FaultRule": {
            "type": "object",
            "properties": fault_fields,
            "additionalProperties": False,
            "anyOf": [
                {"required": ["status"], "properties": {"status": {"type": "integer"}}},
                {"required": ["delay_ms"], "properties": {"delay_ms": {"exclusiveMinimum": 0}}},
                {"required": ["drop"], "properties": {"drop": {"const": True}}},
            ],
            "description": "Needs a status, a delay_ms or drop; without times it fires once. "
            "path is RE2 syntax (no backreferences, no lookaround).",
        },
        "Fault": obj(
            {"id": INT, **fault_fields, "remaining": {"type": ["integer", "null"]}},
            additionalProperties=False,
        ),
        "Faults": obj({"faults": {"type": "array", "items": ref("Fault")}}),
        "FaultId": obj({"id": INT}),
        "JournalRecord": obj(
            {
                "id": INT,
                "at": MS,
                "method": STRING,
                "path": STRING,
                "provider": {"enum": [*names, None]},
                "operation": NULLABLE_STRING,
                "app_id": NULLABLE_STRING,
                "status": INT,
                "error_code": {"type": ["integer", "null"]},
                "request": {"description": "parsed JSON, else text, else null"},
                "request_cut": {"type": "boolean", "description": "the body was over 64 KiB: "
                                "request holds the text of its first 64 KiB"},
                "response": {"description": "parsed JSON, else text, else null"},
                "response_cut": {"type": "boolean"},
                "duration_ms": {"type": "number"},
                "profile": {
                    "enum": ["docs", "sdk"],
                    "description": "the profile that answered (profile auto picks one per request)",
                },
                "fault": {
                    "type": ["integer", "null"],
                    "description": "the id of the fault rule that made this answer, or null",
                },
            }
        ),
        "Requests": obj({"requests": {"type": "array", "items": ref("JournalRecord")}}),
        "Config": obj(
            {"profile": {"enum": list(PROFILES)}, **app_lists},
            required=["profile", *app_lists],
        ),
        "ConfigChange": {
            "type": "object",
            "properties": {"profile": {"enum": list(PROFILES)}, **app_lists},
            "additionalProperties": False,
        },
        "State": {
            "type": "object",
            "properties": {"version": INT, **{p.name: ref(p.export_schema) for p in providers}},
            "required": ["version", *names],
            "description": "What GET state exports and PUT state and --state-file load: apps "
            "and provider data, not the profile, journal, faults or clock.",
        },
        "StateLoad": {
            "type": "object",
            "properties": {
                "version": {"description": "read by nobody: GET state answers 1"},
                **{p.name: ref(p.export_schema) for p in providers},
            },
            "description": "An export (GET state); a provider left out loads as its default "
            "app alone.",
        },
        "DashboardData": obj(
            {
                "config": ref("Config"),
                "clock": ref("Clock"),
                "state": ref("State"),
                "faults": {"type": "array", "items": ref("Fault")},
                "requests": {"type": "array", "items": ref("JournalRecord")},
                "requests_total": INT,
                "pushes": {"type": "array", "items": ref("Push")},
                "pushes_total": INT,
            }
        ),
    }
