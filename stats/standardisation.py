"""Indirect standardisation: observed against expected counts with exact Poisson limits."""

from collections.abc import Mapping
from dataclasses import dataclass

from ._checks import check_count, check_non_negative, check_open_unit
from .distributions import chi2_ppf


@dataclass(frozen=True)
class StandardisedRatio:
    """O/E with its exact confidence interval; ratio and limits are None when E == 0."""

    observed: int
    expected: float
    ratio: float | None
    low: float | None
    high: float | None


def exact_poisson_limits(observed: int, confidence: float = 0.95) -> tuple[float, float]:
    """Exact (Garwood) confidence limits for a Poisson count O.

    Formula: O_low = χ²(α/2; 2O)/2, O_high = χ²(1 − α/2; 2O + 2)/2, with O_low = 0 when
    O = 0. Sources: F. Garwood (1936), Biometrika 28:437–442; OHID Fingertips technical
    guidance, "Rates" (the exact method, used there for O < 10; Reach uses it for every
    O, since it is exact and cheap). Matches ``scipy.stats.chi2.ppf``.
    """
    o = check_count("observed", observed)
    alpha_half = (1.0 - check_open_unit("confidence", confidence)) / 2.0
    low = chi2_ppf(alpha_half, 2 * o) / 2.0 if o > 0 else 0.0
    high = chi2_ppf(1.0 - alpha_half, 2 * o + 2) / 2.0
    return low, high


def standardised_ratio(
    observed: int, expected: float, confidence: float = 0.95
) -> StandardisedRatio:
    """Indirectly standardised ratio O/E with exact Poisson limits.

    Formula: ratio = O/E; [low, high] = [O_low, O_high]/E with the exact limits of
    ``exact_poisson_limits`` (E treated as fixed). E comes from ``expected_counts``.
    Sources: OHID Fingertips technical guidance, "Indirectly standardised ratios";
    Breslow and Day (1987), *Statistical Methods in Cancer Research* vol. II, ch. 2.

    Returns ratio/limits None when E == 0. Raises ValueError for a bad count or E < 0.
    """
    o = check_count("observed", observed)
    e = check_non_negative("expected", expected)
    low, high = exact_poisson_limits(o, confidence)
    if e == 0.0:
        return StandardisedRatio(o, e, None, None, None)
    return StandardisedRatio(o, e, o / e, low / e, high / e)


def expected_counts(
    reference_rates: Mapping[str, float], populations: Mapping[str, float]
) -> float:
    """Expected count for indirect standardisation: E = Σₛ rateₛ × populationₛ.

    Each stratum s (e.g. an age band or ethnic group) of the unit's population is given
    the reference (e.g. national) rate for that stratum. Source: OHID Fingertips
    "Indirectly standardised ratios". Every stratum with a population needs a rate;
    rates for strata absent from ``populations`` are ignored. Raises ValueError for a
    missing rate or a negative or non-finite rate or population.
    """
    missing = [stratum for stratum in populations if stratum not in reference_rates]
    if missing:
        raise ValueError(f"no reference rate for strata: {', '.join(map(str, missing))}")
    total = 0.0
    for stratum, population in populations.items():
        rate = check_non_negative(f"reference rate for {stratum}", reference_rates[stratum])
        total += rate * check_non_negative(f"population for {stratum}", population)
    return total
