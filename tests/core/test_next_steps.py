"""The home page says what to do next, per person."""

import datetime
from decimal import Decimal

import pytest

from tests.pages import fetch

pytestmark = pytest.mark.django_db


def test_the_commissioner_is_told_of_challenges_and_the_self_assessment(
    client, area_a, period, commissioner_a, assessor
):
    from assurance import services

    services.challenge_raise(area=area_a, text="Show awareness by group.", by=assessor)
    client.force_login(commissioner_a)
    html = fetch(client, "/", title_contains="Home").content.decode()
    assert "What to do next" in html
    assert "Answer 1 challenge from the Ministry of Justice" in html
    assert "Start the self-assessment for" in html


def test_a_second_assessor_is_asked_to_approve_a_suspension(client, area_a, assessor):
    from assurance import services
    from assurance.models import AreaEscalation
    from tests.factories import make_membership, make_user

    AreaEscalation.objects.create(area=area_a, state="escalated")
    services.suspension_request(
        area=area_a,
        amount=Decimal("1000"),
        grant_reference="G-1",
        effective_date=datetime.date(2027, 1, 1),
        reason="Concerns not addressed",
        by=assessor,
    )
    client.force_login(assessor)
    assert "waits for another assessor" in fetch(client, "/").content.decode()
    second = make_user("second@example.gov.uk")
    make_membership(second, "assessor")
    client.force_login(second)
    html = fetch(client, "/").content.decode()
    assert "Approve or turn down the suspension" in html and "Needs you now" in html


def test_nothing_waiting_is_said_plainly(client, provider_a_user):
    client.force_login(provider_a_user)
    assert "Nothing is waiting for you." in fetch(client, "/").content.decode()


def test_four_eyes_is_a_database_rule_too(area_a, assessor):
    from django.db import IntegrityError, transaction
    from django.utils import timezone

    from assurance.models import GrantSuspension

    with pytest.raises(IntegrityError), transaction.atomic():
        GrantSuspension.objects.create(
            area=area_a,
            amount=Decimal("5"),
            grant_reference="G",
            effective_date=datetime.date(2027, 1, 1),
            reason="r",
            requested_by=assessor,
            requested_at=timezone.now(),
            decision="approved",
            decided_by=assessor,
            decided_at=timezone.now(),
        )
