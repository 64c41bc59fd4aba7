"""The where-clause engine on its own: operators, literals, errors, limits and index hints."""

from __future__ import annotations

import pytest

from fakepush.providers.backendless.errors import BackendlessError
from fakepush.providers.backendless.where import MAX_DEPTH, MAX_LENGTH, compile_where, like_matches

ROW = {
    "objectId": "OBJ-1",
    "deviceId": "device-1",
    "deviceToken": "tok'en",
    "operatingSystemName": "ANDROID",
    "operatingSystemVersion": "14",
    "channelName": "news",
    "ownerId": None,
    "expiration": None,
    "created": 1000,
    "updated": 2000,
}


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        ("deviceId = 'device-1'", True),
        ("deviceId = 'device-2'", False),
        ("deviceId != 'device-2'", True),
        ("deviceId <> 'device-1'", False),
        ("created < 1001", True),
        ("created < 1000", False),
        ("created <= 1000", True),
        ("created > 999.5", True),
        ("created > 1000", False),
        ("created >= 1000", True),
        ("updated = 2e3", True),
        ("created > -5", True),
        ("channelName IN ('a', 'news')", True),
        ("channelName in ('a')", False),
        ("channelName NOT IN ('a', 'b')", True),
        ("channelName not in ('news')", False),
        ("deviceId LIKE 'dev%'", True),
        ("deviceId LIKE 'device-_'", True),
        ("deviceId LIKE 'device_'", False),
        ("deviceId LIKE '%ICE%'", False),
        ("deviceId NOT LIKE 'x%'", True),
        ("ownerId IS NULL", True),
        ("ownerId is not null", False),
        ("expiration IS NULL AND created = 1000", True),
        ("deviceId = 'x' OR created = 1000", True),
        ("NOT deviceId = 'x'", True),
        ("not (deviceId = 'device-1' and created = 1000)", False),
        ("(deviceId = 'x' or channelName = 'news') and created = 1000", True),
        ("deviceToken = 'tok''en'", True),
        ("true", True),
        ("FALSE", False),
        ("true = true", True),
        ("1 = 1", True),
        ("deviceId = deviceId", True),
        ("DEVICEID = 'device-1'", True),
        ("user.objectId IS NULL", True),
    ],
)
def test_each_operator_and_literal_decides_the_row(clause, expected):
    assert compile_where(clause).matches(ROW) is expected


@pytest.mark.parametrize(
    "clause",
    ["ownerId = 'u'", "ownerId != 'u'", "ownerId < 'u'", "ownerId IN ('u')", "ownerId NOT IN ('u')",
     "ownerId LIKE '%'", "NOT ownerId = 'u'", "NOT (ownerId = 'u' AND true)"],
)
def test_a_comparison_with_null_is_unknown_and_never_matches(clause):
    assert compile_where(clause).matches(ROW) is False


def test_unknown_or_true_matches_and_unknown_and_false_does_not():
    assert compile_where("ownerId = 'u' OR true").matches(ROW) is True
    assert compile_where("NOT (ownerId = 'u' AND false)").matches(ROW) is True


def test_user_object_id_means_owner_id():
    row = {**ROW, "ownerId": "USER-1"}
    assert compile_where("user.objectId = 'USER-1'").matches(row)
    assert not compile_where("user.objectId = 'USER-2'").matches(row)


def test_string_comparisons_are_case_sensitive():
    assert not compile_where("channelName = 'NEWS'").matches(ROW)


def test_an_empty_clause_matches_every_row():
    assert compile_where("").matches(ROW)
    assert compile_where("   ").matches(ROW)
    assert compile_where(None).matches(ROW)


@pytest.mark.parametrize(
    ("text", "pattern", "expected"),
    [
        ("abc", "abc", True), ("abc", "a%", True), ("abc", "%c", True), ("abc", "%b%", True),
        ("abc", "a_c", True), ("abc", "a_", False), ("abc", "%", True), ("", "%", True),
        ("", "_", False), ("a%b", "a\\%b", True), ("axb", "a\\%b", False),
        ("a_b", "a\\_b", True), ("aXb", "a\\_b", False), ("abcabc", "%b%c", True),
        ("aaa", "a%a%a%a", False), ("ab", "a%%b", True),
    ],
)
def test_like_wildcards(text, pattern, expected):
    assert like_matches(text, pattern) is expected


