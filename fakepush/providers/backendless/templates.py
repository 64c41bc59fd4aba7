"""Backendless push templates: made through the fake (the real ones are made in the Console).

Devices read them by platform (``GET messaging/pushtemplates/{android|ios}``: an object
keyed by template name, as ``BackendlessPushHelper.swift`` reads ``templates[name]`` and
the React Native wrapper iterates its keys, github.com/Backendless); a backend pushes one
with ``POST messaging/push/{name}``, smart-text ``{name}`` placeholders filled from
``templateValues`` (https://backendless.com/docs/rest/push_example_notification_from_a_push_template.html).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from fakepush.providers.backendless.errors import BackendlessError
from fakepush.providers.backendless.publish import OS_BITS, check_channel_name

PLATFORMS = ("ANDROID", "IOS")
_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
# Device-side option names that become the push headers the payload builders read.
_IOS_HEADERS = {
    "alertTitle": "ios-alert-title",
    "alertSubtitle": "ios-alert-subtitle",
    "sound": "ios-sound",
    "badge": "ios-badge",
    "contentAvailable": "ios-content-available",
}
_ANDROID_HEADERS = {
    "contentTitle": "android-content-title",
    "summarySubText": "android-summary-subtext",
    "sound": "android-content-sound",
}


@dataclass
class Template:
    name: str
    message: str
    channel: str = "default"
    platforms: tuple[str, ...] = PLATFORMS
    segment_query: str | None = None
    android: dict[str, Any] = field(default_factory=dict)
    ios: dict[str, Any] = field(default_factory=dict)

    def mask(self) -> int:
        bits = 0
        for platform in self.platforms:
            bits |= OS_BITS[platform]
            if platform == "IOS":
                bits |= OS_BITS["OSX"]  # macOS devices register as OSX and take iOS pushes
        return bits

    def device_view(self, platform: str) -> dict[str, Any]:
        options = self.android if platform == "ANDROID" else self.ios
        return {"name": self.name, **options}

    def headers(self) -> dict[str, str]:
        """The headers a push of this template carries: each platform's options and its
        ``customHeaders``, as strings."""
        headers: dict[str, str] = {}
        for options, names in ((self.android, _ANDROID_HEADERS), (self.ios, _IOS_HEADERS)):
            for option, header in names.items():
                value = options.get(option)
                if value is not None and header not in headers:
                    headers[header] = _text(value)
            custom = options.get("customHeaders") or {}
            headers.update({str(k): _text(v) for k, v in custom.items()})
        return headers

    def export(self) -> dict[str, Any]:
        """Every field, in order, as JSON data (the platforms as a list)."""
        return {**asdict(self), "platforms": list(self.platforms)}


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def make_template(
    name: Any,
    message: Any,
    *,
    channel: Any = "default",
    platforms: Any = PLATFORMS,
    segment_query: Any = None,
    android: Any = None,
    ios: Any = None,
) -> Template:
    """A template from the handle or the admin API; ValueError names what is wrong."""
    if not isinstance(name, str) or not name or "/" in name:
        raise ValueError("a template needs a non-empty 'name' without '/'")
    if not isinstance(message, str):
        raise ValueError("a template's 'message' must be a string")
    if not isinstance(channel, str):
        raise ValueError("a template's 'channel' must be a string")
    try:
        channel = check_channel_name(channel)
    except BackendlessError as exc:
        raise ValueError(f"template channel: {exc.message}") from None
    if isinstance(platforms, str) or not isinstance(platforms, (list, tuple)):
        raise ValueError("a template's 'platforms' must be a list of 'ANDROID' and 'IOS'")
    chosen = tuple(dict.fromkeys(str(p).upper() for p in platforms))
    if not chosen or any(p not in PLATFORMS for p in chosen):
        raise ValueError("a template's 'platforms' must be a list of 'ANDROID' and 'IOS'")
    if segment_query is not None and not isinstance(segment_query, str):
        raise ValueError("a template's 'segment_query' must be a string")
    options = {}
    for label, value in (("android", android), ("ios", ios)):
        value = {} if value is None else value
        if not isinstance(value, dict):
            raise ValueError(f"a template's '{label}' options must be an object")
        custom = value.get("customHeaders")
        if custom is not None and not isinstance(custom, dict):
            raise ValueError(f"'{label}.customHeaders' must be an object")
        options[label] = dict(value)
    return Template(name, message, channel, chosen, segment_query, options["android"], options["ios"])


def fill(text: str, values: dict[str, Any]) -> str:
    """``{name}`` placeholders replaced from ``values``; unknown ones stay as written."""

    def replace(match: re.Match[str]) -> str:
        key = match.group(1)
        return _text(values[key]) if key in values else match.group(0)

    return _PLACEHOLDER.sub(replace, text)


def template_values(body: Any) -> dict[str, Any]:
    """The three body shapes: ``{"templateValues": {...}}``, the values map itself, or empty
    (None: no body at all)."""
    if body is None:
        return {}
    if not isinstance(body, dict):
        raise BackendlessError(8002, detail="the body must be a JSON object")
    if "templateValues" in body:
        values = body["templateValues"]
        if values is None:
            return {}
        if not isinstance(values, dict):
            raise BackendlessError(8002, detail="'templateValues' must be an object")
        return values
    return body
