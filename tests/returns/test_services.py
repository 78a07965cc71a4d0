"""The one door (returns/services/versions.py): which version counts, decided in one place.

Every channel ends in `return_submit`; these tests drive it, and the commissioner's
decisions, directly. The channels themselves are driven in test_pages.py and the API tests.
"""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from core.audit import audit  # noqa: F401 - the function every write calls
from returns.cube import cube_from_counts, load_code_ids
from returns.models import CubeCell, Period, Return, ReturnVersion, Submission
from returns.periods import period_ensure, periods_ensure_until, recent_complete_periods
from returns.services import (
    DecisionRefused,
    ExplanationNeeded,
    NotWaiting,
    SubmissionRefused,
    return_ensure,
    return_submit,
    return_version_accept,
    return_version_restore,
    return_version_send_back,
    submission_of_counts,
    submission_open,
    submissions_sweep,
)
from returns.services import versions as door
from returns.workflow import TransitionRefused, check_submission_move, check_version_move
from tests.factories import make_membership, make_user

pytestmark = pytest.mark.django_db
V = ReturnVersion.Status


def cube(total: int, stated: int | None = None, crime: str = "DOMESTIC_ABUSE"):
    stated = total if stated is None else stated
    rows = [{"ethnicity": "7", "crime_type": crime, "outcome": "OPEN", "count": stated}]
    if total > stated:
        rows.append(
            {"ethnicity": "NK", "crime_type": crime, "outcome": "OPEN", "count": total - stated}
        )
    return cube_from_counts(rows, load_code_ids())


def checked(provider, area, period, counts, by=None, channel="upload"):
    return submission_of_counts(
        provider=provider, area=area, period=period, channel=channel, submitted_by=by,
        cube=counts, recorded=["ethnicity", "crime_type", "outcome"],
    )  # fmt: skip


def send(provider, area, period, counts, by=None, explanation=""):
    return return_submit(
        submission=checked(provider, area, period, counts, by), by=by, explanation=explanation
    )


def current(provider, area, period):
    return Return.objects.get(provider=provider, area=area, period=period).current_version


def cells_total(version) -> int:
    return CubeCell.objects.filter(version=version).aggregate(n=Sum("count"))["n"] or 0


@pytest.fixture
def events():
    from assurance.models import AuditEvent

    return AuditEvent.objects


def test_first_version_counts_with_its_totals_and_an_audit_record(
    provider_a, area_a, period, provider_a_user, events
):
    version = send(provider_a, area_a, period, cube(400), by=provider_a_user)
    assert current(provider_a, area_a, period) == version
    assert version.number == 1 and version.status == V.CURRENT and version.counts
    assert version.total_referrals == 400 == cells_total(version)
    assert version.submitted_by == provider_a_user and version.channel == "upload"
    submission = Submission.objects.get(version=version)
    assert submission.status == Submission.Status.SUBMITTED and submission.pending_cube is None
    event = events.get(verb="return_submit")
    assert event.actor == provider_a_user and event.area == area_a
    assert "400 referrals" in event.summary and "counts" in event.summary
    received = events.get(verb="submission_receive")
    assert received.actor == provider_a_user and "number 1 of this return" in received.summary


def test_a_new_version_replaces_the_one_that_counted_and_history_is_kept(
    provider_a, area_a, period
):
    first = send(provider_a, area_a, period, cube(400))
    second = send(provider_a, area_a, period, cube(350))
    first.refresh_from_db()
    assert second.number == 2 and second.replaced == first
    assert first.status == V.SUPERSEDED and current(provider_a, area_a, period) == second
    assert cells_total(first) == 400 and cells_total(second) == 350


