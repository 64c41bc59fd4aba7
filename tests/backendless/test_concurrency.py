"""Reads and writes of one device from many threads: every answer is a 200, never a 500."""

from __future__ import annotations

import sys
import threading

import pytest

from .helpers import path_form, registration


@pytest.mark.slow
def test_retrieve_while_another_thread_registers_never_fails(app):
    """The retrieve object is built under the store's lock (a concurrent register once broke it)."""
    switch_interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible, to widen every race
    statuses: list[int] = []
    done = threading.Event()
    try:
        path_form(app.test_client()).register(registration("d"))

        def writer() -> None:
            api = path_form(app.test_client())
            for i in range(1200):
                api.register(registration("d", channels=[f"c{i}"]))
            done.set()

        def reader() -> None:
            api = path_form(app.test_client())
            while not done.is_set():
                statuses.append(api.retrieve("d").status_code)

        threads = [threading.Thread(target=t) for t in (writer, reader, reader)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    finally:
        sys.setswitchinterval(switch_interval)
    assert statuses and set(statuses) == {200}
    assert len(path_form(app.test_client()).retrieve("d").get_json()["channels"]) == 1201
