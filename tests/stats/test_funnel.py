"""stats.funnel against scipy.stats.binom/poisson and a NumPy Winsorised φ."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as sps

from stats import (
    ALARM,
    ALERT,
    Interval,
    binomial_funnel_limits,
    funnel_position,
    overdispersion_factor,
    poisson_funnel_limits,
)

SETTINGS = settings(max_examples=300, deadline=None, database=None)

LEVELS = [ALERT, ALARM]
levels = st.one_of(st.sampled_from(LEVELS), st.floats(0.5, 0.9999))
sizes = st.one_of(st.integers(1, 50), st.integers(51, 10**4), st.sampled_from([10**5, 10**6]))
targets = st.one_of(st.sampled_from([1e-4, 0.01, 0.5, 0.99, 0.0, 1.0]), st.floats(1e-4, 1 - 1e-4))
expecteds = st.one_of(
    st.floats(0.01, 100), st.floats(100, 1e5), st.sampled_from([0.5, 1.0, 5.0, 1e6])
)


def _tails(level):
    low = (1 - level) / 2
    return low, 1 - low


@SETTINGS
@given(targets, sizes, levels)
def test_binomial_limits_match_scipy(target, n, level):
    low_q, high_q = _tails(level)
    limits = binomial_funnel_limits(target, n, level)
    assert limits.low == sps.binom.ppf(low_q, n, target) / n
    assert limits.high == sps.binom.ppf(high_q, n, target) / n
    # Discrete limits need not contain the target for tiny n (Bin(1, 1e-4): both 0).


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize(
    ("target", "n"),
    [(0.3, 1), (0.3, 10), (0.3, 1000), (1e-4, 10**6), (0.5, 10**6), (0.0, 50), (1.0, 50)],
)
def test_binomial_limits_edges(target, n, level):
    low_q, high_q = _tails(level)
    assert binomial_funnel_limits(target, n, level) == Interval(
        sps.binom.ppf(low_q, n, target) / n, sps.binom.ppf(high_q, n, target) / n
    )


@SETTINGS
@given(expecteds, levels)
def test_poisson_limits_match_scipy(expected, level):
    low_q, high_q = _tails(level)
    limits = poisson_funnel_limits(expected, level)
    assert limits.low == sps.poisson.ppf(low_q, expected) / expected
    assert limits.high == sps.poisson.ppf(high_q, expected) / expected


def test_alarm_limits_are_wider_than_alert():
    for e in (2.0, 20.0, 2000.0):
        alert, alarm = poisson_funnel_limits(e, ALERT), poisson_funnel_limits(e, ALARM)
        assert alarm.low <= alert.low <= 1.0 <= alert.high <= alarm.high


def test_zero_size_gives_none():
    assert binomial_funnel_limits(0.2, 0, ALERT) is None
    assert poisson_funnel_limits(0.0, ALERT) is None
    assert funnel_position(0, 0.0) is None


def _reference_phi(z, w=0.1):
    if len(z) < 20:
        return 1.0
    z = np.asarray(z, dtype=float)
    clipped = np.clip(z, np.quantile(z, w), np.quantile(z, 1 - w))
    return max(float(np.mean(clipped**2)), 1.0)


@SETTINGS
@given(
    st.lists(st.floats(-50, 50), min_size=0, max_size=80), st.sampled_from([0.0, 0.05, 0.1, 0.2])
)
def test_overdispersion_matches_numpy(z, w):
    assert overdispersion_factor(z, w) == pytest.approx(_reference_phi(z, w), rel=1e-12)


def test_overdispersion_rules():
    assert overdispersion_factor([5.0] * 19) == 1.0  # too few units to estimate
    assert overdispersion_factor([0.1] * 30) == 1.0  # never narrows limits
    assert overdispersion_factor([3.0] * 10 + [-3.0] * 10) == pytest.approx(9.0)
    # Winsorising: one wild unit among 40 is pulled in to the 90th percentile.
    assert overdispersion_factor([2.0] * 39 + [100.0]) == pytest.approx(4.0)


def _reference_position(o, e, phi):
    for level, label in ((ALARM, "998"), (ALERT, "95")):
        low_q, high_q = _tails(level)
        if phi > 1:
            z = (o - e) / math.sqrt(e)
            limit = sps.norm.ppf(high_q) * math.sqrt(phi)
            above, below = z > limit, z < -limit
        else:
            above, below = o > sps.poisson.ppf(high_q, e), o < sps.poisson.ppf(low_q, e)
        if above:
            return f"above_{label}"
        if below:
            return f"below_{label}"
    return "within"


@SETTINGS
@given(
    expecteds, st.floats(0, 3), st.one_of(st.just(1.0), st.floats(0.5, 1.0), st.floats(1.0, 6.0))
)
def test_position_matches_reference(e, spread, phi):
    o = math.floor(e * spread)
    assert funnel_position(o, e, phi) == _reference_position(o, e, phi)


@pytest.mark.parametrize(
    ("o", "e", "phi", "expected"),
    [
        (10, 10.0, 1.0, "within"),
        (17, 10.0, 1.0, "within"),  # poisson.ppf(0.975, 10) = 17: on the limit is within
        (18, 10.0, 1.0, "above_95"),
        (21, 10.0, 1.0, "above_95"),  # poisson.ppf(0.999, 10) = 21
        (22, 10.0, 1.0, "above_998"),
        (4, 10.0, 1.0, "within"),  # poisson.ppf(0.025, 10) = 4
        (3, 10.0, 1.0, "below_95"),
        (2, 10.0, 1.0, "below_95"),  # poisson.ppf(0.001, 10) = 2
        (1, 10.0, 1.0, "below_998"),
        (0, 10.0, 1.0, "below_998"),
        (0, 1.0, 1.0, "within"),
        (22, 10.0, 4.0, "within"),  # z = 3.79 < 1.96·2 once φ = 4
        (25, 10.0, 4.0, "above_95"),  # z = 4.74: beyond 3.92, within 6.18
        (30, 10.0, 4.0, "above_998"),
        (0, 10**6, 1.0, "below_998"),
    ],
)
def test_position_examples(o, e, phi, expected):
    assert funnel_position(o, e, phi) == expected


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: binomial_funnel_limits(1.5, 10, ALERT), "target"),
        (lambda: binomial_funnel_limits(0.5, -1, ALERT), "n must not be negative"),
        (lambda: binomial_funnel_limits(0.5, 10, 95), "confidence"),
        (lambda: poisson_funnel_limits(-1.0, ALERT), "expected must not be negative"),
        (lambda: overdispersion_factor([1.0] * 30, 0.5), "winsorise"),
        (lambda: overdispersion_factor([1.0, math.nan] * 15), "finite"),
        (lambda: funnel_position(-1, 5.0), "observed"),
        (lambda: funnel_position(2.5, 5.0), "whole number"),
        (lambda: funnel_position(2, 5.0, 0.0), "phi"),
    ],
)
def test_rejects_bad_input(call, message):
    with pytest.raises(ValueError, match=message):
        call()
