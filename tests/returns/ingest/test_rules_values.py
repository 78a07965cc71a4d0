"""Value rules: blanks, code lists and yes/no cells, each failing and passing."""

import pytest

from returns.ingest import validate
from returns.ingest.rules.values import (
    ambiguous_value,
    bad_yes_no,
    blank_required,
    no_records,
    unknown_code,
)
from tests.returns.ingest.conftest import HEADER, codes_of, rows, value_check_of


def test_no_records(lookups, period):
    assert codes_of(no_records.run(value_check_of([], lookups, period, header=HEADER))) == [
        "no_records"
    ]
    assert no_records.run(value_check_of(rows(1), lookups, period)).is_empty()


def test_blank_required_names_row_column_and_the_fix(lookups, period):
    records = rows(3)
    records[1]["referral_id"] = ""
    records[2]["referral_date"] = "   "
    found = blank_required.run(value_check_of(records, lookups, period))
    assert found.select("row", "column").rows() == [(3, "referral_id"), (4, "referral_date")]
    assert found.item(0, "message") == (
        "'referral_id' is blank. Give every referral its ID from your case system."
    )


def test_a_blank_characteristic_is_not_known_not_an_error(lookups, period):
    records = rows(3)
    records[1]["ethnicity"] = ""
    records[2]["sex"] = "   "
    check = value_check_of(records, lookups, period)
    assert blank_required.run(check).is_empty()
    frame = validate.records(check, lookups)
    assert frame.get_column("ethnicity").to_list() == ["7", "NK", "7"]
    assert frame.get_column("sex").to_list() == ["F", "F", "NK"]


def test_ambiguous_value_is_asked_never_guessed(lookups, period):
    records = rows(3)
    records[0]["crime_type"] = "Hate crime"
    records[1]["age_band"] = "65+"
    check = value_check_of(records, lookups, period)
    found = ambiguous_value.run(check)
    assert sorted(found.select("row", "column", "value").rows()) == [
        (2, "crime_type", "Hate crime"),
        (3, "age_band", "65+"),
    ]
    hate = found.filter(found["column"] == "crime_type")
    assert "could mean any of: Hate crime: race, Hate crime: religion or belief" in hate.item(
        0, "message"
    )
    assert "mapping page" in hate.item(0, "message")
    assert unknown_code.run(check).is_empty()
    assert ambiguous_value.run(value_check_of(rows(2), lookups, period)).is_empty()


def test_blank_optional_cells_are_not_known_or_not_asked(lookups, period):
    check = value_check_of(rows(2, interpreter_needed="", satisfied=""), lookups, period)
    assert blank_required.run(check).is_empty()
    records = validate.records(check, lookups)
    assert records.get_column("interpreter_needed").to_list() == [None, None]
    assert records.get_column("satisfied").to_list() == ["NOT_ASKED", "NOT_ASKED"]
    assert records.get_column("feel_safer").to_list() == ["NOT_ASKED", "NOT_ASKED"]


def test_blank_lines_are_not_blank_records(lookups, period):
    check = value_check_of(rows(2) + [dict.fromkeys(HEADER, "")] + rows(1), lookups, period)
    assert check.frame.height == 3
    assert blank_required.run(check).is_empty()


def test_unknown_code_gives_the_value_and_the_closest_labels(lookups, period):
    records = rows(3)
    records[0]["ethnicity"] = "Blak Caribean"
    records[2]["crime_type"] = "Domestic abuze"
    found = unknown_code.run(value_check_of(records, lookups, period))
    assert found.select("row", "column", "value").rows() == [
        (2, "ethnicity", "Blak Caribean"),
        (4, "crime_type", "Domestic abuze"),
    ]
    assert "Did you mean 'Black Caribbean'" in found.item(0, "message")
    assert "'Domestic abuse'" in found.item(1, "message")
    assert "DOMESTIC_ABUSE (Domestic abuse)" in found.item(1, "allowed")


def test_unknown_code_in_a_measure_column(lookups, period):
    found = unknown_code.run(value_check_of(rows(1, satisfied="Very"), lookups, period))
    assert found.select("column", "value").rows() == [("satisfied", "Very")]


def test_excel_mangled_age_band_gets_a_hint(lookups, period):
    found = unknown_code.run(value_check_of(rows(1, age_band="12-Dec"), lookups, period))
    assert "format the column as Text" in found.item(0, "message")


@pytest.mark.parametrize(
    ("column", "value", "code"),
    [
        ("ethnicity", "Black British - Caribbean", "7"),
        ("ethnicity", "W1", "13"),
        ("ethnicity", "Asian/Asian British: Pakistani", "4"),
        ("ethnicity", "prefer not to say", "PNS"),
        ("ethnicity", "NS", "NK"),
        ("ethnicity", "WHITE_BRITISH", "13"),
        ("ethnicity", "White – Irish", "14"),
        ("sex", "female", "F"),
        ("sex", "Unknown", "NK"),
        ("age_band", "25 to 34", "25-34"),
        ("crime_type", "Hate crime: race", "HATE_RACE"),
        ("referral_pathway", "Self-referral", "SELF"),
        ("outcome", "support completed", "SUPPORTED_COMPLETED"),
        ("disability", "Declined", "PNS"),
        ("satisfied", "Partly", "PARTLY"),
        ("satisfied", "y", "YES"),
    ],
)
def test_codes_labels_and_aliases_are_accepted(lookups, period, column, value, code):
    check = value_check_of(rows(1, **{column: value}), lookups, period)
    assert unknown_code.run(check).is_empty()
    assert validate.records(check, lookups).item(0, column) == code


def test_bad_yes_no(lookups, period):
    found = bad_yes_no.run(value_check_of(rows(2, interpreter_needed="Sometimes"), lookups, period))
    assert found.select("row", "value").rows() == [(2, "Sometimes"), (3, "Sometimes")]
    assert "Write Y or N" in found.item(0, "message")


@pytest.mark.parametrize(
    ("value", "flag"),
    [("Y", True), ("yes", True), ("No", False), ("FALSE", False), ("Not known", None)],
)
def test_yes_no_spellings(lookups, period, value, flag):
    check = value_check_of(rows(1, interpreter_needed=value), lookups, period)
    assert bad_yes_no.run(check).is_empty()
    assert validate.records(check, lookups).item(0, "interpreter_needed") is flag
