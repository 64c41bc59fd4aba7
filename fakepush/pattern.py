"""Fault rule paths as regular expressions matched in linear time.

Python's ``re`` backtracks: ``(a+)+b`` against a path of 25 ``a``s takes seconds, doubling
with each character, and holds the fault lock (so the whole fake) meanwhile. RE2
(https://github.com/google/re2, Python wrapper ``google-re2`` on PyPI) matches in time
linear in the path, and refuses what it cannot match that way (backreferences,
lookaround), which the admin API answers with a 400 naming the pattern.
"""

from __future__ import annotations

from typing import Any

import re2

_OPTIONS = re2.Options()
# RE2 logs a refused pattern to stderr itself; the 400 says it instead (and a log write
# to a full stderr pipe must never block a request: docs/admin.md, "Logging").
_OPTIONS.log_errors = False


class UnsupportedPattern(ValueError):
    """A pattern RE2 cannot compile; the message names it and says why."""


def compile_path(pattern: str) -> Any:
    """The compiled pattern; UnsupportedPattern if RE2 refuses it."""
    try:
        return re2.compile(pattern, _OPTIONS)
    except re2.error as exc:
        reason = exc.args[0] if exc.args else exc
        if isinstance(reason, bytes):
            reason = reason.decode("utf-8", "replace")
        raise UnsupportedPattern(
            f"path '{pattern}' is not a regular expression the fake can match in linear "
            f"time (RE2 syntax: no backreferences, no lookaround): {reason}"
        ) from None
