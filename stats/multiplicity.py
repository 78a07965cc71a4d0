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
