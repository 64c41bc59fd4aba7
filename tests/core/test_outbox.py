"""The outbox core: records, filters, the bound, rejected tokens and the read hook."""

import pytest

from fakepush.outbox import Outbox


def _push(outbox, token="tok-1", **fields):
    values = dict(
        at=1_000,
        provider="backendless",
        app_id="APP",
        message_id="message:1",
        channel="default",
        service="FCM",
        token=token,
        payload={"message": "hi"},
    )
    values.update(fields)
    return outbox.record(**values)


def test_records_are_numbered_from_one_and_read_oldest_first():
    outbox = Outbox()
    _push(outbox, "a")
    _push(outbox, "b")
    assert [p["token"] for p in outbox] == ["a", "b"]
    assert [p["id"] for p in outbox] == [1, 2]
    assert outbox[0]["status"] == "sent" and outbox[0]["error"] is None
    assert len(outbox) == 2


def test_filter_matches_every_given_field_and_ignores_none():
    outbox = Outbox()
    _push(outbox, "a", user_id="alice", service="APNS")
    _push(outbox, "b", user_id="bob")
    assert [p["token"] for p in outbox.filter(user_id="alice")] == ["a"]
    assert [p["token"] for p in outbox.filter(user_id=None, service="FCM")] == ["b"]
    with pytest.raises(TypeError):
        outbox.filter(colour="red")


def test_a_push_to_a_rejected_token_is_recorded_failed_until_accepted():
    outbox = Outbox()
    outbox.reject_token("a", error="UNREGISTERED")
    failed = _push(outbox, "a")
    assert (failed.status, failed.error) == ("failed", "UNREGISTERED")
    assert outbox.accept_token("a") is True
    assert outbox.accept_token("a") is False
    assert _push(outbox, "a").status == "sent"


def test_only_the_newest_records_are_kept():
    outbox = Outbox(limit=3)
    for token in "abcde":
        _push(outbox, token)
    assert [p["token"] for p in outbox] == ["c", "d", "e"]
    assert outbox[0]["id"] == 3


def test_a_reader_cannot_change_a_record_through_its_copy():
    outbox = Outbox()
    _push(outbox, payload={"aps": {"alert": "hi"}})
    outbox[0]["payload"]["aps"]["alert"] = "changed"
    assert outbox[0]["payload"] == {"aps": {"alert": "hi"}}


def test_every_read_runs_the_hook_first_so_due_messages_are_delivered():
    outbox = Outbox()
    outbox.before_read = lambda: _push(outbox, "due") if not outbox._pushes else None
    assert [p["token"] for p in outbox.filter()] == ["due"]


def test_reset_forgets_pushes_ids_and_rejected_tokens_clear_keeps_rejections():
    outbox = Outbox()
    outbox.reject_token("a")
    _push(outbox, "a")
    assert outbox.clear() == 1
    assert _push(outbox, "a").status == "failed"
    outbox.reset()
    assert len(outbox) == 0 and outbox.rejected_tokens() == {}
    assert _push(outbox, "a").id == 1


def test_an_unknown_service_is_refused():
    with pytest.raises(ValueError):
        _push(Outbox(), service="SMS")
