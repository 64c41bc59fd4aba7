"""What the pytest plugin costs a user's test run, measured on small generated projects.

Per-test cost: one pytest process per fixture runs plain tests and fixture tests in
turn; a conftest times each test's whole protocol (setup, call, teardown). The fixture's
cost is the median fixture test less the median plain test, so pytest's own per-test
work cancels out. The last test's protocol also holds the session fixtures' teardown.

Import cost: ``pytest --collect-only`` of a small project with the plugin loaded (the
default once fakepush is installed) against ``-p no:fakepush``, in turn.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

TIMER_CONFTEST = '''
import json, os, time
import pytest

_durations = {}

@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    started = time.perf_counter()
    yield
    _durations[item.name] = time.perf_counter() - started

def pytest_sessionfinish(session):
    with open(os.environ["BENCH_TIMES"], "w") as out:
        json.dump(_durations, out)
'''

FIXTURES = {"fakepush": "fakepush", "httpserver": "httpserver"}


def _write_fixture_project(root: Path, fixture: str, tests: int) -> None:
    lines = []
    for i in range(tests):
        lines.append(f"def test_plain_{i:04d}():\n    pass\n")
        lines.append(f"def test_fixture_{i:04d}({fixture}):\n    pass\n")
    (root / "conftest.py").write_text(TIMER_CONFTEST)
    (root / f"test_{fixture}.py").write_text("\n".join(lines))


def fixture_cost(fixture: str, tests: int) -> dict[str, float]:
    """Seconds: the fixture's per-test cost and the session teardown it adds."""
    with tempfile.TemporaryDirectory(prefix=f"bench-{fixture}-") as tmp:
        root = Path(tmp)
        _write_fixture_project(root, fixture, tests)
        times_file = root / "times.json"
        proc = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly",
             "-o", "addopts=", "--rootdir", tmp, tmp],
            cwd=tmp,
            env={**os.environ, "BENCH_TIMES": str(times_file), "PYTHONDONTWRITEBYTECODE": "1"},
            capture_output=True,
            text=True,
            timeout=600,
        )
        if proc.returncode != 0:
            raise RuntimeError(f"pytest with {fixture!r} failed:\n{proc.stdout[-2000:]}")
        durations: dict[str, float] = json.loads(times_file.read_text())
    names = sorted(durations)
    plain = [durations[n] for n in names if n.startswith("test_plain_")]
    fixture_runs = [durations[n] for n in names if n.startswith("test_fixture_")]
    # The first fixture test sets the session fixture up; the last tears it down.
    per_test = statistics.median(fixture_runs[1:-1]) - statistics.median(plain)
    teardown = fixture_runs[-1] - statistics.median(fixture_runs[1:-1])
    return {"per_test": per_test, "teardown": teardown}


def _write_collect_project(root: Path, files: int, tests: int) -> None:
    for f in range(files):
        body = "\n".join(f"def test_{f}_{t}():\n    assert {t} == {t}\n" for t in range(tests))
        (root / f"test_module_{f:02d}.py").write_text(body)


def _children_cpu() -> float:
    """CPU seconds used by finished child processes: on a shared machine, the wall time
    of a one-second run mostly measures the neighbours."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def collect_times(rounds: int, files: int = 20, tests: int = 10) -> dict[str, list[float]]:
    """CPU seconds of ``pytest --collect-only`` with and without the plugin, in turn."""
    times: dict[str, list[float]] = {"with": [], "without": []}
    with tempfile.TemporaryDirectory(prefix="bench-collect-") as tmp:
        _write_collect_project(Path(tmp), files, tests)
        base = [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
                "-o", "addopts=", "--rootdir", tmp, tmp]
        env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
        # One run of each first, unmeasured: the first pytest of a run pays cold file caches.
        for extra in ([], ["-p", "no:fakepush"]):
            subprocess.run(base + extra, cwd=tmp, env=env, capture_output=True, timeout=120)
        for r in range(rounds):
            pairs = [("with", []), ("without", ["-p", "no:fakepush"])]
            for label, extra in pairs if r % 2 == 0 else pairs[::-1]:
                before = _children_cpu()
                proc = subprocess.run(base + extra, cwd=tmp, env=env, capture_output=True,
                                      text=True, timeout=120)
                times[label].append(_children_cpu() - before)
                if proc.returncode != 0:
                    raise RuntimeError(f"collect-only failed:\n{proc.stdout[-2000:]}")
    return times


def fixture_available() -> bool:
    """Whether the installed plugin provides the ``fakepush`` fixture yet."""
    try:
        import conftest_plugin
    except ImportError:
        return False
    if hasattr(conftest_plugin, "fakepush_fixture"):
        return True
    try:
        from conftest_plugin import plugin  # noqa: F401
    except ImportError:
        return False
    return True


def summary(values: list[Any]) -> float:
    return statistics.median(values)
