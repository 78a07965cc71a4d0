"""The one door: every version of a return is made here, and only here is it decided which
version counts (`Return.current_version`, what dashboards, reports and the national view
read). docs/returns.md explains the rules; in short:

- `return_submit` stores a checked submission the provider has confirmed, whatever its
  channel (upload, API file, API rows, web form, demo data). It counts at once unless it
  raised a query or the area's self-assessment for the period has been submitted; then
  it waits for the commissioner's acceptance.
- The order submissions were *made* decides, never the order their checks finished:
  each submission takes its place (`sequence`) inside a lock on the return when it is
  made, and one at or below the return's `floor_sequence` is kept as history and never
  counts. A version that counts raises the floor to its own place; a commissioner's
  decision raises it to every submission made before the decision.
- The commissioner accepts a waiting version, returns a version with a reason (a
  version that counted gives way to the one it replaced), or makes an earlier version
  current again. Each step records who, when and why, and writes its audit record in
  the same transaction.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from core.audit import audit
from monitoring import margins
from returns import notifications
from returns.cube import Cube
from returns.ingest.rules.explanations import decision_reason_problem, explanation_problem
from returns.models import Return, ReturnVersion, Submission
from returns.services._common import (
    DecisionRefused,
    ExplanationNeeded,
    NotWaiting,
    check_serves,
    next_number,
)
from returns.storage import cube_from_bytes, write_cube
from returns.workflow import check_submission_move, check_version_move

V = ReturnVersion.Status


def return_ensure(*, provider, area, period) -> Return:
    """The provider's return for the area and period, created empty (not submitted) if new.

    An empty return is how "not submitted" shows: it exists, with no current version.
    """
    check_serves(provider, area)
    with transaction.atomic():
        return Return.objects.get_or_create(provider=provider, area=area, period=period)[0]


def assessment_submitted(area, period) -> bool:
    """Has the area's self-assessment for the period been submitted to the Ministry of
    Justice? Then its figures are settled and any new version waits for acceptance (as
    a period is locked once its data is approved)."""
    from assurance.models import SelfAssessment

    return SelfAssessment.objects.filter(
        area=area, period=period, status__in=["submitted", "superseded"]
    ).exists()


def _move(version: ReturnVersion, to: str) -> None:
    check_version_move(version.status, to)
    version.status = to


def _overtake_waiting(record: Return, *, below: int) -> int:
    """Waiting versions made before `below` can no longer count: kept as history."""
    waiting = list(record.versions.filter(status=V.AWAITING, sequence__lte=below))
    for version in waiting:
        _move(version, V.OVERTAKEN)
    ReturnVersion.objects.bulk_update(waiting, ["status"])
    return len(waiting)


def _supersede_current(record: Return) -> ReturnVersion | None:
    """The version that counts stops counting (saved first: one current per return)."""
    previous = record.current_version
    if previous is not None:
        _move(previous, V.SUPERSEDED)
        previous.save(update_fields=["status"])
    return previous


def _point_at(record: Return, version: ReturnVersion, *, floor: int) -> None:
    """The single place `Return.current_version` is moved to a version."""
    record.current_version = version
    record.floor_sequence = max(record.floor_sequence, floor)
    record.save(update_fields=["current_version", "floor_sequence"])


def _make_current(record: Return, version: ReturnVersion, *, floor: int) -> ReturnVersion | None:
    """An existing version counts from now on; returns the one it replaced."""
    check_version_move(version.status, V.CURRENT)
    previous = _supersede_current(record)
    version.status = V.CURRENT
    version.save(update_fields=["status"])
    _point_at(record, version, floor=floor)
    return previous


def _lock(record_id) -> Return:
    # Only the return's own row is locked: PostgreSQL will not lock the nullable side of the
    # outer join to the current version, and the lock on the return is what orders writers.
    return (
        Return.objects.select_for_update(of=("self",))
        .select_related("provider", "area", "period", "current_version")
        .get(pk=record_id)
    )


def return_submit(
    *,
    submission: Submission,
    by,
    explanation: str = "",
    cube: Cube | None = None,
    codes=None,
) -> ReturnVersion:
    """Store a checked submission as a new version of its return: the one door.

    `submission` must be waiting for confirmation (Submission.Status.TO_CONFIRM); its counts
    are `cube` when the caller holds them, else the ones it kept (and `codes`, the
    reference codes' ids, when the caller has them read). Its queries are worked
    out again against the return as it stands now, and must be explained. In one
    transaction, under a lock on the return: the version is made as counting, waiting for
    acceptance or kept as history (see the module's docstring), its cells written, the
    submission marked sent, the audit record written. Any failure leaves everything as
    it was. Raises SubmissionRefused with a message for the person.
    """
    from returns.models import WebFormDraft
    from returns.services.submissions import CONFIRM_DAYS

    explanation = explanation.strip()
    now = timezone.now()
    with transaction.atomic():
        record = _lock(submission.return_record_id)
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        if locked.status != Submission.Status.TO_CONFIRM:
            raise NotWaiting(not_waiting_message(locked))
        if locked.expires_at <= now:
            raise NotWaiting(
                f"This return was not confirmed within {CONFIRM_DAYS} days of its check, so "
                "it has expired. Send it again."
            )
        if cube is None:
            if locked.pending_cube is None:
                raise NotWaiting("This submission holds no counts to send. Send it again.")
            cube = cube_from_bytes(bytes(locked.pending_cube))
        current = record.current_version
        queries, status, held_for = _outcome(record, locked, cube, codes)
        if queries and status != V.OVERTAKEN and (problem := explanation_problem(explanation)):
            raise ExplanationNeeded(problem)
        check_version_move(None, status)
        replaced = _supersede_current(record) if status == V.CURRENT else None
        version = ReturnVersion.objects.create(
            return_record=record,
            number=next_number(record),
            sequence=locked.sequence,
            status=status,
            held_for=held_for,
            replaced=replaced,
            channel=locked.channel,
            submitted_by=locked.submitted_by or by,
            submitted_at=now,
            file_name=locked.file_name,
            file_sha256=locked.file_sha256,
            file_bytes=locked.file_bytes,
            row_count=locked.row_count,
            total_referrals=cube.total,
            stated_ethnicity=cube.stated_ethnicity,
            queries=queries,
            explanation=explanation if queries else "",
            notes=locked.notes,
            mapping_used=locked.mapping_used,
        )
        write_cube(version.pk, cube)
        margins.store(version.pk, cube)
        if status == V.CURRENT:
            _point_at(record, version, floor=locked.sequence)
        if status in (V.CURRENT, V.AWAITING):
            _overtake_waiting(record, below=locked.sequence - 1)
        if locked.channel == ReturnVersion.Channel.WEB_FORM:
            WebFormDraft.objects.filter(
                provider=record.provider, area=record.area, period=record.period
            ).delete()  # sent: the draft it came from is done with
        check_submission_move(locked.status, Submission.Status.SUBMITTED)
        locked.status = Submission.Status.SUBMITTED
        locked.version = version
        locked.pending_cube = None
        locked.queries = queries
        locked.query_count = len(queries)
        locked.explanation = version.explanation
        locked.stage = version.get_status_display()
        locked.finished_at = now
        locked.save()
        audit(
            by=by,
            verb="return_submit",
            target=version,
            area=record.area,
            summary=_submit_summary(version, current),
        )
        if status == V.AWAITING:
            notifications.version_awaiting(version)
    return version


def _outcome(
    record: Return, submission: Submission, cube: Cube, codes=None
) -> tuple[list, str, str]:
    """(queries, the status the version would have, why it would wait) if sent now."""
    from returns.ingest.queries import cube_queries
    from returns.services.submissions import previous_total

    current = record.current_version
    queries = cube_queries(
        cube,
        recorded=submission.context.get("recorded"),
        headings=submission.context.get("headings", {}),
        previous_total=previous_total(
            provider=record.provider, area=record.area, period=record.period
        ),
        replaced_total=current.total_referrals if current else None,
        codes=codes,
        area=record.area,
    )
    if submission.sequence <= record.floor_sequence:
        return queries, V.OVERTAKEN, ""
    if queries:
        return queries, V.AWAITING, ReturnVersion.HeldFor.QUERIES
    if assessment_submitted(record.area, record.period):
        return queries, V.AWAITING, ReturnVersion.HeldFor.ASSESSMENT_SUBMITTED
    return queries, V.CURRENT, ""


@dataclass(frozen=True)
class Preview:
    """What sending a checked submission now would do: for the "check your answers" page."""

    queries: list
    status: str
    held_for: str
    current: ReturnVersion | None
    cube: Cube


def submission_preview(submission: Submission) -> Preview | None:
    """What would happen if the provider sent this submission now (None: nothing to send)."""
    if submission.status != Submission.Status.TO_CONFIRM or submission.pending_cube is None:
        return None
    record = Return.objects.select_related("provider", "area", "period", "current_version").get(
        pk=submission.return_record_id
    )
    cube = cube_from_bytes(bytes(submission.pending_cube))
    queries, status, held_for = _outcome(record, submission, cube)
    return Preview(queries, status, held_for, record.current_version, cube)


def _submit_summary(version: ReturnVersion, current: ReturnVersion | None) -> str:
    before = (
        f"version {current.number} had {current.total_referrals:,}" if current else "none before"
    )
    return (
        f"{version.get_channel_display()}: {version.total_referrals:,} referrals ({before}); "
        f"{version.get_status_display().lower()}"
        + (f", {version.get_held_for_display().lower()}" if version.held_for else "")
    )


def not_waiting_message(submission: Submission) -> str:
    S = Submission.Status
    if submission.status == S.SUBMITTED:
        return "This return has already been sent."
    if submission.status == S.EXPIRED:
        return "This return was not confirmed in time, so it has expired. Send it again."
    if submission.status == S.DISCARDED:
        return "This return was discarded. Send it again if it is the right one."
    if submission.status == S.REJECTED:
        return "This return has problems to fix: fix the file and send it again."
    if submission.status in (S.QUEUED, S.PROCESSING):
        return "This return is still being checked. Confirm it once the check has finished."
    return "This return could not be checked. Send it again."


def _lock_version(version: ReturnVersion) -> tuple[Return, ReturnVersion]:
    record = _lock(version.return_record_id)
    return record, ReturnVersion.objects.select_for_update().get(pk=version.pk)


def _decide(version: ReturnVersion, decision: str, by, reason: str, now) -> None:
    version.decision = decision
    version.decided_by = by
    version.decided_at = now
    version.decision_reason = reason


def return_version_accept(*, version: ReturnVersion, by, reason: str = "") -> ReturnVersion:
    """The commissioner accepts a version: a waiting one then counts (and every submission
    made before this decision can no longer replace it); one that already counts is
    marked as accepted."""
    reason = reason.strip()
    now = timezone.now()
    with transaction.atomic():
        record, locked = _lock_version(version)
        if locked.status == V.AWAITING:
            if locked.sequence <= record.floor_sequence:
                raise DecisionRefused(
                    "A later return has counted since this version was made, so it can no "
                    "longer be accepted."
                )
            locked.replaced = _make_current(record, locked, floor=record.last_sequence)
            locked.held_for = ""
            _overtake_waiting(record, below=record.last_sequence)
        elif locked.status != V.CURRENT:
            raise DecisionRefused(
                f"Version {locked.number} is {locked.get_status_display().lower()}: only a "
                "version waiting for acceptance, or the one that counts, can be accepted."
            )
        _decide(locked, ReturnVersion.Decision.ACCEPTED, by, reason, now)
        locked.save()
        audit(
            by=by,
            verb="return_accept",
            target=locked,
            area=record.area,
            summary=reason or f"{locked.total_referrals:,} referrals accepted",
        )
    return locked


def return_version_send_back(*, version: ReturnVersion, by, reason: str) -> ReturnVersion:
    """The commissioner returns a version to the provider with a reason (the provider is
    emailed). A returned version never counts: if it counted, the version it replaced
    counts again (or none, if there was none)."""
    reason = reason.strip()
    if problem := decision_reason_problem(reason):
        raise DecisionRefused(problem)
    now = timezone.now()
    with transaction.atomic():
        record, locked = _lock_version(version)
        if locked.status not in (V.AWAITING, V.CURRENT):
            raise DecisionRefused(
                f"Version {locked.number} is {locked.get_status_display().lower()}: only a "
                "version waiting for acceptance, or the one that counts, can be returned."
            )
        was_current = locked.status == V.CURRENT
        _move(locked, V.RETURNED)
        locked.held_for = ""
        _decide(locked, ReturnVersion.Decision.RETURNED, by, reason, now)
        if was_current:
            record.current_version = None
            record.save(update_fields=["current_version"])
        locked.save()
        restored = None
        if was_current and locked.replaced_id:
            earlier = ReturnVersion.objects.select_for_update().get(pk=locked.replaced_id)
            if earlier.status == V.SUPERSEDED:
                _make_current(record, earlier, floor=record.floor_sequence)
                restored = earlier
        audit(
            by=by,
            verb="return_send_back",
            target=locked,
            area=record.area,
            summary=reason
            + (f" (version {restored.number} counts again)" if restored else "")
            + (" (no version counts now)" if was_current and not restored else ""),
        )
        notifications.version_returned(locked, restored=restored)
    return locked


def return_version_restore(*, version: ReturnVersion, by, reason: str) -> ReturnVersion:
    """The commissioner makes an earlier version count again, with a reason. Every
    submission made before this decision can no longer replace it."""
    reason = reason.strip()
    if problem := decision_reason_problem(reason):
        raise DecisionRefused(problem)
    now = timezone.now()
    with transaction.atomic():
        record, locked = _lock_version(version)
        if locked.status != V.SUPERSEDED:
            raise DecisionRefused(
                f"Version {locked.number} is {locked.get_status_display().lower()}: only a "
                "version that was replaced can be made current again."
            )
        locked.replaced = _make_current(record, locked, floor=record.last_sequence)
        _overtake_waiting(record, below=record.last_sequence)
        _decide(locked, ReturnVersion.Decision.RESTORED, by, reason, now)
        locked.save()
        audit(
            by=by,
            verb="return_restore",
            target=locked,
            area=record.area,
            summary=f"{reason} (version {locked.replaced.number} replaced)"
            if locked.replaced
            else reason,
        )
        notifications.version_restored(locked)
    return locked
