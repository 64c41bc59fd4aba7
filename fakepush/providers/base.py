"""The provider seam: what one emulated provider is (``Provider``), its route rows, its store base.

Every surface (the app factory, the state, the journal, the handle, the CLI, the admin
API, the OpenAPI document, the dashboard) reads the ``Provider`` objects listed in
``fakepush/providers/__init__.py`` instead of naming a provider. Adding a provider is a
new folder with a ``provider.py`` that builds one ``Provider``, and one line in that list.

Route rows
----------
A provider's ``routes.py`` holds one ``Route`` per operation; ``fakepush/app.py``
registers each row's Flask rules (one blueprint per provider) and
``fakepush/admin/openapi.py`` writes each row's OpenAPI operations, so the two cannot
drift. A row is::

    Route(
        ("/v3/users/<user_id>/push/<token_type>",),   # rules: one or more Flask rules
        "POST",                                        # methods: one or several
        add_token,                                     # handler: the Flask view function
        "Add a push token",                            # summary (OpenAPI)
        request="AddTokenRequest",                     # request body schema name, or None
        response="AddTokenResponse",                   # 200 schema name, or a schema dict
        description="the token",                       # what the 200 answers (OpenAPI)
    )

- ``handler`` may be made in the row: where a view does nothing but pick the app, call
  one store method and answer its result, ``store_call("view_user")``
  (``fakepush/providers/sendbird/views.py``) makes it, named after the store method
  unless ``name=`` says otherwise.
- ``operation`` (default: the handler's ``__name__``) names the operation: the Flask
  endpoint is ``"<provider>.<operation>"``, which is the journal's ``operation`` field;
  the OpenAPI ``operationId`` is ``"<provider>_<operation>"``.
- Each rule in ``rules`` becomes its own Flask rule and OpenAPI path; for rules after the
  first, the operationId gets the suffix of ``forms`` (for Backendless' two URL forms,
  ``("", "_domain")``). ``prefixed(prefixes, suffix, ...)`` builds the rules of a route that
  exists under several prefixes.
- ``refusals`` names the errors a well-formed request may still get because of what the
  fake holds (``{5000: "unknown device"}``); the OpenAPI document lists them on the
  operation's 400 response (``x-state-codes``), beside the ``Provider.refusals`` of every
  route (an unknown app). Any other 400 means the request broke its schema
  (``tests/reliability/test_fuzz.py`` holds the fake and the document to that).
- ``params`` maps a path parameter to its description; every ``<name>`` in a rule is a
  path parameter (``<path:name>`` takes the rest of the path, ``/`` included). Header
  parameters every route of the provider takes come from ``Provider.header_params``.
- Order: Werkzeug sorts rules by how specific they are, so a fixed segment
  (``/push/template``) beats a converter in the same place (``/push/<token_type>``) and
  a ``<path:...>`` catch-all loses to everything fixed; rows need no particular order.
  Give ``weight=-1`` (or lower) to make a rule win where Werkzeug would rank it equal.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from fakepush.clock import Clock
from fakepush.outbox import Outbox
from fakepush.providers.dashboard import DashboardPart


@dataclass(frozen=True)
class Route:
    """One operation of a provider: its Flask rule(s), method(s), view and OpenAPI text."""

    rules: tuple[str, ...]
    methods: str | tuple[str, ...]
    handler: Callable[..., Any]
    summary: str
    request: str | None = None
    response: str | dict[str, Any] = "Empty"
    description: str = "OK"
    operation: str = ""
    params: Mapping[str, str] = field(default_factory=dict)
    query: Mapping[str, str] = field(default_factory=dict)
    request_required: bool = True
    forms: tuple[str, ...] = ()
    weight: int = 0
    # The provider codes (admin routes: the HTTP statuses) a request the schema allows can
    # still be answered, for the state it meets (an unknown device, a taken id), with why.
    refusals: Mapping[int, str] = field(default_factory=dict)
    # The JSON Schema of a path or query parameter, where it is more than a string.
    param_schemas: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if isinstance(self.rules, str):
            object.__setattr__(self, "rules", (self.rules,))
        if isinstance(self.methods, str):
            object.__setattr__(self, "methods", (self.methods,))
        if not self.operation:
            object.__setattr__(self, "operation", self.handler.__name__)

    def form_suffix(self, index: int) -> str:
        """The operationId suffix of the ``index``-th rule (its URL form)."""
        if index < len(self.forms):
            return self.forms[index]
        return "" if index == 0 else f"_{index}"


def prefixed(prefixes: Sequence[str], rule: str) -> tuple[str, ...]:
    """The same rule under each prefix: ``prefixed(("/api", "/<app_id>/<api_key>"), "/info")``."""
    return tuple(prefix + rule for prefix in prefixes)


def add_rules(blueprint: Any, routes: Sequence[Route]) -> None:
    """Register one Flask rule per rule of every row on ``blueprint`` (endpoint: the operation)."""
    for route in routes:
        for rule in route.rules:
            blueprint.add_url_rule(
                rule, endpoint=route.operation, view_func=route.handler, methods=list(route.methods)
            )


@dataclass(frozen=True)
class CliOption:
    """A provider's ``fakepush serve --<name>-app`` flag, and its lines in the banner."""

    metavar: str  # "APP_ID:API_KEY[:SUBDOMAIN]"
    help: str
    parse: Callable[[str], dict[str, Any]]  # the flag's text -> an app config (argparse type)
    banner: Callable[[str, list[dict[str, Any]]], list[str]]  # (url, app configs) -> lines
    # (default app config) -> (path, headers, JSON body) of a POST to try, shown as curl
    example: Callable[[dict[str, Any]], tuple[str, dict[str, str], dict[str, Any]]]


