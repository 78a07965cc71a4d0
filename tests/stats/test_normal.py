"""stats.normal against scipy.stats.norm."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as sps

from stats import Z95, Z998, normal_cdf, normal_quantile, normal_sf, two_sided_p, z_for_confidence

SETTINGS = settings(max_examples=300, deadline=None, database=None)


@pytest.mark.parametrize(
    "p",
    [
        1e-300,
        1e-100,
        1e-20,
        1e-10,
        1e-6,
        0.001,
        0.0010000000000000009,
        0.02425,
        0.025,
        0.1,
        0.3,
        0.5,
        0.7,
        0.975,
        0.97575,
        0.999,
        1 - 1e-10,
        1 - 1e-16,
    ],
)
def test_quantile_matches_scipy_at_edges(p):
    assert normal_quantile(p) == pytest.approx(sps.norm.ppf(p), rel=1e-13, abs=1e-15)


@SETTINGS
@given(st.floats(min_value=1e-300, max_value=1.0, exclude_max=True))
def test_quantile_matches_scipy(p):
    assert normal_quantile(p) == pytest.approx(sps.norm.ppf(p), rel=1e-12, abs=1e-14)


@SETTINGS
@given(st.floats(min_value=1e-12, max_value=1 - 1e-12))
def test_quantile_inverts_cdf(p):
    assert normal_cdf(normal_quantile(p)) == pytest.approx(p, rel=1e-12)


def test_quantile_is_antisymmetric():
    # Dyadic p so that 1 - p is exact.
    for p in (2.0**-40, 2.0**-10, 0.125, 0.375, 0.4990234375):
        assert normal_quantile(p) == pytest.approx(-normal_quantile(1 - p), rel=1e-12)
    assert normal_quantile(0.5) == 0.0


def test_critical_values():
    assert Z95 == sps.norm.ppf(0.975)
    assert z_for_confidence(0.95) == pytest.approx(Z95, rel=1e-15)
    assert Z998 == pytest.approx(sps.norm.ppf(0.999), rel=1e-15)
    assert z_for_confidence(0.998) == pytest.approx(Z998, rel=1e-15)


@SETTINGS
@given(st.floats(min_value=1e-6, max_value=1 - 1e-12))
def test_z_for_confidence_matches_scipy(level):
    assert z_for_confidence(level) == pytest.approx(sps.norm.isf((1 - level) / 2), rel=1e-12)


@SETTINGS
@given(st.floats(min_value=-38, max_value=38))
def test_tails_match_scipy(x):
    # Far tails are ill-conditioned (relative error ~ x²·eps from rounding x/√2), hence 1e-11.
    assert normal_cdf(x) == pytest.approx(sps.norm.cdf(x), rel=1e-11, abs=1e-300)
    assert normal_sf(x) == pytest.approx(sps.norm.sf(x), rel=1e-11, abs=1e-300)
    assert two_sided_p(x) == pytest.approx(2 * sps.norm.sf(abs(x)), rel=1e-11, abs=1e-300)


def test_two_sided_p_extremes():
    assert two_sided_p(0.0) == 1.0
    assert two_sided_p(40.0) == 0.0
    assert two_sided_p(-Z95) == pytest.approx(0.05, rel=1e-14)


@pytest.mark.parametrize("bad", [0.0, 1.0, -0.1, 1.5, math.nan, math.inf, "0.5", None, True])
def test_quantile_rejects_outside_open_unit_interval(bad):
    with pytest.raises(ValueError):
        normal_quantile(bad)


@pytest.mark.parametrize("bad", [0.0, 1.0, 95, -0.5, math.nan])
def test_z_for_confidence_rejects_bad_levels(bad):
    with pytest.raises(ValueError, match="confidence"):
        z_for_confidence(bad)
