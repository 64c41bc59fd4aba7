"""Sendbird group-channel messages: what a send-a-message body may hold, and the resource.

Fields and defaults follow
https://sendbird.com/docs/chat/v3/platform-api/message/messaging-basics/send-a-message:
``MESG`` (text), ``FILE`` (a file by URL) and ``ADMM`` (an admin message, no sender, no
push unless ``send_push`` is set). The answer follows SDK 2.1.5's
``SendbirdMessageResponse``: no null where the SDK types a string.
"""

from __future__ import annotations

from typing import Any

from fakepush.jsonbody import whole_number
from fakepush.providers.sendbird.channels import check_object, optional_flag
from fakepush.providers.sendbird.errors import SendbirdError

MESSAGE_TYPES = ("MESG", "FILE", "ADMM")
MENTION_TYPES = ("users", "channel")
TEMPLATE_NAMES = ("default", "alternative")


def _string(body: dict[str, Any], field: str, *, required: bool = False) -> str | None:
    value = body.get(field)
    if value is None:
        if required:
            raise SendbirdError(400105, field=field)
        return None
    if not isinstance(value, str):
        raise SendbirdError(400111, field=field)
    if required and value == "":
        raise SendbirdError(400105, field=field)
    return value


def _template(body: dict[str, Any]) -> str | dict[str, str] | None:
    value = body.get("push_message_template")
    if value is None:
        return None
    if isinstance(value, str):
        if value not in TEMPLATE_NAMES:
            raise SendbirdError(400111, field="push_message_template")
        return value
    if isinstance(value, dict) and all(
        isinstance(value.get(k, ""), str) for k in ("title", "body")
    ):
        custom = {k: value[k] for k in ("title", "body") if value.get(k)}
        # {} is what SDK 2.1.5 sends for a SendAMessageRequestPushMessageTemplate: no override.
        return custom or None
    raise SendbirdError(400111, field="push_message_template")


def _file(body: dict[str, Any]) -> dict[str, Any]:
    """A FILE message's file: ``url`` (required), ``file_name``, ``file_type``, ``file_size``;
    SDK 2.1.5 models them as a ``files`` object, so that is read too."""
    source = body
    files = body.get("files")
    if body.get("url") is None and files is not None:
        if isinstance(files, list) and files and isinstance(files[0], dict):
            source = files[0]
        elif isinstance(files, dict):
            source = files
        else:
            raise SendbirdError(400111, field="files")
    url = _string(source, "url", required=True)
    assert url is not None
    name = _string(source, "file_name") or url.rstrip("/").rsplit("/", 1)[-1]
    size = whole_number(source.get("file_size", 0))  # 5.0 too: JSON has one kind of number
    if size is None or size < 0:
        raise SendbirdError(400111, field="file_size")
    return {"url": url, "name": name, "type": _string(source, "file_type") or "", "size": size}


def parse_message(body: Any) -> dict[str, Any]:
    """Check a send-a-message body in field order; nothing is stored before it passes."""
    body = check_object(body)
    kind = _string(body, "message_type", required=True)
    if kind not in MESSAGE_TYPES:
        raise SendbirdError(400111, field="message_type")
    fields: dict[str, Any] = {"type": kind}
    user_id = _string(body, "user_id", required=kind != "ADMM")
    fields["user_id"] = user_id if kind != "ADMM" else None
    if kind == "FILE":
        fields["file"] = _file(body)
        fields["message"] = _string(body, "message") or ""
    else:
        fields["message"] = _string(body, "message", required=True)
    fields["custom_type"] = _string(body, "custom_type") or ""
    fields["data"] = _string(body, "data") or ""
    mention_type = _string(body, "mention_type") or "users"
    if mention_type not in MENTION_TYPES:
        raise SendbirdError(400111, field="mention_type")
    fields["mention_type"] = mention_type
    mentioned = body.get("mentioned_user_ids")
    if mentioned is None:
        mentioned = []
    if not isinstance(mentioned, list) or not all(isinstance(m, str) for m in mentioned):
        raise SendbirdError(400111, field="mentioned_user_ids")
    fields["mentioned_user_ids"] = list(dict.fromkeys(mentioned))
    fields["send_push"] = optional_flag(body, "send_push", kind != "ADMM")
    fields["is_silent"] = optional_flag(body, "is_silent", False)
    fields["push_message_template"] = _template(body)
    return fields


def message_resource(
    fields: dict[str, Any],
    *,
    message_id: int,
    channel_url: str,
    created_at: int,
    user: dict[str, Any] | None,
    mentioned_users: list[dict[str, Any]],
) -> dict[str, Any]:
    """The message as Sendbird answers it (``user`` left out for an admin message)."""
    resource: dict[str, Any] = {
        "message_id": message_id,
        "type": fields["type"],
        "message": fields["message"],
        "custom_type": fields["custom_type"],
        "data": fields["data"],
        "channel_url": channel_url,
        "channel_type": "group",
        "created_at": created_at,
        "updated_at": 0,
        "mention_type": fields["mention_type"],
        "mentioned_users": mentioned_users,
        "is_removed": False,
        "silent": fields["is_silent"],
        "translations": {},
    }
    if user is not None:
        resource["user"] = user
    if "file" in fields:
        resource["file"] = {**fields["file"], "data": ""}
    return resource


# The parts of a message the push decision reads that its resource does not show.
DECISION_FIELDS = ("mentioned_user_ids", "send_push", "is_silent", "push_message_template")
