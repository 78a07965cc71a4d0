"""Submissions: taking a return in, checking it, and holding it for the provider to confirm.

- `submission_start` (a file: upload or API) writes the file owner-only to INCOMING_DIR and
  queues its check; `submission_process` (returns/tasks.py) checks it and deletes it.
- `submission_rows` (API JSON rows) and `submission_of_counts` (the web form, demo data)
  are checked at once.
- `submission_settle` records the outcome: rejected (problems to fix), or checked and
  waiting for the provider to confirm on the "check your answers" step, as counts only,
  for CONFIRM_DAYS. Confirming is `returns.services.return_submit`, the one door.
- `submissions_sweep` (returns/services/sweep.py) ends checks that were lost, expires
  unconfirmed returns, removes the values found in rejected files after DETAIL_HOURS, and
  deletes stray files.

Every submission takes its place in the order submissions of its return were made
(`submission_open`, inside a lock on the return): that order, not the order checks
finish, decides which counts (docs/returns.md).
"""

import datetime
import logging
import os
import uuid
from pathlib import Path

from django.conf import settings
from django.db import OperationalError, transaction
from django.utils import timezone

from core.audit import audit
from returns.cube import Cube
from returns.ingest.rules.file import upload_size_problem
from returns.models import Return, ReturnVersion, Submission
from returns.services._common import NotWaiting, SubmissionRefused, check_serves
from returns.storage import cube_to_bytes
from returns.workers import this_worker
from returns.workflow import check_submission_move

logger = logging.getLogger(__name__)

S = Submission.Status
CONFIRM_DAYS = 7  # a checked return waits this long for its "check your answers" step
DETAIL_HOURS = 24  # the values found in a rejected file are kept this long, to fix it


def _incoming_dir() -> Path:
    return Path(settings.INCOMING_DIR)


def _incoming_path(submission_id) -> Path:
    return _incoming_dir() / f"{submission_id}.upload"


def write_private(path: Path, data: bytes) -> None:
    """Write a file only its owner can read (0600), in a folder only its owner can enter."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)


def previous_total(*, provider, area, period) -> int | None:
    """The provider's counted total for the same area in the previous period, if any."""
    record = (
        Return.objects.filter(
            provider=provider,
            area=area,
            period__start__lt=period.start,
            current_version__isnull=False,
        )
        .select_related("current_version")
        .order_by("-period__start")
        .first()
    )
    return record.current_version.total_referrals if record else None


def replaced_total(*, provider, area, period) -> int | None:
    """The total of the version a new submission would replace, if one counts."""
    record = (
        Return.objects.filter(provider=provider, area=area, period=period)
        .select_related("current_version")
        .first()
    )
    if record is None or record.current_version is None:
        return None
    return record.current_version.total_referrals


def submission_open(
    *,
    provider,
    area,
    period,
    channel: str,
    submitted_by,
    status: str = S.QUEUED,
    submission_id=None,
    **fields,
) -> Submission:
    """Record a new submission and give it its place in the order of its return.

    The return is created if new and locked, so two submissions made at once take
    consecutive places in the order they reached the lock.
    """
    check_serves(provider, area)
    if channel not in ReturnVersion.Channel.values:
        raise SubmissionRefused(
            f"Unknown channel {channel!r}: one of {ReturnVersion.Channel.values}."
        )
    with transaction.atomic():
        record, _ = Return.objects.get_or_create(provider=provider, area=area, period=period)
        record = Return.objects.select_for_update().get(pk=record.pk)
        record.last_sequence += 1
        record.save(update_fields=["last_sequence"])
        submission = Submission.objects.create(
            id=submission_id or uuid.uuid4(),
            provider=provider,
            area=area,
            period=period,
            return_record=record,
            sequence=record.last_sequence,
            channel=channel,
            submitted_by=submitted_by,
            status=status,
            **fields,
        )
        audit(
            by=submitted_by,
            verb="submission_receive",
            target=submission,
            area=area,
            summary=f"{submission.get_channel_display()}, number {submission.sequence} of "
            f"this return" + (f": {submission.file_name}" if submission.file_name else ""),
        )
        return submission


