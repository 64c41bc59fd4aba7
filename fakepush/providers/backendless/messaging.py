"""Backendless publish, status, cancel, templates and channel deletion on a store.

The store's lock is taken here; the rules are in ``publish.py`` (bodies), ``delivery.py``
(who receives what, and when), ``messages.py`` (the schedule and status) and
``templates.py``. Everything due is delivered before any of these runs, so a request sees
the outbox and the rows as they are after every delivery its clock time calls for.
"""

from __future__ import annotations

from typing import Any

from fakepush.providers.backendless.delivery import Mailroom, SegmentTest, deliver
from fakepush.providers.backendless.errors import BackendlessError
from fakepush.providers.backendless.messages import (
    Message,
    export_message,
    load_message,
    new_message_id,
    unknown_status,
)
from fakepush.providers.backendless.publish import PublishRequest, check_channel_name, parse_publish
from fakepush.providers.backendless.templates import PLATFORMS, Template, fill, make_template, template_values


class Messaging:
    """The delivery side of one ``BackendlessStore`` (``store.messaging``).

    ``segment`` turns a where clause (``segmentQuery``) into a test of a DeviceRegistration
    row: the data table's own where engine (``table.segment_test``).
    """

    def __init__(self, store: Any, segment: SegmentTest) -> None:
        self.store = store
        self.segment = segment

    # -- lazy delivery ------------------------------------------------------------------

    def deliver_due(self) -> None:
        """Deliver, app by app and in due order, everything due on the fake's clock.

        Called before every request to the provider, and most find nothing due: each
        schedule's head time is read first, without the lock. A message scheduled
        meanwhile by another thread is delivered by that thread under the lock, before
        this request's view can take it.
        """
        store = self.store
        now = store.clock.now_ms()
        # A tuple: the dict may gain an app in another thread while this loop runs.
        for app in tuple(store.apps.values()):
            if app.mail.next_due <= now:
                break
        else:
            return
        with store.lock:
            now = store.clock.now_ms()
            for app in store.apps.values():
                self._deliver_app(app, now)

    def _deliver_app(self, app: Any, now: float) -> None:
        mail: Mailroom = app.mail
        for at, message in mail.due(now):
            deliver(
                mail, app.devices, message, at,
                app_id=app.app_id, outbox=self.store.outbox, segment=self.segment,
            )

    # -- publish ------------------------------------------------------------------------

    def publish(
        self, app: Any, channel: str, body: Any, user_token: str | None = None
    ) -> dict[str, Any]:
        """Publish to ``channel``: an immediate message is delivered before this returns."""
        with self.store.lock:
            self.store.owner_of(app, user_token)
            if not isinstance(body, dict):
                raise BackendlessError(8002, detail="the body must be a JSON object")
            channel = check_channel_name(channel)
            now = self.store.clock.now_ms()
            request = parse_publish(body, now)
            self._check_segment(request.segment_query)
            message = _message(channel, request, now)
            return self._send(app, message, now)

    def _check_segment(self, query: str | None) -> None:
        if query is not None:
            self.segment(query)  # an unparsable clause is refused now (1017), not at delivery

    def _send(self, app: Any, message: Message, now: float) -> dict[str, Any]:
        app.channels.setdefault(message.channel, None)
        app.mail.schedule(message)
        self._deliver_app(app, now)
        return {"messageId": message.message_id, "status": "scheduled", "errorMessage": None}

    # -- status and cancel --------------------------------------------------------------

    def status(self, app: Any, message_id: str, user_token: str | None = None) -> dict[str, Any]:
        with self.store.lock:
            self.store.owner_of(app, user_token)
            message = app.mail.messages.get(message_id)
            return unknown_status(message_id) if message is None else message.status_object()

    def cancel(self, app: Any, message_id: str, user_token: str | None = None) -> dict[str, Any]:
        """Cancel a message with a delivery still to come; 5040 for anything else."""
        with self.store.lock:
            self.store.owner_of(app, user_token)
            message = app.mail.messages.get(message_id)
            if message is None or message.status != "scheduled":
                raise BackendlessError(5040)
            message.cancelled = True
            return {"messageId": message_id, "status": "cancelled"}

    # -- channels -----------------------------------------------------------------------

    def delete_channel(self, app: Any, channel: str, user_token: str | None = None) -> None:
        """Every row on ``channel`` goes, and every pending message to it is cancelled."""
        with self.store.lock:
            self.store.owner_of(app, user_token)
            if channel not in app.channels:
                raise BackendlessError(5010)
            del app.channels[channel]
            for device_id in app.mail.members.pop(channel, {}):
                device = app.devices.get(device_id)
                if device is None:
                    continue
                device.remove(channel)
                if not device.rows():
                    del app.devices[device_id]
            for message in app.mail.pending():
                if message.channel == channel:
                    message.cancelled = True

    # -- templates ----------------------------------------------------------------------

    def add_template(self, app: Any, name: str, message: str, **options: Any) -> dict[str, Any]:
        template = make_template(name, message, **options)
        if template.segment_query is not None:
            try:
                self._check_segment(template.segment_query)
            except BackendlessError as exc:
                raise ValueError(f"template segment_query: {exc.message}") from None
        with self.store.lock:
            app.mail.templates[template.name] = template
        return template.export()

    def remove_template(self, app: Any, name: str) -> bool:
        with self.store.lock:
            return app.mail.templates.pop(name, None) is not None

    def templates(self, app: Any) -> list[dict[str, Any]]:
        with self.store.lock:
            return [t.export() for t in app.mail.templates.values()]

    def templates_for(
        self, app: Any, device_type: str | None, user_token: str | None = None
    ) -> dict[str, Any]:
        """What ``GET pushtemplates/{android|ios}`` answers; without a type, the iOS view."""
        platform = "IOS" if device_type is None else device_type.upper()
        with self.store.lock:
            self.store.owner_of(app, user_token)
            if platform not in PLATFORMS:
                raise BackendlessError(
                    8002, detail=f"device type must be 'android' or 'ios', not {device_type!r}"
                )
            return {
                t.name: t.device_view(platform)
                for t in app.mail.templates.values()
                if platform in t.platforms
            }

    def push_template(
        self, app: Any, name: str, body: Any, user_token: str | None = None
    ) -> dict[str, Any]:
        """Push a template's message, placeholders filled, to its channel and platforms."""
        with self.store.lock:
            self.store.owner_of(app, user_token)
            values = template_values(body)
            template: Template | None = app.mail.templates.get(name)
            if template is None:
                raise BackendlessError(5070, name=name)
            now = self.store.clock.now_ms()
            message = Message(
                message_id=new_message_id(),
                channel=template.channel,
                text=fill(template.message, values),
                headers=template.headers(),
                mask=template.mask(),
                singlecast=(),
                segment_query=template.segment_query,
                next_due=int(now),
                template_name=template.name,
            )
            return self._send(app, message, now)


