"""Date rules: readable dates inside the return's period."""

import datetime

import pytest

from returns.ingest import validate
from returns.ingest.rules.dates import bad_date, date_outside_period
from tests.returns.ingest.conftest import codes_of, rows, value_check_of


@pytest.mark.parametrize(
    "value",
    [
        "2026-05-14",
        "14/05/2026",
        "14/5/2026",
        "14.05.2026",
        "2026-05-14 10:30:00",
        "2026-05-14T10:30",
        "46156",
        "14 May 2026",
        "14-may-2026",
        "14 MAY 2026",
    ],
)
def test_accepted_date_forms(lookups, period, value):
    check = value_check_of(rows(1, referral_date=value), lookups, period)
    assert bad_date.run(check).is_empty()
    assert validate.records(check, lookups).item(0, "referral_date") == datetime.date(2026, 5, 14)


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("05/14/2026", "not a real date"),
        ("31/02/2026", "not a real date"),
        ("14 May", "YYYY-MM-DD"),
        ("14 Mayo 2026", "YYYY-MM-DD"),
        ("yesterday", "YYYY-MM-DD"),
        ("14/05/26", "YYYY-MM-DD"),
    ],
)
def test_bad_date(lookups, period, value, says):
    found = bad_date.run(value_check_of(rows(1, referral_date=value), lookups, period))
    assert codes_of(found) == ["bad_date"]
    assert found.item(0, "value") == value and says in found.item(0, "message")


def test_date_outside_period(lookups, period):
    records = rows(3)
    records[0]["referral_date"] = "2026-03-31"
    records[2]["referral_date"] = "01/10/2026"
    found = date_outside_period.run(value_check_of(records, lookups, period))
    assert found.select("row", "value").rows() == [(2, "2026-03-31"), (4, "01/10/2026")]
    assert "31 March 2026 is outside this return's period, 1 April 2026 to 30 September 2026" in (
        found.item(0, "message")
    )
    assert found.item(0, "allowed") == "a date from 2026-04-01 to 2026-09-30"


def test_an_excel_number_out_of_period_says_how_it_was_read(lookups, period):
    found = date_outside_period.run(value_check_of(rows(1, referral_date="5"), lookups, period))
    assert "4 January 1900 (read as an Excel date number)" in found.item(0, "message")


def test_the_period_bounds_are_inside(lookups, period):
    records = rows(2)
    records[0]["referral_date"] = "2026-04-01"
    records[1]["referral_date"] = "2026-09-30"
    assert date_outside_period.run(value_check_of(records, lookups, period)).is_empty()
