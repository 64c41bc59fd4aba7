"""fakepush's contract suite: behaviour checks that run against the fake or a real account.

Run it with ``pytest --pyargs fakepush.contract [--fakepush-target ...]`` (docs/contract.md).
The checks live in each provider's folder (``fakepush/providers/<name>/contract/``, named
by its ``Provider.contract``); ``checks.py`` is where pytest finds them, and the target
they talk to comes from the pytest plugin (``conftest_plugin/contract.py``).
"""
