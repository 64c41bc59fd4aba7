"""Running the suite or the ``fakepush contract`` command the way a user does: in a process of
its own, so neither this session's plugins nor its config play a part."""

from __future__ import annotations

import os
import subprocess
import sys

# The longest one whole contract suite run takes here, with room to spare.
TIMEOUT_SECONDS = 300


def run_in(folder, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """``python -m ARGS`` in ``folder``, this environment plus ``env``, its output as text."""
    return subprocess.run(
        [sys.executable, "-m", *args],
        check=False,
        cwd=folder,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
    )
