"""Only finite JSON out, numbers and digits refused as 400, a bounded journal, no stalling regex."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest
from tests.reliability.serve_process import REGISTRATIONS, device

from fakepush import FakePush

INFINITE = b"1e400"


def _no_constant(name: str):
    raise AssertionError(f"{name} in a response: not JSON")


def strict_json(data: bytes):
    return json.loads(data, parse_constant=_no_constant)


@pytest.fixture
def fake():
    return FakePush()


def post(client, path: str, raw: bytes):
    return client.post(path, data=raw, headers={"Content-Type": "application/json"})


def test_an_infinite_expiration_stays_out_of_the_journal_and_the_dashboard(fake):
    client = fake.client()
    body = json.dumps(device("inf")).encode()[:-1] + b', "expiration": ' + INFINITE + b"}"
    response = post(client, REGISTRATIONS, body)
    assert response.status_code == 400 and response.get_json()["code"] == 5004
    for path in ("/_fakepush/requests", "/_fakepush/dashboard.json", "/_fakepush/state"):
        answer = client.get(path)
        assert answer.status_code == 200
        strict_json(answer.data)
    record = fake.journal[-1]
    json.dumps(record, allow_nan=False)


@pytest.mark.parametrize("rule", [
    b'{"status": 503, "body": {"n": 1e400}}',
    b'{"status": 503, "body": [-1e400]}',
    b'{"delay_ms": 1e400}',
    b'{"delay_ms": 100000000000000000000000000}',
])
def test_a_fault_with_an_infinite_or_huge_number_is_a_400(fake, rule):
    response = post(fake.client(), "/_fakepush/faults", rule)
    assert response.status_code == 400 and "message" in strict_json(response.data)
    assert fake.faults.list() == []


@pytest.mark.parametrize("body", [
    b'{"advance_ms": 1' + b"0" * 400 + b"}",
    b'{"advance_ms": -1' + b"0" * 400 + b"}",
    b'{"frozen_at": 1' + b"0" * 400 + b"}",
    b'{"frozen_at": 1e400}',
    b'{"advance_ms": 1e400}',
], ids=["advance-10^400", "advance--10^400", "frozen-10^400", "frozen-1e400", "advance-1e400"])
def test_a_clock_value_too_large_is_a_400(fake, body):
    response = fake.client().put("/_fakepush/clock", data=body,
                                 headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert fake.clock.describe()["offset_ms"] == 0 and not fake.clock.describe()["frozen"]


@pytest.mark.parametrize("status", ["²", "٣", "1" * 5000, "-1", "4e2"],
                         ids=["superscript-2", "arabic-3", "5000-digits", "minus", "exponent"])
def test_unicode_digits_or_a_huge_status_filter_is_a_400(fake, status):
    response = fake.client().get("/_fakepush/requests", query_string={"status": status})
    assert response.status_code == 400 and "status" in response.get_json()["message"]


def test_the_journal_keeps_the_newest_records_up_to_its_limit():
    fake = FakePush(journal_limit=50)
    client = fake.client()
    for i in range(80):
        client.get(f"/nope/{i}")
    paths = [record["path"] for record in fake.journal]
    assert paths == [f"/nope/{i}" for i in range(30, 80)]
    assert len(client.get("/_fakepush/requests").get_json()["requests"]) == 50


def test_the_journal_holds_ten_thousand_records_by_default(fake):
    assert fake.journal.limit == 10_000


def test_a_body_over_64_kib_is_kept_cut_and_marked(fake):
    big = b'{"deviceId": "' + b"x" * (200 * 1024) + b'"}'
    post(fake.client(), REGISTRATIONS, big)
    record = fake.journal[-1]
    assert record["request_cut"] is True and record["response_cut"] is False
    assert isinstance(record["request"], str) and len(record["request"].encode()) <= 64 * 1024
    assert record["request"].startswith('{"deviceId": "xxx')


def test_the_dashboard_shows_the_newest_200_records(fake):
    client = fake.client()
    for i in range(230):
        client.get(f"/nope/{i}")
    data = client.get("/_fakepush/dashboard.json").get_json()
    assert [r["path"] for r in data["requests"]] == [f"/nope/{i}" for i in range(30, 230)]
    assert data["requests_total"] == 230


def test_a_catastrophic_pattern_costs_milliseconds_not_the_process():
    """``(a+)+b`` on 40 ``a``s: a backtracking engine needs hours, a linear one microseconds.

    In a subprocess with a generous timeout, so a stalled engine fails the test instead of
    hanging the run.
    """
    script = textwrap.dedent("""
        from fakepush import FakePush
        fake = FakePush()
        client = fake.client()
        answer = client.post("/_fakepush/faults", json={"path": "(a+)+b", "status": 503})
        assert answer.status_code == 200, answer.data
        assert client.get("/" + "a" * 40).status_code == 404
        assert client.get("/" + "a" * 40 + "b").status_code == 503
        print("ok")
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60)
    assert done.stdout.strip() == "ok", done.stderr


@pytest.mark.parametrize("pattern", [r"(a)\1", r"a(?=b)", r"(?<!x)y", r"(?!z)"])
def test_a_pattern_the_linear_engine_cannot_take_is_a_400_naming_it(fake, pattern):
    response = fake.client().post("/_fakepush/faults", json={"path": pattern, "status": 503})
    assert response.status_code == 400
    assert pattern in response.get_json()["message"]
    assert fake.faults.list() == []


@pytest.mark.parametrize("status", [100, 101, 103, 199])
def test_a_fault_with_a_1xx_status_is_refused_at_creation(fake, status):
    response = fake.client().post("/_fakepush/faults", json={"status": status})
    assert response.status_code == 400 and fake.faults.list() == []
