"""Exact binomial inference: the two-sided test and the Clopper–Pearson interval it inverts.

A group's referrals O out of the N with a stated ethnicity are a binomial count, so the
representation ratio is judged by the exact binomial test against the benchmark share π
and shown with the Clopper–Pearson interval. The two are one method: the 1 − α interval
excludes π exactly when the test's p-value is at most α, so a flag and its interval can
never disagree, at any size, including 0 referrals and tiny expected counts.
"""

import functools
import math

from ._checks import check_open_unit, check_part_of_whole, check_probability
from ._saddle import binomial_pmf
from .distributions import binomial_cdf, binomial_sf
from .normal import z_for_confidence
from .proportions import Interval, wilson_interval

_MAX_STEPS = 200


def binomial_test(observed: int, total: int, share: float) -> float | None:
    """Two-sided exact binomial test of H₀: the true share is π, by doubling the smaller tail.

    Formula: p = min(1, 2·min(P(X <= O), P(X >= O))) for X ~ Binomial(N, π). This
    "central" two-sided test is the one the Clopper–Pearson interval inverts (Agresti,
    *Categorical Data Analysis*, 3rd ed., §1.4.3; Fay (2010), "Two-sided exact tests and
    matching confidence intervals", R Journal 2:53–58). Reference: SciPy
    ``2·min(binom.cdf(O, N, π), binom.sf(O − 1, N, π))``, capped at 1.

    π = 1 has no variance: p is 1 when O = N and 0 otherwise. Returns None when N = 0.
    Raises ValueError for bad counts or π outside (0, 1].
    """
    x, n = check_part_of_whole("observed", observed, "total", total)
    pi = check_probability("share", share)
    if pi == 0.0:
        raise ValueError("share must be in (0, 1], got 0.0")
    if n == 0:
        return None
    if pi == 1.0:
        return 1.0 if x == n else 0.0
    # The smaller tail is the one on the observed side of the mean; when it is under ½
    # the other exceeds ½ (they share P(X = O)), so only one tail need be computed.
    if x <= n * pi:
        lower = binomial_cdf(x, n, pi)
        if lower < 0.5:
            return 2.0 * lower
        return min(1.0, 2.0 * min(lower, binomial_sf(x - 1, n, pi)))
    upper = binomial_sf(x - 1, n, pi)
    if upper < 0.5:
        return 2.0 * upper
    return min(1.0, 2.0 * min(binomial_cdf(x, n, pi), upper))


def _solve(tail, slope, increasing: bool, target: float, low: float, high: float, start: float):
    """The p in (low, high) where the monotone tail(p) equals target.

    Newton's method on log tail(p) − log target (nearly linear there, so it converges in a
    few steps from a Wilson start), kept inside a shrinking bracket and falling back to
    bisection whenever a step would leave it. ``slope(p)`` is d tail / dp; ``increasing``
    says which way the tail runs in p.
    """
    goal = math.log(target)
    p = min(max(start, low), high)
    if not low < p < high:
        p = 0.5 * (low + high)
    for _ in range(_MAX_STEPS):
        value = tail(p)
        if value <= 0.0:
            f = -math.inf
        else:
            f = math.log(value) - goal
        if abs(f) <= 1e-13:  # the tails themselves are accurate to about 1e-13
            return p
        if (f > 0.0) == increasing:
            high = p
        else:
            low = p
        d = slope(p) / value if value > 0.0 else 0.0
        new = p - f / d if d != 0.0 and math.isfinite(f) else math.nan
        if abs(new - p) <= 1e-14 * p:
            return new
        if not low < new < high:
            new = 0.5 * (low + high)
        if high - low <= 1e-15 * high:
            return new
        p = new
    return p


@functools.lru_cache(maxsize=4096)
def _clopper_pearson(x: int, n: int, confidence: float) -> Interval:
    alpha_half = (1.0 - confidence) / 2.0
    wilson = wilson_interval(x, n, 1.0 - 2.0 * alpha_half)
    share = x / n
    if x == 0:
        low = 0.0
    elif x == n:
        low = alpha_half ** (1.0 / n)
    else:
        low = _solve(
            lambda p: binomial_sf(x - 1, n, p),
            lambda p: n * binomial_pmf(x - 1, n - 1, p),
            True,
            alpha_half,
            0.0,
            share,
            wilson.low,
        )
    if x == n:
        high = 1.0
    elif x == 0:
        high = -math.expm1(math.log(alpha_half) / n)
    else:
        high = _solve(
            lambda p: binomial_cdf(x, n, p),
            lambda p: -n * binomial_pmf(x, n - 1, p),
            False,
            alpha_half,
            share,
            1.0,
            wilson.high,
        )
    return Interval(min(low, share), max(high, share))


def clopper_pearson(successes: int, trials: int, confidence: float = 0.95) -> Interval | None:
    """Clopper–Pearson ("exact") interval for a binomial proportion.

    Formula: low solves P(X >= O | p) = α/2 and high solves P(X <= O | p) = α/2, i.e.
    low = B⁻¹(α/2; O, N − O + 1), high = B⁻¹(1 − α/2; O + 1, N − O), with low = 0 at
    O = 0 and high = 1 at O = N (closed forms 1 − (α/2)^(1/N) and (α/2)^(1/N) there).
    Source: C. J. Clopper and E. S. Pearson (1934), "The use of confidence or fiducial
    limits illustrated in the case of the binomial", Biometrika 26:404–413. Matches
    statsmodels ``proportion_confint(method="beta")``.

    Returns None when trials == 0. Raises ValueError for bad counts or a confidence
    level outside (0, 1).
    """
    x, n = check_part_of_whole("successes", successes, "trials", trials)
    confidence = check_open_unit("confidence", confidence)
    z_for_confidence(confidence)  # same validation as every other interval
    if n == 0:
        return None
    return _clopper_pearson(x, n, confidence)
