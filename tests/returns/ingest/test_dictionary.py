"""The data dictionary and templates (docs/data-standard.md): built from the standard, and valid."""

import csv
import io

import openpyxl
import pytest

from reference.models import normalise_label
from returns.ingest.dictionary import (
    data_dictionary,
    refused_columns,
    rules_table,
    template_csv,
    template_xlsx,
)
from returns.ingest.pipeline import read_and_validate
from returns.ingest.rules import REGISTRY
from returns.standard import COLUMNS


@pytest.mark.django_db
def test_every_standard_and_measure_column_is_described():
    entries = {e.name: e for e in data_dictionary()}
    assert [c.name for c in COLUMNS] == list(entries)[: len(COLUMNS)]
    assert {"satisfied", "feel_safer", "cope_everyday"} <= set(entries)
    sex = entries["sex"]
    assert ("F", "Female") in sex.codes and "Gender" not in sex.codes
    assert "Gender" in sex.headings and sex.blank.startswith("allowed: read as Not known")
    assert ("Woman", "F") in sex.aliases
    assert entries["referral_id"].blank == "not allowed"
    assert "Client Ref" in entries["referral_id"].headings
    assert entries["interpreter_needed"].blank == "allowed: not known"
    assert "age" in entries["age_band"].headings
    crime = entries["crime_type"]
    assert ("Hate crime", "HATE_RACE, HATE_RELIGION, HATE_SEXUAL_ORIENTATION, HATE_DISABILITY, "
            "HATE_TRANSGENDER") in crime.ambiguous  # fmt: skip


@pytest.mark.django_db
def test_ethnicity_lists_every_group_and_the_aliases_accepted():
    ethnicity = next(e for e in data_dictionary() if e.name == "ethnicity")
    codes = dict(ethnicity.codes)
    assert codes["PNS"] == "Prefer not to say" and "16" in codes and "ASIAN" in codes
    aliases = {normalise_label(alias): code for alias, code in ethnicity.aliases}
    assert aliases["w1"] == "13" and aliases[normalise_label("Black British - Caribbean")] == "7"


def test_refused_columns_and_rules_are_listed():
    assert "postcode" in refused_columns()["postcodes"]
    assert {r["code"] for r in rules_table()} == set(REGISTRY)


@pytest.mark.django_db
def test_csv_template_is_a_valid_return(period, lookups):
    data = template_csv()
    lines = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(lines) == 3 and lines[0][:3] == ["referral_id", "referral_date", "ethnicity"]
    result = read_and_validate(data, file_name="template.csv", period=period, lookups=lookups)
    assert result.error_count == 0 and result.cube.total == 2


@pytest.mark.django_db
def test_xlsx_template_is_a_valid_return_with_the_codes_beside_it(period, lookups):
    data = template_xlsx()
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    assert book.sheetnames == ["Return", "Codes", "Ethnicity spellings"]
    codes = list(book["Codes"].iter_rows(values_only=True))
    assert codes[0] == ("column", "code", "label") and ("sex", "F", "Female") in codes
    result = read_and_validate(data, file_name="template.xlsx", period=period, lookups=lookups)
    assert result.error_count == 0 and result.cube.total == 2
