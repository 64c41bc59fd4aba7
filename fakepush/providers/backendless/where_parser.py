"""The grammar of Backendless where clauses: text -> a tree of plain data, or a 1017.

A hand-written recursive-descent parser rather than a parser library: the grammar is
small (comparisons joined by AND / OR / NOT), a library would be a new dependency for
forty lines of grammar, and its error messages and recursion are harder to bound. Here
every error names the character position (counted from 1), the clause length and the
nesting depth have explicit limits, and AND / OR chains are flat lists, so no clause
reaches Python's recursion limit.

Grammar (keywords case-insensitive)::

    clause     := or
    or         := and ("OR" and)*
    and        := not ("AND" not)*
    not        := "NOT" not | "(" or ")" | predicate
    predicate  := operand ( op operand
                          | ["NOT"] "IN" "(" literal ("," literal)* ")"
                          | ["NOT"] "LIKE" string
                          | "IS" ["NOT"] "NULL" )?      # bare operand: true / false only
    op         := "=" | "!=" | "<>" | "<" | "<=" | ">" | ">="
    operand    := column | literal
    literal    := 'text' ('' is a quote) | number | "true" | "false"
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Union

from fakepush.providers.backendless.errors import BackendlessError

MAX_LENGTH = 32_768  # characters; an IN list of a hundred 200-character tokens fits
MAX_DEPTH = 64  # nested parentheses and NOTs

TEXT, NUMBER, BOOLEAN = "text", "number", "boolean"

# The DeviceRegistration columns, as the Swift SDK reads them (adaptToDeviceRegistration in
# https://github.com/Backendless/Swift-SDK, Sources/SwiftSDK/Response/ProcessResponse.swift),
# and the type each holds.
COLUMNS: dict[str, str] = {
    "objectId": TEXT,
    "deviceId": TEXT,
    "deviceToken": TEXT,
    "operatingSystemName": TEXT,
    "operatingSystemVersion": TEXT,
    "channelName": TEXT,
    "ownerId": TEXT,
    "expiration": NUMBER,
    "created": NUMBER,
    "updated": NUMBER,
}
# Column names are case-insensitive, as in SQL; the user relation's id is the owner.
_COLUMN_NAMES = {name.lower(): name for name in COLUMNS}
_COLUMN_NAMES["user.objectid"] = "ownerId"

# Columns the store keeps an index on: an equality on one of them needs no scan.
INDEXED = ("deviceToken", "ownerId", "deviceId", "channelName")

_KEYWORDS = frozenset({"and", "or", "not", "in", "like", "is", "null", "true", "false"})
_TOKEN = re.compile(
    r"""(?P<space>\s+)
      | (?P<string>'(?:[^']|'')*')
      | (?P<number>-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
      | (?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)
      | (?P<op><>|!=|<=|>=|=|<|>)
      | (?P<punct>[(),])
    """,
    re.VERBOSE,
)


class WhereError(BackendlessError):
    """1017: the clause cannot be parsed, or names what the table does not have."""

    def __init__(self, detail: str) -> None:
        super().__init__(1017, detail=detail)


# -- the clause tree: plain data, so tests can build and evaluate it on their own ---------


@dataclass(frozen=True)
class Column:
    name: str  # the canonical column name (``user.objectId`` is ``ownerId``)


@dataclass(frozen=True)
class Literal:
    value: str | int | float | bool


Operand = Union[Column, Literal]


@dataclass(frozen=True)
class Compare:
    op: str
    left: Operand
    right: Operand


@dataclass(frozen=True)
class In:
    operand: Operand
    values: tuple[Any, ...]
    negated: bool = False


@dataclass(frozen=True)
class Like:
    operand: Operand
    pattern: str
    negated: bool = False


@dataclass(frozen=True)
class IsNull:
    operand: Operand
    negated: bool = False


@dataclass(frozen=True)
class Not:
    inner: "Node"


@dataclass(frozen=True)
class And:
    parts: tuple["Node", ...]


@dataclass(frozen=True)
class Or:
    parts: tuple["Node", ...]


Node = Union[Compare, In, Like, IsNull, Not, And, Or, Literal]


# -- lexer and parser -----------------------------------------------------------------------


@dataclass
class _Token:
    kind: str  # string, number, name, keyword, op, punct, end
    text: str
    position: int  # from 1
    value: Any = None


def _tokens(clause: str) -> list[_Token]:
    tokens: list[_Token] = []
    at = 0
    while at < len(clause):
        match = _TOKEN.match(clause, at)
        if match is None:
            if clause[at] == "'":
                raise WhereError(f"unterminated string starting at position {at + 1}")
            if clause[at] == '"':
                raise WhereError(
                    f"strings take single quotes, found '\"' at position {at + 1}"
                )
            raise WhereError(f"unexpected character {clause[at]!r} at position {at + 1}")
        kind, text = match.lastgroup or "", match.group()
        if kind != "space":
            token = _Token(kind, text, at + 1)
            if kind == "string":
                token.value = text[1:-1].replace("''", "'")
            elif kind == "number":
                token.value = _number(text, at + 1)
            elif kind == "name" and text.lower() in _KEYWORDS:
                token.kind, token.value = "keyword", text.lower()
            tokens.append(token)
        at = match.end()
    tokens.append(_Token("end", "", len(clause) + 1))
    return tokens


def _number(text: str, position: int) -> int | float:
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    value = float(text)
    if not math.isfinite(value):
        raise WhereError(f"number {text} at position {position} is out of range")
    return value


def _describe(token: _Token) -> str:
    return "the end of the clause" if token.kind == "end" else repr(token.text)


class _Parser:
    def __init__(self, clause: str) -> None:
        self.tokens = _tokens(clause)
        self.at = 0
        self.depth = 0

    @property
    def token(self) -> _Token:
        return self.tokens[self.at]

    def advance(self) -> _Token:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def is_keyword(self, *words: str) -> bool:
        return self.token.kind == "keyword" and self.token.value in words

    def expect(self, kind: str, text: str, wanted: str) -> _Token:
        token = self.token
        if token.kind != kind or token.text != text:
            raise self.error(wanted)
        return self.advance()

    def error(self, wanted: str) -> WhereError:
        token = self.token
        return WhereError(
            f"expected {wanted} at position {token.position}, found {_describe(token)}"
        )

    def nest(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise WhereError(
                f"nested deeper than {MAX_DEPTH} levels at position {self.token.position}"
            )

    def clause(self) -> Node:
        node = self.disjunction()
        if self.token.kind != "end":
            raise self.error("AND, OR or the end of the clause")
        return node

    def disjunction(self) -> Node:
        return self.joined("or", self.conjunction, Or)

    def conjunction(self) -> Node:
        return self.joined("and", self.negation, And)

    def joined(self, keyword: str, operand: Callable[[], Node], node: Callable[..., Node]) -> Node:
        """``operand (keyword operand)*``: the one operand, or ``node`` of all of them."""
        parts = [operand()]
        while self.is_keyword(keyword):
            self.advance()
            parts.append(operand())
        return parts[0] if len(parts) == 1 else node(tuple(parts))

    def negation(self) -> Node:
        if self.is_keyword("not"):
            self.advance()
            self.nest()
            node: Node = Not(self.negation())
            self.depth -= 1
            return node
        if self.token.kind == "punct" and self.token.text == "(":
            self.advance()
            self.nest()
            node = self.disjunction()
            self.expect("punct", ")", "')'")
            self.depth -= 1
            return node
        return self.predicate()

    def operand(self) -> tuple[Operand, str]:
        token = self.token
        if token.kind == "name":
            name = _COLUMN_NAMES.get(token.text.lower())
            if name is None:
                raise WhereError(
                    f"unknown column {token.text!r} at position {token.position}; "
                    f"DeviceRegistration has {', '.join(COLUMNS)} and user.objectId"
                )
            self.advance()
            return Column(name), COLUMNS[name]
        if token.kind in ("string", "number"):
            self.advance()
            return Literal(token.value), TEXT if token.kind == "string" else NUMBER
        if self.is_keyword("true", "false"):
            self.advance()
            return Literal(token.value == "true"), BOOLEAN
        if self.is_keyword("null"):
            raise WhereError(
                f"NULL at position {token.position} compares with nothing; "
                "use IS NULL or IS NOT NULL"
            )
        raise self.error("a column, a value, NOT or '('")

    def literal(self, kind: str) -> Any:
        token = self.token
        if token.kind not in ("string", "number") and not self.is_keyword("true", "false"):
            raise self.error("a value")
        value, value_kind = self.operand()
        assert isinstance(value, Literal)
        _same_kind(kind, value_kind, token.position)
        return value.value

    def predicate(self) -> Node:
        start = self.token.position
        left, kind = self.operand()
        token = self.token
        if token.kind == "op":
            self.advance()
            right_at = self.token.position
            right, right_kind = self.operand()
            _same_kind(kind, right_kind, right_at)
            return Compare(token.text, left, right)
        negated = False
        if self.is_keyword("not"):
            self.advance()
            negated = True
            if not self.is_keyword("in", "like"):
                raise self.error("IN or LIKE after NOT")
        if self.is_keyword("in"):
            self.advance()
            self.expect("punct", "(", "'(' after IN")
            values = [self.literal(kind)]
            while self.token.kind == "punct" and self.token.text == ",":
                self.advance()
                values.append(self.literal(kind))
            self.expect("punct", ")", "',' or ')'")
            return In(left, tuple(values), negated)
        if self.is_keyword("like"):
            self.advance()
            if kind != TEXT:
                raise WhereError(f"LIKE at position {token.position} needs text on its left")
            if self.token.kind != "string":
                raise self.error("a quoted pattern after LIKE")
            return Like(left, self.advance().value, negated)
        if self.is_keyword("is"):
            self.advance()
            negated = self.is_keyword("not")
            if negated:
                self.advance()
            if not self.is_keyword("null"):
                raise self.error("NULL after IS")
            self.advance()
            return IsNull(left, negated)
        if isinstance(left, Literal) and kind == BOOLEAN:
            return left
        raise WhereError(
            f"expected an operator (=, !=, <>, <, <=, >, >=, IN, NOT IN, LIKE, IS) "
            f"at position {token.position} after the operand at position {start}, "
            f"found {_describe(token)}"
        )


def _same_kind(left: str, right: str, position: int) -> None:
    if left != right:
        raise WhereError(f"a {left} compared with a {right} at position {position}")


def parse(clause: str) -> Node | None:
    """The clause's tree; None for an empty clause (every row). Raises WhereError (1017)."""
    if len(clause) > MAX_LENGTH:
        raise WhereError(f"the clause is longer than {MAX_LENGTH} characters")
    if not clause.strip():
        return None
    return _Parser(clause).clause()
