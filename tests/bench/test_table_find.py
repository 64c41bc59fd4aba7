"""bench/table_find.py measures what it says: indexed finds that find their row, a ratio each."""

from __future__ import annotations

import pytest

from bench import table_find


@pytest.mark.parametrize("via", ["store", "request"])
def test_table_find_bench_measures_both_finds_and_judges_the_ratio(via):
    result = table_find.measure(3_000, 1, via)
    for kind in table_find.KINDS:
        row = result[kind]
        assert row["small_us"] > 0 and row["big_us"] > 0
        assert row["ratio"] == pytest.approx(row["big_us"] / row["small_us"])
        assert row["verdict"] == ("pass" if row["ratio"] <= table_find.TARGET else "miss")


def test_a_find_of_a_value_the_table_does_not_hold_fails_the_bench():
    fake, _, _ = table_find.filled_fake(10, "t")
    with pytest.raises(AssertionError):
        table_find.store_seconds(fake, ["deviceToken = 'absent'"])
