"""stats.representation: the ratio is exact (Clopper–Pearson) limits over the benchmark, with
the exact binomial test."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import binom
from statsmodels.stats.proportion import proportion_confint

from stats import Interval, Ratio, representation_ratio

SETTINGS = settings(max_examples=300, deadline=None, database=None)

sizes = st.one_of(st.integers(1, 40), st.integers(41, 10**4), st.sampled_from([10**5, 10**6]))
shares = st.one_of(st.sampled_from([1e-4, 0.01, 0.5, 0.9999, 1.0]), st.floats(1e-4, 1.0))


@st.composite
def counts(draw):
    n = draw(sizes)
    x = draw(st.one_of(st.just(0), st.just(n), st.integers(0, min(n, 12)), st.integers(0, n)))
    return x, n


@SETTINGS
@given(counts(), shares, st.sampled_from([0.95, 0.998, 0.9]))
def test_ratio_matches_statsmodels(case, pi, level):
    x, n = case
    r = representation_ratio(x, n, pi, level)
    low, high = proportion_confint(x, n, alpha=1 - level, method="beta")
    low, high = (0.0 if math.isnan(low) else low), (1.0 if math.isnan(high) else high)
    assert r.share == x / n
    assert r.ratio == pytest.approx((x / n) / pi, rel=1e-12)
    assert r.low == pytest.approx(low / pi, rel=1e-9, abs=1e-14 / pi)
    assert r.high == pytest.approx(high / pi, rel=1e-9, abs=1e-14 / pi)
    assert r.low <= r.ratio <= r.high
    assert r.expected == pytest.approx(n * pi)
    if pi < 1.0:
        p = min(1.0, 2 * min(binom.cdf(x, n, pi), binom.sf(x - 1, n, pi)))
        assert r.p_value == pytest.approx(float(p), rel=1e-9, abs=1e-300)


def test_worked_example():
    # 3 of 1000 referrals against a 1% population share.
    r = representation_ratio(3, 1000, 0.01)
    assert r.ratio == pytest.approx(0.3)
    low, high = proportion_confint(3, 1000, method="beta")
    assert r.low == pytest.approx(low / 0.01, rel=1e-10)
    assert r.high == pytest.approx(high / 0.01, rel=1e-10)
    assert r.p_value == pytest.approx(2 * binom.cdf(3, 1000, 0.01), rel=1e-10)
    assert r.interval == Interval(r.low, r.high)


def test_no_residents_means_no_benchmark():
    r = representation_ratio(4, 100, 0.0)
    assert r == Ratio(4, 100, 0.04, 0.0, None, None)
    assert not r.has_benchmark and r.interval_at(0.99) is None


def test_zero_total_gives_none_not_nan():
    r = representation_ratio(0, 0, 0.2)
    assert r == Ratio(0, 0, None, 0.2, None, None)
    assert r.interval is None
    assert r.expected == 0.0


def test_whole_population_benchmark():
    r = representation_ratio(40, 40, 1.0)
    assert r.ratio == 1.0 and r.p_value == 1.0 and r.high == 1.0


def test_tiny_benchmark_share():
    r = representation_ratio(0, 10**6, 1e-4)
    assert r.ratio == 0.0 and r.low == 0.0
    assert r.high == pytest.approx(-math.expm1(math.log(0.025) / 10**6) / 1e-4, rel=1e-9)
    assert r.p_value < 1e-20


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((-1, 10, 0.2), "observed must not be negative"),
        ((11, 10, 0.2), "cannot exceed"),
        ((1.5, 10, 0.2), "whole number"),
        ((1, 10, 1.01), r"benchmark_share must be in \[0, 1\]"),
        ((1, 10, -0.2), "benchmark_share"),
        ((1, 10, 0.2, 1.5), "confidence"),
    ],
)
def test_rejects_bad_input(args, message):
    with pytest.raises(ValueError, match=message):
        representation_ratio(*args)