def test_failure_mid_write_leaves_everything_as_it_was(
    provider_a, area_a, period, monkeypatch, events
):
    first = send(provider_a, area_a, period, cube(400))
    submission = checked(provider_a, area_a, period, cube(380))
    cells_before, audits_before = CubeCell.objects.count(), events.count()
    real_write = door.write_cube

    def write_then_fail(version_id, counts):
        real_write(version_id, counts)  # half the work done: cells are in the transaction
        raise RuntimeError("disk full")

    monkeypatch.setattr(door, "write_cube", write_then_fail)
    with pytest.raises(RuntimeError, match="disk full"):
        return_submit(submission=submission, by=None)
    first.refresh_from_db()
    submission.refresh_from_db()
    assert first.status == V.CURRENT and current(provider_a, area_a, period) == first
    assert ReturnVersion.objects.filter(return_record_id=first.return_record_id).count() == 1
    assert CubeCell.objects.count() == cells_before and events.count() == audits_before
    assert submission.status == Submission.Status.TO_CONFIRM  # can still be sent


def test_a_provider_not_serving_the_area_is_refused(provider_a, area_b, period):
    with pytest.raises(SubmissionRefused, match="does not serve South Wales"):
        checked(provider_a, area_b, period, cube(3))
    with pytest.raises(SubmissionRefused, match="does not serve"):
        return_ensure(provider=provider_a, area=area_b, period=period)
    assert not Return.objects.exists()


def test_an_unknown_channel_is_refused(provider_a, area_a, period):
    with pytest.raises(SubmissionRefused, match="channel"):
        submission_open(provider=provider_a, area=area_a, period=period, channel="fax",
                        submitted_by=None)  # fmt: skip


def test_a_submission_is_sent_once(provider_a, area_a, period):
    submission = checked(provider_a, area_a, period, cube(5))
    return_submit(submission=submission, by=None)
    with pytest.raises(NotWaiting, match="already been sent"):
        return_submit(submission=submission, by=None)
    assert ReturnVersion.objects.count() == 1


# The order submissions were made decides, never the order they were confirmed ----------


def test_an_older_submission_confirmed_after_a_newer_one_is_kept_as_history(
    provider_a, area_a, period
):
    slow = checked(provider_a, area_a, period, cube(1800))  # made first
    quick = checked(provider_a, area_a, period, cube(1700))  # made second
    correction = return_submit(submission=quick, by=None)
    stale = return_submit(submission=slow, by=None)
    assert stale.status == V.OVERTAKEN and not stale.counts
    assert current(provider_a, area_a, period) == correction
    assert cells_total(stale) == 1800  # kept as history, with its counts
    with pytest.raises(DecisionRefused):
        return_version_accept(version=stale, by=make_user("c@example.org"))


def test_a_newer_submission_confirmed_after_an_older_one_counts(provider_a, area_a, period):
    older = checked(provider_a, area_a, period, cube(100))
    newer = checked(provider_a, area_a, period, cube(90))
    first = return_submit(submission=older, by=None)
    second = return_submit(submission=newer, by=None)
    first.refresh_from_db()
    assert second.status == V.CURRENT and first.status == V.SUPERSEDED


def test_sequences_follow_the_order_submissions_were_made(provider_a, area_a, period):
    made = [checked(provider_a, area_a, period, cube(10 + i)) for i in range(3)]
    assert [s.sequence for s in made] == [1, 2, 3]
    assert Return.objects.get().last_sequence == 3


# Queries, and the commissioner's acceptance ------------------------------------------


def test_a_queried_version_waits_for_acceptance_and_the_figures_stand(
    provider_a, area_a, period, commissioner_a, provider_a_user, django_capture_on_commit_callbacks
):
    make_membership(make_user("ops@commissioner.example.org"), "commissioner", area=area_a)
    first = send(provider_a, area_a, period, cube(1802))
    wiped = checked(provider_a, area_a, period, cube(8), by=provider_a_user)
    assert [q["code"] for q in wiped.queries] == ["total_changed_since_last_version"]
    with pytest.raises(ExplanationNeeded, match="Explain each query"):
        return_submit(submission=wiped, by=provider_a_user, explanation="short")
    with django_capture_on_commit_callbacks(execute=True):
        waiting = return_submit(
            submission=wiped, by=provider_a_user, explanation="Only the first week was exported."
        )
    assert waiting.status == V.AWAITING and waiting.held_for == "queries"
    assert current(provider_a, area_a, period) == first  # 1,802 still counts
    assert waiting.explanation == "Only the first week was exported."
    (message,) = mail.outbox
    assert "waits for your acceptance" in message.subject
    assert set(message.to) == {"commissioner.a@example.org", "ops@commissioner.example.org"}

    accepted = return_version_accept(version=waiting, by=commissioner_a, reason="Checked.")
    first.refresh_from_db()
    assert accepted.status == V.CURRENT and accepted.decision == "accepted"
    assert accepted.decided_by == commissioner_a and accepted.decision_reason == "Checked."
    assert first.status == V.SUPERSEDED and current(provider_a, area_a, period) == accepted


