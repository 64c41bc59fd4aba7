"""A provider's part of the contract suite (``fakepush/contract/``): its checks and its target.

A provider that has contract checks names a module in ``Provider.contract`` (a dotted name:
the module imports the contract toolkit and pytest, which ``import fakepush`` never loads)
whose ``CONTRACT`` is a ``ContractPart``. The suite's target, recorder and replay ask it
instead of knowing the provider: how ``--fakepush-target`` names it, where its credentials
come from, what one app of it looks like in a fake, what a record keeps of it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol


class AppTarget(Protocol):
    """One app of a provider as the checks reach it (a dataclass of the provider's own).

    Its fields name what it has; ``secret_field`` is the one that is secret, and the same key
    in the provider's app config, so the variables, the record and the replay follow from it.
    """

    secret_field: ClassVar[str]  # "api_key": the target's secret field and app config key
    record_fields: ClassVar[tuple[str, ...]]  # what a record keeps beside app_id (no secret)
    app_id: str

    @classmethod
    def remote(cls, urls: dict[str, str], app_id: str, secret: str, control: Any) -> Any:
        """At the URLs by key, with the credentials; ``control``: a fakepush fake's, or None."""

    @classmethod
    def contract_app(cls, suffix: str) -> dict[str, Any]:
        """The config of an app of the checks' own in a fake (``suffix`` makes it unique)."""

    @classmethod
    def in_process(cls, url: str, app: dict[str, Any]) -> Any:
        """That app of a fake at ``url``."""


@dataclass(frozen=True)
class ContractPart:
    """What the contract suite needs of one provider; the rest it derives from the name and
    the app target, so two providers' parts state only what is really theirs."""

    name: str  # the provider's name (``Provider.name``)
    checks: tuple[str, ...]  # the modules of its checks (dotted names), collected by pytest
    target: type[AppTarget]
    remote_defaults: tuple[str, str]  # the credentials of a remote fakepush fake's default app
    extra_keys: tuple[str, ...] = ()  # --fakepush-target keys beside its name (another form)
    # (a fake's control, app id) -> a credential the fake issues (a user-token), if any
    login: Callable[[Any, str], str] | None = None

    @property
    def keys(self) -> tuple[str, ...]:
        """Its ``--fakepush-target`` keys: its name first, then the extra URLs it may take."""
        return (self.name, *self.extra_keys)

    @property
    def environment(self) -> tuple[str, str]:
        """(app id, secret): ``FAKEPUSH_<NAME>_APP_ID``, ``FAKEPUSH_<NAME>_<SECRET_FIELD>``, one
        rule, so a new provider's variables need no listing (docs/contract.md names them)."""
        prefix = f"FAKEPUSH_{self.name.upper()}_"
        return prefix + "APP_ID", prefix + self.target.secret_field.upper()

    @property
    def secret_kind(self) -> str:
        """``<name>_<secret_field>``: a replay finds by it which secret to make afresh."""
        return f"{self.name}_{self.target.secret_field}"

    def secret(self, app: Any) -> str:
        """Redacted wherever a record shows it."""
        return str(getattr(app, self.target.secret_field))

    def header(self, app: Any) -> dict[str, Any]:
        """What a replay needs to rebuild the app; never the secret, since records are shared."""
        return {"app_id": app.app_id, **{f: getattr(app, f) for f in self.target.record_fields}}

    def replay_app(self, header: dict[str, Any], secret: str) -> dict[str, Any]:
        """A recorded field that is unset stays out, so the fake gives it its own default."""
        app = {"app_id": header["app_id"], self.target.secret_field: secret}
        app.update((f, header[f]) for f in self.target.record_fields if header.get(f))
        return app


__all__ = ["AppTarget", "ContractPart"]
