"""Representation: each group's share of service users against its benchmark shares.

DESIGN.md "Statistics": shares are over stated ethnicity only; the ratio is share ÷
benchmark share with a Wilson interval; a flag is raised only where the interval
excludes 1 after Benjamini–Hochberg control over the family (here: every group of one
view against both benchmarks); too-small groups say "too few to tell"; a finding that
would flip with the not-stated referrals says it depends on missing data.
"""

from collections import Counter
from dataclasses import dataclass

import stats
from monitoring.benchmarks import Benchmark
from monitoring.groups import GroupKey, group_key, members


@dataclass
class Comparison:
    benchmark: str
    benchmark_share: float
    ratio: stats.Ratio
    p_adjusted: float | None = None
    significant: bool = False
    verdict: str = stats.NO_EVIDENCE
    depends_on_missing: bool = False

    @property
    def flag(self) -> str | None:
        """'under', 'over' or None: only confident findings carry a flag."""
        return self.verdict if self.verdict in (stats.UNDER, stats.OVER) else None

    @property
    def flag_depends_on_missing(self) -> bool:
        """A flagged finding that could change with the not-stated referrals (ADR 0004):
        said only of flags, since an unflagged finding's bounds almost always move."""
        return bool(self.flag and self.depends_on_missing)


@dataclass
class GroupRow:
    group: GroupKey
    count: int
    share: float | None
    comparisons: dict[str, Comparison]


@dataclass
class RepresentationView:
    level: str
    rows: list[GroupRow]
    stated: int  # referrals placed in this view (the shares' denominator)
    not_stated: int  # prefer not to say + not known
    unplaced: int  # stated, but not placeable at this level (e.g. "Asian" only, at 19 groups)
    total: int


def representation_view(
    counts_by_group: Counter,
    groups: dict,
    level: str,
    benchmarks: dict[str, Benchmark],
    q: float = 0.05,
) -> RepresentationView:
    """Build one view. `counts_by_group` maps EthnicGroup id → referrals (all of them)."""
    placed: Counter = Counter()
    keys: dict[str, GroupKey] = {}
    not_stated = unplaced = 0
    for group_id, n in counts_by_group.items():
        group = groups[group_id]
        if not group.is_stated:
            not_stated += n
            continue
        key = group_key(group, level)
        if key is None:
            unplaced += n
            continue
        placed[key.key] += n
        keys[key.key] = key
    # Every group of the view appears, with 0 where nobody was referred: a zero is news.
    all_groups = list(groups.values())
    for group in all_groups:
        if group.level == group.Level.DETAILED:
            key = group_key(group, level)
            keys.setdefault(key.key, key)
    stated = sum(placed.values())
    rows = []
    tests: list[Comparison] = []
    for key in sorted(keys.values(), key=lambda k: k.order):
        codes = [g.code for g in members(level, key.key, all_groups)]
        comparisons = {}
        for name, benchmark in benchmarks.items():
            share = benchmark.share_of(codes)
            if share > 0:
                ratio = stats.representation_ratio(placed[key.key], stated, share)
            else:
                # Nobody in the group lives in the area at the Census (e.g. Roma in the City
                # of London): there is no benchmark to compare with, so no ratio and no test.
                ratio = stats.Ratio(
                    placed[key.key],
                    stated,
                    placed[key.key] / stated if stated else None,
                    0.0,
                    None,
                    None,
                    None,
                    None,
                )
            comparison = Comparison(benchmark=name, benchmark_share=share, ratio=ratio)
            comparison.depends_on_missing = share > 0 and stats.depends_on_missing(
                placed[key.key], stated, not_stated, share
            )
            comparisons[name] = comparison
            tests.append(comparison)
        rows.append(
            GroupRow(
                group=key,
                count=placed[key.key],
                share=placed[key.key] / stated if stated else None,
                comparisons=comparisons,
            )
        )
    p_values = [c.ratio.p_value for c in tests]
    for comparison, significant, adjusted in zip(
        tests, stats.benjamini_hochberg(p_values, q), stats.bh_adjusted(p_values), strict=True
    ):
        comparison.significant = significant
        comparison.p_adjusted = adjusted
        comparison.verdict = stats.classify_ratio(comparison.ratio, significant)
    return RepresentationView(
        level=level,
        rows=rows,
        stated=stated,
        not_stated=not_stated,
        unplaced=unplaced,
        total=stated + not_stated + unplaced,
    )
