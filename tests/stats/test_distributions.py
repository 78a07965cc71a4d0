"""stats.distributions against scipy.stats.binom, poisson and chi2."""

import math
from decimal import Decimal, localcontext

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as sps

from stats import binomial_cdf, binomial_ppf, chi2_ppf, poisson_cdf, poisson_ppf
from stats._saddle import binomial_pmf, poisson_raw

SETTINGS = settings(max_examples=300, deadline=None, database=None)

# Trial counts from 1 to a national year of referrals (10⁶), biased to the small end.
sizes = st.one_of(
    st.integers(1, 30), st.integers(31, 5000), st.sampled_from([10**5, 999_983, 10**6])
)
shares = st.one_of(
    st.sampled_from([1e-4, 1e-3, 0.01, 0.5, 0.99, 1 - 1e-4]),
    st.floats(min_value=1e-4, max_value=1 - 1e-4),
)
# The funnel-plot tails (95% and 99.8%, as the app computes them) plus arbitrary ones.
FUNNEL_TAILS = [(1 - 0.95) / 2, 1 - (1 - 0.95) / 2, (1 - 0.998) / 2, 1 - (1 - 0.998) / 2]
tails = st.one_of(st.sampled_from(FUNNEL_TAILS), st.floats(min_value=1e-6, max_value=1 - 1e-6))
means = st.one_of(
    st.floats(min_value=1e-3, max_value=50),
    st.floats(min_value=50, max_value=2e4),
    st.sampled_from([0.5, 1.0, 5.0, 10.0, 1e5, 1e6]),
)


@SETTINGS
@given(sizes, shares, st.floats(0, 1))
def test_binomial_cdf_matches_scipy(n, p, position):
    k = round(position * n)
    expected = sps.binom.cdf(k, n, p)
    if expected > 1e-280:  # SciPy itself is inaccurate deeper in the tail
        assert binomial_cdf(k, n, p) == pytest.approx(expected, rel=1e-9)


@SETTINGS
@given(sizes, shares, st.floats(0, 1))
def test_binomial_pmf_matches_scipy(n, p, position):
    k = round(position * n)
    expected = sps.binom.pmf(k, n, p)
    if expected > 1e-280:
        assert binomial_pmf(k, n, p) == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize(
    ("k", "n", "p"),
    [
        (0, 1, 0.5),
        (1, 1, 0.5),
        (0, 10**6, 1e-4),
        (1, 10**6, 1e-4),
        (100, 10**6, 1e-4),
        (10**6 - 1, 10**6, 0.5),
        (0, 5, 0.0),
        (5, 5, 1.0),
        (4, 5, 1.0),
        (3, 7, 0.999),
    ],
)
def test_binomial_cdf_edges(k, n, p):
    assert binomial_cdf(k, n, p) == pytest.approx(sps.binom.cdf(k, n, p), rel=1e-10, abs=1e-300)


def test_binomial_cdf_far_tail_is_exact():
    # P(X <= 1), X ~ Bin(10⁶, 1e-4) = (1 - p)^n + n·p·(1 - p)^(n-1), summed in 60 digits.
    assert binomial_cdf(1, 10**6, 1e-4) == pytest.approx(3.738906182707609812e-42, rel=1e-12)


@SETTINGS
@given(means, st.floats(0, 3))
def test_poisson_cdf_matches_scipy(mu, position):
    k = math.floor(position * mu)
    expected = sps.poisson.cdf(k, mu)
    if expected > 1e-280:
        assert poisson_cdf(k, mu) == pytest.approx(expected, rel=1e-9)
        assert poisson_raw(k, mu) == pytest.approx(sps.poisson.pmf(k, mu), rel=1e-9)


@SETTINGS
@given(tails, sizes, shares)
def test_binomial_ppf_matches_scipy(q, n, p):
    ours, theirs = binomial_ppf(q, n, p), sps.binom.ppf(q, n, p)
    if ours != theirs and n <= 5000 and p == 0.5:
        # An exact tie: P(X <= k) == q exactly (e.g. q = 0.5, p = 0.5, n odd), where SciPy's
        # floating sum lands a hair under q and steps one too far. Settle it exactly.
        from fractions import Fraction
        from math import comb

        cdf = Fraction(sum(comb(n, i) for i in range(ours + 1)), 2**n)
        assert cdf >= Fraction(q) and (
            ours == 0 or Fraction(sum(comb(n, i) for i in range(ours)), 2**n) < Fraction(q)
        )
        return
    assert ours == theirs


@pytest.mark.parametrize("q", FUNNEL_TAILS + [0.5])
@pytest.mark.parametrize(
    ("n", "p"),
    [
        (1, 0.5),
        (2, 0.5),
        (5, 0.5),
        (10, 0.5),
        (1, 1e-4),
        (10**6, 1e-4),
        (10**6, 0.5),
        (37, 0.0),
        (37, 1.0),
    ],
)
def test_binomial_ppf_edges(q, n, p):
    # Includes exact ties such as P(X <= 2) = 0.5 for Bin(5, ½), where rounding must not
    # push the answer to the next integer.
    assert binomial_ppf(q, n, p) == sps.binom.ppf(q, n, p)