def test_like_with_many_wildcards_on_a_long_text_is_fast():
    # A backtracking regex would take exponential time here.
    assert not like_matches("a" * 500, "%a" * 200 + "%b")


def _error(clause):
    with pytest.raises(BackendlessError) as caught:
        compile_where(clause)
    assert caught.value.code == 1017
    assert caught.value.message.startswith("Invalid where clause: ")
    return caught.value.message


@pytest.mark.parametrize(
    ("clause", "says"),
    [
        ("deviceId = 'abc", "unterminated string starting at position 12"),
        ("(deviceId = 'a'", "expected ')' at position 16, found the end of the clause"),
        ("deviceId = 'a')", "at position 15, found ')'"),
        ("colour = 'red'", "unknown column 'colour' at position 1"),
        ("user.name = 'x'", "unknown column 'user.name' at position 1"),
        ("deviceId = 5", "a text compared with a number at position 12"),
        ("created LIKE '1%'", "LIKE at position 9 needs text"),
        ("deviceId = NULL", "NULL at position 12"),
        ("deviceId IN ()", "expected a value at position 14, found ')'"),
        ("deviceId IN (deviceToken)", "expected a value at position 14"),
        ("deviceId", "expected an operator"),
        ("deviceId = 'a' AND", "position 19, found the end of the clause"),
        ("deviceId BETWEEN 'a' AND 'b'", "found 'BETWEEN'"),
        ('deviceId = "a"', "single quotes"),
        ("deviceId = 'a' ; DROP TABLE x", "unexpected character ';' at position 16"),
        ("created = 1e999", "out of range"),
        ("deviceId IS 'a'", "NULL after IS"),
        ("deviceId NOT = 'a'", "IN or LIKE after NOT"),
    ],
)
def test_a_clause_it_cannot_take_is_1017_naming_the_position(clause, says):
    assert says in _error(clause)


def test_nesting_deeper_than_the_limit_is_an_error_not_a_recursion_error():
    assert "nested deeper" in _error("(" * 10_000 + "true" + ")" * 10_000)
    assert "nested deeper" in _error("NOT " * 5_000 + "true")
    fits = "(" * MAX_DEPTH + "true" + ")" * MAX_DEPTH
    assert compile_where(fits).matches(ROW)


def test_a_clause_over_the_length_limit_is_an_error():
    assert "longer than" in _error("deviceId = '" + "x" * 100_000 + "'")
    long_chain = " OR ".join(f"deviceId = 'd{i}'" for i in range(1_500))
    assert len(long_chain) < MAX_LENGTH
    assert not compile_where(long_chain).matches(ROW)


def test_a_where_that_is_not_a_string_is_an_error():
    assert "must be a string" in _error(5)


@pytest.mark.parametrize(
    ("clause", "hints"),
    [
        ("deviceToken = 'a'", {"deviceToken": {"a"}}),
        ("'a' = deviceToken", {"deviceToken": {"a"}}),
        (
            "user.objectId = 'u' AND channelName IN ('x', 'y')",
            {"ownerId": {"u"}, "channelName": {"x", "y"}},
        ),
        ("deviceId IN ('a', 'b') AND deviceId = 'b'", {"deviceId": {"b"}}),
        ("deviceId = 'a' AND created > 5", {"deviceId": {"a"}}),
        ("deviceId = 'a' OR deviceId = 'b'", {}),
        ("NOT deviceId = 'a'", {}),
        ("deviceId NOT IN ('a')", {}),
        ("deviceId != 'a'", {}),
        ("created = 5", {}),
        ("", {}),
    ],
)
def test_index_hints_are_the_top_level_equalities_on_indexed_columns(clause, hints):
    assert compile_where(clause).equalities == {k: frozenset(v) for k, v in hints.items()}
