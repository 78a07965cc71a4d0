"""Queries: each raised and not raised, from a valid return's counts."""

import pytest

from returns.ingest.rules.queries import (
    all_not_known,
    changed_sharply,
    ethnicity_coverage_low,
    ethnicity_high_level_only,
    local_authority_outside_area,
    total_changed,
    total_changed_since_last_version,
)
from tests.returns.ingest.conftest import codes_of, query_check_of, rows

pytestmark = pytest.mark.django_db


def with_ethnicities(*values):
    return [dict(r, ethnicity=v) for r, v in zip(rows(len(values)), values, strict=True)]


def test_ethnicity_coverage_low(lookups, period):
    records = with_ethnicities(*["7"] * 8, "PNS", "NK")  # 80% stated
    found = ethnicity_coverage_low.run(query_check_of(records, lookups, period))
    assert codes_of(found) == ["ethnicity_coverage_low"]
    assert found.item(0, "severity") == "query"
    assert "recorded for 8 of 10 referrals (80%)" in found.item(0, "message")


def test_ethnicity_coverage_at_90_percent_passes(lookups, period):
    records = with_ethnicities(*["7"] * 9, "NK")
    assert ethnicity_coverage_low.run(query_check_of(records, lookups, period)).is_empty()


def test_total_changed(lookups, period):
    found = total_changed.run(query_check_of(rows(4), lookups, period, previous_total=10))
    assert "4 referrals; the previous period's return for this area had 10 (down 60%)" in (
        found.item(0, "message")
    )
    found = total_changed.run(query_check_of(rows(16), lookups, period, previous_total=10))
    assert "(up 60%)" in found.item(0, "message")


def test_total_within_half_or_no_previous_return_passes(lookups, period):
    for previous in (None, 0, 10, 8):
        check = query_check_of(rows(5), lookups, period, previous_total=previous)
        assert total_changed.run(check).is_empty(), previous


def test_total_changed_since_last_version(lookups, period):
    check = query_check_of(rows(8), lookups, period, replaced_total=1802)
    found = total_changed_since_last_version.run(check)
    assert "8 referrals; the version it would replace has 1,802 (down 100%)" in found.item(
        0, "message"
    )
    for replaced in (None, 0, 12, 6):
        check = query_check_of(rows(8), lookups, period, replaced_total=replaced)
        assert total_changed_since_last_version.run(check).is_empty(), replaced


def test_one_threshold_for_a_sharp_change():
    assert changed_sharply(16, 10) and changed_sharply(4, 10) and changed_sharply(8, 1802)
    assert not changed_sharply(15, 10) and not changed_sharply(5, 10)
    assert not changed_sharply(100, None) and not changed_sharply(100, 0)
    assert not changed_sharply(0, 1) and not changed_sharply(7, 3)  # too few to be a change
    assert changed_sharply(10, 3)


def test_all_not_known(lookups, period):
    found = all_not_known.run(
        query_check_of(rows(3, outcome="NR", sex="Not known"), lookups, period)
    )
    assert found.get_column("column").to_list() == ["sex", "outcome"]
    assert "Every referral has outcome 'Not recorded'" in found.item(1, "message")


def test_a_column_the_file_lacks_is_not_queried(lookups, period):
    records = [{k: v for k, v in r.items() if k != "sex"} for r in rows(3)]
    assert all_not_known.run(query_check_of(records, lookups, period)).is_empty()


def test_some_known_passes(lookups, period):
    records = rows(3, outcome="NR")
    records[0]["outcome"] = "OPEN"
    assert all_not_known.run(query_check_of(records, lookups, period)).is_empty()


def test_ethnicity_high_level_only(lookups, period):
    records = with_ethnicities("Asian", "White", "Black", "7", "NK")
    found = ethnicity_high_level_only.run(query_check_of(records, lookups, period))
    assert "3 of the 4 referrals with a stated ethnicity (75%)" in found.item(0, "message")


def test_mostly_detailed_ethnicity_passes(lookups, period):
    records = with_ethnicities("Asian", "13", "7")
    assert ethnicity_high_level_only.run(query_check_of(records, lookups, period)).is_empty()


def test_local_authority_outside_area(lookups, period, area_a):
    from reference.models import Area

    records = rows(5, local_authority="Birmingham")  # in West Midlands
    records[0]["local_authority"] = "Caerdydd"  # Cardiff, in South Wales
    records[1]["local_authority"] = "W06000015"
    records[2]["local_authority"] = ""
    found = local_authority_outside_area.run(query_check_of(records, lookups, period, area=area_a))
    assert codes_of(found) == ["local_authority_outside_area"]
    message = found.item(0, "message")
    assert "2 referrals name a local authority outside West Midlands: Cardiff (2)" in message
    south_wales = Area.objects.get(name="South Wales")
    found = local_authority_outside_area.run(
        query_check_of(records, lookups, period, area=south_wales)
    )
    assert "2 referrals name a local authority outside South Wales: Birmingham (2)" in (
        found.item(0, "message")
    )
    inside = rows(3, local_authority="E08000025")
    assert local_authority_outside_area.run(
        query_check_of(inside, lookups, period, area=area_a)
    ).is_empty()
