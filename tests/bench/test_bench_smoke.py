"""`python -m bench --smoke` runs end to end: every benchmark measures fakepush and prints a verdict.

It proves the harness works, never how fast anything is (the smoke run is far too small).
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_bench_smoke_run_measures_every_benchmark(tmp_path):
    out = tmp_path / "bench.json"
    proc = subprocess.run(
        [sys.executable, "-m", "bench", "--smoke", "--json", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "targets met" in proc.stdout
    rows = json.loads(out.read_text())["rows"]
    benchmarks = {row["benchmark"] for row in rows}
    for expected in ("live mix, 1 client", "live mix, 8 clients", "in-process test client",
                     "pytest --collect-only, 200 tests"):
        assert expected in benchmarks
    assert any(b.startswith("memory per row") for b in benchmarks)
    assert any(b.startswith("retrieve after") for b in benchmarks)
    assert "pytest fixture, per test" in benchmarks
    assert "import fakepush" in benchmarks
    assert any(b.startswith("memory per outbox record") for b in benchmarks)
    # Every target is judged: a row with a target says pass or miss.
    for row in rows:
        if row["target"] and row["value"] is not None and row["baseline_value"]:
            assert row["verdict"] in ("pass", "miss"), row
    assert "sendbird message, 100 members x 2 tokens" in benchmarks
    for row in rows:
        if row["verdict"] == "n/a" and "not installed" in row["note"]:
            continue  # a baseline package missing: checked below
        assert row["value"] is not None, row
        assert row["verdict"] in ("pass", "miss", "info", "n/a"), row
    # A baseline is missing only when its package is not installed, and then it says so.
    for module, baseline in (("pytest_httpserver", "pytest-httpserver canned JSON"),
                             ("moto", "moto SNS endpoint create+get")):
        theirs = [r for r in rows if r["baseline"] == baseline]
        assert theirs
        if importlib.util.find_spec(module) is not None:
            assert all(r["baseline_value"] for r in theirs), theirs
        else:
            assert all(r["verdict"] == "n/a" and module in r["note"] for r in theirs), theirs
