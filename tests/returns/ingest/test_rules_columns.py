"""Column rules: headings matched loosely, identifying columns refused, others left out and said."""

import pytest

from returns.ingest.columns import identifying_reason, match_columns
from returns.ingest.context import AGE
from returns.ingest.rules.columns import (
    column_left_out,
    column_not_recorded,
    duplicate_column,
    footer_rows_left_out,
    identifying_column,
    identifying_values,
    missing_column,
    title_rows_left_out,
)
from returns.standard import normalise_column
from tests.returns.ingest.conftest import HEADER, codes_of

MEASURES = {"satisfied": "Satisfied with the service", "feel_safer": "Feel safer"}


def columns(headings):
    return match_columns(headings, MEASURES)


def fields(headings) -> list:
    return [m.field for m in columns(headings).matches]


@pytest.mark.parametrize(
    ("heading", "field"),
    [
        ("Ethnic Group", "ethnicity"),
        ("ETHNICITY", "ethnicity"),
        ("ethnic-group", "ethnicity"),
        ("Date of referral", "referral_date"),
        ("Date Referred", "referral_date"),
        (" Referral ID ", "referral_id"),
        ("Case Ref.", "referral_id"),
        ("Gender", "sex"),
        ("Age Group", "age_band"),
        ("Referral source", "referral_pathway"),
        ("Offence type", "crime_type"),
        ("Interpreter required?", "interpreter_needed"),
        ("Satisfied with the service", "satisfied"),
        ("SATISFIED", "satisfied"),
        ("Age at referral", AGE),
        ("Client Ref", "referral_id"),
        ("Case Reference", "referral_id"),
        ("Case ID", "referral_id"),
        ("Referral Number", "referral_id"),
        ("Referral No.", "referral_id"),
        ("Client ID", "referral_id"),
        ("Case No", "referral_id"),
        ("Referral Date", "referral_date"),
        ("Referral: date", "referral_date"),
        ("Client Ethnicity", "ethnicity"),
        ("Victim Ethnic Group", "ethnicity"),
        ("Service User Gender", "sex"),
        ("Self Defined Ethnicity", "ethnicity"),
        ("SDE Code", "ethnicity"),
        ("Source of Referral", "referral_pathway"),
        ("Referral Source", "referral_pathway"),
        ("Closure Reason", "outcome"),
        ("Reason for closure", "outcome"),
        ("Disability (Y/N)", "disability"),
        ("Sexuality", "sexual_orientation"),
    ],
)
def test_headings_match_ignoring_case_spaces_punctuation_and_synonyms(heading, field):
    assert fields([heading]) == [field]


@pytest.mark.parametrize(
    ("heading", "reason"),
    [
        ("Postcode", "postcodes"),
        ("Post Code", "postcodes"),
        ("Client postcode", "postcodes"),
        ("DOB", "dates of birth"),
        ("D.O.B.", "dates of birth"),
        ("Date of Birth", "dates of birth"),
        ("Victim Name", "names"),
        ("First name", "names"),
        ("Surname", "names"),
        ("NHS Number", "NHS numbers"),
        ("E-mail", "email addresses"),
        ("Email address", "email addresses"),
        ("Mobile", "phone numbers"),
        ("Case notes", "free-text notes"),
        ("Crime Reference", "police reference numbers"),
        ("Home address", "addresses"),
    ],
)
def test_identifying_headings_in_their_usual_variants(heading, reason):
    assert identifying_reason(normalise_column(heading)) == reason


@pytest.mark.parametrize("heading", ["Provider name", "Team", "Outcome description", "Status"])
def test_harmless_headings_are_not_taken_for_identifying_ones(heading):
    assert identifying_reason(normalise_column(heading)) is None


def test_identifying_column():
    found = identifying_column.run(columns([*HEADER, "Postcode"]))
    assert codes_of(found) == ["identifying_column"]
    assert found.item(0, "message") == (
        "Remove the column 'Postcode': Reach does not accept postcodes. "
        "Returns hold counts, not people."
    )
    assert identifying_column.run(columns(HEADER)).is_empty()


def test_column_left_out_is_said():
    found = column_left_out.run(columns([*HEADER, "Keyworker", "ethnicty"]))
    assert found.get_column("column").to_list() == ["Keyworker", "ethnicty"]
    assert set(found.get_column("severity")) == {"note"}
    assert "referral_id, referral_date, ethnicity" in found.item(0, "allowed")
    assert "Is it 'ethnicity'?" in found.item(1, "message")
    assert "mapping page" in found.item(0, "message")
    assert column_left_out.run(columns(HEADER)).is_empty()


