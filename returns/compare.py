"""Old beside new: what a version would change, for the "check your answers" step and
for the commissioner deciding on a version.

Each side is a `Summary` of referral counts: the total, each of the five high-level
ethnic groups plus "not stated" (the "5+1" of the guidance), and each crime type. Both
cubes (not yet stored) and stored versions are summarised the same way.
"""

from collections import Counter
from dataclasses import dataclass, field

import polars as pl
from django.db.models import Sum

from reference.models import CrimeType, EthnicGroup

NOT_STATED = "Not stated"


@dataclass
class Summary:
    total: int = 0
    stated: int = 0
    groups: Counter = field(default_factory=Counter)  # 5+1 group label -> referrals
    crimes: Counter = field(default_factory=Counter)  # crime type id -> referrals


@dataclass(frozen=True)
class Row:
    label: str
    old: int | None
    new: int | None

    @property
    def change(self) -> int | None:
        if self.old is None or self.new is None:
            return None
        return self.new - self.old

    @property
    def changed(self) -> bool:
        return (self.old or 0) != (self.new or 0)


@dataclass(frozen=True)
class Section:
    title: str
    rows: list[Row]


def _group_of() -> tuple[dict[int, str], list[str]]:
    """Cube ethnicity id -> its 5+1 group's label, and the labels in order."""
    groups = list(EthnicGroup.objects.select_related("parent").order_by("order"))
    out, order = {}, []
    for g in groups:
        if g.level == EthnicGroup.Level.NOT_STATED:
            label = NOT_STATED
        else:
            top = g if g.level == EthnicGroup.Level.HIGH_LEVEL else g.parent
            label = top.display_name or top.short_label
        out[g.pk] = label
        if label not in order and label != NOT_STATED:
            order.append(label)
    return out, [*order, NOT_STATED]


def of_cube(cube) -> Summary:
    group_of, _ = _group_of()
    summary = Summary(total=cube.total, stated=cube.stated_ethnicity)
    cells = cube.cells
    if cells.height:
        for eid, n in cells.group_by("ethnicity_id").agg(pl.col("count").sum()).iter_rows():
            summary.groups[group_of[eid]] += int(n)
        for cid, n in cells.group_by("crime_type_id").agg(pl.col("count").sum()).iter_rows():
            summary.crimes[cid] += int(n)
    return summary


def of_version(version) -> Summary:
    group_of, _ = _group_of()
    summary = Summary(total=version.total_referrals, stated=version.stated_ethnicity)
    cells = version.cells.all()
    for row in cells.values("ethnicity_id").annotate(n=Sum("count")):
        summary.groups[group_of[row["ethnicity_id"]]] += row["n"]
    for row in cells.values("crime_type_id").annotate(n=Sum("count")):
        summary.crimes[row["crime_type_id"]] += row["n"]
    return summary


def sections(old: Summary | None, new: Summary) -> list[Section]:
    """Total, each 5+1 group, each crime type: old beside new (old None: nothing before)."""
    _, order = _group_of()

    def row(label, before, after):
        return Row(label, None if old is None else before, after)

    total = Section(
        "Referrals",
        [
            row("All referrals", old.total if old else 0, new.total),
            row("With a stated ethnic group", old.stated if old else 0, new.stated),
        ],
    )
    groups = Section(
        "By ethnic group (five groups and not stated)",
        [
            row(label, (old.groups if old else {}).get(label, 0), new.groups.get(label, 0))
            for label in order
        ],
    )
    crime_ids = set(new.crimes) | (set(old.crimes) if old else set())
    crimes = Section(
        "By crime type",
        [
            row(c.label, (old.crimes if old else {}).get(c.pk, 0), new.crimes.get(c.pk, 0))
            for c in CrimeType.objects.filter(pk__in=crime_ids).order_by("order")
        ],
    )
    return [total, groups, crimes]
