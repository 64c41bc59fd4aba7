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


def test_bench_load_script_runs_from_the_repository_root():
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "bench/load.py", "--count", "300", "--threads", "2", "--apps", "2"],
        cwd=root, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    for label in ("requests held", "requests/second", "5xx", "connection errors",
                  "lost registrations", "mix/baseline ratio"):
        assert label in result.stdout
    assert "lost registrations 0" in result.stdout
