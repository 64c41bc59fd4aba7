"""A new user's flow, end to end: a project outside this repository installs fakepush from a wheel.

The wheel is built from this checkout (``python -m build --wheel --no-isolation``: the
machine's setuptools, no download, so its version is not checked against build-system), installed with ``--no-deps`` into a throwaway venv
that sees this environment's packages (Flask, the Sendbird SDK, httpx, respx, mypy,
hypothesis) but never changes it. The project's tests (project_test_app.py) then run
with no conftest.py and no settings: every fixture, the marker-free defaults, strict mode.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
PROJECT_TEST = Path(__file__).with_name("project_test_app.py")
TIMEOUT = 300


def run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=TIMEOUT)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str]]:
    """(project dir, the venv's python, environment): fakepush installed from its wheel only."""
    root = tmp_path_factory.mktemp("outside")
    env = {
        k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTEST_XDIST_WORKER", "CI")
    }
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    source = root / "source"
    # A clean copy of the package sources, so the build leaves nothing in the checkout.
    shutil.copytree(
        REPO,
        source,
        ignore=shutil.ignore_patterns(
            ".git", "tests", "bench", "*.egg-info", "build", "__pycache__", ".*"
        ),
    )
    wheels = root / "wheels"
    built = run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--skip-dependency-check",
            "--outdir",
            str(wheels),
            str(source),
        ],
        root,
        env,
    )
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    (wheel,) = wheels.glob("fakepush-*.whl")
    venv.EnvBuilder(system_site_packages=True, with_pip=False).create(root / "venv")
    python = root / "venv" / "bin" / "python"
    installed = run(
        [str(python), "-m", "pip", "install", "--no-deps", "--no-index", f"{wheel}[intercept]"],
        root,
        env,
    )
    assert installed.returncode == 0, installed.stdout[-2000:] + installed.stderr[-2000:]
    app = root / "app"
    (app / "tests").mkdir(parents=True)
    shutil.copy(PROJECT_TEST, app / "tests" / "test_app.py")
    return app, python, env


def test_the_installed_package_is_the_wheel_not_this_checkout(project):
    app, python, env = project
    where = run(
        [
            str(python),
            "-c",
            "import fakepush, conftest_plugin; print(fakepush.__file__, conftest_plugin.__file__)",
        ],
        app,
        env,
    )
    assert str(REPO) not in where.stdout and "/venv/" in where.stdout, where.stdout + where.stderr


def test_the_new_users_tests_pass_except_one_clear_failure_for_an_unknown_call(project):
    app, python, env = project
    result = run(
        [str(python), "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:randomly", "-q", "tests"],
        app,
        env,
    )
    out = result.stdout
    # the call itself passes; strict mode fails it at teardown: one error, nothing else
    assert "4 passed, 1 error" in out, out[-4000:] + result.stderr[-2000:]
    assert "ERROR at teardown of test_a_call_the_fake_does_not_know" in out
    assert "GET /v3/users/alice/push_preference_typo -> 404 (unknown route)" in out
    assert out.count("fakepush (strict):") == 1


def test_mypy_strict_passes_on_the_new_users_test_module(project):
    app, python, env = project
    result = run(
        [str(python), "-m", "mypy", "--strict", "--no-incremental", "tests/test_app.py"], app, env
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_contract_record_does_not_warn_about_assertion_rewriting(project, tmp_path):
    app, python, env = project
    fakepush_cli = python.parent / "fakepush"
    result = run(
        [str(fakepush_cli), "contract", "record", "--out", str(tmp_path / "r.json")], app, env
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "rewrit" not in (result.stdout + result.stderr).lower()
