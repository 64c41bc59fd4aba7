"""The cheaper ``fakepush`` fixture (no ``request``, marker read in pytest_fixture_setup) keeps
its meaning in every way a test can reach it."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def clean_environment(clean_fakepush_environment):
    """The inner runs see none of the outer run's overrides (tests/conftest.py)."""


def test_marker_applies_when_the_fixture_is_asked_for_by_name_at_run_time(pytester):
    pytester.makepyfile(
        """
import pytest

@pytest.mark.fakepush(profile="sdk")
def test_1_dynamic(request):
    assert request.getfixturevalue("fakepush").profile == "sdk"

def test_2_dynamic_unmarked(request):
    assert request.getfixturevalue("fakepush").profile == "auto"
"""
    )
    pytester.runpytest("-p", "no:randomly").assert_outcomes(passed=2)


def test_a_malformed_marker_errors_its_test_only(pytester):
    pytester.makepyfile(
        """
import pytest

def test_1_changes_the_profile(fakepush):
    fakepush.profile = "sdk"
    fakepush.client().get("/FAKEPUSH-APP-ID/FAKEPUSH-REST-API-KEY/messaging/registrations/x")
    assert len(fakepush.journal) == 1

@pytest.mark.fakepush("sdk")
def test_2_malformed(fakepush):
    pass

def test_3_still_reset_and_back_to_the_configured_profile(fakepush):
    assert fakepush.profile == "auto"
    assert len(fakepush.journal) == 0

@pytest.mark.fakepush(profile="sdk")
def test_4_marked_after_an_error(fakepush):
    assert fakepush.profile == "sdk"
"""
    )
    result = pytester.runpytest("-p", "no:randomly")
    result.assert_outcomes(passed=3, errors=1)
    result.stdout.fnmatch_lines(["*test_2_malformed*use @pytest.mark.fakepush(profile=..., strict=...)*"])


def test_configured_profile_survives_a_test_that_changes_it(pytester):
    pytester.makeconftest(
        """
import pytest

@pytest.fixture(scope="session")
def fakepush_config():
    return {"profile": "sdk"}
"""
    )
    pytester.makepyfile(
        """
def test_1_switches(fakepush):
    fakepush.profile = "docs"

def test_2_back_to_configured(fakepush):
    assert fakepush.profile == "sdk"
"""
    )
    pytester.runpytest("-p", "no:randomly").assert_outcomes(passed=2)