def submission_start(
    *, provider, area, period, submitted_by, channel: str, data: bytes, file_name: str
) -> Submission:
    """Record a new submission of a file and queue its check. The file waits, owner-only,
    in INCOMING_DIR until the check has read it."""
    if problem := upload_size_problem(len(data)):
        raise SubmissionRefused(problem)
    if not data:
        raise SubmissionRefused("The file is empty. Choose the file holding your return.")
    check_serves(provider, area)
    submission_id = uuid.uuid4()
    path = _incoming_path(submission_id)
    write_private(path, data)
    try:
        with transaction.atomic():
            submission = submission_open(
                provider=provider,
                area=area,
                period=period,
                channel=channel,
                submitted_by=submitted_by,
                submission_id=submission_id,
                file_name=file_name[:255],
                file_bytes=len(data),
                worker=this_worker(),
            )
            from returns.tasks import process_submission

            transaction.on_commit(lambda: process_submission.enqueue(str(submission.id)))
    except BaseException:
        path.unlink(missing_ok=True)  # nothing recorded, so nothing kept
        raise
    return submission


def submission_process(submission_id) -> Submission:
    """Check a queued submission's file, delete the file, and record the outcome."""
    from returns.ingest.mapping import mapping_for
    from returns.ingest.pipeline import read_and_validate

    submission = Submission.objects.select_related("provider", "area", "period").get(
        pk=submission_id
    )
    path = _incoming_path(submission.id)
    # Claim the check: a submission already ended (by the sweep) is not checked again.
    claimed = Submission.objects.filter(pk=submission.pk, status=S.QUEUED).update(
        status=S.PROCESSING, stage="Reading the file", worker=this_worker()
    )
    if not claimed:
        path.unlink(missing_ok=True)
        submission.refresh_from_db()
        return submission
    submission.status = S.PROCESSING
    last = {"percent": -10}

    def progress(percent: int, stage: str) -> None:
        # Write progress only when it has moved on, so a large file is not slowed by it; a
        # write that cannot be made now (a busy database) is skipped, never the check.
        if percent - last["percent"] >= 5 or percent == 100:
            last["percent"] = percent
            try:
                Submission.objects.filter(pk=submission.pk, status=S.PROCESSING).update(
                    progress=percent, stage=stage[:200]
                )
            except OperationalError:
                logger.info("Progress of submission %s not written: database busy", submission.pk)

    where = dict(provider=submission.provider, area=submission.area, period=submission.period)
    try:
        data = path.read_bytes()
        result = read_and_validate(
            data,
            file_name=submission.file_name,
            period=submission.period,
            previous_total=previous_total(**where),
            replaced_total=replaced_total(**where),
            progress=progress,
            mapping=mapping_for(submission.provider),
        )
    except FileNotFoundError:
        return _finish(
            submission, S.FAILED, stage="The file was no longer there to check. Upload it again."
        )
    except Exception:
        # Any other failure ends the check, so the page never waits for ever.
        logger.exception("Checking submission %s failed", submission.pk)
        return _finish(
            submission,
            S.FAILED,
            stage="Reach could not check this file. Upload it again; if it fails again, "
            "tell the service team.",
        )
    finally:
        path.unlink(missing_ok=True)  # counts, not people: the file goes as soon as it is read
    return submission_settle(submission, result)


def submission_settle(submission: Submission, result) -> Submission:
    """Record a checked result: rejected, or waiting for the provider to confirm it.

    What is kept: the problems' rows, columns and kinds for good; the values found only
    for DETAIL_HOURS, and never one that looks personal (returns/ingest/personal.py).
    """
    from returns.ingest.report import kept_problems

    kept = kept_problems(result)
    submission.file_sha256 = result.file_sha256
    submission.file_bytes = result.file_bytes
    submission.row_count = result.row_count
    submission.error_count = result.error_count
    submission.query_count = len(result.queries)
    submission.summary = kept.summary
    submission.problem_list = kept.problem_list
    if kept.detail_csv is not None:
        submission.detail_examples = kept.detail_examples
        submission.detail_csv = kept.detail_csv
        submission.detail_expires_at = timezone.now() + datetime.timedelta(hours=DETAIL_HOURS)
    submission.queries = result.query_record()
    submission.notes = result.note_record()
    submission.context = result.context()
    submission.mapping_used = result.mapping_used
    if not result.ok:
        return _finish(submission, S.REJECTED, stage="Checked: problems to fix")
    submission.pending_cube = cube_to_bytes(result.cube)
    submission.expires_at = timezone.now() + datetime.timedelta(days=CONFIRM_DAYS)
    return _finish(submission, S.TO_CONFIRM, stage="Checked: check your answers and confirm")


