"""Benchmark: disclosure control of one area's published tables, without a database.

`make bench-disclosure` runs this. It makes AREAS synthetic areas shaped like the demo's
(the 5+1 ethnic groups; five six-month tables of 5 to 14 columns sharing their row
totals, one with percentages; a 12-month table of 23 crime types), from small areas of
a few hundred referrals to large ones of tens of thousands, and times `disclosure.control`
on each: the 10-5 rule, secondary suppression and the linear-programming audit. The last
line reads

    disclosure control: median X s, slowest Y s an area; Z small counts, W withheld to protect them

Target: every area under 30 s (it runs once, when a report is published).
"""

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from disclosure import Grid, control  # noqa: E402

AREAS = 12
ROWS = ["Asian", "Black", "Mixed", "White", "Other", "Not stated"]
SHARES = [0.08, 0.04, 0.03, 0.78, 0.02, 0.05]
TABLES = [("outcome", 14, True), ("pathway", 13, False), ("sex", 5, False), ("age", 12, False),
          ("disability", 5, False)]  # fmt: skip


def split(total: int, columns: int, rng: random.Random) -> list[int]:
    weights = [rng.random() ** 3 for _ in range(columns)]
    scale = sum(weights)
    counts = [int(total * w / scale) for w in weights]
    counts[0] += total - sum(counts)
    return counts


def area(size: int, rng: random.Random) -> list[Grid]:
    totals = [max(int(rng.gauss(size * s, size * s / 5)), 0) for s in SHARES]
    grids = [
        Grid(
            name,
            name,
            "Ethnic group",
            name,
            ROWS,
            [f"{name} {j}" for j in range(columns)],
            [split(t, columns, rng) for t in totals],
            rates=rates,
        )  # fmt: skip
        for name, columns, rates in TABLES
    ]
    year = [t + max(int(rng.gauss(t, t / 5)), 0) for t in totals]
    grids.append(
        Grid(
            "crime",
            "crime",
            "Ethnic group",
            "crime",
            ROWS,
            [f"crime {j}" for j in range(23)],
            [split(t, 23, rng) for t in year],
            population="year",
            months=12,
            includes="referrals",
            sensitive=True,
        )  # fmt: skip
    )
    return grids


def main() -> None:
    rng = random.Random(2026)
    times, small, withheld = [], 0, 0
    for i in range(AREAS):
        size = int(300 * (150 ** (i / (AREAS - 1))))  # 300 to 45,000 referrals
        grids = area(size, rng)
        start = time.perf_counter()
        result = control(grids)
        times.append(time.perf_counter() - start)
        small += sum(1 for n in result.values.values() if 0 < n < 10)
        withheld += len(result.secondary)
        print(
            f"{size:>7,} referrals: {times[-1]:.2f} s, {len(result.secondary)} withheld to protect"
        )
    print(
        f"disclosure control: median {statistics.median(times):.2f} s, slowest {max(times):.2f} s "
        f"an area; {small} small counts, {withheld} withheld to protect them"
    )


if __name__ == "__main__":
    main()
