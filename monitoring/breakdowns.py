"""Cross-tabulations: referral pathway by group, and the intersectional views.

The guidance (Quality Standard 1) asks that "intersecting factors such as gender, age,
disability" are taken into account "to ensure that the minority victim profile is not
homogenised", and (Quality Standard 3) "Are victims able to access services from a range
of pathways?". Small bases are marked, never silently blanked or hidden.
"""

from collections import Counter
from dataclasses import dataclass

import stats
from monitoring import verdicts
from monitoring.groups import GroupKey, group_key


@dataclass
class Cell:
    count: int
    base: int  # the row total the share is of

    @property
    def share(self) -> float | None:
        return self.count / self.base if self.base else None

    @property
    def interval(self) -> stats.Interval | None:
        return stats.wilson_interval(self.count, self.base) if self.base else None


@dataclass
class CrossTab:
    title: str
    column_title: str
    columns: list  # reference rows (with .pk, .label, .code)
    rows: list[tuple[GroupKey, int, list[Cell]]]  # group, row total, cells in column order

    @property
    def small_base_rows(self) -> list[str]:
        return [g.label for g, total, _ in self.rows if 0 < total < stats.MIN_BASE]


def cross_tab(
    counts: Counter, groups: dict, columns: dict, level: str, *, title: str, column_title: str
) -> CrossTab:
    """`counts`: (ethnicity id, column id) → n. Rows are the groups of the view with any referral."""
    by_row: dict[str, Counter] = {}
    keys: dict[str, GroupKey] = {}
    for (eth, col), n in counts.items():
        key = group_key(groups[eth], level)
        if key is None:
            continue
        keys[key.key] = key
        by_row.setdefault(key.key, Counter())[col] += n
    used = {col for c in by_row.values() for col, n in c.items() if n}
    ordered_columns = sorted((columns[c] for c in used), key=lambda r: r.order)
    rows = []
    for key in sorted(keys.values(), key=lambda k: k.order):
        row = by_row[key.key]
        total = sum(row.values())
        rows.append((key, total, [Cell(row[c.pk], total) for c in ordered_columns]))
    return CrossTab(title=title, column_title=column_title, columns=ordered_columns, rows=rows)


@dataclass
class PathwayComparison:
    group: GroupKey
    pathway_label: str
    count: int
    base: int
    difference: stats.Difference | None
    p_value: float | None
    significant: bool = False

    @property
    def share(self):
        return self.count / self.base if self.base else None

    @property
    def verdict(self) -> str:
        return verdicts.difference_verdict(
            self.significant, self.difference, self.base < stats.MIN_BASE
        )

    @property
    def flag(self) -> str | None:
        return self.verdict if self.verdict in (verdicts.HIGHER, verdicts.LOWER) else None


def pathway_comparisons(
    tab: CrossTab, pathway_codes=("SELF", "POLICE"), q: float = 0.05
) -> list[PathwayComparison]:
    """Each group's share arriving by self-referral and by police referral, against the rest.

    Shares are of referrals whose pathway is known: "not known" and "not recorded" leave
    the denominator rather than counting as neither route.
    """
    known = [i for i, column in enumerate(tab.columns) if column.is_stated]
    out = []
    for column_index, column in enumerate(tab.columns):
        if column.code not in pathway_codes:
            continue
        bases = [sum(cells[i].count for i in known) for _, _, cells in tab.rows]
        all_x = sum(cells[column_index].count for _, _, cells in tab.rows)
        all_n = sum(bases)
        for (key, _total, cells), base in zip(tab.rows, bases, strict=True):
            x = cells[column_index].count
            rest_x, rest_n = all_x - x, all_n - base
            diff = stats.newcombe_difference(x, base, rest_x, rest_n) if base and rest_n else None
            p = stats.two_proportion_p_value(x, base, rest_x, rest_n) if base and rest_n else None
            out.append(PathwayComparison(key, column.label, x, base, diff, p))
    decisions = stats.benjamini_hochberg([c.p_value for c in out], q)
    for comparison, significant in zip(out, decisions, strict=True):
        comparison.significant = significant
    return out