@dataclass(frozen=True)
class Provider:
    """Everything the surfaces need to know of one emulated provider; one object each."""

    name: str  # the provider's name in exports, the journal, fault rules, endpoints
    title: str  # its name for people (OpenAPI tag, dashboard)
    description: str  # the OpenAPI tag's description
    make_store: Callable[..., AppStore[Any]]  # (clock, lock, outbox) -> its store
    routes: tuple[Route, ...]  # its route table (routes.py)
    owns_path: Callable[[str], bool]  # whether an unmatched path is this provider's
    error_body: Callable[[str, int], dict[str, Any]]  # a generic error in its shape
    make_handle: Callable[[Any, Callable[[], str]], Any]  # (store, url) -> FakePush.<name>
    schemas: Mapping[str, Any]  # its OpenAPI component schemas (openapi.py), among them
    # "<Title>Error" (its errors), "<Title>AppConfig" (one app), "<Title>Export" (its export)
    error_statuses: tuple[int, ...]  # the statuses its errors may have
    header_params: tuple[dict[str, Any], ...] = ()  # OpenAPI headers of every route
    form_params: tuple[tuple[dict[str, Any], ...], ...] = ()  # extra ones per URL form
    path_param_schemas: Mapping[str, Any] = field(default_factory=dict)  # e.g. an enum
    admin_routes: tuple[Route, ...] = ()  # its routes under /_fakepush (rules relative)
    setup_blueprint: Callable[[Any, frozenset[str]], None] | None = None  # (bp, endpoints)
    cli_option: CliOption | None = None
    # The codes every route may answer a well-formed request for the state it meets (an
    # unknown app, an unknown user-token), with why; each route adds its own ``refusals``.
    refusals: Mapping[int, str] = field(default_factory=dict)
    # its public API hostnames, for fakepush/intercept.py: a leading "*." is any subdomain,
    # a "*" inside a label is part of that label ("api-*.example.com")
    intercept_hosts: tuple[str, ...] = ()
    # the module of its hypothesis strategies, by name (fakepush/strategies.py imports it:
    # hypothesis is no dependency of the package); its ``__all__`` is what users import
    strategies: str = ""
    dashboard: DashboardPart | None = None  # its apps, tables and push cards on the page
    # the module whose CONTRACT (fakepush/providers/contract.py) is its part of the contract
    # suite, by name: it loads pytest and the contract toolkit only when the suite runs
    contract: str = ""

    @property
    def error_schema(self) -> str:
        return f"{self.title}Error"

    @property
    def app_schema(self) -> str:
        return f"{self.title}AppConfig"

    @property
    def export_schema(self) -> str:
        return f"{self.title}Export"

    @property
    def endpoints(self) -> frozenset[str]:
        """The Flask endpoints of this provider's routes (``"<name>.<operation>"``)."""
        return frozenset(f"{self.name}.{route.operation}" for route in self.routes)

    @property
    def apps_key(self) -> str:
        """The key of this provider's app list in ``FakeState(...)``, config and plugin."""
        return f"{self.name}_apps"


def default_app_field(name: str, doc: str = "") -> Any:
    """A handle property that reads one field of the provider's default app."""
    return property(lambda self: getattr(self._store.app_by_id(), name), doc=doc)


def live_url(doc: str, path: str = "") -> Any:
    """A handle property: the live server's root URL (asked for when read), then ``path``
    filled in from the handle (``"/{handle.app_id}"``)."""
    return property(lambda self: self._url() + path.format(handle=self), doc=doc)


class ProviderHandle:
    """What ``FakePush(...).<provider>`` shows: read access to one provider's store.

    ``url`` is called when a URL is asked for, so the handle can be made before the
    live server starts.
    """

    def __init__(self, store: Any, url: Callable[[], str]) -> None:
        self._store = store
        self._url = url

    app_id = default_app_field("app_id", "The default app's id.")

    def _app(self, app_id: str | None) -> Any:
        """The app of that id, or the default app: what every reading method takes."""
        return self._store.app_by_id(app_id)


