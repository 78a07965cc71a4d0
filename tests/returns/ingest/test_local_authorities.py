"""The optional local_authority column: read by code or name (English or Welsh), refused
with a "did you mean" when unknown, counted by ethnic group in cells of its own, stored
through the one door with its margins."""

import polars as pl
import pytest

from monitoring import margins
from reference.models import LocalAuthority
from returns.ingest.pipeline import ingest_json_rows, read_and_validate
from returns.models import LocalAuthorityCell
from returns.storage import cube_from_bytes, cube_to_bytes
from tests.returns.doors import send
from tests.returns.ingest.conftest import rows, to_csv

pytestmark = pytest.mark.django_db

SPELLINGS = ["E08000025", "e08000025", "Birmingham", " birmingham ", "Caerdydd", "Cardiff", ""]


def _by_place(cube) -> dict[str, int]:
    codes = dict(LocalAuthority.objects.values_list("pk", "code"))
    grouped = cube.local_authorities.group_by("local_authority_id").agg(pl.col("count").sum())
    return {codes[la]: n for la, n in grouped.iter_rows()}


def test_codes_and_names_in_english_and_welsh_are_read(period, lookups):
    records = [dict(r, local_authority=s) for r, s in zip(rows(7), SPELLINGS, strict=True)]
    result = read_and_validate(to_csv(records), file_name="r.csv", period=period, lookups=lookups)
    assert result.ok, [p.message for p in result.problems]
    assert _by_place(result.cube) == {"E08000025": 4, "W06000015": 2}  # the blank: not known
    assert result.cube.total == 7
    assert result.cube.local_authorities.get_column("count").sum() == 6


def test_a_heading_from_a_case_system_is_recognised(period, lookups):
    records = [{**r, "LA Code": "Leeds"} for r in rows(2)]
    result = read_and_validate(to_csv(records), file_name="r.csv", period=period, lookups=lookups)
    assert result.ok and _by_place(result.cube) == {"E08000035": 2}


def test_an_unknown_local_authority_is_a_row_problem_with_a_suggestion(period, lookups):
    records = rows(3, local_authority="Birmingham")
    records[1]["local_authority"] = "Birmingam"
    result = read_and_validate(to_csv(records), file_name="r.csv", period=period, lookups=lookups)
    assert not result.ok
    [problem] = result.problems
    assert problem.row == 3  # the heading is row 1
    assert "'Birmingam' is not in the local authority list" in problem.message
    assert "Did you mean 'Birmingham'" in problem.message


def test_a_file_without_the_column_records_no_local_authority(period, lookups):
    result = read_and_validate(to_csv(rows(4)), file_name="r.csv", period=period, lookups=lookups)
    assert result.ok and result.cube.local_authorities.height == 0


def test_api_rows_may_carry_it(period, lookups):
    result = ingest_json_rows(
        rows(3, local_authority="Wolverhampton"), period=period, lookups=lookups
    )
    assert result.ok and _by_place(result.cube) == {"E08000031": 3}
    bad = ingest_json_rows(rows(1, local_authority="Atlantis"), period=period, lookups=lookups)
    assert [p.code for p in bad.problems] == ["unknown_code"]


def test_kept_counts_keep_their_local_authorities(period, lookups):
    records = rows(3, local_authority="Coventry")
    cube = read_and_validate(to_csv(records), file_name="r.csv", period=period).cube
    again = cube_from_bytes(cube_to_bytes(cube))
    assert again.local_authorities.equals(cube.local_authorities)


def test_stored_through_the_door_with_margins(provider_a, area_a):
    from returns.periods import period_ensure

    period = period_ensure(2026, "H1")
    records = rows(6, local_authority="Birmingham")
    for r in records[:2]:
        r["local_authority"] = "Dudley"
    records[5]["ethnicity"] = "13"
    result = read_and_validate(to_csv(records), file_name="r.csv", period=period)
    version = send(result, provider=provider_a, area=area_a, period=period)
    stored = {
        (la, eth): n
        for la, eth, n in LocalAuthorityCell.objects.filter(version=version).values_list(
            "local_authority__code", "ethnicity__code", "count"
        )
    }
    assert stored == {("E08000027", "7"): 2, ("E08000025", "7"): 3, ("E08000025", "13"): 1}
    kept, _ = margins.totals([version.pk])
    direct, _ = margins.sum_cells([version.pk])
    assert kept[margins.LOCAL_AUTHORITY] == direct[margins.LOCAL_AUTHORITY]
    assert sum(kept[margins.LOCAL_AUTHORITY].values()) == 6
    assert not version.queries  # every authority is in the area


def test_an_authority_outside_the_area_is_a_query_at_the_door(provider_a, area_a):
    from returns.periods import period_ensure
    from returns.services import ExplanationNeeded

    period = period_ensure(2026, "H1")
    records = rows(4, local_authority="Birmingham")
    records[0]["local_authority"] = "Cardiff"
    result = read_and_validate(to_csv(records), file_name="r.csv", period=period)
    with pytest.raises(ExplanationNeeded):
        send(result, provider=provider_a, area=area_a, period=period)
    version = send(
        result,
        provider=provider_a,
        area=area_a,
        period=period,
        explanation="One victim moved to Cardiff during their support.",
    )
    assert [q["code"] for q in version.queries] == ["local_authority_outside_area"]
