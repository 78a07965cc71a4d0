"""The standard normal distribution: tail areas and quantiles, standard library only."""

import math

from ._checks import check_open_unit, check_real

#: Two-sided 95% critical value, Φ⁻¹(0.975), as given by SciPy ``norm.ppf(0.975)``.
Z95 = 1.959963984540054

#: Two-sided 99.8% critical value, Φ⁻¹(0.999): the PHE/OHID funnel "alarm" limit.
Z998 = 3.090232306167813

_SQRT2 = math.sqrt(2.0)
_SQRT_2PI = math.sqrt(2.0 * math.pi)

# Acklam's rational approximation to the normal quantile (P. J. Acklam, "An algorithm
# for computing the inverse normal cumulative distribution function", 2003): relative
# error below 1.15e-9 before refinement.
_A = (
    -3.969683028665376e01,
    2.209460984245205e02,
    -2.759285104469687e02,
    1.383577518672690e02,
    -3.066479806614716e01,
    2.506628277459239e00,
)
_B = (
    -5.447609879822406e01,
    1.615858368580409e02,
    -1.556989798598866e02,
    6.680131188771972e01,
    -1.328068155288572e01,
)
_C = (
    -7.784894002430293e-03,
    -3.223964580411365e-01,
    -2.400758277161838e00,
    -2.549732539343734e00,
    4.374664141464968e00,
    2.938163982698783e00,
)
_D = (7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e00, 3.754408661907416e00)
_P_LOW = 0.02425


def normal_cdf(x: float) -> float:
    """Φ(x) = ½·erfc(−x/√2), accurate in the lower tail (no 1 − small cancellation)."""
    return 0.5 * math.erfc(-check_real("x", x) / _SQRT2)


def normal_sf(x: float) -> float:
    """1 − Φ(x) = ½·erfc(x/√2), accurate in the upper tail."""
    return 0.5 * math.erfc(check_real("x", x) / _SQRT2)


def two_sided_p(z: float) -> float:
    """Two-sided p-value of a standard normal test statistic: 2·(1 − Φ(|z|)) = erfc(|z|/√2)."""
    return math.erfc(abs(check_real("z", z)) / _SQRT2)


def _lower_quantile(p: float) -> float:
    """Φ⁻¹(p) for 0 < p <= 0.5: Acklam's approximation plus one Halley step."""
    if p < _P_LOW:
        q = math.sqrt(-2.0 * math.log(p))
        x = (((((_C[0] * q + _C[1]) * q + _C[2]) * q + _C[3]) * q + _C[4]) * q + _C[5]) / (
            (((_D[0] * q + _D[1]) * q + _D[2]) * q + _D[3]) * q + 1.0
        )
    else:
        q = p - 0.5
        r = q * q
        x = (
            (((((_A[0] * r + _A[1]) * r + _A[2]) * r + _A[3]) * r + _A[4]) * r + _A[5])
            * q
            / (((((_B[0] * r + _B[1]) * r + _B[2]) * r + _B[3]) * r + _B[4]) * r + 1.0)
        )
    # One Halley step on Φ(x) − p (Acklam's suggested refinement) brings the error
    # down to rounding level; erfc of a non-negative argument keeps full relative
    # precision in this (lower) tail.
    density = math.exp(-0.5 * x * x) / _SQRT_2PI
    if density > 0.0:
        u = (0.5 * math.erfc(-x / _SQRT2) - p) / density
        x = x - u / (1.0 + 0.5 * x * u)
    return x


def normal_quantile(p: float) -> float:
    """Φ⁻¹(p), the standard normal quantile, for 0 < p < 1.

    Formula: Acklam's rational approximation (2003), refined by one Halley step
    x ← x − u/(1 + x·u/2), u = (Φ(x) − p)/φ(x), with Φ from ``math.erfc``.
    Matches SciPy ``norm.ppf`` to about 1e-15 relative. Upper-half p uses the symmetry
    Φ⁻¹(p) = −Φ⁻¹(1 − p) (1 − p is exact for p >= 0.5). Raises ValueError outside (0, 1).
    """
    p = check_open_unit("p", p)
    if p > 0.5:
        return -_lower_quantile(1.0 - p)
    return _lower_quantile(p)


def z_for_confidence(level: float) -> float:
    """Two-sided critical value z = Φ⁻¹(1 − α/2) for a confidence level 1 − α.

    ``z_for_confidence(0.95)`` is 1.959963984540054 (``Z95``) and
    ``z_for_confidence(0.998)`` is 3.090232306167813, the PHE/OHID funnel-plot limits.
    """
    level = check_open_unit("confidence", level)
    # Φ⁻¹(1 − α/2) = −Φ⁻¹(α/2); computing the small tail avoids rounding 1 − α/2.
    return -_lower_quantile((1.0 - level) / 2.0)
