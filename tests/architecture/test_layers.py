"""The layers of the house import only the layers below them (read from the source with ``ast``).

The core and the web layer import no provider module; a provider imports no other
provider; nothing in the core imports Flask. Walking every ``import`` statement (at any
depth, so an import hidden inside a function counts too).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "fakepush"
CORE = ("clock", "faults", "hosts", "journal", "jsonbody", "outbox", "errors", "pattern", "state")
PROVIDERS = sorted(
    p.name for p in (PACKAGE / "providers").iterdir() if (p / "provider.py").is_file()
)


def imported_modules(path: Path) -> set[str]:
    """Every module an ``import`` or ``from ... import`` in the file names (absolute)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def is_provider_module(module: str) -> bool:
    """``fakepush.providers`` (the list) or anything inside a provider's folder."""
    parts = module.split(".")
    return parts[:2] == ["fakepush", "providers"] and (
        len(parts) == 2 or parts[2] in PROVIDERS
    )


def modules_of(*relative: str) -> list[Path]:
    paths = []
    for name in relative:
        target = PACKAGE / name
        paths += sorted(target.rglob("*.py")) if target.is_dir() else [target]
    return paths


CORE_FILES = modules_of(*(f"{name}.py" for name in CORE))
WEB_FILES = modules_of("web")


def test_the_walk_sees_both_providers_and_every_core_and_web_module():
    assert PROVIDERS == ["backendless", "sendbird"]
    assert all(path.is_file() for path in CORE_FILES)
    assert {p.name for p in WEB_FILES} >= {"context.py", "cycle.py", "errors.py", "serving.py"}


@pytest.mark.parametrize("path", CORE_FILES + WEB_FILES, ids=lambda p: p.stem)
def test_core_and_web_modules_import_no_provider(path):
    assert sorted(m for m in imported_modules(path) if is_provider_module(m)) == []


@pytest.mark.parametrize("path", CORE_FILES, ids=lambda p: p.stem)
def test_core_modules_import_only_the_standard_library_and_the_core(path):
    outside = sorted(
        m
        for m in imported_modules(path)
        if m.split(".")[0] in ("flask", "werkzeug")
        or (m.startswith("fakepush.") and m.split(".")[1] not in CORE)
    )
    assert outside == []


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_provider_imports_no_other_provider_and_no_surface(provider):
    others = [p for p in PROVIDERS if p != provider]
    surfaces = ("fakepush.app", "fakepush.admin", "fakepush.handle", "fakepush.cli",
                "fakepush.contract", "fakepush.strategies")  # fmt: skip
    bad = set()
    for path in modules_of(f"providers/{provider}"):
        # Its contract checks (providers/<name>/contract/) are the contract suite's: they use
        # its toolkit (fakepush/contract/: the target, the HTTP client, the assertions).
        in_checks = (PACKAGE / "providers" / provider / "contract") in path.parents
        for module in imported_modules(path):
            if in_checks and module.startswith("fakepush.contract"):
                continue
            parts = module.split(".")
            if parts[:2] == ["fakepush", "providers"] and len(parts) > 2 and parts[2] in others:
                bad.add(module)
            if module == "fakepush.providers" or module.startswith(surfaces):
                bad.add(module)
    assert sorted(bad) == []


def test_the_check_fails_on_a_core_module_that_imports_a_provider(tmp_path):
    """The walk itself can fail: an import inside a function is found too."""
    sneaky = tmp_path / "sneaky.py"
    sneaky.write_text(
        "def later():\n    from fakepush.providers.backendless.store import BackendlessStore\n"
    )
    assert [m for m in imported_modules(sneaky) if is_provider_module(m)]


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_provider_loads_its_contract_part_only_by_name(provider):
    """Only the contract suite imports a provider's checks (they load pytest)."""
    inside = PACKAGE / "providers" / provider / "contract"
    outside = [p for p in modules_of(f"providers/{provider}") if inside not in p.parents]
    found = {m for path in outside for m in imported_modules(path)}
    assert sorted(m for m in found if m.startswith(f"fakepush.providers.{provider}.contract")) == []
