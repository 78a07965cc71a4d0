"""Referral ID rules: one row per referral, under a pseudonymous ID."""

import pytest

from returns.ingest.rules.referrals import (
    duplicate_referral_id,
    referral_id_identifying,
    referral_id_too_long,
)
from tests.returns.ingest.conftest import codes_of, rows, value_check_of


def with_ids(*ids):
    return [dict(r, referral_id=i) for r, i in zip(rows(len(ids)), ids, strict=True)]


def test_duplicate_referral_id_reports_each_repeat_with_its_first_row(lookups, period):
    found = duplicate_referral_id.run(
        value_check_of(with_ids("A", "B", "A", " A ", "C", "B"), lookups, period)
    )
    assert found.select("row", "value").rows() == [(4, "A"), (5, "A"), (7, "B")]
    assert found.item(0, "message").startswith(
        "Referral ID 'A' appears again: it is first on row 2."
    )


def test_unique_ids_pass(lookups, period):
    assert duplicate_referral_id.run(
        value_check_of(with_ids("A", "B", "a"), lookups, period)
    ).is_empty()


@pytest.mark.parametrize(
    "value", ["jo.bloggs@example.org", "B1 1AA", "sw1a2aa", "07700 900123", "+44 7700900123"]
)
def test_referral_id_identifying(lookups, period, value):
    found = referral_id_identifying.run(value_check_of(with_ids("R-1", value), lookups, period))
    assert codes_of(found) == ["referral_id_identifying"] and found.item(0, "row") == 3
    # The problem list must not keep the personal details it refused.
    assert value not in found.get_column("value").to_list()


@pytest.mark.parametrize("value", ["R-000123", "CASE12AB", "2026/0001", "12345678"])
def test_ordinary_ids_are_not_identifying(lookups, period, value):
    assert referral_id_identifying.run(value_check_of(with_ids(value), lookups, period)).is_empty()


def test_referral_id_too_long(lookups, period):
    found = referral_id_too_long.run(value_check_of(with_ids("R-1", "x" * 65), lookups, period))
    assert found.select("row").rows() == [(3,)]
    assert found.item(0, "value") == "x" * 64 + "…"
    assert referral_id_too_long.run(value_check_of(with_ids("x" * 64), lookups, period)).is_empty()
