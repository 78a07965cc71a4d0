"""Age rules: an exact age is banded (reference AgeBand) and never kept."""

import pytest

from returns.ingest import validate
from returns.ingest.rules.ages import bad_age
from tests.returns.ingest.conftest import codes_of, rows, value_check_of


def with_age(value, n=1):
    return [{k: v for k, v in r.items() if k != "age_band"} | {"Age": value} for r in rows(n)]


@pytest.mark.parametrize(
    ("age", "band"),
    [("0", "0-11"), ("11", "0-11"), ("12", "12-15"), ("17", "16-17"), ("34", "25-34"),
     ("34.0", "25-34"), ("75", "75+"), ("120", "75+"), ("Not known", "NK"), ("NK", "NK")],
)  # fmt: skip
def test_exact_ages_become_bands_and_are_dropped(lookups, period, age, band):
    check = value_check_of(with_age(age), lookups, period)
    assert bad_age.run(check).is_empty()
    records = validate.records(check, lookups)
    assert records.item(0, "age_band") == band
    assert "Age" not in records.columns and "__age" not in records.columns


@pytest.mark.parametrize(
    ("age", "says"),
    [
        ("-3", "not an age"),
        ("121", "not a plausible age"),
        ("thirty", "not an age"),
        ("34.5", "not an age"),
    ],
)
def test_bad_age(lookups, period, age, says):
    found = bad_age.run(value_check_of(with_age(age, 2), lookups, period))
    assert codes_of(found) == ["bad_age", "bad_age"]
    assert found.get_column("row").to_list() == [2, 3]
    assert found.item(0, "column") == "Age" and says in found.item(0, "message")
