"""Funnel plots: exact control limits, over-dispersion, and where a unit falls.

Areas are compared on funnel plots, never as a bare league table (docs/statistical-methods.md): each
unit is plotted against its size with control limits around the target, at 95%
("alert") and 99.8% ("alarm") as in the PHE/OHID Fingertips funnel-plot guidance.
Source: D. J. Spiegelhalter (2005), "Funnel plots for comparing institutional
performance", Stat Med 24:1185–1202; PHEindicatormethods ``Funnels.R``.
"""

import math
from collections.abc import Sequence

from ._checks import check_count, check_non_negative, check_open_unit, check_probability, check_real
from .distributions import binomial_ppf, poisson_ppf
from .normal import z_for_confidence
from .proportions import Interval

#: Control-limit levels used by the app and the labels they carry.
ALERT = 0.95
ALARM = 0.998
#: Spiegelhalter (2005) and FunnelPlotR: estimate over-dispersion only from >= 20 units.
MIN_UNITS_FOR_OVERDISPERSION = 20


def _tails(confidence: float) -> tuple[float, float]:
    alpha_half = (1.0 - check_open_unit("confidence", confidence)) / 2.0
    return alpha_half, 1.0 - alpha_half


def binomial_funnel_limits(target: float, n: int, confidence: float) -> Interval | None:
    """Exact binomial control limits on a proportion for a unit with denominator n.

    Formula: low = F⁻¹(α/2)/n, high = F⁻¹(1 − α/2)/n, where F⁻¹(u) is the smallest
    integer r with P(X <= r) >= u for X ~ Binomial(n, θ) and θ is the target (usually
    the pooled proportion ΣO/Σn). Sources: Spiegelhalter (2005) §3 (exact limits);
    funnelR "exact" method ``qbinom(c(α/2, 1 − α/2), n, θ)/n``. Matches
    ``scipy.stats.binom.ppf(...)/n``. Spiegelhalter's interpolation between steps is
    not applied, so the limits are step functions of n (they are conservative).

    Returns None when n == 0. Raises ValueError when θ is outside [0, 1].
    """
    theta = check_probability("target", target)
    n = check_count("n", n)
    lower_tail, upper_tail = _tails(confidence)
    if n == 0:
        return None
    return Interval(binomial_ppf(lower_tail, n, theta) / n, binomial_ppf(upper_tail, n, theta) / n)


def poisson_funnel_limits(expected: float, confidence: float) -> Interval | None:
    """Exact Poisson control limits on the ratio observed/expected for expected count E.

    Formula: low = G⁻¹(α/2)/E, high = G⁻¹(1 − α/2)/E, where G⁻¹(u) is the smallest
    integer r with P(X <= r) >= u for X ~ Poisson(E); the target ratio is 1. Used for
    representation and standardised ratios (O/E against E). Sources: Spiegelhalter
    (2005) §3. Matches ``scipy.stats.poisson.ppf(...)/E``.

    Returns None when E == 0. Raises ValueError when E is negative.
    """
    e = check_non_negative("expected", expected)
    lower_tail, upper_tail = _tails(confidence)
    if e == 0.0:
        return None
    return Interval(poisson_ppf(lower_tail, e) / e, poisson_ppf(upper_tail, e) / e)


def _quantile(ordered: list[float], prob: float) -> float:
    """Linear-interpolation quantile (Hyndman–Fan type 7, as R and NumPy default)."""
    h = (len(ordered) - 1) * prob
    i = math.floor(h)
    if i + 1 >= len(ordered):
        return ordered[-1]
    return ordered[i] + (h - i) * (ordered[i + 1] - ordered[i])


def overdispersion_factor(z_scores: Sequence[float], winsorise: float = 0.1) -> float:
    """Multiplicative over-dispersion factor φ from the units' z-scores.

    Formula: φ = (1/k)·Σ zᵢ², where each zᵢ is first Winsorised: values below the
    ``winsorise`` quantile (default 10%) are set to it, values above the 1 − winsorise
    quantile to that (type-7 quantiles). With true between-unit variation more than 5%
    of units fall outside 95% limits; φ > 1 measures how much. Sources: Spiegelhalter
    (2005) §6 "Handling over-dispersion"; PHE/OHID funnel-plot guidance; FunnelPlotR.

    Returns 1.0 (no adjustment) when there are fewer than 20 units (φ is too unstable to
    estimate) or when φ < 1 (limits are never narrowed).
    """
    w = check_real("winsorise", winsorise)
    if not 0.0 <= w < 0.5:
        raise ValueError(f"winsorise must be in [0, 0.5), got {w!r}")
    z = sorted(check_real("z-score", value) for value in z_scores)
    if len(z) < MIN_UNITS_FOR_OVERDISPERSION:
        return 1.0
    floor, ceiling = _quantile(z, w), _quantile(z, 1.0 - w)
    phi = sum(min(max(value, floor), ceiling) ** 2 for value in z) / len(z)
    return max(phi, 1.0)


def funnel_position(observed: int, expected: float, phi: float = 1.0) -> str | None:
    """Where a unit with O observed and E expected falls on the O/E funnel plot.

    Returns "above_998"/"below_998" beyond the 99.8% ("alarm") limits, else
    "above_95"/"below_95" beyond the 95% ("alert") limits, else "within" (a point on a
    limit is within). Without over-dispersion (φ <= 1) the limits are the exact Poisson
    limits of ``poisson_funnel_limits``. With φ > 1 the limits are widened on the
    z scale as in Spiegelhalter (2005) §6 (multiplicative over-dispersion): the unit's
    z-score z = (O − E)/√E is compared with ±z_α·√φ, i.e. limits 1 ± z_α·√(φ/E) on O/E.

    Returns None when E == 0 (no expectation, no position).
    """
    o = check_count("observed", observed)
    e = check_non_negative("expected", expected)
    phi = check_real("phi", phi)
    if phi <= 0.0:
        raise ValueError(f"phi must be positive, got {phi!r}")
    if e == 0.0:
        return None
    for level, label in ((ALARM, "998"), (ALERT, "95")):
        if phi > 1.0:
            z = (o - e) / math.sqrt(e)
            limit = z_for_confidence(level) * math.sqrt(phi)
            above, below = z > limit, z < -limit
        else:
            # Same limits as poisson_funnel_limits, compared on the count scale (exact).
            lower_tail, upper_tail = _tails(level)
            above, below = o > poisson_ppf(upper_tail, e), o < poisson_ppf(lower_tail, e)
        if above:
            return f"above_{label}"
        if below:
            return f"below_{label}"
    return "within"
