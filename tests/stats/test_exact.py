"""stats.exact: the exact binomial test and the Clopper–Pearson interval, against SciPy and
statsmodels on many cases, including zero, one and tiny counts, and counts of a million."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import binom
from statsmodels.stats.proportion import proportion_confint

from stats import binomial_sf, binomial_test, clopper_pearson

SETTINGS = settings(max_examples=400, deadline=None, database=None)

sizes = st.one_of(st.integers(1, 12), st.integers(13, 5000), st.sampled_from([10**5, 10**6]))
levels = st.sampled_from([0.95, 0.998, 0.9, 1 - 0.05 / 38, 1 - 0.05 / 817, 0.5])


@st.composite
def counts(draw):
    n = draw(sizes)
    x = draw(st.one_of(st.just(0), st.just(n), st.integers(0, min(n, 12)), st.integers(0, n)))
    return x, n


def reference_interval(x, n, level):
    low, high = proportion_confint(x, n, alpha=1 - level, method="beta")
    return (0.0 if math.isnan(low) else low), (1.0 if math.isnan(high) else high)


@SETTINGS
@given(counts(), levels)
def test_clopper_pearson_matches_statsmodels(case, level):
    x, n = case
    interval = clopper_pearson(x, n, level)
    low, high = reference_interval(x, n, level)
    assert interval.low == pytest.approx(low, rel=1e-9, abs=1e-300)
    assert interval.high == pytest.approx(high, rel=1e-9)
    assert interval.low <= x / n <= interval.high


@SETTINGS
@given(counts(), st.one_of(st.sampled_from([1e-4, 0.0275, 0.5, 0.999]), st.floats(1e-4, 0.9999)))
def test_binomial_test_matches_scipy(case, pi):
    x, n = case
    reference = min(1.0, 2 * min(binom.cdf(x, n, pi), binom.sf(x - 1, n, pi)))
    assert binomial_test(x, n, pi) == pytest.approx(float(reference), rel=1e-9, abs=1e-300)


@SETTINGS
@given(counts(), st.floats(1e-3, 0.999), levels)
def test_interval_excludes_the_share_exactly_when_the_test_rejects(case, pi, level):
    x, n = case
    p = binomial_test(x, n, pi)
    interval = clopper_pearson(x, n, level)
    alpha = 1 - level
    if abs(p - alpha) > 1e-9 * alpha:  # away from the boundary itself
        assert interval.excludes(pi) == (p < alpha)


@SETTINGS
@given(counts(), st.floats(1e-4, 0.9999))
def test_binomial_sf_matches_scipy(case, p):
    x, n = case
    assert binomial_sf(x, n, p) == pytest.approx(float(binom.sf(x, n, p)), rel=1e-9, abs=1e-300)


def test_worked_examples():
    # 4 referrals where 25 were expected (N = 908, π = 2.75%): the exact test is clear.
    assert binomial_test(4, 908, 0.0275) == pytest.approx(4.2684e-7, rel=1e-4)
    assert binomial_test(0, 908, 0.0275) < binomial_test(4, 908, 0.0275)
    # Zero of 10: the upper limit is 1 − 0.025^(1/10).
    assert clopper_pearson(0, 10).low == 0.0
    assert clopper_pearson(0, 10).high == pytest.approx(1 - 0.025 ** (1 / 10))
    assert clopper_pearson(10, 10).low == pytest.approx(0.025 ** (1 / 10))
    assert clopper_pearson(5, 10).low == pytest.approx(0.18708602844739, rel=1e-10)
    assert clopper_pearson(5, 10).high == pytest.approx(0.81291397155261, rel=1e-10)
    assert clopper_pearson(0, 0) is None
    assert binomial_test(0, 0, 0.5) is None
    assert binomial_test(3, 3, 1.0) == 1.0 and binomial_test(2, 3, 1.0) == 0.0


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: binomial_test(1, 10, 0.0), "share must be"),
        (lambda: binomial_test(11, 10, 0.5), "cannot exceed"),
        (lambda: binomial_test(-1, 10, 0.5), "must not be negative"),
        (lambda: clopper_pearson(1, 10, 1.0), "confidence"),
        (lambda: clopper_pearson(1.5, 10), "whole number"),
    ],
)
def test_rejects_bad_input(call, message):
    with pytest.raises(ValueError, match=message):
        call()
