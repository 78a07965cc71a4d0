"""Binomial, Poisson and chi-square distribution functions, standard library only.

The app needs exact funnel-plot limits (binomial and Poisson quantiles) and exact
Poisson limits for standardised ratios (chi-square quantiles). SciPy would do, but the
statistics package must stay dependency-free, so these follow Numerical Recipes
(Press et al., 3rd ed., §6.2 incomplete gamma, §6.4 incomplete beta; modified Lentz
continued fractions) with Loader's saddle-point prefactors (see ``_saddle``).
"""

import math

from ._checks import check_count, check_non_negative, check_open_unit, check_probability
from ._saddle import binomial_pmf, poisson_raw
from .normal import normal_quantile

_EPS = 1e-16  # continued fractions/series stop when the next factor is within this of 1
_FPMIN = 1e-300  # Lentz's guard against division by zero
_MAX_ITER = 1_000_000  # convergence needs O(√a) steps; this bound is never reached in practice


def _gamma_pq(a: float, x: float) -> tuple[float, float]:
    """Regularised incomplete gamma (P(a, x), Q(a, x)) for a > 0, x >= 0.

    P by its power series when x < a + 1, Q by its continued fraction otherwise
    (Numerical Recipes gser/gcf); the prefactor xᵃe⁻ˣ/Γ(a + 1) comes from Loader's form.
    """
    if x == 0.0:
        return 0.0, 1.0
    front = poisson_raw(a, x)  # xᵃ e⁻ˣ / Γ(a + 1)
    if x < a + 1.0:
        # P = front · Σ xⁿ / ((a+1)…(a+n))
        total = term = 1.0
        ap = a
        for _ in range(_MAX_ITER):
            ap += 1.0
            term *= x / ap
            total += term
            if term < total * _EPS:
                p = front * total
                return p, 1.0 - p
        raise ArithmeticError("incomplete gamma series did not converge")
    # Q = a · front · 1/(x+1−a− 1·(1−a)/(x+3−a− …)) by modified Lentz.
    b = x + 1.0 - a
    c = 1.0 / _FPMIN
    d = 1.0 / b
    h = d
    for i in range(1, _MAX_ITER):
        an = -i * (i - a)
        b += 2.0
        d = an * d + b
        d = _FPMIN if abs(d) < _FPMIN else d
        c = b + an / c
        c = _FPMIN if abs(c) < _FPMIN else c
        d = 1.0 / d
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < _EPS:
            q = a * front * h
            return 1.0 - q, q
    raise ArithmeticError("incomplete gamma continued fraction did not converge")


def _beta_cf(a: float, b: float, x: float) -> float:
    """Continued fraction for the incomplete beta function (Numerical Recipes betacf)."""
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c = 1.0
    d = 1.0 - qab * x / qap
    d = _FPMIN if abs(d) < _FPMIN else d
    d = 1.0 / d
    h = d
    for m in range(1, _MAX_ITER):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = _FPMIN if abs(d) < _FPMIN else d
        c = 1.0 + aa / c
        c = _FPMIN if abs(c) < _FPMIN else c
        d = 1.0 / d
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = _FPMIN if abs(d) < _FPMIN else d
        c = 1.0 + aa / c
        c = _FPMIN if abs(c) < _FPMIN else c
        d = 1.0 / d
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < _EPS:
            return h
    raise ArithmeticError("incomplete beta continued fraction did not converge")


def binomial_cdf(k: int, n: int, p: float) -> float:
    """P(X <= k) for X ~ Binomial(n, p).

    Formula: P(X <= k) = I₁₋ₚ(n − k, k + 1), the regularised incomplete beta function,
    whose prefactor reduces to p·P(X = k) (direct branch) or (1 − p)·P(X = k + 1)
    (complement branch, P(X > k) = Iₚ(k + 1, n − k)). Matches SciPy ``binom.cdf``.
    """
    k, n, p = check_count("k", k), check_count("n", n), check_probability("p", p)
    if k >= n or p == 0.0:
        return 1.0
    if p == 1.0:
        return 0.0
    a, b = n - k, k + 1
    if 1.0 - p < (a + 1.0) / (a + b + 2.0):
        return p * binomial_pmf(k, n, p) * _beta_cf(a, b, 1.0 - p)
    return 1.0 - (1.0 - p) * binomial_pmf(k + 1, n, p) * _beta_cf(b, a, p)


def binomial_sf(k: int, n: int, p: float) -> float:
    """P(X > k) for X ~ Binomial(n, p), computed directly (no 1 − CDF cancellation).

    Formula: P(X > k) = Iₚ(k + 1, n − k), by the same two branches as ``binomial_cdf``
    with the roles swapped, so a small upper tail keeps full relative precision.
    Matches SciPy ``binom.sf``. A negative k (P(X > −1) = 1) is allowed.
    """
    if k < 0:
        return 1.0
    k, n, p = check_count("k", k), check_count("n", n), check_probability("p", p)
    if k >= n or p == 0.0:
        return 0.0
    if p == 1.0:
        return 1.0
    a, b = n - k, k + 1
    if 1.0 - p < (a + 1.0) / (a + b + 2.0):
        return 1.0 - p * binomial_pmf(k, n, p) * _beta_cf(a, b, 1.0 - p)
    return (1.0 - p) * binomial_pmf(k + 1, n, p) * _beta_cf(b, a, p)


