"""Everything one fake holds: the clock, the lock, each provider's store, the journal, the
faults and the outbox.

Handed to ``create_app`` and to every view through ``current_app``, never a module global,
so two fakes in one process share nothing. The providers are handed in too (the list is
``fakepush.providers.ALL``): the core knows none of them by name.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

from fakepush.clock import Clock
from fakepush.faults import Faults
from fakepush.journal import DEFAULT_JOURNAL_LIMIT, Journal
from fakepush.outbox import Outbox

# auto: per request, sdk for an official SDK's signature, else docs (fakepush/signatures.py).
PROFILES = ("auto", "docs", "sdk")
DEFAULT_PROFILE = "auto"
EXPORT_VERSION = 1


class FakeState:
    """The state behind one fake server.

    ``providers`` are ``Provider`` objects (``fakepush/providers/base.py``); each one's
    apps come as the keyword argument ``<name>_apps`` (``backendless_apps=[...]``).
    """

    def __init__(
        self,
        providers: Sequence[Any],
        profile: str = DEFAULT_PROFILE,
        journal_limit: int = DEFAULT_JOURNAL_LIMIT,
        **apps: list[dict[str, Any]] | None,
    ) -> None:
        self.providers = tuple(providers)
        self.providers_by_name = {p.name: p for p in self.providers}
        known = {p.apps_key: p.name for p in self.providers}
        unknown = sorted(set(apps) - set(known))
        if unknown:
            raise TypeError(f"unknown app list(s) {unknown}; known: {sorted(known)}")
        self.lock = threading.RLock()
        self.clock = Clock()
        self.journal = Journal(journal_limit)
        self.faults = Faults(tuple(self.providers_by_name))
        # One bound for both records (docs/admin.md, "Bound"): --journal-limit, journal_limit.
        self.outbox = Outbox(journal_limit)
        self.profile = check_profile(profile)
        self.admin_token: str | None = None
        # Host names the admin API answers besides loopback ones (fakepush/siteguard.py),
        # and the address the server is bound to (set by whoever starts it).
        self.allowed_hosts: frozenset[str] = frozenset()
        self.bound_host: str | None = None
        # Each provider's store, by the name it has in exports and the journal.
        self.stores: dict[str, Any] = {
            p.name: p.make_store(self.clock, self.lock, self.outbox) for p in self.providers
        }
        # The stores that deliver scheduled work lazily: before each outbox read, and
        # before each request to their provider (web/cycle.py). Empty for most fakes.
        self.deliverers: dict[str, Callable[[], None]] = {
            name: store.deliver_due
            for name, store in self.stores.items()
            if callable(getattr(store, "deliver_due", None))
        }
        if self.deliverers:
            self.outbox.before_read = self.deliver_due
        for key, configs in apps.items():
            for config in configs or []:
                self.stores[known[key]].add_app(config)
        by_name(self, self.stores)  # state.backendless is the Backendless store

    def deliver_due(self) -> None:
        """Deliver every store's scheduled work that is due on the fake's clock."""
        with self.lock:
            for deliver in self.deliverers.values():
                deliver()

    def provider_of_path(self, path: str) -> Any:
        """The provider a path belongs to by its shape (for unmatched routes), or None."""
        for provider in self.providers:
            if provider.owns_path(path):
                return provider
        return None

    def set_profile(self, profile: str) -> None:
        self.profile = check_profile(profile)

    def reset(self) -> None:
        """What ``POST /_fakepush/reset`` clears: provider data, outbox, journal, faults, clock."""
        with self.lock:
            for store in self.stores.values():
                store.reset()
            self.outbox.reset()
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


def by_name(owner: object, parts: dict[str, Any]) -> None:
    """Each provider's part as an attribute of ``owner`` by the provider's name."""
    for name, part in parts.items():
        if hasattr(owner, name):
            raise ValueError(f"a provider may not be called {name!r}")
        setattr(owner, name, part)


def check_profile(profile: str) -> str:
    if profile not in PROFILES:
        raise ValueError(f"profile must be one of {PROFILES}, not {profile!r}")
    return profile
