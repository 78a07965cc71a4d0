"""Representation: each group's share of service users against its benchmark shares.

docs/statistical-methods.md: shares are over stated ethnicity only; the ratio is share ÷
benchmark share with an exact (Clopper–Pearson) interval; a flag is raised only where the
exact test survives Benjamini–Hochberg control over the family (here: every group of one
view against each benchmark shown), and the flag sits beside the false-coverage-rate
adjusted interval that agrees with it; "too few to tell" is decided by the expected
count; a group with no residents has no benchmark; a flagged finding that would flip
with the not-stated referrals says it depends on missing data.
"""

from collections import Counter
from dataclasses import dataclass

import stats
from monitoring.benchmarks import Benchmark
from monitoring.groups import GroupKey, group_key, member_codes


@dataclass
class Comparison:
    benchmark: str
    benchmark_share: float
    ratio: stats.Ratio
    p_adjusted: float | None = None
    significant: bool = False
    verdict: str = stats.NO_EVIDENCE
    adjusted_confidence: float | None = None  # of the family's adjusted intervals
    depends_on_missing: bool = False
    not_stated: int = 0  # referrals in the view without a stated ethnicity

    @property
    def adjusted(self) -> stats.Interval | None:
        """The false-coverage-rate adjusted interval (exact, at the family's level)."""
        if self.adjusted_confidence is None or self.ratio.p_value is None:
            return None
        return self.ratio.interval_at(self.adjusted_confidence)

    @property
    def flag(self) -> str | None:
        """'under', 'over' or None: only confident findings carry a flag."""
        return self.verdict if self.verdict in (stats.UNDER, stats.OVER) else None

    @property
    def flag_depends_on_missing(self) -> bool:
        """A flagged finding that could change with the not-stated referrals (ADR 0004):
        said only of flags, since an unflagged finding's bounds almost always move."""
        return bool(self.flag and self.depends_on_missing)

    @property
    def gap(self) -> float | None:
        """Referrals short of (negative) or beyond (positive) the benchmark: O − N·π."""
        if not self.ratio.has_benchmark or not self.ratio.total:
            return None
        return self.ratio.observed - self.ratio.expected


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
    family: stats.Family | None = None
    benchmarks: tuple[str, ...] = ()

    @property
    def family_words(self) -> str:
        """Which comparisons are controlled together, in words for the page."""
        if self.family is None or not self.family.size:
            return "No comparisons could be made."
        groups = len({row.group.key for row in self.rows})
        against = " and ".join(
            "the population" if b == "population" else "need" for b in self.benchmarks
        )
        return (
            f"The false discovery rate is controlled at {self.family.q:.0%} over the "
            f"{self.family.size} comparisons in this view ({groups} groups against {against}); "
            f"adjusted intervals are at {100 * self.family.confidence:.2f}%."
        )


def assess(comparisons: list[Comparison], q: float = 0.05) -> stats.Family:
    """Judge comparisons as one family (stats.assess_family) and record each verdict.

    A view is one family; the national view puts every area's comparisons in one.
    """
    family, assessed = stats.assess_family([c.ratio for c in comparisons], q)
    for comparison, a in zip(comparisons, assessed, strict=True):
        comparison.significant = a.significant
        comparison.p_adjusted = a.p_adjusted
        comparison.adjusted_confidence = a.adjusted_confidence
        comparison.verdict = a.verdict
        # Only flags say whether they depend on the not-stated referrals (ADR 0004).
        comparison.depends_on_missing = bool(a.flag) and stats.depends_on_missing(
            comparison.ratio.observed,
            comparison.ratio.total,
            comparison.not_stated,
            comparison.benchmark_share,
        )
    return family


def representation_view(
    counts_by_group: Counter,
    groups: dict,
    level: str,
    benchmarks: dict[str, Benchmark],
    q: float = 0.05,
    *,
    judge: bool = True,
) -> RepresentationView:
    """Build one view. `counts_by_group` maps EthnicGroup id → referrals (all of them).

    With ``judge`` the view is its own family (``assess``); without, the comparisons are
    left for the caller to judge in a larger family (the national view)."""
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
    codes_of = member_codes(level, all_groups)
    for key in sorted(keys.values(), key=lambda k: k.order):
        codes = codes_of.get(key.key, [])
        comparisons = {}
        for name, benchmark in benchmarks.items():
            share = benchmark.share_of(codes)
            # A share of 0 (nobody in the group lives in the area at the Census, e.g. Roma
            # in the City of London) gives a ratio with no benchmark: no test, GSS [z].
            ratio = stats.representation_ratio(placed[key.key], stated, share)
            comparison = Comparison(
                benchmark=name, benchmark_share=share, ratio=ratio, not_stated=not_stated
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
    family = assess(tests, q) if judge else None
    return RepresentationView(
        level=level,
        rows=rows,
        stated=stated,
        not_stated=not_stated,
        unplaced=unplaced,
        total=stated + not_stated + unplaced,
        family=family,
        benchmarks=tuple(benchmarks),
    )
