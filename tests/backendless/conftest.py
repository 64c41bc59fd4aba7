"""Fixtures for the Backendless tests: one API driver per URL form, on a frozen fake clock."""

from __future__ import annotations

import pytest

from .helpers import NOW_MS, Api, domain_form, path_form


@pytest.fixture(params=["path", "domain"])
def api(request, client, state) -> Api:
    """The default app through one URL form; the fake's clock frozen at ``NOW_MS``."""
    state.clock.freeze(NOW_MS)
    if request.param == "path":
        return path_form(client)
    return domain_form(client)


@pytest.fixture(params=["path-docs", "domain-docs", "path-sdk", "domain-sdk"])
def bl(request, client, state) -> Api:
    """Like ``api``, in each URL form under each profile (delivery answers alike in both)."""
    form, profile = request.param.split("-")
    state.clock.freeze(NOW_MS)
    state.set_profile(profile)
    return path_form(client) if form == "path" else domain_form(client)