def submission_rows(*, provider, area, period, submitted_by, rows: list) -> Submission:
    """A return sent as JSON rows (the API): checked at once by the same rules as a file."""
    from returns.ingest.mapping import mapping_for
    from returns.ingest.pipeline import ingest_json_rows

    submission = submission_open(
        provider=provider,
        area=area,
        period=period,
        channel=ReturnVersion.Channel.API,
        submitted_by=submitted_by,
        status=S.PROCESSING,
        file_name="(records sent as JSON)",
        worker=this_worker(),
    )
    result = ingest_json_rows(
        rows,
        period=period,
        previous_total=previous_total(provider=provider, area=area, period=period),
        replaced_total=replaced_total(provider=provider, area=area, period=period),
        mapping=mapping_for(provider),
    )
    return submission_settle(submission, result)


def submission_of_counts(
    *,
    provider,
    area,
    period,
    channel: str,
    submitted_by,
    cube: Cube,
    recorded: list[str],
    keep_cube: bool = True,
    row_count: int | None = None,
    codes=None,
    queries: list | None = None,
) -> Submission:
    """Counts typed in (the web form) or built (demo data), ready for "check your answers".

    `recorded` names the dimensions the counts hold; the others are "not recorded". The
    queries are those an upload would raise (returns/ingest/queries.py). With
    `keep_cube=False` the caller sends the cube to `return_submit` itself, in the same
    transaction. `codes` (returns.cube.CodeIds), when the caller has them, saves reading them;
    `queries`, when the caller has worked them out (the door works them out again).
    """
    from returns.ingest.queries import cube_queries

    where = dict(provider=provider, area=area, period=period)
    if queries is None:
        queries = cube_queries(
            cube,
            recorded=recorded,
            headings={},
            previous_total=previous_total(**where),
            replaced_total=replaced_total(**where),
            codes=codes,
            area=area,
        )
    return submission_open(
        **where,
        channel=channel,
        submitted_by=submitted_by,
        status=S.TO_CONFIRM,
        stage="Check your answers and confirm",
        progress=100,
        finished_at=timezone.now(),
        row_count=row_count,
        queries=queries,
        query_count=len(queries),
        context={"recorded": list(recorded), "headings": {}},
        pending_cube=cube_to_bytes(cube) if keep_cube else None,
        expires_at=timezone.now() + datetime.timedelta(days=CONFIRM_DAYS),
    )


def submission_discard(*, submission: Submission, by) -> Submission:
    """The provider decides not to send a checked return: its counts are dropped."""
    with transaction.atomic():
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        if locked.status != S.TO_CONFIRM:
            from returns.services.versions import not_waiting_message

            raise NotWaiting(not_waiting_message(locked))
        check_submission_move(locked.status, S.DISCARDED)
        locked.status = S.DISCARDED
        locked.pending_cube = None
        locked.stage = "Discarded: nothing was sent"
        locked.save(update_fields=["status", "pending_cube", "stage"])
        audit(
            by=by,
            verb="submission_discard",
            target=locked,
            area=locked.area,
            summary="A checked return was not sent",
        )
    return locked


def _finish(submission: Submission, status: str, *, stage: str) -> Submission:
    check_submission_move(submission.status, status)
    submission.status = status
    submission.stage = stage[:200]
    submission.progress = 100
    submission.finished_at = timezone.now()
    submission.save()
    return submission