@SETTINGS
@given(tails, means)
def test_poisson_ppf_matches_scipy(q, mu):
    assert poisson_ppf(q, mu) == sps.poisson.ppf(q, mu)


@pytest.mark.parametrize("q", FUNNEL_TAILS + [0.5, math.exp(-1)])
@pytest.mark.parametrize("mu", [1e-4, 0.5, 1.0, 2.0, 10.0, 1e6, 0.0])
def test_poisson_ppf_edges(q, mu):
    assert poisson_ppf(q, mu) == sps.poisson.ppf(q, mu)


@SETTINGS
@given(
    tails,
    st.one_of(st.integers(1, 200).map(float), st.floats(0.1, 2e6), st.sampled_from([2e6, 2e6 + 2])),
)
def test_chi2_ppf_matches_scipy(q, df):
    x = chi2_ppf(q, df)
    # SciPy's inverse (gammaincinv) drifts by ~1e-9 for df ~ 10⁶ in the far tails, where
    # its forward CDF stays accurate; so check the round trip tightly, the inverse to 1e-7.
    assert x == pytest.approx(sps.chi2.ppf(q, df), rel=1e-7)
    if df <= 2e4:
        assert x == pytest.approx(sps.chi2.ppf(q, df), rel=1e-10)
        assert sps.chi2.cdf(x, df) == pytest.approx(q, rel=1e-10)


def _gamma_p_60_digits(a: float, x: float) -> Decimal:
    """P(a, x) by its power series in 60-digit decimals, lnΓ(a) by the Stirling series."""
    with localcontext() as ctx:
        ctx.prec = 60
        a_, x_ = Decimal(a), Decimal(x)
        two_pi = 2 * Decimal("3.14159265358979323846264338327950288419716939937510582097494")
        log_gamma_a1 = (
            (a_ + Decimal("0.5")) * a_.ln()
            - a_
            + two_pi.ln() / 2
            + 1 / (12 * a_)
            - 1 / (360 * a_**3)
        )
        total = term = Decimal(1)
        ap = a_
        while term > total * Decimal("1e-45"):
            ap += 1
            term *= x_ / ap
            total += term
        return (a_ * x_.ln() - x_ - log_gamma_a1).exp() * total


@pytest.mark.parametrize(
    ("q", "df"), [(1e-10, 2e6), (1e-6, 1540493.0), (0.001, 2e6 + 2), (0.025, 1890952.0)]
)
def test_chi2_ppf_large_df_against_high_precision(q, df):
    # SciPy's gammainc/gammaincinv lose up to ~1e-6 (relative) here; 60-digit arithmetic does not.
    x = chi2_ppf(q, df)
    assert float(_gamma_p_60_digits(df / 2, x / 2)) == pytest.approx(q, rel=1e-11)


@pytest.mark.parametrize("q", FUNNEL_TAILS + [1e-10, 0.5, 1 - 1e-10])
@pytest.mark.parametrize("df", [2, 4, 20, 1, 0.5])
def test_chi2_ppf_edges(q, df):
    assert chi2_ppf(q, df) == pytest.approx(sps.chi2.ppf(q, df), rel=1e-10)


@pytest.mark.parametrize(
    ("q", "df"), [(1e-300, 0.1), (1e-300, 1.0), (1e-300, 2.0), (1 - 1e-16, 0.1), (0.5, 1e-3)]
)
def test_chi2_ppf_extreme_tails(q, df):
    assert chi2_ppf(q, df) == pytest.approx(sps.chi2.ppf(q, df), rel=1e-9, abs=1e-300)


def test_chi2_ppf_two_degrees_of_freedom_is_exponential():
    for q in (0.001, 0.5, 0.999):
        assert chi2_ppf(q, 2) == pytest.approx(-2 * math.log1p(-q), rel=1e-13)
    assert chi2_ppf(0.5, 0) == 0.0


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: binomial_cdf(-1, 5, 0.5), "k must not be negative"),
        (lambda: binomial_cdf(1, 5, 1.5), "p must be in"),
        (lambda: binomial_cdf(1.5, 5, 0.5), "whole number"),
        (lambda: binomial_ppf(0.0, 5, 0.5), "strictly between"),
        (lambda: binomial_ppf(1.0, 5, 0.5), "strictly between"),
        (lambda: poisson_cdf(1, -1.0), "mu must not be negative"),
        (lambda: poisson_ppf(0.5, math.nan), "finite"),
        (lambda: chi2_ppf(0.5, -1), "df must not be negative"),
    ],
)
def test_rejects_bad_arguments(call, message):
    with pytest.raises(ValueError, match=message):
        call()
