"""The load check against a real ``fakepush serve`` with a state file: nothing acknowledged
is lost, under load and across a SIGKILL at a random moment (bench/crash.py drives it)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

REQUESTS = 20000
THREADS = 8
REPETITIONS = 10
# A deadline, not a speed limit: the threads stop here and the test fails if it is short.
DEADLINE_SECONDS = 240

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def crash():
    name = "fakepush_bench_crash"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / "crash.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def test_served_load_with_a_state_file_and_a_delayed_fault_loses_nothing(crash):
    result = crash.run_served_load(REQUESTS, THREADS, duration=DEADLINE_SECONDS)
    assert result.requests >= REQUESTS, f"only {result.requests} requests before the deadline"
    assert result.failures() == []
    assert result.statuses[200] > REQUESTS // 2
    assert result.expected_rows > 100 and result.expected_tokens > 100


@pytest.mark.parametrize("seed", range(REPETITIONS))
def test_a_sigkill_at_a_random_moment_keeps_every_change_older_than_a_second(crash, seed):
    assert crash.crash_once(seed, THREADS) == []


def test_the_crash_check_notices_a_state_file_that_lost_a_key(crash):
    """The check can fail: a key acknowledged long before the kill, missing from the file."""
    history = {("APP", "load-t0-d0"): [(0.0, None), (1.0, {"token": "t", "channels": {}})]}
    export = {"backendless": {"apps": []}, "sendbird": {"apps": []}}
    assert crash._check_restored(export, history, set(), durable_before=5.0) != []
