"""The contract suite itself, run the way users run it: ``pytest --pyargs fakepush.contract``."""

from __future__ import annotations

import re
import subprocess

import pytest

from fakepush import FakePush
from tests.contract.processes import run_in

pytestmark = pytest.mark.slow


def run_suite(
    tmp_path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """A separate pytest process, in an empty folder, so this project's config plays no part."""
    return run_in(
        tmp_path, "pytest", "--pyargs", "fakepush.contract",
        "-p", "no:cacheprovider", "-p", "no:xdist", "-o", "addopts=", "-rs", *args, env=env,
    )  # fmt: skip


def counts(output: str) -> dict[str, int]:
    summary = output.strip().splitlines()[-1]
    return {word: int(n) for n, word in re.findall(r"(\d+) (\w+)", summary)}


@pytest.mark.parametrize("profile", ["docs", "sdk"])
def test_suite_passes_against_the_in_process_fake_in_both_profiles(tmp_path, profile):
    result = run_suite(tmp_path, "--fakepush-profile", profile)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    found = counts(result.stdout)
    assert found.get("passed", 0) > 100 and "skipped" not in found, result.stdout[-2000:]


def test_suite_against_a_service_that_is_not_the_fake_skips_only_the_checks_that_need_the_fake(
    tmp_path,
):
    # An admin token the suite does not know hides the admin API: the target looks real.
    with FakePush() as fake:
        fake.state.admin_token = "not-given-to-the-suite"
        env = {
            "FAKEPUSH_BACKENDLESS_APP_ID": fake.backendless.app_id,
            "FAKEPUSH_BACKENDLESS_API_KEY": fake.backendless.api_key,
        }
        result = run_suite(tmp_path, "--fakepush-target", f"backendless={fake.url}", env=env)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    found = counts(result.stdout)
    # The Sendbird and domain-form checks are deselected: the target does not name them.
    assert found["passed"] > 50 and found["skipped"] > 0 and found["deselected"] > 0, found
    reasons = re.findall(r"^SKIPPED \[\d+\] [^:]+:\d+: (.*)$", result.stdout, re.MULTILINE)
    assert reasons and set(reasons) == {
        "needs the fake's clock or admin API; the target is not a fakepush fake"
    }, reasons


def test_suite_against_fakepush_serve_uses_its_admin_api_and_skips_nothing(tmp_path):
    # A fake in another process, as `fakepush serve` runs it: the clock moves, the
    # user-tokens and the state export all go through /_fakepush/ with the admin token.
    with FakePush(profile="sdk") as fake:
        fake.state.admin_token = "contract-admin-token"
        result = run_suite(
            tmp_path,
            "--fakepush-target",
            f"backendless={fake.url}",
            "-k",
            "test_backendless",
            env={
                "FAKEPUSH_ADMIN_TOKEN": "contract-admin-token",
                "FAKEPUSH_BACKENDLESS_APP_ID": "",
                "FAKEPUSH_BACKENDLESS_API_KEY": "",
            },
        )
        assert not fake.clock.frozen  # the checks that froze it gave it back
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    found = counts(result.stdout)
    assert found["passed"] > 50 and "skipped" not in found, found
    assert "fakepush contract target: backendless=" in result.stdout


def test_real_target_without_credentials_is_a_usage_error_naming_the_variables(tmp_path):
    env = {"FAKEPUSH_SENDBIRD_APP_ID": "", "FAKEPUSH_SENDBIRD_API_TOKEN": ""}
    result = run_suite(tmp_path, "--fakepush-target", "sendbird=http://127.0.0.1:9", env=env)
    assert result.returncode == 4, result.stdout + result.stderr
    assert "FAKEPUSH_SENDBIRD_APP_ID, FAKEPUSH_SENDBIRD_API_TOKEN" in result.stderr


@pytest.mark.parametrize(
    "option",
    ["backendless", "pushy=http://x", "backendless=ftp://x", "backendless-domain=http://x"],
)
def test_malformed_target_option_is_a_usage_error(tmp_path, option):
    result = run_suite(tmp_path, "--fakepush-target", option)
    assert result.returncode == 4, result.stdout + result.stderr
    assert "--fakepush-target" in result.stderr
