"""stats.proportions against statsmodels (Wilson interval, score test)."""

import math
import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.stats.proportion import proportion_confint, proportions_ztest

from stats import Interval, proportion_score_test, wilson_interval

SETTINGS = settings(max_examples=300, deadline=None, database=None)

sizes = st.one_of(st.integers(1, 40), st.integers(41, 10**4), st.sampled_from([10**5, 10**6]))
levels = st.one_of(st.sampled_from([0.8, 0.9, 0.95, 0.99, 0.998]), st.floats(0.5, 0.9999))
shares = st.one_of(st.sampled_from([1e-4, 0.01, 0.5, 0.9999]), st.floats(1e-4, 1 - 1e-4))


@st.composite
def counts(draw):
    """(successes, trials), often at the boundaries 0 and trials."""
    n = draw(sizes)
    x = draw(st.one_of(st.just(0), st.just(n), st.integers(0, min(n, 12)), st.integers(0, n)))
    return x, n


def _statsmodels_wilson(x, n, level):
    low, high = proportion_confint(x, n, alpha=1 - level, method="wilson")
    return float(low), float(high)


@SETTINGS
@given(counts(), levels)
def test_wilson_matches_statsmodels(case, level):
    x, n = case
    low, high = _statsmodels_wilson(x, n, level)
    ci = wilson_interval(x, n, level)
    assert ci.low == pytest.approx(low, rel=1e-9, abs=1e-14)
    assert ci.high == pytest.approx(high, rel=1e-9, abs=1e-14)
    assert 0.0 <= ci.low <= x / n <= ci.high <= 1.0


@pytest.mark.parametrize(
    ("x", "n"),
    [
        (0, 1),
        (1, 1),
        (0, 10),
        (10, 10),
        (3, 1000),
        (1, 10**6),
        (0, 10**6),
        (10**6, 10**6),
        (999_999, 10**6),
    ],
)
@pytest.mark.parametrize("level", [0.95, 0.998])
def test_wilson_edges(x, n, level):
    low, high = _statsmodels_wilson(x, n, level)
    ci = wilson_interval(x, n, level)
    assert ci.low == pytest.approx(low, rel=1e-9, abs=1e-14)
    assert ci.high == pytest.approx(high, rel=1e-9, abs=1e-14)


def test_wilson_boundaries_are_exact():
    assert wilson_interval(0, 25).low == 0.0
    assert wilson_interval(25, 25).high == 1.0
    assert wilson_interval(0, 25).high > 0.0
    assert wilson_interval(25, 25).low < 1.0


def test_wilson_reference_value():
    # 3 of 1000 at 95%, pinned (agrees with statsmodels) so a regression shows as a number.
    ci = wilson_interval(3, 1000)
    assert ci.low == pytest.approx(0.0010207838811386, rel=1e-12)
    assert ci.high == pytest.approx(0.0087830140535032, rel=1e-12)


def test_wilson_zero_denominator_is_none():
    assert wilson_interval(0, 0) is None


@SETTINGS
@given(counts(), shares)
def test_score_test_matches_statsmodels(case, pi):
    x, n = case
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # statsmodels warns on degenerate inputs
        _, expected = proportions_ztest(x, n, value=pi, prop_var=pi)
    assert proportion_score_test(x, n, pi) == pytest.approx(float(expected), rel=1e-9, abs=1e-300)


@SETTINGS
@given(counts(), shares, levels)
def test_score_test_agrees_with_wilson(case, pi, level):
    # The Wilson interval is the inversion of the score test.
    x, n = case
    p = proportion_score_test(x, n, pi)
    ci = wilson_interval(x, n, level)
    margin = 1e-13 * pi
    if p < (1 - level) * (1 - 1e-5):
        assert not ci.low - margin <= pi <= ci.high + margin
    elif p > (1 - level) * (1 + 1e-5):
        assert ci.low - margin <= pi <= ci.high + margin


def test_score_test_exact_values():
    assert proportion_score_test(5, 10, 0.5) == 1.0
    assert proportion_score_test(10**6, 10**6, 1e-4) == 0.0
    assert proportion_score_test(0, 10**6, 0.5) == 0.0
    assert proportion_score_test(3, 3, 1.0) == 1.0
    assert proportion_score_test(2, 3, 1.0) == 0.0
    assert proportion_score_test(0, 0, 0.3) is None


def test_interval_contains_and_excludes():
    ci = Interval(0.2, 0.5)
    assert ci.contains(0.2) and ci.contains(0.5) and ci.contains(0.3)
    assert ci.excludes(0.1) and ci.excludes(0.51)
    with pytest.raises(ValueError):
        Interval(0.5, 0.2)
    with pytest.raises(ValueError):
        Interval(math.nan, 0.2)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((-1, 10), "successes must not be negative"),
        ((11, 10), r"successes \(11\) cannot exceed trials \(10\)"),
        ((1.0, 10), "successes must be a whole number"),
        ((1, 10.5), "trials must be a whole number"),
        ((True, 10), "bool"),
        (("3", 10), "whole number"),
        ((1, 10, 1.0), "confidence"),
        ((1, 10, 0.0), "confidence"),
    ],
)
def test_wilson_rejects_bad_input(args, message):
    with pytest.raises(ValueError, match=message):
        wilson_interval(*args)


@pytest.mark.parametrize("share", [0.0, -0.1, 1.1, math.nan, "0.5", None])
def test_score_test_rejects_bad_share(share):
    with pytest.raises(ValueError, match="expected_share"):
        proportion_score_test(1, 10, share)
