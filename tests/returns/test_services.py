"""returns/services.py and returns/periods.py: versions replace each other all-or-nothing."""

from datetime import date

import pytest
from django.db.models import Sum

from demo.generator import generate_records
from returns import services
from returns.cube import collapse, load_code_ids
from returns.models import CubeCell, Period, Return, ReturnVersion
from returns.periods import latest_complete_period, period_ensure, periods_ensure_until
from returns.services import return_ensure, return_version_store

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(db):
    return period_ensure(2025, "H2")


@pytest.fixture
def cubes(db):
    codes = load_code_ids()
    return [collapse(generate_records(n, seed=n), codes) for n in (400, 250)]


def store(provider, area, period, cube, **extra):
    return return_version_store(
        provider=provider, area=area, period=period, cube=cube, channel="upload", **extra
    )


def cells_total(version) -> int:
    return CubeCell.objects.filter(version=version).aggregate(n=Sum("count"))["n"] or 0


def test_first_version_is_current_with_the_cube_totals(
    provider_a, area_a, period, cubes, provider_a_user
):
    version = store(
        provider_a, area_a, period, cubes[0], submitted_by=provider_a_user, row_count=400
    )
    record = Return.objects.get(provider=provider_a, area=area_a, period=period)
    assert record.current_version == version
    assert version.number == 1 and version.status == ReturnVersion.Status.CURRENT
    assert version.total_referrals == 400 == cells_total(version)
    assert version.stated_ethnicity == cubes[0].stated_ethnicity
    assert version.submitted_by == provider_a_user


def test_new_version_supersedes_and_history_is_kept(provider_a, area_a, period, cubes):
    first = store(provider_a, area_a, period, cubes[0])
    second = store(provider_a, area_a, period, cubes[1], explanation="Corrected outcomes")
    first.refresh_from_db()
    assert second.number == 2
    assert first.status == ReturnVersion.Status.SUPERSEDED
    assert Return.objects.get(pk=first.return_record_id).current_version == second
    assert cells_total(first) == 400 and cells_total(second) == 250


def test_failure_mid_write_leaves_the_previous_version_untouched(
    provider_a, area_a, period, cubes, monkeypatch
):
    first = store(provider_a, area_a, period, cubes[0])
    cells_before = CubeCell.objects.count()
    real_write = services.write_cube

    def write_then_fail(version_id, cube):
        real_write(version_id, cube)  # half the work done: cells are in the transaction
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "write_cube", write_then_fail)
    with pytest.raises(RuntimeError, match="disk full"):
        store(provider_a, area_a, period, cubes[1])
    first.refresh_from_db()
    assert first.status == ReturnVersion.Status.CURRENT
    assert Return.objects.get(pk=first.return_record_id).current_version_id == first.pk
    assert ReturnVersion.objects.filter(return_record_id=first.return_record_id).count() == 1
    assert CubeCell.objects.count() == cells_before
    assert cells_total(first) == 400


def test_provider_not_serving_the_area_is_refused(provider_a, area_b, period, cubes):
    with pytest.raises(ValueError, match="does not serve South Wales"):
        store(provider_a, area_b, period, cubes[0])
    with pytest.raises(ValueError, match="does not serve"):
        return_ensure(provider=provider_a, area=area_b, period=period)
    assert not Return.objects.exists()


def test_unknown_channel_is_refused(provider_a, area_a, period, cubes):
    with pytest.raises(ValueError, match="channel"):
        return_version_store(
            provider=provider_a, area=area_a, period=period, cube=cubes[0], channel="fax"
        )


def test_return_ensure_makes_an_unsubmitted_return_once(provider_a, area_a, period):
    record = return_ensure(provider=provider_a, area=area_a, period=period)
    assert not record.is_submitted
    assert return_ensure(provider=provider_a, area=area_a, period=period) == record


def test_periods_from_april_2023_to_today(db):
    periods = periods_ensure_until(date(2026, 11, 24))
    assert [p.code for p in periods][:2] == ["2023-24-H1", "2023-24-H2"]
    assert periods[-1].code == "2026-27-H2" and len(periods) == 8
    assert periods_ensure_until(date(2026, 11, 24)) == periods  # idempotent
    assert Period.objects.count() == 8
    h2 = period_ensure(2025, "H2")
    assert (h2.start, h2.end) == (date(2025, 10, 1), date(2026, 3, 31))
    with pytest.raises(ValueError):
        period_ensure(2025, "H3")


@pytest.mark.parametrize(
    "today, code",
    [
        (date(2026, 11, 24), "2026-27-H1"),
        (date(2026, 10, 1), "2026-27-H1"),
        (date(2026, 9, 30), "2025-26-H2"),
        (date(2027, 2, 1), "2026-27-H1"),
        (date(2027, 4, 1), "2026-27-H2"),
    ],
)
def test_latest_complete_period(db, today, code):
    assert latest_complete_period(today).code == code
