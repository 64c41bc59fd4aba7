"""Fixtures of the SDK tests: one live fake per profile, shared by a module's tests."""

from __future__ import annotations

import pytest

from fakepush import FakePush


@pytest.fixture(scope="module")
def fakes():
    with FakePush(profile="sdk") as sdk_fake, FakePush(profile="docs") as docs_fake:
        yield {"sdk": sdk_fake, "docs": docs_fake}
