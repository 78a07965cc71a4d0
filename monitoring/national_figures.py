"""Every area's representation figures at once: the national family and the analyst's export.

The national family (docs/statistical-methods.md, "Families of comparisons"): in one
period, every area's groups against one benchmark are judged together, so the false
discovery rate is controlled over the country, not page by page. The export gives an
analyst every area × period × view × group × benchmark as the area dashboards show it,
with the national family's verdict beside the 19-group need rows.
"""

from dataclasses import dataclass

import stats
from core.tables import Table
from monitoring import groups
from monitoring.benchmarks import NEED, all_area_benchmarks
from monitoring.data import Lookups
from monitoring.national import counts_by_area, memoised
from monitoring.representation import Comparison, GroupRow, assess, representation_view
from monitoring.tables import BENCHMARK_NAMES, VERDICTS
from reference.models import Area

LEVELS = (groups.DETAILED, groups.SIX, groups.FIVE)


@dataclass
class FamilyRow:
    area: Area
    group: GroupRow
    comparison: Comparison


@dataclass
class NationalFamily:
    period: object
    level: str
    benchmark: str
    family: stats.Family
    rows: list[FamilyRow]

    @property
    def flagged(self) -> list[FamilyRow]:
        return [r for r in self.rows if r.comparison.flag]

    @property
    def words(self) -> str:
        return (
            f"The false discovery rate is controlled at {self.family.q:.0%} over all "
            f"{self.family.size} comparisons of {groups.LEVELS[self.level]['title']} against "
            f"{'need' if self.benchmark == NEED else 'the population'} in every area together; "
            f"adjusted intervals are at {100 * self.family.confidence:.3f}%."
        )


def _views(user, periods, levels, judge: bool, only: str | None = None, versions=None):
    """(area, period) → level → RepresentationView, reading the database twice in all;
    against one benchmark (``only``) or both."""
    areas = list(Area.objects.visible_to(user).order_by("name"))
    benchmarks = all_area_benchmarks(areas)
    look = Lookups.load()
    counts = counts_by_area(user, periods, versions)
    out = {}
    for area in areas:
        for period in periods:
            by_group = counts.get((area.pk, period.pk))
            if not by_group:
                continue
            chosen = benchmarks[area.pk]
            if only is not None:
                chosen = {only: chosen[only]}
            out[(area, period)] = {
                level: representation_view(by_group, look.groups, level, chosen, judge=judge)
                for level in levels
            }
    return out


def national_family(
    user, period, level: str = groups.DETAILED, benchmark: str = NEED
) -> NationalFamily:
    """Every area's groups against `benchmark` in one period, judged as one family;
    kept under the current versions it was made from (monitoring/national.py)."""
    return memoised(
        "family", user, [period], (period.pk, level, benchmark),
        lambda versions: _national_family(user, period, level, benchmark, versions),
    )  # fmt: skip


def _national_family(user, period, level, benchmark, versions) -> NationalFamily:
    views = _views(user, [period], [level], judge=False, only=benchmark, versions=versions)
    rows = [
        FamilyRow(area, row, row.comparisons[benchmark])
        for (area, _period), by_level in views.items()
        for row in by_level[level].rows
    ]
    family = assess([r.comparison for r in rows])
    return NationalFamily(period, level, benchmark, family, rows)


EXPORT_HEADERS = [
    "Area code",
    "Area",
    "Period",
    "Period code",
    "Ethnic group view",
    "Ethnic group code",
    "Ethnic group",
    "Benchmark",
    "Referrals",
    "Referrals with a stated ethnicity in the view",
    "Share of stated (%)",
    "Benchmark share (%)",
    "Expected referrals",
    "Ratio",
    "Lower 95%",
    "Upper 95%",
    "p-value (exact binomial test)",
    "Comparisons in the area's family",
    "Adjusted lower (area family)",
    "Adjusted upper (area family)",
    "Finding (area family)",
    "Adjusted lower (national family)",
    "Adjusted upper (national family)",
    "Finding (national family)",
]


def _round(value, places):
    return None if value is None else round(value, places)


def export_records(user, periods) -> list[dict]:
    """One record per area × period × view × group × benchmark (the API's rows)."""
    views = _views(user, periods, LEVELS, judge=True)
    national = {}
    for period in periods:
        nf = national_family(user, period)
        for r in nf.rows:
            national[(r.area.pk, period.pk, r.group.group.key)] = r.comparison
    records = []
    for (area, period), by_level in views.items():
        for level, view in by_level.items():
            for row in view.rows:
                for name, c in row.comparisons.items():
                    n = (
                        national.get((area.pk, period.pk, row.group.key))
                        if (level == groups.DETAILED and name == NEED)
                        else None
                    )
                    records.append(
                        {
                            "area_code": area.code,
                            "area": area.name,
                            "period": period.label,
                            "period_code": period.code,
                            "level": level,
                            "group_code": row.group.key,
                            "group": row.group.label,
                            "benchmark": name,
                            "count": row.count,
                            "stated": view.stated,
                            "share": row.share,
                            "benchmark_share": c.benchmark_share,
                            "expected": c.ratio.expected,
                            "ratio": c.ratio.ratio,
                            "ci_low": c.ratio.low,
                            "ci_high": c.ratio.high,
                            "p_value": c.ratio.p_value,
                            "family_size": view.family.size,
                            "adjusted_low": c.adjusted.low if c.adjusted else None,
                            "adjusted_high": c.adjusted.high if c.adjusted else None,
                            "verdict": c.verdict,
                            "national_adjusted_low": n.adjusted.low if n and n.adjusted else None,
                            "national_adjusted_high": n.adjusted.high if n and n.adjusted else None,
                            "national_verdict": n.verdict if n else None,
                        }
                    )
    return records


def export_table(user, periods) -> Table:
    rows = []
    for r in export_records(user, periods):
        rows.append(
            [
                r["area_code"],
                r["area"],
                r["period"],
                r["period_code"],
                groups.LEVELS[r["level"]]["title"],
                r["group_code"],
                r["group"],
                BENCHMARK_NAMES[r["benchmark"]],
                r["count"],
                r["stated"],
                _round(None if r["share"] is None else 100 * r["share"], 3),
                round(100 * r["benchmark_share"], 4),
                round(r["expected"], 2),
                _round(r["ratio"], 4),
                _round(r["ci_low"], 4),
                _round(r["ci_high"], 4),
                r["p_value"],
                r["family_size"],
                _round(r["adjusted_low"], 4),
                _round(r["adjusted_high"], 4),
                VERDICTS[r["verdict"]],
                _round(r["national_adjusted_low"], 4),
                _round(r["national_adjusted_high"], 4),
                VERDICTS[r["national_verdict"]] if r["national_verdict"] else None,
            ]
        )
    return Table(
        title="Representation, every area",
        headers=EXPORT_HEADERS,
        rows=rows,
        notes=[
            "Exact counts: internal figures for the Ministry of Justice, not for publication.",
            "Ratio: share of referrals with a stated ethnicity ÷ benchmark share; 95% interval "
            "exact (Clopper–Pearson); p-value from the two-sided exact binomial test.",
            "Area family: every group of the view against both benchmarks in one area and "
            "period, as the area's dashboard shows it. National family: every area's 19 groups "
            "against need in one period. Adjusted intervals are Benjamini–Yekutieli false "
            "coverage rate intervals beside Benjamini–Hochberg flags (5%).",
            "Blank benchmark share or ratio: no benchmark (nobody in the group lives in the "
            "area) or no referrals with a stated ethnicity.",
        ],
        slug="representation-every-area",
    )
