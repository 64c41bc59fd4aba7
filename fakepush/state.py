"""Everything one fake holds: the clock, the lock, each provider's store, the journal, the faults.

Handed to ``create_app`` and to every view through ``current_app``, never a module global,
so two fakes in one process share nothing.
"""

from __future__ import annotations

import threading
from typing import Any

from fakepush.backendless.store import BackendlessStore
from fakepush.clock import Clock
from fakepush.faults import Faults
from fakepush.journal import DEFAULT_JOURNAL_LIMIT, Journal

PROFILES = ("docs", "sdk")
EXPORT_VERSION = 1


class FakeState:
    """The state behind one fake server."""

    def __init__(
        self,
        profile: str = "docs",
        backendless_apps: list[dict[str, Any]] | None = None,
        sendbird_apps: list[dict[str, Any]] | None = None,
        journal_limit: int = DEFAULT_JOURNAL_LIMIT,
    ) -> None:
        self.lock = threading.RLock()
        self.clock = Clock()
        self.journal = Journal(journal_limit)
        self.faults = Faults()
        self.profile = check_profile(profile)
        self.admin_token: str | None = None
        # Host names the admin API answers besides loopback ones (fakepush/siteguard.py),
        # and the address the server is bound to (set by whoever starts it).
        self.allowed_hosts: frozenset[str] = frozenset()
        self.bound_host: str | None = None
        self.backendless = BackendlessStore(self.clock, self.lock)
        # Each provider's store, by the name it has in exports and the journal.
        self.stores: dict[str, Any] = {"backendless": self.backendless}
        self._add_sendbird()
        for config in backendless_apps or []:
            self.backendless.add_app(config)
        for config in sendbird_apps or []:
            self.stores["sendbird"].add_app(config)

    def _add_sendbird(self) -> None:
        from fakepush.sendbird.store import SendbirdStore

        self.sendbird = SendbirdStore(self.clock, self.lock)
        self.stores["sendbird"] = self.sendbird

    def set_profile(self, profile: str) -> None:
        self.profile = check_profile(profile)

    def reset(self) -> None:
        """What ``POST /_fakepush/reset`` clears: provider data, journal, faults, the clock."""
        with self.lock:
            for store in self.stores.values():
                store.reset()
        self.journal.clear()
        self.faults.clear()
        self.clock.unfreeze()

    def export(self) -> dict[str, Any]:
        """Apps and provider data as JSON-able data (not the profile, journal, faults, clock)."""
        with self.lock:
            return {"version": EXPORT_VERSION, **{n: s.export() for n, s in self.stores.items()}}

    def load(self, data: Any) -> None:
        """Replace provider data with an export; raises ValueError and changes nothing if bad."""
        if not isinstance(data, dict):
            raise ValueError("state must be a JSON object")
        with self.lock:
            before = self.export()
            try:
                for name, store in self.stores.items():
                    section = data.get(name, {"apps": []})
                    if not isinstance(section, dict):
                        raise ValueError(f"{name} must be an object")
                    store.load(section)
            except (KeyError, TypeError, ValueError, AttributeError, OverflowError) as exc:
                for name, store in self.stores.items():
                    store.load(before[name])
                raise ValueError(f"not a fakepush state export: {exc!r}") from None

    def config(self) -> dict[str, Any]:
        return {
            "profile": self.profile,
            **{f"{n}_apps": s.app_configs() for n, s in self.stores.items()},
        }


def check_profile(profile: str) -> str:
    if profile not in PROFILES:
        raise ValueError(f"profile must be one of {PROFILES}, not {profile!r}")
    return profile
