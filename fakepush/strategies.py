"""hypothesis strategies for fakepush's providers, for property tests of code that talks to them.

Import this module only where hypothesis is installed (it is not a dependency of
``import fakepush``). Each provider's strategies live in its folder (the module named by
``Provider.strategies``, e.g. ``fakepush/providers/backendless/strategies.py``) and follow
its rules: every valid body is accepted; every invalid one is paired with the error code
the fake (and the service) answers, with exactly one fault in it so the code does not
depend on the order of checks. This module offers them all under one name, beside
``unparsable_bodies`` (``fakepush/providers/strategies.py``), which every provider refuses.

Times are epoch milliseconds on the fake's clock: pass ``now`` as an int, or as anything
with ``now_ms()`` (``FakePush(...).clock``, ``FakeState.clock``).
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Any

from fakepush.providers import ALL, Provider
from fakepush.providers.strategies import unparsable_bodies


def strategies_of(providers: Sequence[Provider]) -> dict[str, Any]:
    """Every public name of the providers' strategies modules (their ``__all__``), by name.

    Two providers offering the same name would make one of them unreachable: a ValueError.
    """
    found: dict[str, Any] = {"unparsable_bodies": unparsable_bodies}
    for provider in providers:
        if not provider.strategies:
            continue
        module = importlib.import_module(provider.strategies)
        for name in module.__all__:
            if name in found:
                raise ValueError(f"{provider.strategies} offers {name!r} a second time")
            found[name] = getattr(module, name)
    return found


_BY_NAME = strategies_of(ALL)
__all__ = sorted(_BY_NAME)  # noqa: PLE0605 (a list, built from the providers)


def __getattr__(name: str) -> Any:
    # PEP 562: ``from fakepush.strategies import registration_bodies`` finds a provider's.
    try:
        return _BY_NAME[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None


def __dir__() -> list[str]:
    return [*globals(), *_BY_NAME]
