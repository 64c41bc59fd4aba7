"""Property: the engine answers a generated where clause as a plain reading of its tree.

Clause trees come from a small grammar over the DeviceRegistration columns; each is
rendered to text, compiled by the engine and run on generated rows. The expected answer
is a separate evaluation of the same tree: SQL three-valued logic spelled out with
Python values, and LIKE through a regular expression.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from fakepush import create_app
from fakepush.providers.backendless.where import compile_where
from fakepush.providers import ALL
from fakepush.state import FakeState

TEXT_COLUMNS = ["deviceId", "deviceToken", "channelName", "ownerId", "operatingSystemName"]
NUMBER_COLUMNS = ["created", "expiration"]
WORDS = ["a", "b", "ab", "a'b", "", "%", "_"]

texts = st.sampled_from(WORDS)
numbers = st.integers(-2, 3)
rows = st.fixed_dictionaries(
    {
        "objectId": st.just("O"),
        "deviceId": texts,
        "deviceToken": texts,
        "channelName": texts,
        "ownerId": st.none() | texts,
        "operatingSystemName": texts,
        "operatingSystemVersion": st.just("1"),
        "created": numbers,
        "updated": numbers,
        "expiration": st.none() | numbers,
    }
)


def _quote(text):
    return "'" + text.replace("'", "''") + "'"


def _text_operand():
    return st.sampled_from(TEXT_COLUMNS).map(lambda c: ("col", c)) | texts.map(lambda t: ("lit", t))


def _number_operand():
    columns = st.sampled_from(NUMBER_COLUMNS).map(lambda c: ("col", c))
    return columns | numbers.map(lambda n: ("lit", n))


ops = st.sampled_from(["=", "!=", "<>", "<", "<=", ">", ">="])
patterns = st.lists(st.sampled_from(["a", "b", "%", "_", "'"]), max_size=4).map("".join)
leaves = st.one_of(
    st.tuples(st.just("cmp"), ops, _text_operand(), _text_operand()),
    st.tuples(st.just("cmp"), ops, _number_operand(), _number_operand()),
    st.tuples(
        st.just("in"), st.booleans(), st.sampled_from(TEXT_COLUMNS),
        st.lists(texts, min_size=1, max_size=3),
    ),
    st.tuples(st.just("like"), st.booleans(), st.sampled_from(TEXT_COLUMNS), patterns),
    st.tuples(st.just("null"), st.booleans(), st.sampled_from(TEXT_COLUMNS + NUMBER_COLUMNS)),
    st.tuples(st.just("bool"), st.booleans()),
)
trees = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.tuples(st.just("not"), inner),
        st.tuples(st.sampled_from(["and", "or"]), st.lists(inner, min_size=2, max_size=3)),
    ),
    max_leaves=8,
)


def _word(word, draw_case):
    return word.upper() if draw_case else word.lower()


def render(tree, upper):
    kind = tree[0]
    if kind == "cmp":
        _, op, left, right = tree
        return f"{_operand_text(left)} {op} {_operand_text(right)}"
    if kind == "in":
        _, negated, column, values = tree
        word = ("NOT " if negated else "") + "IN"
        return f"{_column_text(column)} {_word(word, upper)} ({', '.join(map(_quote, values))})"
    if kind == "like":
        _, negated, column, pattern = tree
        word = ("NOT " if negated else "") + "LIKE"
        return f"{_column_text(column)} {_word(word, upper)} {_quote(pattern)}"
    if kind == "null":
        _, negated, column = tree
        word = "IS NOT NULL" if negated else "IS NULL"
        return f"{_column_text(column)} {_word(word, upper)}"
    if kind == "bool":
        return _word("true" if tree[1] else "false", upper)
    if kind == "not":
        return f"{_word('NOT', upper)} ({render(tree[1], upper)})"
    joiner = f" {_word(kind, upper)} "
    return joiner.join(f"({render(part, upper)})" for part in tree[1])


def _column_text(column):
    return "user.objectId" if column == "ownerId" else column


def _operand_text(operand):
    kind, value = operand
    if kind == "col":
        return _column_text(value)
    return _quote(value) if isinstance(value, str) else str(value)


def _like_regex(pattern):
    return "".join(".*" if c == "%" else "." if c == "_" else re.escape(c) for c in pattern)


def expected(tree, row):
    """True, False or None (unknown), by SQL's rules."""
    kind = tree[0]
    if kind == "cmp":
        _, op, left, right = tree
        a, b = (row[v] if k == "col" else v for k, v in (left, right))
        if a is None or b is None:
            return None
        return {"=": a == b, "!=": a != b, "<>": a != b, "<": a < b, "<=": a <= b,
                ">": a > b, ">=": a >= b}[op]
    if kind == "in":
        _, negated, column, values = tree
        value = row[column]
        return None if value is None else (value in values) != negated
    if kind == "like":
        _, negated, column, pattern = tree
        value = row[column]
        if value is None:
            return None
        return (re.fullmatch(_like_regex(pattern), value, re.DOTALL) is not None) != negated
    if kind == "null":
        return (row[tree[2]] is None) != tree[1]
    if kind == "bool":
        return tree[1]
    if kind == "not":
        inner = expected(tree[1], row)
        return None if inner is None else not inner
    values = [expected(part, row) for part in tree[1]]
    if kind == "and":
        return False if False in values else None if None in values else True
    return True if True in values else None if None in values else False


