"""Column rules: headings matched loosely, identifying columns refused (issue item 2)."""

import pytest

from returns.ingest.columns import identifying_reason, match_columns
from returns.ingest.context import AGE
from returns.ingest.rules.columns import (
    duplicate_column,
    identifying_column,
    missing_column,
    unknown_column,
    unnamed_column,
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


def test_unknown_column_lists_what_is_accepted():
    found = unknown_column.run(columns([*HEADER, "Team", "ethnicty"]))
    assert found.get_column("column").to_list() == ["Team", "ethnicty"]
    assert "referral_id, referral_date, ethnicity" in found.item(0, "allowed")
    assert "Did you mean 'ethnicity'?" in found.item(1, "message")
    assert unknown_column.run(columns(HEADER)).is_empty()


def test_unnamed_column():
    found = unnamed_column.run(columns(["referral_id", "", "sex"]))
    assert codes_of(found) == ["unnamed_column"]
    assert found.item(0, "column") == "column 2"
    assert unnamed_column.run(columns(HEADER)).is_empty()


def test_missing_column():
    found = missing_column.run(columns(["referral_id", "referral_date", "Ethnic group"]))
    missing = found.get_column("column").to_list()
    assert missing == [
        "sex", "age_band", "disability", "sexual_orientation", "crime_type",
        "referral_pathway", "outcome",
    ]  # fmt: skip
    assert "'gender'" in found.item(0, "message")
    assert missing_column.run(columns(HEADER)).is_empty()


def test_optional_columns_may_be_left_out_and_an_exact_age_stands_for_the_band():
    headings = [h for h in HEADER if h not in ("interpreter_needed", "satisfied", "age_band")]
    assert missing_column.run(columns([*headings, "Age"])).is_empty()


def test_duplicate_column():
    found = duplicate_column.run(columns([*HEADER, "Ethnic group"]))
    assert found.item(0, "message") == (
        "The columns 'ethnicity' and 'Ethnic group' both give ethnicity. Keep one of them."
    )
    assert duplicate_column.run(columns(HEADER)).is_empty()


def test_an_age_band_beats_an_exact_age_which_is_then_not_read():
    check = columns([*HEADER, "Age"])
    age = next(m for m in check.matches if m.heading == "Age")
    assert age.field is None and age.how == "not used"
    assert duplicate_column.run(check).is_empty()
