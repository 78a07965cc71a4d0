"""Reach statistics: pure functions, standard library only.

No Django, database or third-party imports (enforced by tests/stats/test_purity.py), so
every figure on a dashboard can be checked against SciPy/statsmodels in isolation.
Conventions: counts must be whole numbers >= 0 (ValueError otherwise); a zero
denominator gives None for an interval, ratio or p-value — never NaN.
"""

from .differences import Difference, change_between, newcombe_difference, two_proportion_p_value
from .disclosure import (
    LOW_BASE,
    NOT_APPLICABLE,
    NOT_AVAILABLE,
    SUPPRESSED,
    disclose_count,
    disclose_rate,
    disclose_ratio,
    disclose_total,
    is_publishable,
    round_to_base,
)
from .distributions import (
    binomial_cdf,
    binomial_ppf,
    binomial_sf,
    chi2_ppf,
    poisson_cdf,
    poisson_ppf,
)
from .exact import binomial_test, clopper_pearson
from .findings import (
    HIGHER_NOT_CONFIRMED,
    LOWER_NOT_CONFIRMED,
    MIN_BASE,
    MIN_EXPECTED,
    NO_BENCHMARK,
    NO_EVIDENCE,
    OVER,
    SCALE,
    TOO_FEW,
    UNDER,
    Assessment,
    Family,
    Finding,
    assess_family,
    classify_ratio,
    depends_on_missing,
    representation_findings,
)
from .funnel import (
    ALARM,
    ALERT,
    binomial_funnel_limits,
    funnel_position,
    overdispersion_factor,
    poisson_funnel_limits,
)
from .multiplicity import benjamini_hochberg, bh_adjusted, fcr_confidence
from .normal import Z95, Z998, normal_cdf, normal_quantile, normal_sf, two_sided_p, z_for_confidence
from .proportions import Interval, proportion_score_test, wilson_interval
from .representation import Ratio, representation_ratio
from .standardisation import (
    StandardisedRatio,
    exact_poisson_limits,
    expected_counts,
    standardised_ratio,
)

__all__ = [
    "ALARM",
    "ALERT",
    "HIGHER_NOT_CONFIRMED",
    "LOWER_NOT_CONFIRMED",
    "NO_BENCHMARK",
    "SCALE",
    "Assessment",
    "Family",
    "assess_family",
    "binomial_sf",
    "binomial_test",
    "clopper_pearson",
    "fcr_confidence",
    "LOW_BASE",
    "MIN_BASE",
    "MIN_EXPECTED",
    "NOT_APPLICABLE",
    "NOT_AVAILABLE",
    "NO_EVIDENCE",
    "OVER",
    "SUPPRESSED",
    "TOO_FEW",
    "UNDER",
    "Z95",
    "Z998",
    "Difference",
    "Finding",
    "Interval",
    "Ratio",
    "StandardisedRatio",
    "benjamini_hochberg",
    "bh_adjusted",
    "binomial_cdf",
    "binomial_funnel_limits",
    "binomial_ppf",
    "change_between",
    "chi2_ppf",
    "classify_ratio",
    "depends_on_missing",
    "disclose_count",
    "disclose_rate",
    "disclose_ratio",
    "disclose_total",
    "exact_poisson_limits",
    "expected_counts",
    "funnel_position",
    "is_publishable",
    "newcombe_difference",
    "normal_cdf",
    "normal_quantile",
    "normal_sf",
    "overdispersion_factor",
    "poisson_cdf",
    "poisson_funnel_limits",
    "poisson_ppf",
    "proportion_score_test",
    "representation_findings",
    "representation_ratio",
    "round_to_base",
    "standardised_ratio",
    "two_proportion_p_value",
    "two_sided_p",
    "wilson_interval",
    "z_for_confidence",
]
