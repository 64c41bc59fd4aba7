"""Backendless where clauses over the DeviceRegistration table: parse once, test many rows.

The grammar and its errors are in where_parser.py. A tree compiles once into a
predicate of a row (a dict of the table's columns). Values follow SQL's three-valued
logic (Backendless stores its tables in SQL,
https://backendless.com/docs/rest/data_search_with_where_clause.html): a comparison
with a null column is unknown (``None``), ``NOT`` of unknown is unknown, and a row
matches only when the whole clause is true. String comparisons are exact (case-
sensitive): tokens and ids are case-sensitive, and an index answers exact values.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from fakepush.providers.backendless.where_parser import (
    _COLUMN_NAMES,
    COLUMNS,
    INDEXED,
    MAX_DEPTH,
    MAX_LENGTH,
    And,
    Column,
    Compare,
    In,
    IsNull,
    Like,
    Literal,
    Node,
    Not,
    Operand,
    Or,
    WhereError,
    parse,
)

__all__ = ["COLUMNS", "MAX_DEPTH", "MAX_LENGTH", "Where", "WhereError", "_COLUMN_NAMES",
           "compile_where", "like_matches"]

_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "=": operator.eq,
    "!=": operator.ne,
    "<>": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


# -- compiling a tree into a predicate -------------------------------------------------------

Row = Mapping[str, Any]
Test = Callable[[Row], Any]  # True, False, or None (unknown)


def _value(operand: Operand) -> Test:
    if isinstance(operand, Column):
        name = operand.name
        return lambda row: row[name]
    constant = operand.value
    return lambda row: constant


def like_matches(text: str, pattern: str) -> bool:
    """SQL LIKE: ``%`` any run, ``_`` any one character, ``\\`` makes the next one plain.

    Each run between ``%`` is found at its leftmost place after the previous one (which
    is optimal for ``%``-separated parts), so a hostile pattern costs text x pattern at
    worst, never an exponential backtrack.
    """
    parts: list[list[str | None]] = [[]]  # None stands for "_"
    chars = iter(pattern)
    for char in chars:
        if char == "\\":
            parts[-1].append(next(chars, "\\"))
        elif char == "%":
            parts.append([])
        else:
            parts[-1].append(None if char == "_" else char)

    def fits(part: list[str | None], at: int) -> bool:
        return at + len(part) <= len(text) and all(
            c is None or text[at + i] == c for i, c in enumerate(part)
        )

    first, *middle = parts
    if not middle:
        return len(first) == len(text) and fits(first, 0)
    last = middle.pop()
    if not fits(first, 0):
        return False
    at = len(first)
    for part in middle:
        while not fits(part, at):
            at += 1
            if at + len(part) > len(text):
                return False
        at += len(part)
    end = len(text) - len(last)
    return end >= at and fits(last, end)


def _compile(node: Node) -> Test:
    if isinstance(node, Literal):
        constant = node.value
        return lambda row: constant
    if isinstance(node, Compare):
        left, right, compare = _value(node.left), _value(node.right), _COMPARE[node.op]

        def test_compare(row: Row) -> Any:
            a, b = left(row), right(row)
            return None if a is None or b is None else compare(a, b)

        return test_compare
    if isinstance(node, In):
        get, values, negated = _value(node.operand), frozenset(node.values), node.negated

        def test_in(row: Row) -> Any:
            value = get(row)
            return None if value is None else (value in values) != negated

        return test_in
    if isinstance(node, Like):
        get, pattern, negated = _value(node.operand), node.pattern, node.negated

        def test_like(row: Row) -> Any:
            value = get(row)
            return None if value is None else like_matches(value, pattern) != negated

        return test_like
    if isinstance(node, IsNull):
        get, negated = _value(node.operand), node.negated
        return lambda row: (get(row) is None) != negated
    if isinstance(node, Not):
        inner = _compile(node.inner)

        def test_not(row: Row) -> Any:
            value = inner(row)
            return None if value is None else not value

        return test_not
    parts = [_compile(part) for part in node.parts]
    return _junction(parts, decisive=isinstance(node, Or))


def _junction(parts: list[Test], decisive: bool) -> Test:
    """AND (``decisive`` False: one false part decides) or OR (one true part decides)."""

    def test_junction(row: Row) -> Any:
        unknown = False
        for part in parts:
            value = part(row)
            if value is decisive:
                return decisive
            unknown = unknown or value is None
        return None if unknown else not decisive

    return test_junction


def _equalities(node: Node | None) -> dict[str, frozenset[Any]]:
    """Indexed column -> the values it must equal, from the clause's top-level AND."""
    conjuncts = node.parts if isinstance(node, And) else (node,) if node is not None else ()
    found: dict[str, frozenset[Any]] = {}
    for part in conjuncts:
        column, values = None, None
        if isinstance(part, Compare) and part.op == "=":
            sides = (part.left, part.right)
            columns = [s for s in sides if isinstance(s, Column)]
            literals = [s for s in sides if isinstance(s, Literal)]
            if len(columns) == 1 and len(literals) == 1:
                column, values = columns[0].name, frozenset([literals[0].value])
        elif isinstance(part, In) and not part.negated and isinstance(part.operand, Column):
            column, values = part.operand.name, frozenset(part.values)
        if column in INDEXED and values is not None:
            found[column] = found[column] & values if column in found else values
    return found


@dataclass(frozen=True)
class Where:
    """A compiled clause: ``matches(row)`` and the index hints ``equalities``."""

    text: str
    tree: Node | None
    equalities: dict[str, frozenset[Any]] = field(default_factory=dict)
    _test: Test | None = None

    def matches(self, row: Row) -> bool:
        return self._test is None or self._test(row) is True


def compile_where(clause: str | None) -> Where:
    """Parse and compile once; raises WhereError (1017) for a clause it cannot take."""
    if clause is not None and not isinstance(clause, str):
        raise WhereError("the where clause must be a string")
    tree = parse(clause or "")
    test = None if tree is None else _compile(tree)
    return Where(clause or "", tree, _equalities(tree), test)
