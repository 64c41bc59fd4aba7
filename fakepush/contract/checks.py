"""Where pytest finds every provider's contract checks.

The checks live in each provider's folder (the modules its ``ContractPart.checks`` names,
``fakepush/providers/contract.py``). When ``pytest --pyargs fakepush.contract`` collects
this package, the fakepush plugin (``conftest_plugin/contract.py``) turns this file into
one collector holding those modules, so the suite runs them with no list here.
"""