def test_acceptance_makes_every_earlier_submission_history(
    provider_a, area_a, period, commissioner_a
):
    send(provider_a, area_a, period, cube(100))
    waiting = send(provider_a, area_a, period, cube(20), explanation="A contract ended in May.")
    in_flight = checked(provider_a, area_a, period, cube(99))  # made before the decision
    return_version_accept(version=waiting, by=commissioner_a)
    late = return_submit(submission=in_flight, by=None)
    assert late.status == V.OVERTAKEN and current(provider_a, area_a, period) == waiting
    after = send(provider_a, area_a, period, cube(21))  # made after the decision
    assert after.status == V.CURRENT


def test_a_newer_waiting_version_overtakes_an_older_waiting_one(provider_a, area_a, period):
    send(provider_a, area_a, period, cube(100))
    one = send(provider_a, area_a, period, cube(10), explanation="A test export, first try.")
    two = send(provider_a, area_a, period, cube(12), explanation="A test export, second try.")
    one.refresh_from_db()
    assert one.status == V.OVERTAKEN and two.status == V.AWAITING


def test_a_version_that_counted_can_be_returned_and_the_one_before_counts_again(
    provider_a,
    area_a,
    period,
    commissioner_a,
    provider_a_user,
    django_capture_on_commit_callbacks,
    events,
):
    first = send(provider_a, area_a, period, cube(100))
    second = send(provider_a, area_a, period, cube(90))
    with pytest.raises(DecisionRefused, match="Say why"):
        return_version_send_back(version=second, by=commissioner_a, reason="no")
    with django_capture_on_commit_callbacks(execute=True):
        returned = return_version_send_back(
            version=second, by=commissioner_a, reason="Ninety is not the team's count for May."
        )
    first.refresh_from_db()
    assert returned.status == V.RETURNED and returned.decision == "returned"
    assert first.status == V.CURRENT and current(provider_a, area_a, period) == first
    (message,) = mail.outbox
    assert message.to == [provider_a_user.email] and "Ninety is not" in message.body
    assert "Version 1 counts again" in message.body
    assert events.filter(verb="return_send_back", actor=commissioner_a).exists()


def test_returning_the_only_version_leaves_none_counting(
    provider_a, area_a, period, commissioner_a
):
    only = send(provider_a, area_a, period, cube(100))
    return_version_send_back(version=only, by=commissioner_a, reason="This is another area's.")
    assert current(provider_a, area_a, period) is None


def test_a_waiting_version_can_be_returned_and_the_figures_stand(
    provider_a, area_a, period, commissioner_a
):
    first = send(provider_a, area_a, period, cube(100))
    waiting = send(provider_a, area_a, period, cube(8), explanation="We lost most of the export.")
    return_version_send_back(version=waiting, by=commissioner_a, reason="Send the full export.")
    assert current(provider_a, area_a, period) == first


def test_an_earlier_version_can_be_made_current_again(
    provider_a, area_a, period, commissioner_a, events
):
    first = send(provider_a, area_a, period, cube(1802))
    second = send(provider_a, area_a, period, cube(1700))
    in_flight = checked(provider_a, area_a, period, cube(1750))
    with pytest.raises(DecisionRefused, match="only a version that was replaced"):
        return_version_restore(version=second, by=commissioner_a, reason="It is the right one.")
    restored = return_version_restore(
        version=first, by=commissioner_a, reason="Version 2 dropped a team."
    )
    second.refresh_from_db()
    assert restored.status == V.CURRENT and restored.decision == "restored"
    assert second.status == V.SUPERSEDED and current(provider_a, area_a, period) == first
    assert return_submit(submission=in_flight, by=None).status == V.OVERTAKEN
    assert events.filter(verb="return_restore", summary__contains="dropped a team").exists()


