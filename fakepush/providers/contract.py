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
from typing import Any


@dataclass(frozen=True)
class ContractPart:
    """What the contract suite needs of one provider; the app target is the provider's own."""

    checks: tuple[str, ...]  # the modules of its checks (dotted names), collected by pytest
    # its --fakepush-target keys: its name first, then extra URLs it may take (another form)
    keys: tuple[str, ...]
    environment: tuple[str, str]  # the variables of its credentials: (app id, secret)
    remote_defaults: tuple[str, str]  # the credentials of a remote fakepush fake's default app
    secret_kind: str  # how a record names its secret ("<name>_api_key")
    # (its URLs by key, app id, secret, a fakepush fake's control or None) -> app target
    remote: Callable[[dict[str, str], str, str, Any], Any]
    contract_app: Callable[[str], dict[str, Any]]  # (a unique suffix) -> an app config
    in_process: Callable[[str, dict[str, Any]], Any]  # (a fake's URL, that app) -> app target
    secret: Callable[[Any], str]  # app target -> its secret (redacted in records)
    header: Callable[[Any], dict[str, Any]]  # app target -> what a record keeps (no secret)
    replay_app: Callable[[dict[str, Any], str], dict[str, Any]]  # (header, fresh secret) -> app
    # (a fake's control, app id) -> a credential the fake issues (a user-token), if any
    login: Callable[[Any, str], str] | None = None


__all__ = ["ContractPart"]
