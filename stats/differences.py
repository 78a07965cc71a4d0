"""Two proportions: Newcombe's interval for the difference, the pooled z-test, trends."""

import math
from dataclasses import dataclass

from ._checks import check_part_of_whole
from .normal import two_sided_p
from .proportions import wilson_interval


@dataclass(frozen=True)
class Difference:
    """A difference of proportions p₁ − p₂ with its confidence interval [low, high]."""

    diff: float
    low: float
    high: float

    def excludes(self, x: float = 0.0) -> bool:
        """True when x (by default 0, "no difference") lies strictly outside [low, high]."""
        return not self.low <= x <= self.high


def newcombe_difference(
    x1: int, n1: int, x2: int, n2: int, confidence: float = 0.95
) -> Difference | None:
    """Newcombe's hybrid score interval for p₁ − p₂ (independent samples).

    Formula, with (lᵢ, uᵢ) the Wilson limits of pᵢ = xᵢ/nᵢ and d = p₁ − p₂:
        low  = d − √((p₁ − l₁)² + (u₂ − p₂)²)
        high = d + √((u₁ − p₁)² + (p₂ − l₂)²)
    Source: R. G. Newcombe (1998), "Interval estimation for the difference between
    independent proportions: comparison of eleven methods", Stat Med 17:873–890,
    method 10. Matches statsmodels ``confint_proportions_2indep(method="newcomb")``.

    Used for a group's rate at a stage against the rest of the area's service users.
    Returns None when either denominator is 0. Raises ValueError for bad counts.
    """
    x1, n1 = check_part_of_whole("x1", x1, "n1", n1)
    x2, n2 = check_part_of_whole("x2", x2, "n2", n2)
    ci1 = wilson_interval(x1, n1, confidence)
    ci2 = wilson_interval(x2, n2, confidence)
    if ci1 is None or ci2 is None:
        return None
    p1, p2 = x1 / n1, x2 / n2
    d = p1 - p2
    low = d - math.hypot(p1 - ci1.low, ci2.high - p2)
    high = d + math.hypot(ci1.high - p1, p2 - ci2.low)
    return Difference(d, low, high)


def two_proportion_p_value(x1: int, n1: int, x2: int, n2: int) -> float | None:
    """Two-sided p-value of the pooled z-test of p₁ = p₂.

    Formula: p̂ = (x₁ + x₂)/(n₁ + n₂), z = (p₁ − p₂) / √(p̂(1 − p̂)(1/n₁ + 1/n₂)),
    p = 2·(1 − Φ(|z|)). Source: Agresti, *Categorical Data Analysis*, §3.1 (equals the
    Pearson χ² test on the 2×2 table). Matches statsmodels
    ``proportions_ztest([x1, x2], [n1, n2])``.

    Returns None when either denominator is 0, and 1.0 when the pooled proportion is 0
    or 1 (both groups all-no or all-yes: no evidence of a difference).
    """
    x1, n1 = check_part_of_whole("x1", x1, "n1", n1)
    x2, n2 = check_part_of_whole("x2", x2, "n2", n2)
    if n1 == 0 or n2 == 0:
        return None
    pooled = (x1 + x2) / (n1 + n2)
    if x1 + x2 == 0 or x1 + x2 == n1 + n2:
        return 1.0
    z = (x1 / n1 - x2 / n2) / math.sqrt(pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2))
    return two_sided_p(z)


def change_between(
    x1: int, n1: int, x2: int, n2: int, confidence: float = 0.95
) -> Difference | None:
    """Change from an earlier period (x1 of n1) to a later one (x2 of n2): p₂ − p₁.

    Newcombe's method 10 interval on the later minus the earlier proportion
    (docs/statistical-methods.md, "Pooled periods and trends"). Periods must not overlap: the method
    assumes independent samples (RDU, *Aggregating to improve ethnicity data quality*).
    """
    return newcombe_difference(x2, n2, x1, n1, confidence)
