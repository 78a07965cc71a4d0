"""Due dates, what providers owe, what commissioners see, and reminders sent once."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command

from returns.models import Period, ReturnReminder
from returns.periods import period_ensure
from returns.selectors import commissioner_panel, owed_returns, provider_panel
from returns.services import DecisionRefused
from returns.services.deadlines import period_due_date_set
from returns.services.reminders import return_reminders_send
from tests.factories import make_provider, make_return

pytestmark = pytest.mark.django_db


def test_returns_are_due_a_month_after_the_period_ends(db):
    h1, h2 = period_ensure(2026, "H1"), period_ensure(2026, "H2")
    assert h1.due_date == date(2026, 10, 31) and h2.due_date == date(2027, 4, 30)


def test_the_assessor_changes_a_due_date_with_a_reason(period, assessor):
    from assurance.models import AuditEvent

    with pytest.raises(DecisionRefused, match="Say why"):
        period_due_date_set(period=period, due_on=date(2026, 11, 15), by=assessor, reason=" ")
    with pytest.raises(DecisionRefused, match="cannot be due before the period ends"):
        period_due_date_set(period=period, due_on=date(2026, 9, 1), by=assessor, reason="Early")
    changed = period_due_date_set(
        period=period, due_on=date(2026, 11, 15), by=assessor, reason="System outage in October"
    )
    assert changed.due_date == date(2026, 11, 15) and changed.due_on == date(2026, 11, 15)
    event = AuditEvent.objects.get(verb="period_due_date_set")
    assert event.actor == assessor and "31 October 2026 to 15 November 2026" in event.summary
    back = period_due_date_set(
        period=period, due_on=date(2026, 10, 31), by=assessor, reason="Back to normal"
    )
    assert back.due_on is None and back.due_date == date(2026, 10, 31)


def _today_after(period, days):
    return period.due_date + timedelta(days=days)


def test_a_provider_owes_the_latest_period_and_every_period_since_its_first_return(area_a, db):
    p24h1, p24h2, p25h1 = (
        period_ensure(2024, "H1"),
        period_ensure(2024, "H2"),
        period_ensure(2025, "H1"),
    )
    new = make_provider(name="New service", areas=[area_a])
    steady = make_provider(name="Steady service", areas=[area_a])
    make_return(provider=steady, area=area_a, period=p24h1, cells=[{"ethnicity": "13", "count": 4}])
    today = date(2025, 12, 1)
    owed = owed_returns(type(new).objects.filter(pk__in=[new.pk, steady.pk]), today=today,
                        periods=[p24h1, p24h2, p25h1])  # fmt: skip
    assert {(o.provider.name, o.period.code, o.overdue) for o in owed} == {
        ("New service", "2025-26-H1", True),
        ("Steady service", "2024-25-H2", True),
        ("Steady service", "2025-26-H1", True),
    }


def test_a_returned_version_leaves_the_return_owed(
    provider_a, area_a, period, commissioner_a, provider_a_user
):
    from returns.services import return_version_send_back

    record = make_return(
        provider=provider_a, area=area_a, period=period, cells=[{"ethnicity": "13", "count": 4}]
    )
    return_version_send_back(
        version=record.current_version, by=commissioner_a, reason="Wrong area, please resend."
    )
    (owed,) = provider_panel(provider_a_user)["overdue"]
    assert owed.returned is not None and owed.period == period


def test_commissioners_see_late_waiting_returned_and_sharp_changes(area_a, commissioner_a, period):
    from returns.services import return_version_send_back
    from tests.returns.test_services import cube, send

    previous = period_ensure(2025, "H2")
    late = make_provider(name="Late service", areas=[area_a])
    make_return(
        provider=late, area=area_a, period=previous, cells=[{"ethnicity": "13", "count": 9}]
    )
    waiting = make_provider(name="Waiting service", areas=[area_a])
    make_return(
        provider=waiting, area=area_a, period=previous, cells=[{"ethnicity": "13", "count": 10}]
    )
    send(waiting, area_a, period, cube(40), explanation="A new referral route opened.")
    sharp = make_provider(name="Sharp service", areas=[area_a])
    make_return(
        provider=sharp, area=area_a, period=previous, cells=[{"ethnicity": "13", "count": 10}]
    )
    make_return(
        provider=sharp, area=area_a, period=period, cells=[{"ethnicity": "13", "count": 30}]
    )
    returned = make_provider(name="Returned service", areas=[area_a])
    make_return(
        provider=returned, area=area_a, period=previous, cells=[{"ethnicity": "13", "count": 5}]
    )
    record = make_return(
        provider=returned, area=area_a, period=period, cells=[{"ethnicity": "13", "count": 6}]
    )
    return_version_send_back(
        version=record.current_version, by=commissioner_a, reason="These are last year's."
    )
    panel = commissioner_panel(commissioner_a, area_a, today=date(2026, 12, 1))
    assert {o.provider.name for o in panel["late"]} == {"Late service", "Returned service"}
    assert [v.return_record.provider.name for v in panel["awaiting"]] == ["Waiting service"]
    assert [v.return_record.provider.name for v in panel["returned"]] == ["Returned service"]
    assert [c["record"].provider.name for c in panel["changed"]] == ["Sharp service"]


def test_reminders_a_week_before_and_once_overdue_never_twice(
    provider_a, provider_a_user, area_a, db, django_capture_on_commit_callbacks
):
    period = period_ensure(2026, "H1")
    week_before = period.due_date - timedelta(days=6)
    with django_capture_on_commit_callbacks(execute=True):
        sent = return_reminders_send(today=week_before)
        assert (sent.due_soon, sent.overdue) == (1, 0)
        assert return_reminders_send(today=week_before).due_soon == 0
        sent = return_reminders_send(today=period.due_date + timedelta(days=1))
        assert (sent.due_soon, sent.overdue) == (0, 1)
        assert return_reminders_send(today=period.due_date + timedelta(days=9)).overdue == 0
    assert ReturnReminder.objects.count() == 2
    assert [m.to for m in mail.outbox] == [[provider_a_user.email]] * 2
    assert "is due on 31 October 2026" in mail.outbox[0].subject
    assert "overdue" in mail.outbox[1].subject


def test_no_reminder_once_the_return_is_in(provider_a, provider_a_user, area_a, period):
    make_return(
        provider=provider_a, area=area_a, period=period, cells=[{"ethnicity": "13", "count": 4}]
    )
    sent = return_reminders_send(today=period.due_date + timedelta(days=1))
    assert (sent.due_soon, sent.overdue) == (0, 0) and not mail.outbox


def test_the_reminder_command_says_what_it_sent(
    provider_a, provider_a_user, area_a, period, capsys
):
    call_command("send_return_reminders")
    assert "Return reminders sent" in capsys.readouterr().out


def test_providers_see_what_is_due_only_for_their_own_areas(
    provider_a_user, provider_b_user, provider_a, area_a, period
):
    a = provider_panel(provider_a_user)
    assert [(o.area, o.period) for o in a["overdue"]] == [(area_a, period)]
    assert all(o.provider == provider_a for o in a["overdue"] + a["due"])
    assert all(o.area != area_a for o in provider_panel(provider_b_user)["overdue"])


def test_period_due_date_has_a_database_guard(period):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Period.objects.filter(pk=period.pk).update(due_on=date(2026, 5, 1))
