"""Faults on a real socket: a dropped connection, a delay that stalls only its own request."""

from __future__ import annotations

import http.client
import json
import threading
import time

import pytest

from fakepush import create_app
from fakepush.handle import LiveServer
from fakepush.state import FakeState
from fakepush.providers import ALL

BASE = "/FAKEPUSH-APP-ID/FAKEPUSH-REST-API-KEY/messaging/registrations"


@pytest.fixture
def live():
    state = FakeState(ALL)
    server = LiveServer(create_app(state))
    server.start()
    yield state, server
    server.stop()


def request(server, method, path, body=None, timeout=10):
    connection = http.client.HTTPConnection(server.host, server.port, timeout=timeout)
    try:
        headers = {"Content-Type": "application/json"} if body is not None else {}
        connection.request(method, path, None if body is None else json.dumps(body), headers)
        response = connection.getresponse()
        return response.status, json.loads(response.read() or b"null")
    finally:
        connection.close()


def device(device_id):
    return {"deviceId": device_id, "deviceToken": "t", "os": "IOS", "osVersion": "17"}


def test_drop_rule_closes_the_connection_without_an_answer_or_running_the_route(live):
    state, server = live
    state.faults.add(provider="backendless", method="POST", drop=True)

    with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
        request(server, "POST", BASE, device("dropped"))

    assert state.backendless.device(state.backendless.app_by_id(), "dropped") is None
    assert request(server, "POST", BASE, device("next"))[0] == 200


def test_status_rule_answers_on_a_real_socket(live):
    state, server = live
    state.faults.add(status=503, body={"message": "try later"})
    assert request(server, "POST", BASE, device("d1")) == (503, {"message": "try later"})
    assert request(server, "POST", BASE, device("d1"))[0] == 200


@pytest.mark.slow
def test_delay_rule_runs_the_route_late_without_stalling_other_clients(live):
    state, server = live
    request(server, "POST", BASE, device("slow"))
    # Long enough that the quick request surely finishes first, short enough for a test.
    state.faults.add(path="/slow$", delay_ms=1500)
    slow_result: list = []
    slow = threading.Thread(
        target=lambda: slow_result.append(request(server, "GET", f"{BASE}/slow"))
    )
    slow.start()
    try:
        # The rule fires once and then disappears: that is when the slow request is in.
        for _ in range(500):
            if not state.faults.list():
                break
            time.sleep(0.01)
        assert not state.faults.list(), "the delayed request never reached the server"
        assert request(server, "GET", f"{BASE}/missing")[0] == 400
        assert slow.is_alive(), "the delayed request finished before the quick one"
    finally:
        slow.join(timeout=10)
    assert slow_result and slow_result[0][0] == 200
    assert slow_result[0][1]["deviceId"] == "slow"


def test_faults_never_match_admin_requests_on_a_live_server(live):
    state, server = live
    state.faults.add(drop=True, times=None)
    assert request(server, "GET", "/_fakepush/health") == (200, {"status": "ok"})
