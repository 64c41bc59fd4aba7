"""Surfaces never name a provider: only ``fakepush/providers/`` may say which providers exist.

Every module outside that folder (the core, ``web/``, ``app.py``, the surfaces and the
top-level ``conftest_plugin/``) is read with ``ast``: an import, an identifier (a name, an
attribute, a function, class or argument name, a keyword) or a string literal that holds a
provider's name fails the test. Docstrings and comments may name a provider (they explain,
they do not decide). The dashboard's script, style and template are read as text, whole.
The names come from the provider folders themselves, so a new provider is checked too.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "fakepush"
PROVIDERS = sorted(
    p.name for p in (PACKAGE / "providers").iterdir() if (p / "provider.py").is_file()
)
NAMES = re.compile("|".join(PROVIDERS), re.IGNORECASE)
# (file, the word that names a provider): the only places left, each with its reason.
ALLOWED: dict[tuple[str, str], str] = {}
# Files that still name a provider, each to be moved into the providers' folders; the
# list only shrinks (a test below fails when a listed file no longer names one).
NOT_YET_NEUTRAL = {
    "fakepush/admin/static/dashboard.js": "renders each provider's tables by hand",
    "fakepush/admin/templates/dashboard.html": "lays out each provider's tables by hand",
    "fakepush/contract/clients.py": "the providers' contract clients",
    "fakepush/contract/compare.py": "rebuilds each provider's apps for a replay",
    "fakepush/contract/expect.py": "each provider's error shape",
    "fakepush/contract/target.py": "each provider's target",
    "fakepush/contract/test_backendless.py": "a provider's contract checks",
    "fakepush/contract/test_sendbird.py": "a provider's contract checks",
    "fakepush/strategies.py": "imports each provider's limits",
}


def python_files() -> list[Path]:
    inside = sorted(PACKAGE.rglob("*.py")) + sorted((ROOT / "conftest_plugin").rglob("*.py"))
    return [p for p in inside if (PACKAGE / "providers") not in p.parents]


def asset_files() -> list[Path]:
    admin = PACKAGE / "admin"
    return sorted([*(admin / "static").iterdir(), *(admin / "templates").iterdir()])


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of the string constants that are docstrings (of a module, class or function)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0].value if node.body and isinstance(node.body[0], ast.Expr) else None
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.add(id(first))
    return found


def words_in_code(source: str) -> list[tuple[int, str]]:
    """(line, text) of every import, identifier and non-docstring string that names a provider."""
    tree = ast.parse(source)
    docstrings = _docstrings(tree)
    found = []
    for node in ast.walk(tree):
        texts: list[str] = []
        if isinstance(node, ast.Import):
            texts = [alias.name for alias in node.names] + [a.asname or "" for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            texts = (
                [node.module or ""]
                + [a.name for a in node.names]
                + [a.asname or "" for a in node.names]
            )
        elif isinstance(node, ast.Name):
            texts = [node.id]
        elif isinstance(node, ast.Attribute):
            texts = [node.attr]
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            texts = [node.name]
        elif isinstance(node, ast.arg):
            texts = [node.arg]
        elif isinstance(node, ast.keyword):
            texts = [node.arg or ""]
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
        ):
            texts = [node.value]
        found += [(getattr(node, "lineno", 0), text) for text in texts if NAMES.search(text)]
    return found


def words_in_asset(path: Path) -> list[tuple[int, str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [(number, line.strip()) for number, line in enumerate(lines, 1) if NAMES.search(line)]


def relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def names_found(path: Path) -> list[tuple[int, str]]:
    """What names a provider in the file, less the allowed words."""
    if path.suffix == ".py":
        found = words_in_code(path.read_text(encoding="utf-8"))
    else:
        found = words_in_asset(path)
    return [(line, text) for line, text in found if (relative(path), text) not in ALLOWED]


CHECKED = [p for p in python_files() + asset_files() if relative(p) not in NOT_YET_NEUTRAL]


@pytest.mark.parametrize("path", CHECKED, ids=relative)
def test_a_file_outside_the_providers_names_no_provider(path):
    assert names_found(path) == []


@pytest.mark.parametrize("name", sorted(NOT_YET_NEUTRAL))
def test_each_file_not_yet_neutral_still_names_a_provider(name):
    """The list only shrinks: a file that no longer names a provider leaves it."""
    assert names_found(ROOT / name) != []


def test_the_walk_finds_the_providers_and_the_surfaces():
    assert PROVIDERS == ["backendless", "sendbird"]
    names = {relative(p) for p in python_files() + asset_files()}
    assert {"fakepush/handle.py", "fakepush/cli.py", "fakepush/strategies.py",
            "fakepush/admin/static/dashboard.js", "conftest_plugin/plugin.py"} <= names  # fmt: skip
    assert not any(name.startswith("fakepush/providers/") for name in names)


def test_the_check_finds_an_import_an_identifier_and_a_string_but_not_a_docstring():
    source = (
        '"""Talks to Sendbird."""\n'
        "from fakepush.providers.sendbird import store\n"
        "def f(backendless_apps):\n"
        '    """For Backendless."""\n'
        "    # a comment about sendbird\n"
        "    return fake.sendbird, {'provider': 'Backendless'}, f'{x}.sendbird.com'\n"
    )
    assert sorted(words_in_code(source)) == [
        (2, "fakepush.providers.sendbird"),
        (3, "backendless_apps"),
        (6, ".sendbird.com"),
        (6, "Backendless"),
        (6, "sendbird"),
    ]
