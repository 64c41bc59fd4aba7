"""The documented backendless-domain value for a local fake runs the domain-form checks."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from fakepush import FakePush


@pytest.mark.slow
def test_backendless_domain_of_a_local_fake_is_its_own_url():
    with FakePush() as fake:
        env = {
            k: v for k, v in os.environ.items() if not k.startswith(("FAKEPUSH_", "PYTEST_XDIST"))
        }
        result = subprocess.run(
            [
                sys.executable, "-m", "pytest", "--pyargs", "fakepush.contract",
                "-p", "no:cacheprovider", "-p", "no:xdist", "-o", "addopts=", "-q",
                "-k", "domain_form",
                "--fakepush-target", f"backendless={fake.url},backendless-domain={fake.url}",
            ],
            capture_output=True, text=True, env=env, timeout=300,
        )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:]
    assert "4 passed" in result.stdout
