"""Figures computed from the current versions are kept, and every change of a current
version (the door, acceptance, sending back, restoring) makes them be computed again
(monitoring/cache.py)."""

import io

import pytest

from monitoring import cache
from monitoring.dashboard import build
from monitoring.data import Selection
from monitoring.national import funnel
from returns.services import return_version_restore, return_version_send_back
from tests.factories import make_return

pytestmark = pytest.mark.django_db


def _total(user, area, period) -> int:
    return build(user, Selection(area=area, period=period)).total


def test_figures_are_computed_once_for_the_same_versions(
    commissioner_a, area_a, period, area_a_return, monkeypatch
):
    calls = []
    original = cache.cached

    def counting(kind, parts, compute):
        return original(kind, parts, lambda: calls.append(kind) or compute())

    monkeypatch.setattr("monitoring.dashboard.cached", counting)
    first = _total(commissioner_a, area_a, period)
    assert _total(commissioner_a, area_a, period) == first == 1028
    assert calls == ["dashboard"]


def test_every_change_of_version_computes_the_figures_again(
    commissioner_a, provider_a, area_a, period, django_capture_on_commit_callbacks
):
    one = [{"ethnicity": "13", "count": 40}]
    with django_capture_on_commit_callbacks(execute=True):
        record = make_return(provider=provider_a, area=area_a, period=period, cells=one)
    first = record.current_version
    assert _total(commissioner_a, area_a, period) == 40
    before = cache.generation()
    # A new version through the door: counted at once, and the figures follow.
    with django_capture_on_commit_callbacks(execute=True):
        record = make_return(
            provider=provider_a,
            area=area_a,
            period=period,
            cells=[{"ethnicity": "13", "count": 41}],
        )
    assert cache.generation() > before
    assert _total(commissioner_a, area_a, period) == 41
    # Sent back: the version before counts again.
    before = cache.generation()
    with django_capture_on_commit_callbacks(execute=True):
        return_version_send_back(
            version=record.current_version, by=commissioner_a, reason="The totals are wrong."
        )
    assert cache.generation() > before
    assert _total(commissioner_a, area_a, period) == 40
    # The version sent back stays as history.
    first.refresh_from_db()
    assert first.status == "current"
    record.refresh_from_db()
    returned = record.versions.get(status="returned")
    assert returned.number > first.number


def test_people_who_see_different_areas_never_share_figures(
    commissioner_a, assessor, provider_a, area_a, period, area_a_return
):
    everywhere = funnel(assessor, period)
    own = funnel(commissioner_a, period)
    assert len(everywhere.points) == 43
    assert [p.area for p in own.points] == [area_a]


def test_a_restored_version_counts_and_its_figures_follow(
    commissioner_a, provider_a, area_a, period, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_return(provider=provider_a, area=area_a, period=period, cells=[{"count": 10}])
        record = make_return(provider=provider_a, area=area_a, period=period, cells=[{"count": 12}])
    old = record.versions.get(status="superseded")
    assert _total(commissioner_a, area_a, period) == 12
    with django_capture_on_commit_callbacks(execute=True):
        return_version_restore(version=old, by=commissioner_a, reason="The earlier one was right.")
    assert _total(commissioner_a, area_a, period) == 10


def _population_share(user, area, period, code) -> float:
    from monitoring.benchmarks import POPULATION

    return build(user, Selection(area=area, period=period)).benchmarks[POPULATION].shares[code]


def test_an_edit_of_the_reference_data_outside_the_loader_computes_the_figures_again(
    commissioner_a, area_a, period, area_a_return, django_capture_on_commit_callbacks
):
    from reference.models import AreaPopulation

    row = AreaPopulation.objects.filter(area=area_a, group__code="13").get()
    before = _population_share(commissioner_a, area_a, period, "13")
    assert _population_share(commissioner_a, area_a, period, "13") == before  # kept
    with django_capture_on_commit_callbacks(execute=True):
        row.count *= 2  # as the admin's form saves it
        row.save()
    after = _population_share(commissioner_a, area_a, period, "13")
    assert after > before
    with django_capture_on_commit_callbacks(execute=True):
        row.delete()
    assert (
        "13"
        not in build(commissioner_a, Selection(area=area_a, period=period))
        .benchmarks["population"]
        .shares
    )


def test_loading_the_reference_data_raises_the_generation_once(
    django_capture_on_commit_callbacks,
):
    from django.core.management import call_command

    with django_capture_on_commit_callbacks() as callbacks:
        call_command("load_reference", verbosity=0, stdout=io.StringIO())
    assert callbacks == [cache._raise_reference_generation]


def test_a_lost_generation_starts_again_past_every_earlier_one():
    before = cache.generation()
    cache._cache().delete(cache.GENERATION)  # as a full cache culls it
    assert cache.generation() > before


def test_the_sweep_deletes_the_figures_of_earlier_generations(
    commissioner_a, area_a, period, area_a_return
):
    from returns.services import submissions_sweep

    cache.generation(cache.REFERENCE_GENERATION)  # the reference data's, which is kept
    _total(commissioner_a, area_a, period)
    cache._raise_generation()
    _total(commissioner_a, area_a, period)
    assert _kept() == 4  # the two generations and the dashboard of each figures generation
    report = submissions_sweep()
    assert report.figures_removed == 1
    assert _kept() == 3  # the reference data's generation stays
    assert _total(commissioner_a, area_a, period) == 1028


def _kept() -> int:
    from django.conf import settings
    from django.db import connection

    table = connection.ops.quote_name(settings.CACHES[cache.CACHE]["LOCATION"])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table}")
        return cursor.fetchone()[0]
