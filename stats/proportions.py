"""One proportion: the Wilson score interval and the score test against a known share."""

import math
from dataclasses import dataclass

from ._checks import check_part_of_whole, check_probability
from .normal import two_sided_p, z_for_confidence


@dataclass(frozen=True)
class Interval:
    """A closed interval [low, high] (a confidence interval or a pair of control limits)."""

    low: float
    high: float

    def __post_init__(self) -> None:
        if not self.low <= self.high:  # also refuses NaN
            raise ValueError(f"interval low ({self.low!r}) must not exceed high ({self.high!r})")

    def contains(self, x: float) -> bool:
        """True when low <= x <= high (the ends count as inside)."""
        return self.low <= x <= self.high

    def excludes(self, x: float) -> bool:
        """True when x lies strictly outside the interval."""
        return not self.contains(x)


def _wilson_low(x: int, n: int, z: float) -> float:
    """Lower Wilson limit (2x + z² − z·√(z² + 4x(n − x)/n)) / (2(n + z²)); exactly 0 at x = 0."""
    if x == 0:
        return 0.0
    z2 = z * z
    low = (2.0 * x + z2 - z * math.sqrt(z2 + 4.0 * x * (n - x) / n)) / (2.0 * (n + z2))
    return max(low, 0.0)


def wilson_interval(successes: int, trials: int, confidence: float = 0.95) -> Interval | None:
    """Wilson score interval for a binomial proportion, without continuity correction.

    Formula (O = successes, n = trials, q = 1 − O/n, z = Φ⁻¹(1 − α/2)):
        low, high = (2O + z² ∓ z·√(z² + 4·O·q)) / (2(n + z²)).
    Sources: E. B. Wilson (1927), "Probable inference, the law of succession, and
    statistical inference", JASA 22:209–212; OHID Fingertips technical guidance,
    "Proportions" (the preferred OHID method; well behaved when O = 0 or O = n).
    The upper limit is computed as 1 − low(n − O) so that it keeps full precision near 1.
    Matches statsmodels ``proportion_confint(method="wilson")``.

    Returns None when trials == 0 (no denominator, no interval). Raises ValueError for
    negative or non-integer counts or successes > trials.
    """
    x, n = check_part_of_whole("successes", successes, "trials", trials)
    z = z_for_confidence(confidence)
    if n == 0:
        return None
    return Interval(_wilson_low(x, n, z), 1.0 - _wilson_low(n - x, n, z))


def proportion_score_test(successes: int, trials: int, expected_share: float) -> float | None:
    """Two-sided p-value of the score test of H₀: the true share equals π.

    Formula: z = (O − Nπ) / √(Nπ(1 − π)), p = 2·(1 − Φ(|z|)). This is the test that
    the Wilson interval inverts, so p < α exactly when the Wilson 1 − α interval
    excludes π. Source: Wilson (1927); Agresti, *Categorical Data Analysis*, §1.4.
    Matches statsmodels ``proportions_ztest(O, N, value=π, prop_var=π)``.

    π = 1 has no variance under H₀: the p-value is 1 when O = N and 0 otherwise.
    Returns None when trials == 0. Raises ValueError when π is outside (0, 1].
    """
    x, n = check_part_of_whole("successes", successes, "trials", trials)
    pi = check_probability("expected_share", expected_share)
    if pi == 0.0:
        raise ValueError("expected_share must be in (0, 1], got 0.0")
    if n == 0:
        return None
    if pi == 1.0:
        return 1.0 if x == n else 0.0
    # O − Nπ written as O(1 − π) − (N − O)π: no cancellation when π is near 0 or 1.
    z = (x * (1.0 - pi) - (n - x) * pi) / math.sqrt(n * pi * (1.0 - pi))
    return two_sided_p(z)
