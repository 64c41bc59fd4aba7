"""What every provider's store shares: its apps by id, the default one, the shared lock."""

from __future__ import annotations

import threading
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from fakepush.clock import Clock


class ProviderApp(Protocol):
    def config(self) -> dict[str, Any]: ...

    def clear(self) -> None: ...


AppT = TypeVar("AppT", bound=ProviderApp)


class AppStore(Generic[AppT]):
    """A provider's apps, keyed by app id, with the default app always present.

    Subclasses name their ``PROVIDER`` and ``DEFAULT_APP`` and implement ``_upsert_app``
    (each provider checks its own credentials); public methods take the shared lock.
    """

    PROVIDER: ClassVar[str]
    DEFAULT_APP: ClassVar[dict[str, Any]]

    def __init__(self, clock: Clock, lock: threading.RLock | None = None) -> None:
        self.clock = clock
        self.lock = lock if lock is not None else threading.RLock()
        self.apps: dict[str, AppT] = {}
        # The app each case-insensitive routing name picks (a Backendless subdomain, a
        # Sendbird app id), kept by ``_upsert_app``: a clash check and a Host lookup are
        # one dict read, so adding N apps is linear in N.
        self.names: dict[str, AppT] = {}
        self.default_app_id: str = self.DEFAULT_APP["app_id"]
        self.add_app(self.DEFAULT_APP)

    def add_app(self, config: dict[str, Any]) -> AppT:
        """Add an app, or update the fields given of an existing one."""
        app_id = config.get("app_id")
        if not isinstance(app_id, str) or not app_id:
            raise ValueError(f"a {self.PROVIDER} app needs a non-empty 'app_id'")
        with self.lock:
            return self._upsert_app(app_id, config)

    def _upsert_app(self, app_id: str, config: dict[str, Any]) -> AppT:
        """Check the provider's own fields of ``config``; add or update the app (lock held)."""
        raise NotImplementedError

    def app_configs(self) -> list[dict[str, Any]]:
        with self.lock:
            return [app.config() for app in self.apps.values()]

    def app_by_id(self, app_id: str | None = None) -> AppT:
        """The app a Python caller names (default: the default app); KeyError if none."""
        with self.lock:
            return self.apps[app_id or self.default_app_id]

    def reset(self) -> None:
        """Forget every app's data; keep the apps themselves."""
        with self.lock:
            for app in self.apps.values():
                app.clear()
