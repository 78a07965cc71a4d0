"""Fixtures for the ingest tests: a period, the lookups (built once) and file builders."""

import csv
import datetime
import io
import os

import pytest
from hypothesis import HealthCheck, settings

from returns.models import Period

HEADER = [
    "referral_id", "referral_date", "ethnicity", "sex", "age_band", "disability",
    "sexual_orientation", "crime_type", "referral_pathway", "outcome", "interpreter_needed",
    "satisfied",
]  # fmt: skip

GOOD_ROW = {
    "referral_id": "R-1",
    "referral_date": "2026-05-14",
    "ethnicity": "7",
    "sex": "F",
    "age_band": "25-34",
    "disability": "NOT_DISABLED",
    "sexual_orientation": "STRAIGHT",
    "crime_type": "DOMESTIC_ABUSE",
    "referral_pathway": "SELF",
    "outcome": "SUPPORTED_COMPLETED",
    "interpreter_needed": "N",
    "satisfied": "YES",
}


# The fuzzed properties of the reader and checks (test_fuzz.py, test_properties.py): each
# runs QUICK_EXAMPLES examples in the ordinary suite; `make fuzz` sets REACH_FUZZ_EXAMPLES
# (100,000) and they share that number equally.
FUZZED_PROPERTIES = 14
QUICK_EXAMPLES = 30


def fuzzed() -> settings:
    """Hypothesis settings for one fuzzed property (see FUZZED_PROPERTIES)."""
    total = int(os.environ.get("REACH_FUZZ_EXAMPLES") or 0)
    share = -(-total // FUZZED_PROPERTIES)  # rounded up: at least `total` in all
    examples = max(share, QUICK_EXAMPLES) if total else QUICK_EXAMPLES
    return settings(
        deadline=None,
        max_examples=examples,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


def period_h1_2026() -> Period:
    """An unsaved period: the pipeline reads only its dates."""
    start, end = Period.bounds(2026, "H1")
    return Period(code="2026-27-H1", financial_year=2026, half="H1", start=start, end=end)


@pytest.fixture
def period():
    return period_h1_2026()


@pytest.fixture(scope="session")
def lookups(django_db_setup, django_db_blocker):
    from returns.ingest.codes import load_lookups

    with django_db_blocker.unblock():
        return load_lookups(on=datetime.date(2026, 4, 1))


def rows(n: int = 3, **changes) -> list[dict]:
    """n valid records (ids R-1…R-n), with `changes` applied to every row."""
    return [{**GOOD_ROW, "referral_id": f"R-{i}", **changes} for i in range(1, n + 1)]


def to_csv(records: list[dict], header=None, separator=",", encoding="utf-8") -> bytes:
    header = header or (list(records[0]) if records else HEADER)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separator, lineterminator="\r\n")
    writer.writerow(header)
    for record in records:
        writer.writerow([record.get(h, "") for h in header])
    return buffer.getvalue().encode(encoding)


def renamed(records: list[dict], names: dict[str, str]) -> list[dict]:
    return [{names.get(k, k): v for k, v in r.items()} for r in records]


def value_check_of(records: list[dict], lookups, period, **csv_options):
    """The value stage's context for `records` written as a CSV, as the pipeline builds it."""
    from returns.ingest import reader, validate
    from returns.ingest.columns import match_columns

    sheet = reader.read(to_csv(records, **csv_options))
    columns = match_columns(sheet.headings, lookups.measures)
    return validate.value_check(sheet.frame, columns, lookups, period)


def query_check_of(
    records: list[dict], lookups, period, previous_total=None, replaced_total=None, area=None
):
    """The query stage's context for `records`: their cube, as the pipeline builds it."""
    from returns.cube import collapse, load_code_ids
    from returns.ingest import validate
    from returns.ingest.queries import query_check

    check = value_check_of(records, lookups, period)
    cube = collapse(validate.records(check, lookups), load_code_ids())
    recorded = [f for f in check.headings if f in validate.DIMENSIONS]
    return query_check(
        cube,
        recorded=recorded,
        headings=check.headings,
        previous_total=previous_total,
        replaced_total=replaced_total,
        area=area,
    )


def codes_of(frame) -> list[str]:
    return frame.get_column("code").to_list()
