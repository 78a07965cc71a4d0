"""stats.differences against statsmodels (Newcombe interval, pooled two-proportion z-test)."""

import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.stats.proportion import confint_proportions_2indep, proportions_ztest

from stats import Difference, change_between, newcombe_difference, two_proportion_p_value

SETTINGS = settings(max_examples=300, deadline=None, database=None)

sizes = st.one_of(st.integers(1, 40), st.integers(41, 10**4), st.sampled_from([10**5, 10**6]))


@st.composite
def counts(draw):
    n = draw(sizes)
    x = draw(st.one_of(st.just(0), st.just(n), st.integers(0, min(n, 12)), st.integers(0, n)))
    return x, n


def _newcomb(x1, n1, x2, n2, level):
    low, high = confint_proportions_2indep(
        x1, n1, x2, n2, method="newcomb", compare="diff", alpha=1 - level
    )
    return float(low), float(high)


@SETTINGS
@given(counts(), counts(), st.sampled_from([0.95, 0.998, 0.9, 0.99]))
def test_newcombe_matches_statsmodels(first, second, level):
    (x1, n1), (x2, n2) = first, second
    low, high = _newcomb(x1, n1, x2, n2, level)
    d = newcombe_difference(x1, n1, x2, n2, level)
    assert d.diff == x1 / n1 - x2 / n2
    assert d.low == pytest.approx(low, rel=1e-9, abs=1e-13)
    assert d.high == pytest.approx(high, rel=1e-9, abs=1e-13)
    assert -1.0 <= d.low <= d.diff <= d.high <= 1.0


@pytest.mark.parametrize(
    ("x1", "n1", "x2", "n2"),
    [
        (0, 1, 1, 1),
        (1, 1, 0, 1),
        (0, 10, 0, 10),
        (10, 10, 10, 10),
        (3, 1000, 50, 1000),
        (0, 10**6, 10**6, 10**6),
        (56, 70, 48, 80),
        (9, 10, 3, 10),
    ],
)
def test_newcombe_edges(x1, n1, x2, n2):
    low, high = _newcomb(x1, n1, x2, n2, 0.95)
    d = newcombe_difference(x1, n1, x2, n2)
    assert (d.low, d.high) == pytest.approx((low, high), rel=1e-9, abs=1e-13)


def test_newcombe_published_example():
    # Newcombe (1998) Table II, example (a): 56/70 vs 48/80, method 10: 0.0524 to 0.3339.
    d = newcombe_difference(56, 70, 48, 80)
    assert d.low == pytest.approx(0.0524, abs=5e-5)
    assert d.high == pytest.approx(0.3339, abs=5e-5)
    assert d.excludes(0.0)


def test_newcombe_zero_denominator():
    assert newcombe_difference(0, 0, 1, 5) is None
    assert newcombe_difference(1, 5, 0, 0) is None


@SETTINGS
@given(counts(), counts())
def test_pooled_p_value_matches_statsmodels(first, second):
    (x1, n1), (x2, n2) = first, second
    p = two_proportion_p_value(x1, n1, x2, n2)
    if x1 + x2 in (0, n1 + n2):
        assert p == 1.0
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _, expected = proportions_ztest([x1, x2], [n1, n2])
    assert p == pytest.approx(float(expected), rel=1e-9, abs=1e-300)


def test_pooled_p_value_special_cases():
    assert two_proportion_p_value(0, 10, 0, 20) == 1.0
    assert two_proportion_p_value(10, 10, 20, 20) == 1.0
    assert two_proportion_p_value(5, 10, 10, 20) == 1.0
    assert two_proportion_p_value(0, 0, 3, 10) is None
    assert two_proportion_p_value(0, 10**6, 10**6, 10**6) == 0.0


def test_change_between_is_later_minus_earlier():
    change = change_between(20, 100, 35, 100)
    assert change == newcombe_difference(35, 100, 20, 100)
    assert change.diff == pytest.approx(0.15)
    assert change_between(0, 0, 1, 1) is None


def test_difference_excludes():
    assert Difference(0.1, 0.05, 0.2).excludes()
    assert not Difference(0.1, -0.05, 0.2).excludes()
    assert not Difference(0.1, 0.0, 0.2).excludes()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((-1, 10, 1, 10), "x1 must not be negative"),
        ((1, 10, 11, 10), r"x2 \(11\) cannot exceed n2 \(10\)"),
        ((1, 10.0, 1, 10), "n1 must be a whole number"),
    ],
)
def test_rejects_bad_input(args, message):
    with pytest.raises(ValueError, match=message):
        newcombe_difference(*args)
    with pytest.raises(ValueError, match=message):
        two_proportion_p_value(*args)