def test_known_columns_reach_does_not_read_are_left_out_quietly():
    check = columns([*HEADER, "Team", "Officer Defined Ethnicity", "Date Closed"])
    assert column_left_out.run(check).is_empty()
    assert [m.field for m in check.matches][-3:] == [None, None, None]


def test_a_column_without_heading_is_left_out():
    found = column_left_out.run(columns(["referral_id", "", "sex"]))
    assert found.item(0, "column") == "column 2"


def test_identifying_values_in_a_left_out_column_refuse_the_file():
    headings = [*HEADER, "Contact", "Team"]
    samples = {
        len(HEADER): ["07700 900123", "07700 900456", "", "0121 496 0000"],
        len(HEADER) + 1: ["North", "South"],
    }
    found = identifying_values.run(match_columns(headings, MEASURES, samples=samples))
    assert found.get_column("column").to_list() == ["Contact"]
    assert identifying_values.run(columns(HEADER)).is_empty()


def test_missing_column():
    found = missing_column.run(columns(["referral_date", "Gender"]))
    assert found.get_column("column").to_list() == ["referral_id", "ethnicity"]
    assert "'Client Ref'" in found.item(0, "message") or "'Referral ID'" in found.item(0, "message")
    assert missing_column.run(columns(HEADER)).is_empty()


def test_column_not_recorded_when_an_optional_one_is_missing():
    found = column_not_recorded.run(columns(["referral_id", "referral_date", "Ethnic group"]))
    assert found.get_column("column").to_list() == [
        "sex", "age_band", "disability", "sexual_orientation", "crime_type",
        "referral_pathway", "outcome",
    ]  # fmt: skip
    assert set(found.get_column("severity")) == {"note"}
    assert "'not recorded' for sex" in found.item(0, "message")
    assert column_not_recorded.run(columns(HEADER)).is_empty()


def test_title_rows_left_out():
    check = match_columns(HEADER, MEASURES, header_row=3)
    assert "found on row 3" in title_rows_left_out.run(check).item(0, "message")
    assert title_rows_left_out.run(columns(HEADER)).is_empty()


def test_footer_rows_left_out():
    check = match_columns(HEADER, MEASURES, footer_rows=2)
    assert "last 2 rows" in footer_rows_left_out.run(check).item(0, "message")
    assert footer_rows_left_out.run(columns(HEADER)).is_empty()


@pytest.mark.django_db
def test_mapping_applied_is_said(lookups, period):
    from returns.ingest.mapping import Mapping
    from returns.ingest.pipeline import read_and_validate
    from tests.returns.ingest.conftest import renamed, rows, to_csv

    mapping = Mapping(
        headings={"keyworker_ref": "referral_id"},
        rules=[
            {"kind": "heading", "field": "", "source": "Keyworker Ref", "target": "referral_id"}
        ],
    )
    data = to_csv(renamed(rows(3), {"referral_id": "Keyworker Ref"}))
    result = read_and_validate(data, file_name="r.csv", period=period, mapping=mapping)
    assert result.ok
    assert "mapping_applied" in codes_of(result.problem_frame)
    assert result.mapping_used == mapping.rules


def test_optional_columns_may_be_left_out_and_an_exact_age_stands_for_the_band():
    headings = [h for h in HEADER if h not in ("interpreter_needed", "satisfied", "age_band")]
    assert missing_column.run(columns([*headings, "Age"])).is_empty()
    assert column_not_recorded.run(columns([*headings, "Age"])).is_empty()


def test_duplicate_column():
    found = duplicate_column.run(columns([*HEADER, "Ethnic group"]))
    assert found.item(0, "message") == (
        "The columns 'ethnicity' and 'Ethnic group' both give ethnicity. Keep one of them, "
        "or leave one out on your mapping page."
    )
    assert duplicate_column.run(columns(HEADER)).is_empty()


def test_an_age_band_beats_an_exact_age_which_is_then_not_read():
    check = columns([*HEADER, "Age"])
    age = next(m for m in check.matches if m.heading == "Age")
    assert age.field is None and age.how == "not used"
    assert duplicate_column.run(check).is_empty()
