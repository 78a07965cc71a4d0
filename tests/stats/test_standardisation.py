"""stats.standardisation against scipy.stats.chi2 (exact Poisson limits)."""

import math
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as sps

from stats import StandardisedRatio, exact_poisson_limits, expected_counts, standardised_ratio

SETTINGS = settings(max_examples=300, deadline=None, database=None)

observed = st.one_of(
    st.integers(0, 30), st.integers(31, 10**4), st.sampled_from([0, 1, 9, 10, 10**5, 10**6])
)
expecteds = st.one_of(st.floats(0.01, 1e4), st.sampled_from([0.5, 1.0, 10.0, 1e6]))
levels = st.one_of(st.sampled_from([0.95, 0.998]), st.floats(0.5, 0.9999))


def _reference(o, e, level):
    a = (1 - level) / 2
    low = sps.chi2.ppf(a, 2 * o) / 2 if o > 0 else 0.0
    high = sps.chi2.ppf(1 - a, 2 * o + 2) / 2
    return low / e, high / e


@SETTINGS
@given(observed, expecteds, levels)
def test_matches_scipy(o, e, level):
    low, high = _reference(o, e, level)
    r = standardised_ratio(o, e, level)
    assert r.ratio == o / e
    # SciPy's gammaincinv is accurate to ~1e-9 at O ~ 10⁶ (see test_distributions).
    tol = 1e-10 if o <= 10**4 else 1e-7
    assert r.low == pytest.approx(low, rel=tol, abs=1e-300)
    assert r.high == pytest.approx(high, rel=tol)
    assert r.low <= r.ratio <= r.high


@pytest.mark.parametrize(
    ("o", "low", "high"),
    [
        # Garwood 95% limits as printed (4 d.p.) in the usual tables of exact Poisson limits.
        (0, 0.0, 3.6889),
        (1, 0.0253, 5.5716),
        (5, 1.6235, 11.6683),
        (10, 4.7954, 18.3904),
    ],
)
def test_known_limits(o, low, high):
    lo, hi = exact_poisson_limits(o)
    assert lo == pytest.approx(low, abs=5e-5)
    assert hi == pytest.approx(high, abs=5e-5)


def test_zero_observed_has_zero_lower_limit():
    r = standardised_ratio(0, 4.0)
    assert r.ratio == 0.0 and r.low == 0.0
    assert r.high == pytest.approx(-math.log(0.025) / 4.0, rel=1e-13)


def test_zero_expected_gives_none():
    assert standardised_ratio(3, 0.0) == StandardisedRatio(3, 0.0, None, None, None)


def test_expected_counts():
    rates = {"16-24": 0.02, "25-34": 0.015, "35+": 0.005}
    populations = {"16-24": 1000, "25-34": 2000.0, "35+": 10_000}
    assert expected_counts(rates, populations) == pytest.approx(20 + 30 + 50)
    assert expected_counts(rates, {"16-24": 100}) == pytest.approx(2.0)
    assert expected_counts(rates, {}) == 0.0
    assert expected_counts({"a": Decimal("0.1")}, {"a": 50}) == pytest.approx(5.0)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: standardised_ratio(-1, 2.0), "observed must not be negative"),
        (lambda: standardised_ratio(1.5, 2.0), "whole number"),
        (lambda: standardised_ratio(1, -2.0), "expected must not be negative"),
        (lambda: standardised_ratio(1, math.inf), "finite"),
        (lambda: standardised_ratio(1, 2.0, 1.0), "confidence"),
        (lambda: expected_counts({"a": 0.1}, {"a": 10, "b": 5}), "no reference rate for strata: b"),
        (lambda: expected_counts({"a": -0.1}, {"a": 10}), "reference rate for a"),
        (lambda: expected_counts({"a": 0.1}, {"a": -10}), "population for a"),
    ],
)
def test_rejects_bad_input(call, message):
    with pytest.raises(ValueError, match=message):
        call()