@settings(max_examples=400, deadline=None)
@given(tree=trees, row_list=st.lists(rows, min_size=1, max_size=5), upper=st.booleans())
def test_the_engine_agrees_with_a_plain_evaluation_of_the_clause_tree(tree, row_list, upper):
    clause = render(tree, upper)
    where = compile_where(clause)
    for row in row_list:
        assert where.matches(row) is (expected(tree, row) is True), (clause, row)


@settings(max_examples=200, deadline=None)
@given(tree=trees, row_list=st.lists(rows, min_size=1, max_size=5))
def test_index_hints_never_drop_a_matching_row(tree, row_list):
    where = compile_where(render(tree, False))
    for row in row_list:
        if where.matches(row):
            for column, values in where.equalities.items():
                assert row[column] in values


devices = st.lists(
    st.fixed_dictionaries({
        "deviceId": st.sampled_from(["a", "b", "ab", "a'b", "%", "_"]),
        "deviceToken": texts,
        "os": st.sampled_from(["IOS", "ANDROID", "a"]),
        "channels": st.lists(st.sampled_from(["a", "b", "ab"]), min_size=1, max_size=2),
        "owner": st.none() | st.sampled_from(["a", "b"]),
        "later": st.integers(0, 2),
    }),
    min_size=1, max_size=5, unique_by=lambda device: device["deviceId"],
)


@settings(max_examples=60, deadline=None)
@given(tree=trees, registered=devices)
def test_a_find_over_http_answers_the_rows_a_plain_evaluation_selects(tree, registered):
    state = FakeState(ALL)
    client = create_app(state).test_client()
    state.clock.freeze(0)
    store = state.stores["backendless"]
    base = "/FAKEPUSH-APP-ID/FAKEPUSH-REST-API-KEY"
    for device in registered:
        state.clock.advance(device["later"])
        headers = {}
        if device["owner"] is not None:
            headers["user-token"] = store.login(store.app_by_id(), device["owner"])["user-token"]
        body = {k: device[k] for k in ("deviceId", "deviceToken", "os", "channels")}
        response = client.post(f"{base}/messaging/registrations", json={**body, "osVersion": "1"},
                               headers=headers)
        assert response.status_code == 200
    every_row = client.post(f"{base}/data/DeviceRegistration/find", json={"pageSize": 100}).json
    clause = render(tree, False)
    found = client.post(f"{base}/data/DeviceRegistration/find",
                        json={"where": clause, "pageSize": 100})
    assert found.status_code == 200, found.json
    assert found.json == [row for row in every_row if expected(tree, row) is True], clause
