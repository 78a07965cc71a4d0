import pytest

from accounts.authorization import Permission, has_permission

pytestmark = pytest.mark.django_db


def test_provider_may_submit_for_areas_it_serves_only(provider_a_user, provider_a, area_a, area_b):
    assert has_permission(
        provider_a_user, Permission.RETURN_SUBMIT, provider=provider_a, area=area_a
    )
    assert not has_permission(
        provider_a_user, Permission.RETURN_SUBMIT, provider=provider_a, area=area_b
    )


def test_provider_may_not_act_for_another_provider(provider_a_user, provider_b):
    assert not has_permission(provider_a_user, Permission.RETURN_SUBMIT, provider=provider_b)


def test_commissioner_acts_for_own_area_only(
    commissioner_a, area_a, area_b, provider_a, provider_b
):
    assert has_permission(commissioner_a, Permission.ASSESSMENT_SUBMIT, area=area_a)
    assert not has_permission(commissioner_a, Permission.ASSESSMENT_SUBMIT, area=area_b)
    assert has_permission(commissioner_a, Permission.PROVIDER_VIEW, provider=provider_a)
    assert not has_permission(commissioner_a, Permission.PROVIDER_VIEW, provider=provider_b)
    assert not has_permission(commissioner_a, Permission.RETURN_SUBMIT)


def test_assessor_reviews_but_does_not_submit(assessor, area_a):
    assert has_permission(assessor, Permission.ASSESSMENT_RATE, area=area_a)
    assert has_permission(assessor, Permission.ESCALATION_ADVANCE, area=area_a)
    assert not has_permission(assessor, Permission.ASSESSMENT_SUBMIT, area=area_a)
    assert not has_permission(assessor, Permission.RETURN_SUBMIT)


def test_permission_must_be_a_permission(assessor):
    with pytest.raises(TypeError):
        has_permission(assessor, "return_view")


def test_anonymous_has_no_permission():
    from django.contrib.auth.models import AnonymousUser

    assert not any(has_permission(AnonymousUser(), p) for p in Permission)
