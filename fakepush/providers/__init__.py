"""The one list of emulated providers; every surface iterates it instead of naming one.

A new provider is a folder beside these two, with a ``provider.py`` holding its
``PROVIDER`` (``fakepush/providers/base.py``), and one entry here.
"""

from fakepush.providers.backendless.handle import BackendlessHandle
from fakepush.providers.backendless.provider import PROVIDER as BACKENDLESS
from fakepush.providers.base import Provider
from fakepush.providers.sendbird.handle import SendbirdHandle
from fakepush.providers.sendbird.provider import PROVIDER as SENDBIRD

ALL: tuple[Provider, ...] = (BACKENDLESS, SENDBIRD)


class ProviderHandles:
    """Each provider's handle as a typed attribute of ``FakePush`` (``fake.sendbird``).

    Annotations only: at run time ``FakePush`` sets them from ``ALL`` (``state.by_name``); this
    class is there so that mypy and pyright know their types (``fake.sendbird.tokens(
    "alice", "gcm")`` is a ``list[str]``). One line per entry of ``ALL``.
    """

    backendless: BackendlessHandle
    sendbird: SendbirdHandle


__all__ = ["ALL", "Provider", "ProviderHandles"]
