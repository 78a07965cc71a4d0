"""Turning representation ratios into honest findings: flags, small numbers, missing data.

DESIGN.md "Statistics": flag "under-represented" only where the whole interval lies
below 1 (likewise over); flags control the false discovery rate; a group too small to
test shows "too few to tell", never "no difference"; where a finding would flip if every
"not stated" belonged to the group (or none did), say it depends on missing data.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from ._checks import check_count, check_open_unit
from .multiplicity import benjamini_hochberg, bh_adjusted
from .representation import Ratio, representation_ratio

#: Smallest base (people with a stated ethnicity) on which a finding can rest; also the
#: smallest group count that is published (ONS 10-5 rule) — see ``classify_ratio``.
MIN_BASE = 10
#: Smallest expected count N·π for which the normal score test is trusted (the usual
#: "expected count of at least 5" rule for χ²/z tests; Cochran 1954).
MIN_EXPECTED = 5.0

UNDER = "under"
OVER = "over"
TOO_FEW = "too_few"
NO_EVIDENCE = "no_evidence"


@dataclass(frozen=True)
class Finding:
    """What the dashboard says about one group against one benchmark.

    ``verdict`` is one of UNDER, OVER, TOO_FEW ("too few to tell") or NO_EVIDENCE
    ("no evidence of a difference" — never "no difference"). ``significant`` is the
    Benjamini–Hochberg decision within the family the finding was assessed in.
    """

    group: str
    ratio: Ratio
    p_adjusted: float | None
    significant: bool
    verdict: str
    depends_on_missing: bool = False


def classify_ratio(ratio: Ratio, significant: bool) -> str:
    """Verdict for one representation ratio.

    Rule, in order:
    1. TOO_FEW when the base is under ``MIN_BASE`` (10), or the expected count N·π is
       under ``MIN_EXPECTED`` (5: a test with an expected count below 5 cannot support a
       finding), or the group's own count is 1–9. A count of 1–9 is suppressed under the
       ONS 10-5 rule, so no ratio or flag built on it may be published, and counts under
       10 are unreliable (OHID Fingertips switches method at 10). So a group with 3
       referrals is never flagged. A count of 0 is publishable and, when at least 5 were
       expected, a zero is itself evidence of under-representation.
    2. UNDER when ``significant`` (e.g. surviving Benjamini–Hochberg) and high < 1.
    3. OVER when ``significant`` and low > 1.
    4. NO_EVIDENCE otherwise — say "no evidence of a difference", not "no difference".
    """
    if ratio.total < MIN_BASE or ratio.expected < MIN_EXPECTED or 0 < ratio.observed < MIN_BASE:
        return TOO_FEW
    if significant and ratio.high is not None and ratio.high < 1.0:
        return UNDER
    if significant and ratio.low is not None and ratio.low > 1.0:
        return OVER
    return NO_EVIDENCE


def _direction(ratio: Ratio) -> str | None:
    """Which side of 1 the interval lies on: "under", "over", "none"; None if undefined."""
    if ratio.low is None or ratio.high is None:
        return None
    if ratio.high < 1.0:
        return UNDER
    if ratio.low > 1.0:
        return OVER
    return "none"


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
    Source: Reach research notes §b8 (a bounds check; RDU notes that non-reporting of
    ethnicity drives disparity ratios). Returns False when not_stated is 0.
    """
    o = check_count("observed", observed)
    n = check_count("stated_total", stated_total)
    m = check_count("not_stated", not_stated)
    base = representation_ratio(o, n, benchmark_share, confidence)
    if m == 0:
        return False
    all_in = representation_ratio(o + m, n + m, benchmark_share, confidence)
    none_in = representation_ratio(o, n + m, benchmark_share, confidence)
    return len({_direction(base), _direction(all_in), _direction(none_in)}) > 1


def representation_findings(
    counts: Mapping[str, int],
    benchmarks: Mapping[str, float],
    not_stated: int = 0,
    q: float = 0.05,
    confidence: float = 0.95,
) -> list[Finding]:
    """Findings for every group that has a benchmark, as one Benjamini–Hochberg family.

    ``counts`` holds the service users with a stated ethnicity by group (their sum is
    N); ``benchmarks`` the benchmark share of each group to assess (a group in counts
    without a benchmark still counts in N). p-values are score tests; every group with
    a p-value is in the family, including those later classed TOO_FEW (conservative).
    For families spanning several benchmarks or areas, call ``benjamini_hochberg``
    on the pooled p-values and ``classify_ratio`` directly.
    """
    check_open_unit("q", q)
    total = sum(check_count(f"count for {group}", value) for group, value in counts.items())
    groups = list(benchmarks)
    ratios = [
        representation_ratio(counts.get(g, 0), total, benchmarks[g], confidence) for g in groups
    ]
    p_values = [r.p_value for r in ratios]
    rejected = benjamini_hochberg(p_values, q)
    adjusted = bh_adjusted(p_values)
    return [
        Finding(
            group=g,
            ratio=r,
            p_adjusted=adj,
            significant=sig,
            verdict=classify_ratio(r, sig),
            depends_on_missing=depends_on_missing(
                r.observed, total, not_stated, benchmarks[g], confidence
            ),
        )
        for g, r, adj, sig in zip(groups, ratios, adjusted, rejected, strict=True)
    ]
