"""What a reader could deduce about each confidential count from everything published.

The reader knows the rules: a published rounded count r came from an exact count of at
least 10 within r ± 2.5; a 0 is exactly 0; a count withheld as too small (or as a 0
beside a small count) is between 0 and 9; a count withheld to protect another is at least 10; every sum holds exactly; a
count over 12 months is at least the count of the six months within it; a published
percentage p (to one decimal place) bounds its count between (p ± 0.05)% of its base.
For each confidential count, linear programming (HiGHS, through SciPy) finds the least
and the greatest value consistent with all of that.
"""

import math

from disclosure import rules

TOLERANCE = 1e-6
HALF = rules.ROUND_TO / 2


def intervals(controlled) -> dict[str, tuple[float, float | None]]:
    """Each key's range as a reader sees it, before the sums are used."""
    out = {}
    for key, n in controlled.values.items():
        if key in controlled.primary:
            out[key] = (0.0, float(rules.SMALLEST_PUBLISHED - 1))
        elif key in controlled.secondary:
            out[key] = (float(rules.SMALLEST_PUBLISHED), None)
        elif n == 0:
            out[key] = (0.0, 0.0)
        else:
            r = controlled.published(key)
            out[key] = (max(float(rules.SMALLEST_PUBLISHED), r - HALF), r + HALF)
    return out


def ranges(controlled, keys) -> dict[str, tuple[float, float]]:
    """key → (least, greatest) value a reader can deduce, for each of `keys`."""
    import numpy as np
    from scipy.optimize import linprog
    from scipy.sparse import lil_matrix

    names = sorted(controlled.values)
    index = {k: i for i, k in enumerate(names)}
    known = intervals(controlled)
    bounds = [known[k] for k in names]
    sums = controlled.sums()
    equalities = lil_matrix((len(sums), len(names)))
    for row, (total, parts) in enumerate(sums):
        equalities[row, index[total]] = -1
        for part in parts:
            equalities[row, index[part]] += 1
    inequalities = []
    for larger, smaller in controlled.includes():
        inequalities.append({index[smaller]: 1, index[larger]: -1})  # smaller - larger <= 0
    for numerator, base, percent in controlled.published_rates():
        low = max(percent - 0.5 * 10**-rules.RATE_PLACES, 0) / 100
        high = (percent + 0.5 * 10**-rules.RATE_PLACES) / 100
        inequalities.append({index[base]: low, index[numerator]: -1})  # low·base - n <= 0
        inequalities.append({index[numerator]: 1, index[base]: -high})  # n - high·base <= 0
    upper = None
    if inequalities:
        upper = lil_matrix((len(inequalities), len(names)))
        for row, coefficients in enumerate(inequalities):
            for col, value in coefficients.items():
                upper[row, col] += value
    upper = upper.tocsr() if upper is not None else None
    equalities = equalities.tocsr()
    out = {}
    for key in keys:
        objective = np.zeros(len(names))
        found = []
        for sign in (1, -1):
            objective[index[key]] = sign
            result = linprog(
                objective,
                A_ub=upper,
                b_ub=np.zeros(len(inequalities)) if inequalities else None,
                A_eq=equalities,
                b_eq=np.zeros(len(sums)),
                bounds=bounds,
                method="highs",
            )
            if result.status == 3:  # unbounded above
                found.append(math.inf)
                continue
            if result.status != 0:
                raise RuntimeError(f"The disclosure audit could not be solved: {result.message}")
            found.append(sign * result.fun)
        out[key] = (found[0], found[1])
    return out


def protected(low: float, high: float) -> bool:
    """Whether a range leaves at least rules.MIN_RANGE between its whole-number ends (a
    count is a whole number, so a reader may tighten the bounds to whole numbers)."""
    return math.floor(high + TOLERANCE) - math.ceil(low - TOLERANCE) >= rules.MIN_RANGE
