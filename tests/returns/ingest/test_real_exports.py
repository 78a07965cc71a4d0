"""Exports written without knowledge of Reach go in, and Reach counts exactly what they hold."""

from collections import Counter

import polars as pl
import pytest

from returns.ingest.pipeline import read_and_validate
from tests.returns.exports import EXPORTS, hate_crime_csv

pytestmark = pytest.mark.django_db


def ethnicity_counts(cube) -> Counter:
    from reference.models import EthnicGroup

    codes = dict(EthnicGroup.objects.values_list("id", "code"))
    counts = Counter()
    for eid, n in cube.cells.group_by("ethnicity_id").agg(pl.col("count").sum()).iter_rows():
        counts[codes[eid]] += n
    return counts


@pytest.mark.parametrize("kind", EXPORTS)
def test_an_export_from_another_system_is_read_exactly(period, lookups, kind):
    data, name, expected = EXPORTS[kind]()
    result = read_and_validate(data, file_name=name, period=period, lookups=lookups)
    errors = [g for g in result.summary.values() if g.severity == "error"]
    assert result.ok, [(g.code, [(p.row, p.column, p.value) for p in g.examples]) for g in errors]
    assert result.row_count == sum(expected.values())
    assert ethnicity_counts(result.cube) == expected


def test_what_was_left_out_or_not_recorded_is_said(period, lookups):
    data, name, _ = EXPORTS["police-style 16+1 export"]()
    result = read_and_validate(data, file_name=name, period=period, lookups=lookups)
    notes = {p.code for p in result.problems if p.severity == "note"}
    assert "column_not_recorded" in notes  # no disability, no sexual orientation
    data, name, _ = EXPORTS["Excel report with a title and a total"]()
    result = read_and_validate(data, file_name=name, period=period, lookups=lookups)
    notes = {p.code: p.message for p in result.problems if p.severity == "note"}
    assert "found on row 4" in notes["title_rows_left_out"]
    assert "footer_rows_left_out" in notes
    data, name, _ = EXPORTS["case-management CSV"]()
    result = read_and_validate(data, file_name=name, period=period, lookups=lookups)
    left = [p for p in result.problems if p.code == "column_left_out"]
    assert [p.column for p in left] == ["Keyworker"]


def test_a_blank_ethnicity_counts_against_coverage(period, lookups):
    data, name, expected = EXPORTS["hand-kept spreadsheet"]()
    result = read_and_validate(data, file_name=name, period=period, lookups=lookups)
    assert result.ok and result.cube.total - result.cube.stated_ethnicity == (
        expected["NK"] + expected["PNS"]
    )


def test_an_ambiguous_label_is_asked_never_guessed(period, lookups):
    data, name, _ = hate_crime_csv()
    result = read_and_validate(data, file_name=name, period=period, lookups=lookups)
    assert not result.ok and [g.code for g in result.summary.values() if g.severity == "error"] == [
        "ambiguous_value"
    ]
    assert result.ambiguous_options[("crime_type", "Hate crime")][0]["code"] == "HATE_RACE"
