"""Every module of the package and the plugin stays small and imports at its top.

Two house rules, read from the source: no module over ~400 lines (420 is the hard edge,
so a docstring line more does not turn CI red), and no ``import`` inside a function
unless a comment on that line or the line above says why (an optional dependency, a
deliberate lazy load such as the package face of ``fakepush/__init__.py``).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MAX_LINES = 420
MODULES = sorted((ROOT / "fakepush").rglob("*.py")) + sorted(
    (ROOT / "conftest_plugin").rglob("*.py")
)


def module_id(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def imports_inside_functions(source: str) -> list[int]:
    """Line numbers of the ``import`` statements nested in a function body (at any depth)."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for inner in ast.walk(node):
                if isinstance(inner, (ast.Import, ast.ImportFrom)):
                    lines.append(inner.lineno)
    return sorted(set(lines))


def has_reason(lines: list[str], lineno: int) -> bool:
    """A ``#`` comment on the import's line or as the whole of the line above it."""
    line = lines[lineno - 1]
    above = lines[lineno - 2].strip() if lineno >= 2 else ""
    return "#" in line or above.startswith("#")


def unexplained_imports(source: str) -> list[int]:
    """The nested imports without a reason; one comment covers a run of imports under it."""
    lines = source.splitlines()
    explained: set[int] = set()
    unexplained = []
    for n in imports_inside_functions(source):
        if has_reason(lines, n) or n - 1 in explained:
            explained.add(n)
        else:
            unexplained.append(n)
    return unexplained


def test_the_walk_reads_the_package_and_the_plugin():
    names = {module_id(path) for path in MODULES}
    assert {"fakepush/app.py", "conftest_plugin/plugin.py", "fakepush/providers/base.py"} <= names


@pytest.mark.parametrize("path", MODULES, ids=module_id)
def test_module_is_at_most_420_lines(path):
    count = len(path.read_text(encoding="utf-8").splitlines())
    assert count <= MAX_LINES, (
        f"{module_id(path)} has {count} lines; split it where its steps have names"
    )


@pytest.mark.parametrize("path", MODULES, ids=module_id)
def test_no_import_inside_a_function_without_a_comment_saying_why(path):
    unexplained = unexplained_imports(path.read_text(encoding="utf-8"))
    assert not unexplained, (
        f"{module_id(path)}: import inside a function at line(s) {unexplained} with no comment "
        "on that line or the line above saying why; move it to the top"
    )


def test_an_import_inside_a_function_without_a_comment_is_found():
    source = "def f():\n    x = 1\n    import json\n    return json\n"
    assert unexplained_imports(source) == [3]


def test_a_comment_on_or_above_the_import_is_a_reason():
    source = (
        "def f():\n"
        "    # Flask is heavy: the plugin loads it only when a fixture runs.\n"
        "    import flask\n"
        "    import werkzeug\n"
        "    from json import dumps  # an optional dependency\n"
        "    return flask, werkzeug, dumps\n"
    )
    assert unexplained_imports(source) == []


def test_an_import_at_the_top_or_in_a_class_body_is_not_inside_a_function():
    source = "import json\nclass A:\n    import os\n"
    assert unexplained_imports(source) == []
