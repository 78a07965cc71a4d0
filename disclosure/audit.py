"""What a reader could deduce about each confidential count from everything published.

The reader knows the rules: a published rounded count r came from an exact count of at
least 10 within r ± 2.5; a 0 is exactly 0; a count withheld as too small (or as a 0
beside a small count) is between 0 and 9; a count withheld to protect another is at least 10; every sum holds exactly; a
count over 12 months is at least the count of the six months within it; a published
percentage p (to one decimal place) bounds its count between (p ± 0.05)% of its base.
For each confidential count, linear programming finds the least
and the greatest value consistent with all of that (HiGHS, through highspy).
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
    """key → (least, greatest) value a reader can deduce, for each of `keys`.

    One linear programme is built and solved twice a key, minimising then maximising that
    key alone; HiGHS starts each solve from the last one's basis, so a key costs a few
    pivots rather than a solve from scratch.
    """
    import highspy
    import numpy as np

    names = sorted(controlled.values)
    index = {k: i for i, k in enumerate(names)}
    known = intervals(controlled)
    infinity = highspy.kHighsInf
    lower = np.array([known[k][0] for k in names], dtype=float)
    upper = np.array([infinity if known[k][1] is None else known[k][1] for k in names])
    model = highspy.Highs()
    model.setOptionValue("output_flag", False)
    model.addVars(len(names), lower, upper)

    def add_row(coefficients: dict[int, float], low: float, high: float) -> None:
        columns = np.array(list(coefficients), dtype=np.int32)
        values = np.array(list(coefficients.values()), dtype=float)
        model.addRow(low, high, len(columns), columns, values)

    for total, parts in controlled.sums():
        row = {index[part]: 1.0 for part in parts}
        row[index[total]] = row.get(index[total], 0.0) - 1.0
        add_row(row, 0.0, 0.0)
    for larger, smaller in controlled.includes():
        add_row({index[smaller]: 1.0, index[larger]: -1.0}, -infinity, 0.0)
    for numerator, base, percent in controlled.published_rates():
        low = max(percent - 0.5 * 10**-rules.RATE_PLACES, 0) / 100
        high = (percent + 0.5 * 10**-rules.RATE_PLACES) / 100
        add_row({index[base]: low, index[numerator]: -1.0}, -infinity, 0.0)  # low·base ≤ n
        add_row({index[numerator]: 1.0, index[base]: -high}, -infinity, 0.0)  # n ≤ high·base
    out = {}
    for key in keys:
        col = index[key]
        model.changeColCost(col, 1.0)
        found = []
        for sense in (highspy.ObjSense.kMinimize, highspy.ObjSense.kMaximize):
            model.changeObjectiveSense(sense)
            model.run()
            status = model.getModelStatus()
            if status == highspy.HighsModelStatus.kUnbounded:
                found.append(math.inf)
                continue
            if status != highspy.HighsModelStatus.kOptimal:
                raise RuntimeError(
                    f"The disclosure audit could not be solved: {model.modelStatusToString(status)}"
                )
            found.append(model.getInfo().objective_function_value)
        model.changeColCost(col, 0.0)
        out[key] = (found[0], found[1])
    return out


def protected(low: float, high: float) -> bool:
    """Whether a range leaves at least rules.MIN_RANGE between its whole-number ends (a
    count is a whole number, so a reader may tighten the bounds to whole numbers)."""
    return math.floor(high + TOLERANCE) - math.ceil(low - TOLERANCE) >= rules.MIN_RANGE
