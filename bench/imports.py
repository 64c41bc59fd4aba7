"""What ``import fakepush`` costs a process, against ``import werkzeug``.

``python -m bench.imports ROUNDS``: each round starts a fresh interpreter per module
(bytecode cached, as users have it) and times the import statement alone inside it
(``time.perf_counter`` around it), the two in turn; it prints one JSON object with the
samples in seconds. fakepush's face is lazy: the import should not pull in Flask, the
providers or the server until something uses them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULES = ("fakepush", "werkzeug")
PROBE = "import time; t = time.perf_counter(); import {0}; print(time.perf_counter() - t)"


def import_seconds(module: str) -> float:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE.format(module)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=True,
    )
    return float(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str]) -> int:
    rounds = int(argv[0]) if argv else 15
    for module in MODULES:  # warm: compile and cache bytecode before any sample
        import_seconds(module)
    samples: dict[str, list[float]] = {m: [] for m in MODULES}
    for r in range(rounds):
        for module in MODULES if r % 2 == 0 else MODULES[::-1]:
            samples[module].append(import_seconds(module))
    print(json.dumps(samples))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