def test_once_the_self_assessment_is_submitted_new_versions_wait(
    provider_a, area_a, period, commissioner_a, monkeypatch
):
    first = send(provider_a, area_a, period, cube(100))
    monkeypatch.setattr(door, "assessment_submitted", lambda area, period: True)
    later = send(provider_a, area_a, period, cube(101))
    assert later.status == V.AWAITING and later.held_for == "assessment_submitted"
    assert current(provider_a, area_a, period) == first


def test_assessment_submitted_reads_the_area_and_period(area_a, area_b, period, commissioner_a):
    from tests.assurance.conftest import submitted_assessment

    assert not door.assessment_submitted(area_a, period)
    submitted_assessment(area_a, period, commissioner_a)
    assert door.assessment_submitted(area_a, period)
    assert not door.assessment_submitted(area_b, period)


# Confirmation expires -------------------------------------------------------------------


def test_an_unconfirmed_submission_expires_and_its_counts_go(provider_a, area_a, period):
    submission = checked(provider_a, area_a, period, cube(5))
    report = submissions_sweep(now=timezone.now() + timedelta(days=8))
    submission.refresh_from_db()
    assert report.expired == 1
    assert submission.status == Submission.Status.EXPIRED and submission.pending_cube is None
    with pytest.raises(NotWaiting, match="not confirmed in time"):
        return_submit(submission=submission, by=None)


def test_a_submission_past_its_time_cannot_be_sent_before_the_sweep(provider_a, area_a, period):
    submission = checked(provider_a, area_a, period, cube(5))
    Submission.objects.filter(pk=submission.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    with pytest.raises(NotWaiting, match="expired"):
        return_submit(submission=submission, by=None)


# The tables and the database's own guards ----------------------------------------------


def test_the_transition_tables_refuse_what_is_not_in_them():
    check_version_move(V.AWAITING, V.CURRENT)
    check_version_move(V.SUPERSEDED, V.CURRENT)
    for before, after in [
        (V.RETURNED, V.CURRENT),
        (V.OVERTAKEN, V.CURRENT),
        (V.CURRENT, V.AWAITING),
    ]:
        with pytest.raises(TransitionRefused):
            check_version_move(before, after)
    with pytest.raises(TransitionRefused):
        check_submission_move(Submission.Status.REJECTED, Submission.Status.SUBMITTED)


def test_a_decision_needs_who_and_when_and_a_return_needs_why(provider_a, area_a, period):
    version = send(provider_a, area_a, period, cube(5))
    for changes in (
        {"decision": "accepted"},  # no one, no time
        {"decision": "returned", "status": "returned", "decided_at": timezone.now()},
        {"status": "returned"},  # returned without the decision
        {"status": "awaiting", "held_for": ""},  # waiting without saying why
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            ReturnVersion.objects.filter(pk=version.pk).update(**changes)


def test_one_version_counts_at_most(provider_a, area_a, period):
    send(provider_a, area_a, period, cube(5))
    second = send(provider_a, area_a, period, cube(6))
    with pytest.raises(IntegrityError), transaction.atomic():
        ReturnVersion.objects.exclude(pk=second.pk).update(status="current")


# Periods --------------------------------------------------------------------------------


def test_return_ensure_makes_an_unsubmitted_return_once(provider_a, area_a, period):
    record = return_ensure(provider=provider_a, area=area_a, period=period)
    assert record.current_version_id is None
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
def test_the_latest_complete_period_is_the_last_to_end_before_today(db, today, code):
    periods_ensure_until(today)
    assert recent_complete_periods(1, today)[0].code == code
