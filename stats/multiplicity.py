"""False discovery rate control across the many comparisons shown on one page."""

from collections.abc import Sequence

from ._checks import check_open_unit, check_probability


def _present(p_values: Sequence[float | None]) -> list[tuple[float, int]]:
    """(p, position) for the non-None p-values, validated, sorted by p (stable for ties)."""
    pairs = [(check_probability("p-value", p), i) for i, p in enumerate(p_values) if p is not None]
    pairs.sort(key=lambda pair: pair[0])
    return pairs


def benjamini_hochberg(p_values: Sequence[float | None], q: float = 0.05) -> list[bool]:
    """Which hypotheses the Benjamini–Hochberg step-up procedure rejects at FDR q.

    Formula: sort the m p-values p₍₁₎ <= … <= p₍ₘ₎, find the largest k with
    p₍ₖ₎ <= (k/m)·q, and reject H₍₁₎ … H₍ₖ₎. Controls the false discovery rate at q under
    independence or positive dependence. Source: Y. Benjamini and Y. Hochberg (1995),
    "Controlling the false discovery rate", JRSS B 57:289–300. Matches statsmodels
    ``multipletests(method="fdr_bh")``.

    None entries (comparisons that could not be made, e.g. an empty denominator) are
    not part of the family: m counts the non-None p-values only, and their result is
    False. Returns one bool per input, in input order.
    """
    q = check_open_unit("q", q)
    pairs = _present(p_values)
    m = len(pairs)
    cutoff = 0
    for k, (p, _) in enumerate(pairs, start=1):
        # (k/m)·q, computed in this order to agree bit for bit with statsmodels.
        if p <= (k / m) * q:
            cutoff = k
    rejected = [False] * len(p_values)
    for _, i in pairs[:cutoff]:
        rejected[i] = True
    return rejected


def bh_adjusted(p_values: Sequence[float | None]) -> list[float | None]:
    """Benjamini–Hochberg adjusted p-values ("q-values"), in input order.

    Formula: p̃₍ₖ₎ = min over j >= k of min(1, p₍ⱼ₎·m/j). H₍ₖ₎ is rejected at FDR q
    exactly when p̃₍ₖ₎ <= q. Source: Benjamini and Hochberg (1995); the adjustment as in
    R ``p.adjust(method = "BH")`` and statsmodels ``multipletests(method="fdr_bh")``.
    None entries stay None and are not counted in m.
    """
    pairs = _present(p_values)
    m = len(pairs)
    adjusted: list[float | None] = [None] * len(p_values)
    running = 1.0
    for k in range(m, 0, -1):
        p, i = pairs[k - 1]
        running = min(running, p / (k / m))
        adjusted[i] = running
    return adjusted


def fcr_confidence(rejections: int, family_size: int, q: float = 0.05) -> float:
    """Confidence level of false-coverage-rate adjusted intervals after BH selection.

    Formula: with R of the m hypotheses in the family rejected by Benjamini–Hochberg at
    level q, each selected parameter gets a 1 − R·q/m interval; the expected share of
    selected intervals that miss their parameter (the false coverage rate) is then at
    most q. Source: Y. Benjamini and D. Yekutieli (2005), "False discovery rate-adjusted
    multiple confidence intervals for selected parameters", JASA 100:71–81, Definition 1.
    With R = 0 the level 1 − q/m is used, so that the adjusted interval of every member
    can still be shown: when the interval inverts the test, it then excludes the null
    exactly for the hypotheses BH rejects (every rejected p is at most R·q/m and every
    other is above it).

    Returns 1 − q for an empty family. Raises ValueError when R > m or q is not in (0, 1).
    """
    q = check_open_unit("q", q)
    if isinstance(rejections, bool) or isinstance(family_size, bool):
        raise ValueError("rejections and family_size must be whole numbers")
    if not 0 <= rejections <= family_size:
        raise ValueError(
            f"rejections ({rejections}) must be between 0 and family_size ({family_size})"
        )
    if family_size == 0:
        return 1.0 - q
    return 1.0 - max(rejections, 1) * q / family_size
