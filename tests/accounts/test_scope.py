"""The one place reads are scoped: each actor sees exactly its own rows."""

import pytest

from organisations.models import Provider
from reference.models import Area
from returns.models import Period, Return

pytestmark = pytest.mark.django_db


@pytest.fixture
def returns_in_both_areas(provider_a, provider_b, area_a, area_b):
    period = Period.objects.create(
        code="2026-27-H1", financial_year=2026, half="H1", start="2026-04-01", end="2026-09-30"
    )
    return {
        "a": Return.objects.create(provider=provider_a, area=area_a, period=period),
        "b": Return.objects.create(provider=provider_b, area=area_b, period=period),
    }


def test_provider_sees_only_its_own_returns(provider_a_user, returns_in_both_areas):
    assert list(Return.objects.visible_to(provider_a_user)) == [returns_in_both_areas["a"]]


def test_commissioner_sees_only_its_area(commissioner_a, commissioner_b, returns_in_both_areas):
    assert list(Return.objects.visible_to(commissioner_a)) == [returns_in_both_areas["a"]]
    assert list(Return.objects.visible_to(commissioner_b)) == [returns_in_both_areas["b"]]


def test_assessor_sees_everything(assessor, returns_in_both_areas):
    assert Return.objects.visible_to(assessor).count() == 2
    assert Area.objects.visible_to(assessor).count() == 43


def test_anonymous_sees_nothing(returns_in_both_areas):
    from django.contrib.auth.models import AnonymousUser

    assert not Return.objects.visible_to(AnonymousUser()).exists()
    assert not Area.objects.visible_to(AnonymousUser()).exists()
    assert not Provider.objects.visible_to(AnonymousUser()).exists()


def test_areas_and_providers_are_scoped(
    provider_a_user, commissioner_a, area_a, provider_a, provider_b
):
    assert list(Area.objects.visible_to(commissioner_a)) == [area_a]
    assert list(Area.objects.visible_to(provider_a_user)) == [area_a]
    assert list(Provider.objects.visible_to(commissioner_a)) == [provider_a]
    assert list(Provider.objects.visible_to(provider_a_user)) == [provider_a]


def test_inactive_user_sees_nothing(commissioner_a, returns_in_both_areas):
    commissioner_a.is_active = False
    commissioner_a.save()
    assert not Return.objects.visible_to(commissioner_a).exists()


def test_membership_scope_must_match_role(db, area_a, provider_a):
    from django.db import IntegrityError, transaction

    from tests.factories import make_membership, make_user

    user = make_user("odd@example.org")
    for role, kwargs in [
        ("provider", {"area": area_a}),
        ("commissioner", {"provider": provider_a}),
        ("assessor", {"area": area_a}),
    ]:
        with pytest.raises(IntegrityError), transaction.atomic():
            make_membership(user, role, **kwargs)
