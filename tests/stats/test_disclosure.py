"""stats.disclosure: the ONS 10-5 rule, table by table."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stats import (
    LOW_BASE,
    NOT_APPLICABLE,
    NOT_AVAILABLE,
    SUPPRESSED,
    disclose_count,
    disclose_rate,
    disclose_ratio,
    disclose_total,
    is_publishable,
    round_to_base,
)

SETTINGS = settings(max_examples=300, deadline=None, database=None)

RULE_TABLE = [
    (0, 0),
    (1, "[c]"),
    (2, "[c]"),
    (5, "[c]"),
    (9, "[c]"),
    (10, 10),
    (11, 10),
    (12, 10),
    (13, 15),
    (14, 15),
    (15, 15),
    (16, 15),
    (17, 15),
    (18, 20),
    (19, 20),
    (20, 20),
    (22, 20),
    (23, 25),
    (99, 100),
    (101, 100),
    (9997, 9995),
    (9998, 10000),
    (9999, 10000),
    (10**6 + 2, 10**6),
]


@pytest.mark.parametrize(("n", "published"), RULE_TABLE)
def test_count_rule_table(n, published):
    assert disclose_count(n) == published


@pytest.mark.parametrize(("n", "published"), RULE_TABLE)
def test_total_uses_the_same_rule(n, published):
    assert disclose_total(n) == published


def test_totals_are_rounded_from_unrounded_data():
    cells = [12, 13, 4]  # published as 10, 15, [c]
    assert [disclose_count(c) for c in cells] == [10, 15, SUPPRESSED]
    assert disclose_total(sum(cells)) == 30  # 29 → 30, not 10 + 15 = 25
    # Cells 11 + 11 + 11: each published 10, total 33 → 35 (need not add up).
    assert disclose_total(33) == 35


@SETTINGS
@given(st.integers(10, 10**9))
def test_rounded_counts_are_nearest_multiple_of_five(n):
    published = disclose_count(n)
    assert published % 5 == 0
    assert abs(published - n) <= 2
    assert published >= 10


def test_symbols_are_the_gss_ones():
    assert (SUPPRESSED, NOT_AVAILABLE, NOT_APPLICABLE, LOW_BASE) == ("[c]", "[x]", "[z]", "[low]")


def test_round_to_base():
    assert [round_to_base(n) for n in (0, 1, 2, 3, 4, 5, 7, 8)] == [0, 0, 0, 5, 5, 5, 5, 10]
    assert round_to_base(15, 10) == 20  # an exact half rounds up
    assert round_to_base(14, 10) == 10


@pytest.mark.parametrize(
    ("numerator", "denominator", "rate"),
    [
        (0, 10, 0.0),
        (0, 9, None),
        (1, 100, None),
        (9, 100, None),
        (10, 100, 0.1),
        (10, 10, 1.0),
        (9, 9, None),
        (13, 27, 13 / 27),  # from unrounded data: not 15/25
        (0, 0, None),
    ],
)
def test_rate_guard(numerator, denominator, rate):
    assert disclose_rate(numerator, denominator) == rate


@pytest.mark.parametrize(
    ("value", "numerator", "denominator", "expected"),
    [
        (0.3, 3, 1000, None),  # the group count is suppressed
        (1.4, 14, 1000, 1.4),
        (1.4, 14, 9.5, None),  # expected count under 10
        (0.0, 0, 1000, 0.0),
        (None, 40, 1000, None),
    ],
)
def test_ratio_guard(value, numerator, denominator, expected):
    assert disclose_ratio(value, numerator, denominator) == expected


@SETTINGS
@given(st.integers(0, 10**6), st.integers(0, 10**6))
def test_publishable_iff_numerator_not_suppressed_and_base_at_least_ten(numerator, denominator):
    expected = (numerator == 0 or numerator >= 10) and denominator >= 10
    assert is_publishable(numerator, denominator) == expected


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: disclose_count(-1), "count must not be negative"),
        (lambda: disclose_count(12.0), "whole number"),
        (lambda: disclose_count("12"), "whole number"),
        (lambda: disclose_count(None), "whole number"),
        (lambda: disclose_total(-5), "must not be negative"),
        (lambda: disclose_rate(11, 10), r"numerator \(11\) cannot exceed denominator \(10\)"),
        (lambda: disclose_rate(5, -1), "denominator must not be negative"),
        (lambda: disclose_ratio(1.0, 12, -3.0), "denominator must not be negative"),
        (lambda: round_to_base(12, 0), "base must be positive"),
    ],
)
def test_rejects_bad_input(call, message):
    with pytest.raises(ValueError, match=message):
        call()
