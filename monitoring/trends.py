"""Change over the six-monthly periods: coverage, each group's share and its ratio against
the benchmark, with intervals.

Consecutive periods are independent sets of referrals, so the change between them is a
difference of two independent proportions (Newcombe interval). Rolling windows, which
overlap, are never tested against each other (docs/statistical-methods.md, "Trends").
The ratio against the benchmark is shown for each period with its exact 95% interval and
no flag: the flags belong to the period's own view, with its own family.
"""

from collections import Counter
from dataclasses import dataclass, field

import stats
from monitoring.groups import GroupKey, group_key, members


@dataclass
class TrendPoint:
    period: object
    count: int
    stated: int
    interval: stats.Interval | None
    change: stats.Difference | None  # from the previous period

    @property
    def share(self) -> float | None:
        return self.count / self.stated if self.stated else None


@dataclass
class TrendSeries:
    group: GroupKey
    points: list[TrendPoint]
    ratios: list[stats.Ratio | None] = field(default_factory=list)  # against the benchmark


@dataclass
class CoveragePoint:
    period: object
    stated: int
    total: int

    @property
    def coverage(self) -> float | None:
        return self.stated / self.total if self.total else None


def trend_series(
    per_period: dict[int, Counter], periods: list, groups: dict, level: str, benchmark=None
):
    """Shares of stated ethnicity per period at one level, with each share's ratio to
    ``benchmark`` (a monitoring.benchmarks.Benchmark); and recording coverage per period.
    ``per_period``: period id → ethnicity id → referrals."""
    coverage, placed_by_period = [], {}
    keys: dict[str, GroupKey] = {}
    for period in periods:
        placed: Counter = Counter()
        total = not_stated = 0
        for eth, n in per_period.get(period.pk, Counter()).items():
            total += n
            group = groups[eth]
            if not group.is_stated:
                not_stated += n
                continue
            key = group_key(group, level)
            if key is not None:
                keys[key.key] = key
                placed[key.key] += n
        placed_by_period[period.pk] = placed
        coverage.append(CoveragePoint(period, total - not_stated, total))
    series = []
    for key in sorted(keys.values(), key=lambda k: k.order):
        points, previous = [], None
        for period in periods:
            placed = placed_by_period[period.pk]
            x, n = placed[key.key], sum(placed.values())
            change = None
            if previous is not None and previous[1] and n:
                change = stats.change_between(previous[0], previous[1], x, n)
            points.append(
                TrendPoint(period, x, n, stats.wilson_interval(x, n) if n else None, change)
            )
            previous = (x, n)
        ratios = []
        if benchmark is not None:
            share = benchmark.share_of(
                [g.code for g in members(level, key.key, list(groups.values()))]
            )
            ratios = [stats.representation_ratio(p.count, p.stated, share) for p in points]
        series.append(TrendSeries(key, points, ratios))
    return series, coverage
