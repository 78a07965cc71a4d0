"""Turning representation ratios into honest findings: flags, small numbers, missing data.

The rules (docs/statistical-methods.md): a group is flagged "under-represented" or
"over-represented" only when its exact binomial test survives Benjamini–Hochberg control
of the false discovery rate over its family of comparisons, and it is shown with the
false-coverage-rate adjusted interval that agrees with that flag. An interval clear of 1
that does not survive the control says so in plain words ("not confirmed"), never "no
evidence of a difference". "Too few to tell" is decided by what was expected, never by
what was observed, so fewer referrals can never look better. A group with no residents
has no benchmark (GSS [z]).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ._checks import check_count, check_open_unit
from .multiplicity import benjamini_hochberg, bh_adjusted, fcr_confidence
from .proportions import Interval
from .representation import Ratio, representation_ratio

#: Smallest base on which a rate is shown without a "small base" mark (outcome rates and
#: cross-tabulations; the ONS 10-5 rule's threshold for publishing a count).
MIN_BASE = 10
#: Below this expected count E = N·π the exact test has too little power to show a
#: shortfall: even 0 referrals where 3.6 were expected has p > 0.05 (P(X = 0) ≈ e^−E).
#: The usual "expected count of at least 5" rule (Cochran 1954).
MIN_EXPECTED = 5.0

UNDER = "under"
OVER = "over"
LOWER_NOT_CONFIRMED = "lower_not_confirmed"
HIGHER_NOT_CONFIRMED = "higher_not_confirmed"
TOO_FEW = "too_few"
NO_EVIDENCE = "no_evidence"
NO_BENCHMARK = "no_benchmark"

#: Where each verdict sits from most under-reached (−2) to most over-represented (+2).
#: With N and π fixed, the verdict never moves down this scale as the observed count
#: rises: fewer referrals never look better (tests/stats/test_findings.py proves it).
SCALE = {
    UNDER: -2,
    LOWER_NOT_CONFIRMED: -1,
    TOO_FEW: 0,
    NO_EVIDENCE: 0,
    HIGHER_NOT_CONFIRMED: 1,
    OVER: 2,
}


def classify_ratio(ratio: Ratio, significant: bool) -> str:
    """Verdict for one representation ratio, given whether it survived the family's control.

    Rule, in order:
    1. NO_BENCHMARK when the benchmark share is 0 (nobody in the group lives in the
       area): no ratio, no test.
    2. UNDER (OVER) when ``significant`` (the exact test survived Benjamini–Hochberg) and
       the 95% interval lies wholly below (above) 1.
    3. LOWER_NOT_CONFIRMED (HIGHER_NOT_CONFIRMED) when the 95% interval lies wholly below
       (above) 1 but the test did not survive the control: said in plain words, never
       "no evidence of a difference".
    4. TOO_FEW when the expected count E = N·π is under ``MIN_EXPECTED`` (5): the test
       cannot tell. It depends on E alone, not on the observed count, so the rule is
       monotone: 0 referrals where 25 were expected is flagged, and so is 4.
    5. NO_EVIDENCE otherwise ("no evidence of a difference", never "no difference").
    """
    if not ratio.has_benchmark:
        return NO_BENCHMARK
    # The side of 1 the 95% interval lies on, read from the exact test it inverts.
    if ratio.side == "below":
        return UNDER if significant else LOWER_NOT_CONFIRMED
    if ratio.side == "above":
        return OVER if significant else HIGHER_NOT_CONFIRMED
    if ratio.expected < MIN_EXPECTED:
        return TOO_FEW
    return NO_EVIDENCE


@dataclass(frozen=True)
class Family:
    """One family of comparisons controlled together: its size m, the R rejected at FDR
    q, and the confidence level 1 − max(R, 1)·q/m of its adjusted intervals."""

    size: int
    rejections: int
    q: float
    confidence: float


@dataclass(frozen=True)
class Assessment:
    """One ratio judged within its family: the BH decision, the BH-adjusted p-value, the
    false-coverage-rate adjusted interval on the ratio, and the verdict."""

    ratio: Ratio
    p_adjusted: float | None
    significant: bool
    adjusted_confidence: float
    verdict: str

    @property
    def adjusted(self) -> Interval | None:
        """The adjusted interval, computed when read (the family's level, exact)."""
        if self.ratio.p_value is None:
            return None
        return self.ratio.interval_at(self.adjusted_confidence)

    @property
    def flag(self) -> str | None:
        return self.verdict if self.verdict in (UNDER, OVER) else None


def assess_family(ratios: Sequence[Ratio], q: float = 0.05) -> tuple[Family, list[Assessment]]:
    """Judge ratios as one family: BH flags with Benjamini–Yekutieli adjusted intervals.

    Formula: the exact p-values of the m ratios that have one enter the
    Benjamini–Hochberg procedure at FDR q (``benjamini_hochberg``), rejecting R; each
    ratio's adjusted interval is its Clopper–Pearson interval at level 1 − max(R, 1)·q/m
    divided by π (``fcr_confidence``). Because that interval inverts the same exact
    test, it excludes 1 exactly for the ratios BH flags. Ratios without a p-value (no
    benchmark, or no one with a stated ethnicity) are not in the family.
    Sources: Benjamini and Hochberg (1995); Benjamini and Yekutieli (2005).
    """
    if check_open_unit("q", q) > 0.05:
        # Every flag must sit beside a 95% interval clear of 1; BH at q <= 5% ensures it
        # (a rejected p-value is at most R·q/m <= q).
        raise ValueError(f"q must be at most 0.05 for flags to agree with 95% intervals, got {q!r}")
    p_values = [r.p_value for r in ratios]
    rejected = benjamini_hochberg(p_values, q)
    adjusted_p = bh_adjusted(p_values)
    size = sum(p is not None for p in p_values)
    family = Family(size, sum(rejected), q, fcr_confidence(sum(rejected), size, q))
    assessed = [
        Assessment(ratio, p_adj, significant, family.confidence, classify_ratio(ratio, significant))
        for ratio, significant, p_adj in zip(ratios, rejected, adjusted_p, strict=True)
    ]
    return family, assessed


def _direction(ratio: Ratio) -> str | None:
    """Which side of 1 the interval lies on: "under", "over", "none"; None if undefined."""
    if ratio.ratio is None:
        return None
    return {"below": UNDER, "above": OVER}.get(ratio.side, "none")


def depends_on_missing(
    observed: int,
    stated_total: int,
    not_stated: int,
    benchmark_share: float,
    confidence: float = 0.95,
) -> bool:
    """True when the finding could flip depending on who the "not stated" people are.

    Recomputes the ratio interval with every not-stated person allocated to the group,
    (O + M)/(N + M), and with none of them, O/(N + M), and compares the direction
    (interval wholly below 1, wholly above 1, or neither) of those two bounds with the
    base case O/N. Any disagreement means the finding depends on missing data.
    Source: a bounds check in the manner of Manski's partial identification; the Race
    Disparity Unit notes that non-reporting of ethnicity drives disparity ratios.
    Returns False when not_stated is 0.
    """
    o = check_count("observed", observed)
    n = check_count("stated_total", stated_total)
    m = check_count("not_stated", not_stated)
    if m == 0:
        return False
    base = representation_ratio(o, n, benchmark_share, confidence)
    all_in = representation_ratio(o + m, n + m, benchmark_share, confidence)
    none_in = representation_ratio(o, n + m, benchmark_share, confidence)
    return len({_direction(base), _direction(all_in), _direction(none_in)}) > 1


@dataclass(frozen=True)
class Finding:
    """What the dashboard says about one group against one benchmark (see ``Assessment``)."""

    group: str
    ratio: Ratio
    p_adjusted: float | None
    significant: bool
    verdict: str
    adjusted: Interval | None = None
    depends_on_missing: bool = False


def representation_findings(
    counts: Mapping[str, int],
    benchmarks: Mapping[str, float],
    not_stated: int = 0,
    q: float = 0.05,
    confidence: float = 0.95,
) -> list[Finding]:
    """Findings for every group in ``benchmarks``, as one family (``assess_family``).

    ``counts`` holds the service users with a stated ethnicity by group (their sum is
    N); ``benchmarks`` the benchmark share of each group to assess (a group in counts
    without a benchmark still counts in N; a share of 0 means no benchmark). Only
    flagged findings are checked for dependence on the not-stated referrals.
    """
    total = sum(check_count(f"count for {group}", value) for group, value in counts.items())
    groups = list(benchmarks)
    ratios = [
        representation_ratio(counts.get(g, 0), total, benchmarks[g], confidence) for g in groups
    ]
    _family, assessed = assess_family(ratios, q)
    return [
        Finding(
            group=g,
            ratio=a.ratio,
            p_adjusted=a.p_adjusted,
            significant=a.significant,
            verdict=a.verdict,
            adjusted=a.adjusted,
            depends_on_missing=bool(a.flag)
            and depends_on_missing(a.ratio.observed, total, not_stated, benchmarks[g], confidence),
        )
        for g, a in zip(groups, assessed, strict=True)
    ]