class ProviderApp(Protocol):
    def config(self) -> dict[str, Any]: ...

    def clear(self) -> None: ...


AppT = TypeVar("AppT", bound=ProviderApp)


class AppStore(Generic[AppT]):
    """A provider's apps, keyed by app id, with the default app always present.

    Subclasses give their ``DEFAULT_APP`` (its fields are the ``APP_FIELDS`` of every
    app's config) and implement ``_upsert_app`` (each provider checks its own
    credentials), ``_export_app`` and ``_load_app``. Public methods take the shared lock
    themselves (here and in every subclass); the caller never needs to.
    A store that delivers scheduled work lazily defines ``deliver_due()``: the state
    calls it before every read of the outbox and before each request to the provider.
    """

    PROVIDER: ClassVar[str]  # default: the class name without "Store"
    DEFAULT_APP: ClassVar[dict[str, Any]]
    APP_FIELDS: ClassVar[tuple[str, ...]]  # default: the default app's fields

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "PROVIDER" not in cls.__dict__:
            cls.PROVIDER = cls.__name__.removesuffix("Store")
        if "APP_FIELDS" not in cls.__dict__ and "DEFAULT_APP" in cls.__dict__:
            cls.APP_FIELDS = tuple(cls.DEFAULT_APP)

    def __init__(
        self,
        clock: Clock,
        lock: threading.RLock | None = None,
        outbox: Outbox | None = None,
    ) -> None:
        self.clock = clock
        self.lock = lock if lock is not None else threading.RLock()
        self.outbox = outbox if outbox is not None else Outbox()
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

    # -- export and load ----------------------------------------------------------------

    def _export_app(self, app: AppT) -> dict[str, Any]:
        """The app's data beside its config in an export (lock held)."""
        return {}

    def _load_app(self, app: AppT, entry: dict[str, Any]) -> None:
        """Put an exported app's data into ``app`` (a fresh, staged one); ValueError if bad."""

    def export(self) -> dict[str, Any]:
        with self.lock:
            return {
                "apps": [{**app.config(), **self._export_app(app)} for app in self.apps.values()]
            }

    def load(self, data: dict[str, Any]) -> None:
        """Replace the apps and their data with an export's; the default app always exists.

        The apps too, so that loading an export restores exactly what it held (an app
        added since is gone). Each provider's ``_load_app`` applies the API's own rules
        (ValueError otherwise). Built aside in a staged store and swapped in at the end:
        a bad export changes nothing.
        """
        apps = data.get("apps", [])
        if not isinstance(apps, list):
            raise ValueError(f"{self.PROVIDER.lower()}.apps must be a list")
        with self.lock:
            staged = type(self)(self.clock, threading.RLock(), self.outbox)
            for entry in apps:
                app = staged.add_app({k: entry[k] for k in self.APP_FIELDS if k in entry})
                self._load_app(app, entry)
            self.apps, self.names = staged.apps, staged.names

    def add_apps(self, configs: Sequence[dict[str, Any]]) -> Callable[[], None]:
        """Add or update each app in turn, all or nothing (on ValueError or TypeError none
        is changed); answers an undo, for a caller that changes several stores at once.

        It costs the apps given, not the apps held: ``PUT /_fakepush/config`` adding one
        app to a fake holding 40,000 holds the lock for one app (a copy of every app to
        try the change on first made adding N apps, one request each, quadratic).
        """
        steps: list[tuple[str, dict[str, Any] | None]] = []
        with self.lock:
            try:
                for config in configs:
                    app_id = config.get("app_id")
                    held = self.apps.get(app_id) if isinstance(app_id, str) else None
                    before = None if held is None else held.config()
                    self.add_app(config)
                    steps.append((app_id, before))
            except (TypeError, ValueError):
                self._undo(steps)
                raise
        return lambda: self._undo(steps)

    def _undo(self, steps: list[tuple[str, dict[str, Any] | None]]) -> None:
        """Undo ``add_apps``' steps, newest first, so each puts back the state before it."""
        with self.lock:
            for app_id, before in reversed(steps):
                if before is not None:  # an update: the config it had
                    self._upsert_app(app_id, before)
                    continue
                app = self.apps.pop(app_id)
                # Its routing names (``names``) are values of its config, lowercased.
                for value in app.config().values():
                    if isinstance(value, str) and self.names.get(value.lower()) is app:
                        del self.names[value.lower()]


__all__ = [
    "AppStore",
    "CliOption",
    "Provider",
    "ProviderHandle",
    "Route",
    "add_rules",
    "default_app_field",
    "live_url",
    "prefixed",
]