def _message(channel: str, request: PublishRequest, now: float) -> Message:
    return Message(
        message_id=new_message_id(),
        channel=channel,
        text=request.text,
        headers=request.headers,
        mask=request.mask,
        singlecast=request.singlecast,
        segment_query=request.segment_query,
        next_due=request.publish_at if request.publish_at is not None else int(now),
        repeat_every_ms=None if request.repeat_every is None else request.repeat_every * 1000,
        repeat_expires_at=request.repeat_expires_at,
    )


# -- export and load ------------------------------------------------------------------


def export_mail(app: Any) -> dict[str, Any]:
    """An app's pending messages and templates, as its export holds them."""
    return {
        "messages": [export_message(m) for m in app.mail.pending()],
        "templates": [t.export() for t in app.mail.templates.values()],
    }


def load_mail(app: Any, entry: dict[str, Any]) -> None:
    """An app's exported messages and templates back in (ValueError if malformed)."""
    messages, templates = entry.get("messages", []), entry.get("templates", [])
    if not isinstance(messages, list) or not isinstance(templates, list):
        raise ValueError("messages and templates must be lists")
    for item in templates:
        if not isinstance(item, dict):
            raise ValueError("a template must be an object")
        options = {k: item[k] for k in ("channel", "platforms", "segment_query", "android", "ios")
                   if k in item}
        template = make_template(item.get("name"), item.get("message"), **options)
        app.mail.templates[template.name] = template
    for item in messages:
        message = load_message(item)
        app.channels.setdefault(message.channel, None)
        app.mail.schedule(message)