def poisson_cdf(k: int, mu: float) -> float:
    """P(X <= k) for X ~ Poisson(μ) = Q(k + 1, μ), the regularised upper incomplete gamma."""
    k, mu = check_count("k", k), check_non_negative("mu", mu)
    if mu == 0.0:
        return 1.0
    return _gamma_pq(k + 1.0, mu)[1]


def _start(q: float, mean: float, sd: float, skew: float, top: float) -> int:
    """Cornish–Fisher first guess at a discrete quantile: mean + sd·(z + (z² − 1)·γ/6)."""
    z = normal_quantile(q)
    guess = mean + sd * (z + (z * z - 1.0) * skew / 6.0)
    return int(min(max(math.floor(guess), 0.0), top))


def _walk(q: float, k: int, cdf: float, pmf, top: float) -> int:
    """Smallest integer j with CDF(j) >= q, by stepping from k with known CDF(k).

    A CDF within 1e-13 (relative) of q counts as reaching it: exact ties such as
    P(X <= 2) = 0.5 for Binomial(5, ½) must not be pushed to the next integer by rounding.
    """
    q = q * (1.0 - 1e-13)
    if cdf >= q:
        while k > 0:
            below = cdf - pmf(k)
            if below < q:
                break
            cdf, k = below, k - 1
        return k
    while cdf < q and k < top:
        k += 1
        cdf += pmf(k)
    return k


def binomial_ppf(q: float, n: int, p: float) -> int:
    """Binomial quantile: the smallest integer r with P(X <= r) >= q, X ~ Binomial(n, p).

    This is the definition of SciPy ``binom.ppf`` and R ``qbinom``. A Cornish–Fisher
    start is corrected by stepping one probability mass at a time.
    """
    q, n, p = check_open_unit("q", q), check_count("n", n), check_probability("p", p)
    if p == 0.0 or n == 0:
        return 0
    if p == 1.0:
        return n
    sd = math.sqrt(n * p * (1.0 - p))
    k = _start(q, n * p, sd, (1.0 - 2.0 * p) / sd, n)
    return _walk(q, k, binomial_cdf(k, n, p), lambda j: binomial_pmf(j, n, p), n)


def poisson_ppf(q: float, mu: float) -> int:
    """Poisson quantile: the smallest integer r with P(X <= r) >= q, X ~ Poisson(μ).

    Same definition as SciPy ``poisson.ppf`` and R ``qpois``.
    """
    q, mu = check_open_unit("q", q), check_non_negative("mu", mu)
    if mu == 0.0:
        return 0
    sd = math.sqrt(mu)
    k = _start(q, mu, sd, 1.0 / sd, math.inf)
    return _walk(q, k, poisson_cdf(k, mu), lambda j: poisson_raw(j, mu), math.inf)


def gamma_ppf(q: float, a: float) -> float:
    """Inverse of the regularised lower incomplete gamma: x with P(a, x) = q.

    Wilson–Hilferty start x = a(1 − 1/(9a) + z/(3√a))³, then safeguarded Halley steps
    on whichever tail is smaller (so that q = 0.999 is solved as Q = 0.001).
    """
    q, a = check_open_unit("q", q), check_non_negative("a", a)
    if a == 0.0:
        raise ValueError("a must be positive")
    upper = q > 0.5
    target = 1.0 - q if upper else q
    t = 1.0 - 1.0 / (9.0 * a) + normal_quantile(q) / (3.0 * math.sqrt(a))
    # Small-x start from P(a, x) ≈ xᵃ/Γ(a + 1) when Wilson–Hilferty goes negative.
    x = a * t**3 if t > 0.0 else math.exp((math.log(q) + math.lgamma(a + 1.0)) / a)
    if x == 0.0:
        return 0.0  # the quantile underflows (e.g. q = 1e-300 with a = 0.05)
    lo, hi = 0.0, math.inf
    for _ in range(200):
        p_low, q_up = _gamma_pq(a, x)
        f = (target - q_up) if upper else (p_low - target)  # increasing in x
        if f == 0.0:
            return x
        if f > 0.0:
            hi = x
        else:
            lo = x
        density = a * poisson_raw(a, x) / x  # x^(a−1) e^(−x) / Γ(a)
        step = f / density if density > 0.0 else math.inf
        halley = 1.0 - 0.5 * step * ((a - 1.0) / x - 1.0)
        if halley > 0.5:
            step /= halley
        if abs(step) <= 4e-16 * x:
            return x - step
        new = x - step
        if not lo < new < hi:
            # Outside the bracket: fall back to bisection (or doubling while unbounded).
            new = 0.5 * (lo + hi) if math.isfinite(hi) else 2.0 * x
        x = new
    return x


def chi2_ppf(q: float, df: float) -> float:
    """Chi-square quantile: χ²_q(df) = 2·P⁻¹(df/2, q). Matches SciPy ``chi2.ppf``."""
    df = check_non_negative("df", df)
    if df == 0.0:
        return 0.0  # a point mass at 0 (used for the lower limit when O = 0)
    return 2.0 * gamma_ppf(q, df / 2.0)
