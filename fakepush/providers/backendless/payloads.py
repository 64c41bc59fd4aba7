"""What a push service would receive for one Backendless push, per device os.

iOS and macOS go through APNs, with the ``ios-*`` headers of
https://backendless.com/docs/android/push_push_notification_headers.html folded into
``aps`` ("If the header is not present ... Backendless sets the header to the value of
the message argument" for ``ios-alert-body``); Android gets an FCM data message, a flat
map of strings, as ``BackendlessFCMService`` reads it (github.com/Backendless/java-sdk);
Windows Phone gets the same flat map through WNS.
"""

from __future__ import annotations

from typing import Any

SERVICES = {"IOS": "APNS", "OSX": "APNS", "ANDROID": "FCM", "WP": "WNS"}
# The headers APNS payloads fold into "aps" rather than repeat at the top level.
_APS_HEADERS = frozenset(
    (
        "ios-alert-title",
        "ios-alert-subtitle",
        "ios-alert-body",
        "ios-badge",
        "ios-sound",
        "ios-content-available",
    )
)
_TRUE = frozenset(("1", "true", "yes"))


def service_for(os: str) -> str | None:
    """The push service a row's ``os`` (any case) goes through; None for any other os."""
    return SERVICES.get(os.upper())


def _badge(value: str) -> int | None:
    try:
        return int(value.strip())
    except ValueError:
        return None  # a badge that is not a number is left out, as APNs would refuse it


def apns_payload(text: str, headers: dict[str, str]) -> dict[str, Any]:
    alert: dict[str, Any] = {}
    if "ios-alert-title" in headers:
        alert["title"] = headers["ios-alert-title"]
    if "ios-alert-subtitle" in headers:
        alert["subtitle"] = headers["ios-alert-subtitle"]
    alert["body"] = headers.get("ios-alert-body", text)
    aps: dict[str, Any] = {"alert": alert}
    badge = _badge(headers["ios-badge"]) if "ios-badge" in headers else None
    if badge is not None:
        aps["badge"] = badge
    if "ios-sound" in headers:
        aps["sound"] = headers["ios-sound"]
    if headers.get("ios-content-available", "").strip().lower() in _TRUE:
        aps["content-available"] = 1
    payload = {k: v for k, v in headers.items() if k not in _APS_HEADERS}
    # "aps" and "message" are the payload's own: a header of that name does not replace them.
    payload.update(aps=aps, message=text)
    return payload


def flat_payload(text: str, headers: dict[str, str]) -> dict[str, str]:
    """FCM data message and WNS: every header, and ``message``, as strings."""
    payload = dict(headers)
    payload["message"] = text
    return payload


def build_payloads(text: str, headers: dict[str, str]) -> dict[str, dict[str, Any]]:
    """One payload per service, built once per delivery and shared by every push of it."""
    flat = flat_payload(text, headers)
    return {"APNS": apns_payload(text, headers), "FCM": flat, "WNS": flat}
