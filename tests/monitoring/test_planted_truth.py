"""The dashboard's statistics find what the demo generator planted, and little else.

The generator plants disparities and writes them down (demo/planted.py). Here the national
plan's latest period is generated in memory, area by area, and put through the same
representation and outcome computations as the dashboard: every planted
under-representation and higher drop-out must be flagged, and among areas with nothing
planted, flags must stay within what false discovery control allows. Nationally, with
every area's 19 groups against need in one family, at least 95% of the planted
under-representations are flagged (one of them with fewer than 10 referrals) and at most
10% of flags fall outside the manifest.
"""

from collections import Counter

import pytest

from demo.generator import generate_area_period
from demo.plan import demo_plan
from demo.planted import HIGHER_DROPOUT, PLANTS, UNDER_REPRESENTATION
from monitoring import groups
from monitoring.benchmarks import benchmarks_for
from monitoring.data import Lookups
from monitoring.outcomes import outcomes_table
from monitoring.representation import assess, representation_view
from reference.models import Area

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

LATEST = 5  # the sixth period


@pytest.fixture(scope="module")
def national(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        plan = demo_plan(size="national")
        look = Lookups.load()
        ids = {
            kind: {v.code: k for k, v in table.items()}
            for kind, table in (("groups", look.groups), ("outcomes", look.of("outcome")))
        }
        areas = {a.code: a for a in Area.objects.all()}
        out = {}
        for spec in plan.areas:
            frame = generate_area_period(plan, spec, LATEST)
            by_group = Counter(
                {
                    ids["groups"][code]: n
                    for code, n in frame.group_by("ethnicity").len().iter_rows()
                }
            )
            by_outcome = Counter(
                {
                    (ids["groups"][e], ids["outcomes"][o]): n
                    for e, o, n in frame.group_by("ethnicity", "outcome").len().iter_rows()
                }
            )
            out[spec.code] = (areas[spec.code], by_group, by_outcome)
        yield out, look


def test_every_planted_under_representation_is_flagged(national):
    data, look = national
    for plant in (p for p in PLANTS if p.what == UNDER_REPRESENTATION):
        area, by_group, _ = data[plant.area]
        view = representation_view(by_group, look.groups, groups.DETAILED, benchmarks_for(area))
        row = next(r for r in view.rows if r.group.key == plant.group)
        assert row.comparisons["need"].flag == "under", (
            area.name,
            plant.group,
            row.comparisons["need"].ratio,
        )


def test_unplanted_areas_are_rarely_flagged(national):
    data, look = national
    planted_areas = {p.area for p in PLANTS if p.what == UNDER_REPRESENTATION}
    flagged = tested = 0
    for code, (area, by_group, _) in data.items():
        if code in planted_areas:
            continue
        view = representation_view(by_group, look.groups, groups.DETAILED, benchmarks_for(area))
        for row in view.rows:
            comparison = row.comparisons["need"]
            if comparison.ratio.p_value is None:
                continue
            tested += 1
            flagged += comparison.flag is not None
    # With nothing planted every flag is false; BH at 5% within each area keeps them rare.
    assert tested > 500
    print(f"unplanted comparisons flagged: {flagged} of {tested}")
    assert flagged / tested <= 0.05, f"{flagged} of {tested} unplanted comparisons flagged"


def test_planted_higher_dropout_is_flagged(national):
    data, look = national
    for plant in (p for p in PLANTS if p.what == HIGHER_DROPOUT):
        area, _, by_outcome = data[plant.area]
        table = outcomes_table(
            by_outcome,
            Counter(),
            look.groups,
            look.of("outcome"),
            {},
            look.answers,
            groups.DETAILED,
        )
        row = next(g for g in table if g.group.key == plant.group)
        assert row.rates["attrition"].flag == "higher", (
            area.name,
            plant.group,
            row.rates["attrition"],
        )


def _national_family(data, look):
    """Every area's 19 groups against need, judged as one family (the national view)."""
    rows = []
    for code, (area, by_group, _) in data.items():
        need = {"need": benchmarks_for(area)["need"]}
        view = representation_view(by_group, look.groups, groups.DETAILED, need, judge=False)
        rows += [(code, row, row.comparisons["need"]) for row in view.rows]
    family = assess([c for _, _, c in rows])
    return family, rows


def test_national_family_finds_what_was_planted_and_little_else(national):
    data, look = national
    family, rows = _national_family(data, look)
    planted = {(p.area, p.group) for p in PLANTS if p.what == UNDER_REPRESENTATION}
    planted_areas = {area for area, _ in planted}
    flags = [(code, row, c) for code, row, c in rows if c.flag]
    found = [(code, row.group.key) for code, row, c in flags if (code, row.group.key) in planted]
    # Knock-on effects the manifest lists: in a planted area every other group's share
    # rises (expected_ratio_other_groups > 1), so "over" there is true, not false.
    knock_on = [
        f
        for f in flags
        if f[0] in planted_areas and (f[0], f[1].group.key) not in planted and f[2].flag == "over"
    ]
    outside = [f for f in flags if (f[0], f[1].group.key) not in planted and f not in knock_on]
    found_share = len(set(found)) / len(planted)
    outside_share = len(outside) / len(flags) if flags else 0.0
    small = [
        (code, row.count, round(c.ratio.expected))
        for code, row, c in flags
        if (code, row.group.key) in planted and row.count < 10
    ]
    print(
        f"national family: {family.size} comparisons, {len(flags)} flags; planted found "
        f"{len(set(found))} of {len(planted)}; knock-on {len(knock_on)}; outside the manifest "
        f"{len(outside)} ({outside_share:.1%}); planted with under 10 referrals: {small}; "
        f"outside: {[(c, r.group.label, r.count, round(x.ratio.expected, 1)) for c, r, x in outside]}"
    )
    assert found_share >= 0.95
    assert outside_share <= 0.10
    assert small, "a planted group with under 10 referrals where many more were expected"
