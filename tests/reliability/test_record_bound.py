"""One bound for the journal and the outbox: ``--journal-limit``, ``journal_limit``.

A stand-in server left running keeps the newest records of both, so neither grows
without bound (docs/admin.md, "Bound"); the outbox follows the journal's setting, through
the CLI, the fixture config and the handle alike.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from fakepush import FakePush
from tests.reliability.serve_process import REGISTRATIONS, ServeProcess, call, device

PUBLISH = "/FAKEPUSH-APP-ID/FAKEPUSH-REST-API-KEY/messaging/default"
LIMIT = 3
MESSAGES = 5


def _publish_to_one_device(url_call) -> None:
    """One registration, then MESSAGES publishes: MESSAGES pushes, 1 + MESSAGES requests."""
    assert url_call(REGISTRATIONS, device("bounded"))[0] == 200
    for i in range(MESSAGES):
        assert url_call(PUBLISH, {"message": f"m{i}"})[0] == 200


def _messages(pushes) -> list[str]:
    return [push["payload"]["message"] for push in pushes]


NEWEST = [f"m{i}" for i in range(MESSAGES - LIMIT, MESSAGES)]


def test_the_handles_journal_limit_bounds_the_outbox_too():
    fake = FakePush(journal_limit=LIMIT)
    client = fake.client()

    def post(path, body):
        answer = client.post(path, json=body)
        return answer.status_code, answer.get_json()

    _publish_to_one_device(post)
    assert _messages(fake.pushes) == NEWEST
    assert _messages(client.get("/_fakepush/pushes").get_json()["pushes"]) == NEWEST
    assert len(fake.journal) == LIMIT


def test_the_outbox_keeps_ten_thousand_pushes_by_default_as_the_journal():
    fake = FakePush()
    assert fake.state.outbox.limit == fake.journal.limit == 10_000


@pytest.mark.slow
def test_serve_journal_limit_bounds_the_outbox_too(tmp_path):
    served = ServeProcess(tmp_path, "--journal-limit", str(LIMIT))
    try:
        _publish_to_one_device(lambda path, body: call(served.url + path, "POST", body))
        status, answer = call(served.url + "/_fakepush/pushes")
        assert status == 200 and _messages(answer["pushes"]) == NEWEST
        status, answer = call(served.url + "/_fakepush/requests")
        assert status == 200 and len(answer["requests"]) == LIMIT
    finally:
        served.end()


def test_serve_refuses_a_journal_limit_that_is_not_a_count():
    for text in ("0", "-1", "²", "1e3"):
        done = subprocess.run([sys.executable, "-m", "fakepush", "serve", "--journal-limit", text],
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 2 and "--journal-limit" in done.stderr, text


def test_fixture_config_journal_limit_bounds_the_outbox_too(pytester):
    pytester.makeconftest(f"""
import pytest

@pytest.fixture(scope="session")
def fakepush_config():
    return {{"journal_limit": {LIMIT}}}
""")
    pytester.makepyfile(f"""
def test_bounded(fakepush):
    client = fakepush.client()
    assert client.post("{REGISTRATIONS}", json={device("bounded")!r}).status_code == 200
    for i in range({MESSAGES}):
        assert client.post("{PUBLISH}", json={{"message": f"m{{i}}"}}).status_code == 200
    assert [p["payload"]["message"] for p in fakepush.pushes] == {NEWEST!r}
    assert len(fakepush.journal) == {LIMIT}
""")
    pytester.runpytest("-p", "no:randomly").assert_outcomes(passed=1)
