"""Emails after commit to the right people; reminders once a day; the national selectors."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assurance import services
from assurance.models import ActionReminder, AreaEscalation, EscalationState
from assurance.selectors import all_areas_status, area_assurance_status
from tests.assurance.conftest import submitted_assessment

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2027, 1, 10)


def test_submission_emails_the_assessors_after_commit(
    area_a, period, commissioner_a, commissioner_b, assessor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        submitted_assessment(area_a, period, commissioner_a)
    assert len(callbacks) == 1
    (message,) = mail.outbox
    assert message.to == [assessor.email]
    assert "West Midlands submitted" in message.subject
    assert f"/standards/areas/{area_a.slug}/periods/{period.code}/review/" in message.body


def test_nothing_is_sent_when_the_write_is_refused(
    area_a, period, commissioner_a, assessor, django_capture_on_commit_callbacks
):
    draft = services.assessment_start(area=area_a, period=period, by=commissioner_a)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(services.Refused),
    ):
        services.assessment_submit(assessment=draft, by=commissioner_a)
    assert callbacks == [] and mail.outbox == []


def test_challenge_and_escalation_emails(
    area_a, commissioner_a, commissioner_b, assessor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        challenge = services.challenge_raise(area=area_a, text="Explain the gap", by=assessor)
    subjects = {m.subject: m.to for m in mail.outbox}
    assert subjects["Reach: The Ministry of Justice has raised a challenge"] == [
        commissioner_a.email
    ]
    assert subjects["Reach: West Midlands: challenged"] == sorted(
        [commissioner_a.email, assessor.email]
    )
    assert all(commissioner_b.email not in to for to in subjects.values())
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.challenge_respond(challenge=challenge, response="Here", by=commissioner_a)
        services.escalation_advance(
            area=area_a, to=EscalationState.ESCALATED, reason="No plan", by=assessor
        )
    assert [m.to for m in mail.outbox][0] == [assessor.email]
    assert "Reason given: No plan" in mail.outbox[1].body


def test_reminders_go_once_per_action_per_day(
    area_a, commissioner_a, assessor, django_capture_on_commit_callbacks
):
    AreaEscalation.objects.create(area=area_a, state=EscalationState.CHALLENGED)
    soon = services.action_add(
        area=area_a,
        description="Soon",
        owner="A",
        due_date=TODAY + datetime.timedelta(days=5),
        by=assessor,
    )
    late = services.action_add(
        area=area_a,
        description="Late",
        owner="B",
        due_date=TODAY - datetime.timedelta(days=1),
        by=assessor,
    )
    services.action_add(
        area=area_a,
        description="Far",
        owner="C",
        due_date=TODAY + datetime.timedelta(days=30),
        by=assessor,
    )
    done = services.action_add(
        area=area_a,
        description="Done",
        owner="D",
        due_date=TODAY - datetime.timedelta(days=9),
        by=assessor,
    )
    services.action_plan_agree(plan=soon.plan, by=assessor)
    services.action_update(action=done, status="done", by=assessor)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_action_reminders", today=TODAY, stdout=io.StringIO())
        call_command("send_action_reminders", today=TODAY, stdout=io.StringIO())
    kinds = dict(ActionReminder.objects.values_list("action__description", "kind"))
    assert kinds == {"Soon": "due_soon", "Late": "overdue"}
    assert len(mail.outbox) == 2
    assert {m.subject for m in mail.outbox} == {
        "Reach: West Midlands: an action is overdue",
        "Reach: West Midlands: an action is due soon",
    }
    assert sorted(mail.outbox[0].to) == sorted([commissioner_a.email, assessor.email])
    # The next day, they are sent again (once that day).
    services.action_reminders_send(today=TODAY + datetime.timedelta(days=1))
    assert ActionReminder.objects.filter(action=late).count() == 2


def test_area_status_shape(area_a, period, commissioner_a, assessor):
    assessment = submitted_assessment(area_a, period, commissioner_a)
    qs2 = assessment.edition.standards.get(number=2)
    services.assessment_rate(
        assessment=assessment, standard=qs2, rating="not_met", comment="No", by=assessor
    )
    services.assessment_rate(
        assessment=assessment, standard=qs2, rating="partly_met", comment="Better", by=assessor
    )
    services.challenge_raise(area=area_a, text="Explain", by=assessor)
    action = services.action_add(
        area=area_a, description="x", owner="y", due_date=datetime.date(2020, 1, 1), by=assessor
    )
    services.action_plan_agree(plan=action.plan, by=assessor)
    status = area_assurance_status(area_a)
    assert status["area_id"] == area_a.pk
    assert (
        status["latest_assessment"]["version"] == 1
        and status["latest_assessment"]["period"] == period.code
    )
    assert list(status["assessments"]) == [period.code]
    assert status["ratings"][2]["rating"] == "partly_met"
    assert status["ratings"][2]["label"] == "Partly met – improvement needed"
    assert 1 not in status["ratings"]
    assert status["escalation"]["state"] == "action_plan_agreed"
    assert status["escalation"]["label"] == "Action plan agreed"
    assert (
        status["open_challenges"],
        status["answered_challenges"],
        status["overdue_actions"],
    ) == (1, 0, 1)


def test_all_areas_in_a_few_queries(area_a, area_b, period, commissioner_a, assessor):
    submitted_assessment(area_a, period, commissioner_a)
    services.challenge_raise(area=area_b, text="Nothing submitted", by=assessor)
    with CaptureQueriesContext(connection) as queries:
        statuses = all_areas_status()
    assert len(queries) <= 7
    assert len(statuses) == 43
    assert statuses[area_a.pk]["latest_assessment"] is not None
    assert statuses[area_b.pk]["escalation"]["state"] == "challenged"
    assert statuses[area_b.pk]["latest_assessment"] is None
