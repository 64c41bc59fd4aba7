"""Who receives a Backendless message, and when: the per-app mailroom.

Each app keeps an index of the devices ever registered on each channel, so a publish
reads only the channel's rows, never the rest of the app (a channel of 100,000 rows in an
app of 1,000,000 costs what it costs alone). The index may hold devices that have since
left the channel; a delivery checks each row and prunes what is gone, so the rules that
remove rows (cancel, expiry, load) need not know about it.

Scheduled messages wait in a heap by due time. Whoever touches the app first delivers
what is due, in due order, against the rows as they were at each due time: a row created
after it, or expired at it, gets nothing. Every change to a row goes through a request,
which delivers what is due before it runs, so the rows seen are the rows of that time.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections.abc import Callable, Iterator
from typing import Any

from fakepush.providers.backendless.messages import Message
from fakepush.providers.backendless.payloads import build_payloads, service_for
from fakepush.providers.backendless.publish import os_in_mask
from fakepush.outbox import Outbox
from fakepush.providers.backendless.table import row_object

PROVIDER = "backendless"
# A segment: given a where clause, a test of one DeviceRegistration row (a dict).
SegmentTest = Callable[[str], Callable[[dict[str, Any]], bool]]


class Mailroom:
    """One app's channel index, messages (by id, in publish order) and schedule."""

    def __init__(self) -> None:
        self.members: dict[str, dict[str, None]] = {}
        self.messages: dict[str, Message] = {}
        self.templates: dict[str, Any] = {}  # name -> templates.Template
        self._schedule: list[tuple[int, int, str]] = []
        self._order = itertools.count()
        # The due time at the head of the schedule (inf when empty), kept as one attribute
        # so ``Messaging.deliver_due`` can read it without the lock on every request.
        self.next_due: float = math.inf

    def clear(self) -> None:
        self.members.clear()
        self.messages.clear()
        self.templates.clear()
        self._schedule.clear()
        self.next_due = math.inf

    def index(self, channel: str, device_id: str) -> None:
        """Note that ``device_id`` has (had) a row on ``channel``; called on every new row."""
        members = self.members.get(channel)
        if members is None:
            members = self.members[channel] = {}
        members[device_id] = None

    def schedule(self, message: Message) -> None:
        self.messages[message.message_id] = message
        if message.next_due is not None:
            heapq.heappush(self._schedule, (message.next_due, next(self._order), message.message_id))
            self.next_due = self._schedule[0][0]

    def pending(self) -> Iterator[Message]:
        """Messages with a delivery still to come (what an export keeps)."""
        return (m for m in self.messages.values() if m.next_due is not None and not m.cancelled)

    def due(self, now_ms: float) -> list[tuple[int, Message]]:
        """(due time, message) for every delivery due by ``now_ms``, in due order (ties in
        publish order); several repeating messages interleave as their times do, and
        ``Message.due_times`` bounds each one's catch-up."""
        heap = self._schedule
        deliveries: list[tuple[int, int, Message]] = []
        while heap and heap[0][0] <= now_ms:
            at, order, message_id = heapq.heappop(heap)
            message = self.messages.get(message_id)
            if message is None or message.cancelled or message.next_due != at:
                continue  # cancelled, or deleted with its channel
            deliveries.extend((time, order, message) for time in message.due_times(now_ms))
            if message.next_due is not None:  # past now_ms: not popped again in this loop
                heapq.heappush(heap, (message.next_due, order, message_id))
        self.next_due = heap[0][0] if heap else math.inf
        deliveries.sort(key=lambda delivery: (delivery[0], delivery[1]))
        return [(time, message) for time, _, message in deliveries]

    def recipients(
        self, devices: dict[str, Any], message: Message, at: int
    ) -> Iterator[tuple[Any, Any]]:
        """(device, row) of every live row on the message's channel at ``at``, pruning the
        index of devices that left it."""
        channel = message.channel
        members = self.members.get(channel)
        if not members:
            return
        wanted = message.singlecast or list(members)
        gone = []
        for device_id in wanted:
            if device_id not in members:
                continue
            device = devices.get(device_id)
            row = None if device is None else device.row(channel)
            if row is None:
                gone.append(device_id)
                continue
            if row.created > at or (row.expiration is not None and row.expiration <= at):
                continue
            yield device, row
        for device_id in gone:
            members.pop(device_id, None)


def deliver(
    mailroom: Mailroom,
    devices: dict[str, Any],
    message: Message,
    at: int,
    *,
    app_id: str,
    outbox: Outbox,
    segment: SegmentTest,
) -> None:
    """Push one delivery of ``message`` at ``at`` to each of its recipients' tokens."""
    if message.text is None:
        message.note_delivery(at, 0, 0, set())
        return
    headers = message.headers
    if message.template_name is not None:
        headers = {**headers, "template_name": message.template_name}
    payloads = build_payloads(message.text, headers)
    test = None
    if message.segment_query is not None:
        test = segment(message.segment_query)
    sent = failed = 0
    errors: set[str] = set()
    for device, row in mailroom.recipients(devices, message, at):
        if not os_in_mask(device.os, message.mask):
            continue
        service = service_for(device.os)
        if service is None:
            continue
        if test is not None and not test(row_object(device, row)):
            continue
        push = outbox.record(
            at=at,
            provider=PROVIDER,
            app_id=app_id,
            message_id=message.message_id,
            channel=message.channel,
            service=service,
            token=device.device_token,
            payload=payloads[service],
            device_id=device.device_id,
            user_id=row.owner_id,
        )
        if push.error is None:
            sent += 1
        else:
            failed += 1
            errors.add(push.error)
    message.note_delivery(at, sent, failed, errors)
