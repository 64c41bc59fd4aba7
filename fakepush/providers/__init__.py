"""The one list of emulated providers; every surface iterates it instead of naming one.

A new provider is a folder beside these two, with a ``provider.py`` holding its
``PROVIDER`` (``fakepush/providers/base.py``), and one entry here.
"""

from fakepush.providers.backendless.provider import PROVIDER as BACKENDLESS
from fakepush.providers.base import Provider
from fakepush.providers.sendbird.provider import PROVIDER as SENDBIRD

ALL: tuple[Provider, ...] = (BACKENDLESS, SENDBIRD)

__all__ = ["ALL", "Provider"]
