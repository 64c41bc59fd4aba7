"""Nothing acknowledged is lost under load: 8 threads, persistent connections, several apps.

Each device (and Sendbird user) belongs to one thread, so the final state follows from
that thread's acknowledged answers alone; bench/load.py holds the driver and the model.
"""

from __future__ import annotations

import pytest

REQUESTS = 20000
THREADS = 8
# A deadline, not a speed limit: the threads stop here and the test fails if it is short.
DEADLINE_SECONDS = 150


@pytest.mark.slow
def test_concurrent_mix_loses_no_acknowledged_registration(bench_load, quiet_werkzeug):
    fake, backendless_apps, sendbird_apps = bench_load.make_fake(apps=3)
    try:
        result = bench_load.run_load(
            fake,
            count=REQUESTS,
            threads=THREADS,
            duration=DEADLINE_SECONDS,
            backendless_apps=backendless_apps,
            sendbird_apps=sendbird_apps,
        )
    finally:
        fake.stop()
    assert result.requests >= REQUESTS, f"only {result.requests} requests before the deadline"
    assert result.failures() == []
    assert result.statuses[200] > REQUESTS // 2
    # The model is not empty: the comparison had rows (and tokens) to lose.
    assert result.expected_rows > 100
    if sendbird_apps:
        assert result.expected_tokens > 100


def test_load_model_notices_a_lost_registration(bench_load, quiet_werkzeug):
    """The comparison can fail: a row removed behind the threads' backs is reported lost."""
    fake, backendless_apps, _ = bench_load.make_fake(apps=2)
    try:
        result = bench_load.run_load(
            fake, count=400, threads=2, duration=60, backendless_apps=backendless_apps
        )
        assert result.failures() == []
        app = backendless_apps[0]
        row = fake.backendless.registrations(app["app_id"])[0]
        fake.state.backendless.app_by_id(app["app_id"]).devices.pop(row["deviceId"])
        bench_load.compare(fake, result, backendless_apps, [])
    finally:
        fake.stop()
    assert any(lost[1] == row["deviceId"] for lost in result.lost)
    assert result.failures() != []
