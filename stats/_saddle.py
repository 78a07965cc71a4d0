"""Accurate binomial and Poisson probabilities (Loader's saddle-point form).

Computing C(n, k)·pᵏ·qⁿ⁻ᵏ as exp(lgamma(...) − lgamma(...) + ...) loses about
n·1e-16 in the exponent, i.e. ~1e-9 relative error at n = 10⁶. Loader's form keeps the
large terms out of the exponent and is accurate to ~1e-15 at any n. It is the method
R's dbinom/dpois use. Source: C. Loader, "Fast and accurate computation of binomial
probabilities", 2000.
"""

import math

_LN_SQRT_2PI = 0.5 * math.log(2.0 * math.pi)
_TWO_PI = 2.0 * math.pi

# Coefficients of the Stirling series 1/12n − 1/360n³ + 1/1260n⁵ − 1/1680n⁷ + 1/1188n⁹.
_S0, _S1, _S2, _S3, _S4 = 1 / 12, 1 / 360, 1 / 1260, 1 / 1680, 1 / 1188


def stirlerr(n: float) -> float:
    """δ(n) = ln Γ(n + 1) − ln(√(2πn)·(n/e)ⁿ), the error of Stirling's formula (n > 0)."""
    if n <= 15.0:
        # Small n: the terms below are small too, so lgamma loses nothing.
        return math.lgamma(n + 1.0) - (n + 0.5) * math.log(n) + n - _LN_SQRT_2PI
    nn = n * n
    if n > 500.0:
        return (_S0 - _S1 / nn) / n
    if n > 80.0:
        return (_S0 - (_S1 - _S2 / nn) / nn) / n
    if n > 35.0:
        return (_S0 - (_S1 - (_S2 - _S3 / nn) / nn) / nn) / n
    return (_S0 - (_S1 - (_S2 - (_S3 - _S4 / nn) / nn) / nn) / nn) / n


def bd0(x: float, m: float) -> float:
    """Deviance term x·ln(x/m) + m − x, summed as a series when x ≈ m (no cancellation)."""
    if abs(x - m) < 0.1 * (x + m):
        v = (x - m) / (x + m)
        s = (x - m) * v
        ej = 2.0 * x * v
        v2 = v * v
        j = 1
        while True:
            ej *= v2
            s_next = s + ej / (2 * j + 1)
            if s_next == s:
                return s_next
            s = s_next
            j += 1
    return x * math.log(x / m) + m - x


def poisson_raw(x: float, lam: float) -> float:
    """λˣ·e^(−λ)/Γ(x + 1) for real x >= 0, λ > 0 (the Poisson pmf when x is whole)."""
    if x == 0.0:
        return math.exp(-lam)
    return math.exp(-stirlerr(x) - bd0(x, lam)) / math.sqrt(_TWO_PI * x)


def binomial_pmf(k: int, n: int, p: float) -> float:
    """P(X = k) for X ~ Binomial(n, p), 0 <= k <= n, 0 <= p <= 1 (Loader 2000)."""
    q = 1.0 - p
    if p == 0.0:
        return 1.0 if k == 0 else 0.0
    if q == 0.0:
        return 1.0 if k == n else 0.0
    if k == 0:
        log_pmf = -bd0(n, n * q) - n * p if p < 0.1 else n * math.log1p(-p)
        return math.exp(log_pmf)
    if k == n:
        log_pmf = -bd0(n, n * p) - n * q if q < 0.1 else n * math.log(p)
        return math.exp(log_pmf)
    lc = stirlerr(n) - stirlerr(k) - stirlerr(n - k) - bd0(k, n * p) - bd0(n - k, n * q)
    lf = math.log(_TWO_PI) + math.log(k) + math.log1p(-k / n)
    return math.exp(lc - 0.5 * lf)
