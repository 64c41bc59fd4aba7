"""A Backendless data query over DeviceRegistration: where, paging, order and properties.

The options and their defaults are the JS SDK's DataQueryBuilder's
(https://backendless.com/docs/rest/data_search_with_where_clause.html): ``pageSize`` 10,
at most 100 (1025 beyond, https://backendless.com/docs/js/backendless_error_codes.html),
``offset`` 0, ``sortBy`` columns with an optional ``ASC`` / ``DESC``, and ``props`` the
columns to answer. Without ``sortBy`` rows come in ``created`` order, then ``objectId``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from fakepush.providers.backendless.errors import BackendlessError
from fakepush.providers.backendless.where import _COLUMN_NAMES, COLUMNS, Where, compile_where

DEFAULT_PAGE_SIZE = 10
MAX_PAGE_SIZE = 100
DEFAULT_ORDER = (("created", False), ("objectId", False))


@dataclass(frozen=True)
class Query:
    where: Where
    page_size: int = DEFAULT_PAGE_SIZE
    offset: int = 0
    sort_by: tuple[tuple[str, bool], ...] = DEFAULT_ORDER  # (column, descending)
    props: tuple[str, ...] | None = None


def _column(name: str, option: str) -> str:
    column = _COLUMN_NAMES.get(name.strip().lower())
    if column is None:
        raise BackendlessError(1026, detail=f"{option} names an unknown column {name.strip()!r}")
    return column


def _count(value: Any, option: str) -> int:
    """A non-negative int from a query string or a JSON body; 1026 otherwise."""
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise BackendlessError(1026, detail=f"{option} must be a whole number, 0 or more")
    return value


def _names(value: Any, option: str) -> list[str]:
    """A list of names: a JSON list, or one string of names split by commas."""
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise BackendlessError(1026, detail=f"{option} must hold strings")
        names.extend(part for part in item.split(",") if part.strip())
    return names


def _sort_by(value: Any) -> tuple[tuple[str, bool], ...]:
    order: list[tuple[str, bool]] = []
    for entry in _names(value, "sortBy"):
        words = entry.split()
        descending = False
        if len(words) == 2 and words[1].upper() in ("ASC", "DESC"):
            descending = words[1].upper() == "DESC"
        elif len(words) != 1:
            raise BackendlessError(
                1026, detail=f"sortBy entry {entry.strip()!r} is not 'column [ASC|DESC]'"
            )
        order.append((_column(words[0], "sortBy"), descending))
    return tuple(order) if order else DEFAULT_ORDER


def parse_query(options: Mapping[str, Any]) -> Query:
    """Check the options (query string values or a find body) and return the query.

    Checked in the order where, pageSize, offset, sortBy, props; the first bad one is
    the error.
    """
    where = compile_where(options.get("where"))
    page_size = options.get("pageSize")
    page_size = DEFAULT_PAGE_SIZE if page_size is None else _count(page_size, "pageSize")
    if page_size > MAX_PAGE_SIZE:
        raise BackendlessError(1025)
    if page_size == 0:
        raise BackendlessError(1026, detail="pageSize must be 1 or more")
    offset = options.get("offset")
    offset = 0 if offset is None else _count(offset, "offset")
    sort_by = _sort_by(options.get("sortBy"))
    chosen = None
    names = _names(options.get("props"), "props")
    # "*" is every column (what the JS SDK's addAllProperties() sends).
    if names and "*" not in (name.strip() for name in names):
        chosen = tuple(dict.fromkeys(_column(p, "props") for p in names))
    return Query(where, page_size, offset, sort_by, chosen or None)


def _sort_key(value: Any) -> tuple[int, Any]:
    # SQL puts NULL first in ascending order.
    return (0, 0) if value is None else (1, value)


def order_and_page(rows: Iterable[dict[str, Any]], query: Query) -> list[dict[str, Any]]:
    """The page of matching rows in the query's order (stable sorts, last key first)."""
    ordered = list(rows)
    for column, descending in reversed(query.sort_by):
        ordered.sort(key=lambda row: _sort_key(row[column]), reverse=descending)
    page = ordered[query.offset : query.offset + query.page_size]
    if query.props is None:
        return page
    keep = ("___class", "objectId", *query.props)
    return [{name: row[name] for name in keep if name in row} for row in page]


__all__ = ["COLUMNS", "Query", "order_and_page", "parse_query"]
