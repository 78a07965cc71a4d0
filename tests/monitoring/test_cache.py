"""Figures computed from the current versions are kept, and every change of a current
version (the door, acceptance, sending back, restoring) makes them be computed again
(monitoring/cache.py)."""

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
