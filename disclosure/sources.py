"""The exact figures that an area's public tables are made from: the only database reads
of disclosure/.

They come from the current (accepted) version of each provider's return for the area,
through the dashboard's own scoped reads (monitoring/data.py), with a reader that may see
that one area (accounts.scope.AreaReader). Ethnic groups are the 5 high-level groups
and not stated (the guidance's minimum "5+1"); a breakdown that includes sensitive
categories (reference.CrimeType.sensitive) covers 12 months.
"""

from accounts.scope import AreaReader
from disclosure.suppression import Grid
from monitoring import groups
from monitoring.data import Lookups, Selection, area_counts
from reference.models import EthnicGroup

NOT_STATED = "Not stated"

#: (breakdown, title, column title, with percentages).
BREAKDOWNS = (
    ("outcome", "Referrals by ethnic group and furthest stage reached", "Stage", True),
    (
        "pathway",
        "Referrals by ethnic group and referral route",
        "Referral route",
        False,
    ),
    ("sex", "Referrals by ethnic group and sex", "Sex", False),
    ("age_band", "Referrals by ethnic group and age band", "Age band", False),
    ("disability", "Referrals by ethnic group and disability", "Disability", False),
)
SENSITIVE = (
    "crime_type",
    "Referrals by ethnic group and type of crime",
    "Type of crime",
)


def group_rows(lookups: Lookups) -> tuple[list[str], dict[int, str]]:
    """The 5+1 row labels in order, and each cube ethnicity's row."""
    top = sorted(
        (g for g in lookups.groups.values() if g.level == EthnicGroup.Level.HIGH_LEVEL),
        key=lambda g: g.order,
    )
    labels = [g.display_name or g.short_label for g in top]
    row_of = {}
    for pk, group in lookups.groups.items():
        key = groups.group_key(group, groups.FIVE)
        row_of[pk] = key.label if key is not None else NOT_STATED
    return [*labels, NOT_STATED], row_of


def grid_from(counter, codes, rows, row_of, *, slug, title, column_title, **kw) -> Grid:
    """A grid of (ethnicity id, code id) → n: the columns are the codes that occur."""
    present = sorted(
        {code for (_eth, code), n in counter.items() if n},
        key=lambda c: (codes[c].order, codes[c].code),
    )
    position = {code: j for j, code in enumerate(present)}
    counts = [[0] * len(present) for _ in rows]
    row_index = {label: i for i, label in enumerate(rows)}
    for (eth, code), n in counter.items():
        if n:
            counts[row_index[row_of[eth]]][position[code]] += n
    return Grid(
        slug=slug,
        title=title,
        row_title="Ethnic group",
        column_title=column_title,
        rows=rows,
        columns=[codes[c].label for c in present],
        counts=counts,
        **kw,
    )


def area_grids(area, period) -> list[Grid]:
    reader = AreaReader(area.pk)
    lookups = Lookups.load()
    rows, row_of = group_rows(lookups)
    half = Selection(area=area, period=period)
    counts = area_counts(reader, half)
    words = f"{half.label}."
    grids = [
        grid_from(
            counts.by(name),
            lookups.of(name),
            rows,
            row_of,
            slug=name.replace("_", "-"),
            title=f"{title}, {half.label}",
            column_title=column,
            rates=rates,
            notes=[f"Referrals to victims' services in {area.name}, {words}"],
        )
        for name, title, column, rates in BREAKDOWNS
    ]
    year = Selection(area=area, period=period, months=12)
    if year.pooled:
        name, title, column = SENSITIVE
        year_counts = area_counts(reader, year)
        grids.append(
            grid_from(
                year_counts.by(name),
                lookups.of(name),
                rows,
                row_of,
                slug=name.replace("_", "-"),
                title=f"{title}, {year.label}",
                column_title=column,
                population="referrals-12-months",
                months=12,
                includes="referrals",
                sensitive=True,
                notes=[f"Referrals to victims' services in {area.name}, {year.label}."],
            )
        )
    return grids
