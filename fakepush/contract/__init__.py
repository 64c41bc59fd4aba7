"""fakepush's contract suite: behaviour checks that run against the fake or a real account.

Run it with ``pytest --pyargs fakepush.contract [--fakepush-target ...]`` (docs/contract.md).
The checks live in ``test_backendless.py`` and ``test_sendbird.py``; the target they talk
to comes from the pytest plugin (``conftest_plugin/contract.py``).
"""
