"""The loaded reference data equals the published sources (reference/data/SOURCES.md)."""

import pytest
from django.db.models import Sum

from reference.loading import load_all
from reference.models import (
    Area,
    AreaPopulation,
    CountryPopulation,
    EthnicGroup,
    EthnicityAlias,
    LocalAuthority,
    LocalAuthorityPopulation,
    VictimisationRate,
    normalise_label,
)

pytestmark = pytest.mark.django_db

ENGLAND_AND_WALES = 59_597_542  # TS021 country rows: England 56,490,048 + Wales 3,107,494
AREA_SUM = 59_597_578  # 36 more: ONS perturbs each table separately (SOURCES.md §1)


def test_national_total_from_country_rows_equals_published():
    total = CountryPopulation.objects.filter(group__isnull=True).aggregate(n=Sum("count"))["n"]
    assert total == ENGLAND_AND_WALES
    detailed = CountryPopulation.objects.filter(group__level="detailed").aggregate(n=Sum("count"))
    assert detailed["n"] == ENGLAND_AND_WALES


def test_area_sums_differ_from_national_by_the_documented_36():
    total = AreaPopulation.objects.aggregate(n=Sum("count"))["n"]
    assert total == AREA_SUM
    assert total - ENGLAND_AND_WALES == 36


def test_every_area_sums_to_its_total_over_19_groups():
    assert Area.objects.count() == 43
    for area in Area.objects.all():
        rows = AreaPopulation.objects.filter(area=area)
        assert rows.count() == 19
        assert rows.aggregate(n=Sum("count"))["n"] == area.usual_residents, area.name


def test_local_authorities_nest_in_areas():
    assert LocalAuthority.objects.count() == 331
    assert LocalAuthorityPopulation.objects.count() == 331 * 19
    for area in Area.objects.all():
        la_total = LocalAuthority.objects.filter(area=area).aggregate(n=Sum("usual_residents"))
        assert la_total["n"] == area.usual_residents, area.name


def test_ethnic_groups_19_detailed_in_5_high_level_and_two_not_stated():
    assert EthnicGroup.objects.filter(level="detailed").count() == 19
    assert EthnicGroup.objects.filter(level="high_level").count() == 5
    assert set(EthnicGroup.objects.filter(level="not_stated").values_list("code", flat=True)) == {
        "PNS",
        "NK",
    }
    for group in EthnicGroup.objects.filter(level="detailed"):
        assert group.parent is not None and group.parent.level == "high_level"
    white_british = EthnicGroup.objects.get(code="13")
    assert white_british.eff_6 == "White British"
    assert EthnicGroup.objects.get(code="16").eff_6 == "White other"  # Roma


def test_published_group_counts_match_sources_table():
    # SOURCES.md §5: published England and Wales counts for a few groups.
    published = {"1": 644_881, "2": 445_619, "3": 1_864_318, "13": 44_355_038, "16": 100_981}
    for code, expected in published.items():
        got = CountryPopulation.objects.filter(group__code=code).aggregate(n=Sum("count"))["n"]
        assert got == expected, code


@pytest.mark.parametrize(
    ("label", "code"),
    [
        ("Black British - Caribbean", "7"),
        ("Asian/Asian British: Pakistani", "4"),
        ("White - British", "13"),
        ("Mixed White & Black African", "10"),
        ("Prefer not to say", "PNS"),
        ("Not known", "NK"),
        ("W1", "13"),
        ("O1", "2"),  # police 16+1 puts Chinese under "Chinese or other"; it is Asian in 2021
        ("NS", "NK"),
        ("White: Roma", "16"),
        ("Asian, Asian British or Asian Welsh: Bangladeshi", "1"),
        (
            "Black/African/Caribbean/Black British: Any other Black/African/Caribbean background",
            "8",
        ),
        ("13", "13"),
        ("WHITE_IRISH", "14"),
    ],
)
def test_aliases_map_common_exports_to_codes(label, code):
    alias = EthnicityAlias.objects.get(normalised=normalise_label(label))
    assert alias.group.code == code


def test_victimisation_rates_as_published():
    rate = VictimisationRate.objects.get(
        survey_year="Year ending March 2020", published_group="Mixed"
    )
    assert float(rate.percent) == 19.5 and rate.group.code == "MIXED"
    assert VictimisationRate.objects.count() == 17


def test_loading_twice_changes_nothing():
    before = {
        "aliases": EthnicityAlias.objects.count(),
        "population": AreaPopulation.objects.count(),
        "ids": list(EthnicGroup.objects.order_by("code").values_list("id", flat=True)),
    }
    load_all()
    after = {
        "aliases": EthnicityAlias.objects.count(),
        "population": AreaPopulation.objects.count(),
        "ids": list(EthnicGroup.objects.order_by("code").values_list("id", flat=True)),
    }
    assert before == after
