"""Submissions: taking a return in, checking it in the background, and settling it.

`submission_start` holds the file only until the background task has read it;
`submission_process` (run by returns/tasks.py) checks it with the ingest pipeline and
records the outcome; `submission_explain` stores a return whose only problems were
queries, once the submitter has explained them. Nothing is stored unless the whole
return is valid (all-or-nothing).
"""

import datetime
import gzip
import io
import logging
import uuid
from pathlib import Path

import polars as pl
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from returns.cube import Cube
from returns.models import Return, Submission
from returns.services import return_version_store

logger = logging.getLogger(__name__)

OVERTAKEN_MESSAGE = (
    "A later return for this period has been accepted since this one was checked, so this one "
    "cannot replace it. Upload this file again if it is the right one."
)


class SubmissionRefused(ValueError):
    """A submission that cannot even be started; the message says what to do."""


def _incoming_path(submission_id) -> Path:
    return Path(settings.INCOMING_DIR) / f"{submission_id}.upload"


def previous_total(*, provider, area, period) -> int | None:
    """The provider's accepted total for the same area in the previous period, if any."""
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


def submission_start(
    *, provider, area, period, submitted_by, channel: str, data: bytes, file_name: str
) -> Submission:
    """Record a new submission and queue its check. The file waits in INCOMING_DIR."""
    if len(data) > settings.MAX_UPLOAD_BYTES:
        limit = settings.MAX_UPLOAD_BYTES // (1024 * 1024)
        raise SubmissionRefused(
            f"The file is {len(data) / 1024 / 1024:.1f} MB; the largest Reach accepts is {limit} MB. "
            "Split the period's referrals into two files, or send them through the API."
        )
    if not data:
        raise SubmissionRefused("The file is empty. Choose the file holding your return.")
    if not provider.areas.filter(pk=area.pk).exists():
        raise SubmissionRefused(f"{provider} is not registered in {area}.")
    submission = Submission(
        id=uuid.uuid4(),
        provider=provider,
        area=area,
        period=period,
        channel=channel,
        submitted_by=submitted_by,
        file_name=file_name[:255],
        file_bytes=len(data),
    )
    path = _incoming_path(submission.id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    try:
        with transaction.atomic():
            submission.save(force_insert=True)
            from returns.tasks import process_submission

            transaction.on_commit(lambda: process_submission.enqueue(str(submission.id)))
    except BaseException:
        path.unlink(missing_ok=True)  # nothing recorded, so nothing kept
        raise
    return submission


# A check that has not finished in this time has been lost (for example the web process
# that ran it in the embedded default was stopped).
STALE_AFTER = datetime.timedelta(minutes=30)


def submissions_sweep(*, now=None) -> tuple[int, int]:
    """End checks that were lost and delete files nobody will read: (ended, files deleted).

    Run at start-up by `make run` and, in production, on a schedule (`manage.py
    sweep_submissions`): an uploaded file must never outlive its check.
    """
    now = now or timezone.now()
    stale = Submission.objects.filter(
        status__in=[Submission.Status.QUEUED, Submission.Status.PROCESSING],
        created_at__lt=now - STALE_AFTER,
    )
    ended = 0
    for submission in stale:
        _incoming_path(submission.id).unlink(missing_ok=True)
        _finish(
            submission,
            Submission.Status.FAILED,
            stage="The check was interrupted before it finished. Upload the file again.",
        )
        ended += 1
    deleted = 0
    directory = Path(settings.INCOMING_DIR)
    if directory.exists():
        waiting = {
            str(pk)
            for pk in Submission.objects.filter(
                status__in=[Submission.Status.QUEUED, Submission.Status.PROCESSING]
            ).values_list("pk", flat=True)
        }
        for path in directory.glob("*.upload"):
            if path.stem not in waiting:
                path.unlink(missing_ok=True)
                deleted += 1
    return ended, deleted


def submission_process(submission_id) -> Submission:
    """Check a queued submission's file; record rejection, a need for explanation, or accept."""
    from returns.ingest.pipeline import read_and_validate

    submission = Submission.objects.select_related("provider", "area", "period").get(
        pk=submission_id
    )
    path = _incoming_path(submission.id)
    last = {"percent": -10}

    def progress(percent: int, stage: str) -> None:
        # Write progress only when it has moved on, so a large file is not slowed by it.
        if percent - last["percent"] >= 5 or percent == 100:
            last["percent"] = percent
            Submission.objects.filter(pk=submission.pk).update(progress=percent, stage=stage[:100])

    Submission.objects.filter(pk=submission.pk).update(
        status=Submission.Status.PROCESSING, stage="Reading the file"
    )
    try:
        data = path.read_bytes()
        result = read_and_validate(
            data,
            file_name=submission.file_name,
            period=submission.period,
            previous_total=previous_total(
                provider=submission.provider, area=submission.area, period=submission.period
            ),
            progress=progress,
        )
    except FileNotFoundError:
        return _finish(
            submission,
            Submission.Status.FAILED,
            stage="The file was no longer there to check. Upload it again.",
        )
    except Exception:
        # Any other failure ends the check, so the page never waits for ever.
        logger.exception("Checking submission %s failed", submission.pk)
        return _finish(
            submission,
            Submission.Status.FAILED,
            stage="Reach could not check this file. Upload it again; if it fails again, tell the service team.",
        )
    finally:
        path.unlink(missing_ok=True)  # counts, not people: the file goes as soon as it is read

    return submission_settle(submission, result)


def submission_settle(submission: Submission, result) -> Submission:
    """Record a checked result: rejected, held for an explanation, or stored as a version."""
    from returns.ingest.pipeline import problems_csv

    submission.file_sha256 = result.file_sha256
    submission.file_bytes = result.file_bytes
    submission.row_count = result.row_count
    submission.error_count = result.error_count
    submission.query_count = len(result.queries)
    submission.summary = summary_json(result)
    submission.queries = result.query_record()
    if result.problem_frame.height:
        submission.problems_csv = gzip.compress(problems_csv(result))
    if not result.ok:
        return _finish(submission, Submission.Status.REJECTED, stage="Checked: problems to fix")
    if result.queries:
        submission.pending_cube = cube_to_bytes(result.cube)
        return _finish(
            submission, Submission.Status.NEEDS_EXPLANATION, stage="Checked: queries to explain"
        )
    with transaction.atomic():
        submission.version = return_version_store(
            provider=submission.provider,
            area=submission.area,
            period=submission.period,
            cube=result.cube,
            channel=submission.channel,
            submitted_by=submission.submitted_by,
            file_name=submission.file_name,
            file_sha256=result.file_sha256,
            file_bytes=result.file_bytes,
            row_count=result.row_count,
        )
        _overtake_held(submission)
        return _finish(submission, Submission.Status.ACCEPTED, stage="Accepted")


def _overtake_held(accepted: Submission) -> None:
    """Earlier submissions still waiting for an explanation can no longer replace this one."""
    Submission.objects.filter(
        provider=accepted.provider,
        area=accepted.area,
        period=accepted.period,
        status=Submission.Status.NEEDS_EXPLANATION,
        created_at__lt=accepted.created_at,
    ).update(
        status=Submission.Status.OVERTAKEN,
        pending_cube=None,
        stage="A later return was accepted: upload this file again if it is the right one",
    )


def submission_rows(*, provider, area, period, submitted_by, rows: list[dict]) -> Submission:
    """A return sent as JSON rows (the API): checked at once by the same rules as a file."""
    from returns.ingest.pipeline import ingest_json_rows

    if not provider.areas.filter(pk=area.pk).exists():
        raise SubmissionRefused(f"{provider} is not registered in {area}.")
    submission = Submission.objects.create(
        id=uuid.uuid4(),
        provider=provider,
        area=area,
        period=period,
        channel="api",
        submitted_by=submitted_by,
        status=Submission.Status.PROCESSING,
        file_name="(JSON rows)",
    )
    result = ingest_json_rows(
        rows,
        period=period,
        previous_total=previous_total(provider=provider, area=area, period=period),
    )
    return submission_settle(submission, result)


def submission_explain(*, submission: Submission, explanation: str) -> Submission:
    """Store a return held for its queries, with the submitter's explanation."""
    explanation = explanation.strip()
    if submission.status == Submission.Status.OVERTAKEN:
        raise SubmissionRefused(OVERTAKEN_MESSAGE)
    if submission.status != Submission.Status.NEEDS_EXPLANATION or submission.pending_cube is None:
        raise SubmissionRefused("This submission is not waiting for an explanation.")
    if len(explanation) < 10:
        raise SubmissionRefused(
            "Explain each query in a sentence or two, so the commissioner can understand the figures."
        )
    with transaction.atomic():
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        if locked.status == Submission.Status.OVERTAKEN:
            raise SubmissionRefused(
                "A later return for this period has been accepted since this one was checked, so this "
                "one cannot replace it. Upload this file again if it is the right one."
            )
        if locked.status != Submission.Status.NEEDS_EXPLANATION:
            raise SubmissionRefused("This submission has already been settled.")
        locked.version = return_version_store(
            provider=locked.provider,
            area=locked.area,
            period=locked.period,
            cube=cube_from_bytes(bytes(locked.pending_cube)),
            channel=locked.channel,
            submitted_by=locked.submitted_by,
            file_name=locked.file_name,
            file_sha256=locked.file_sha256,
            file_bytes=locked.file_bytes,
            row_count=locked.row_count,
            queries=locked.queries,
            explanation=explanation,
        )
        locked.explanation = explanation
        locked.pending_cube = None
        locked.status = Submission.Status.ACCEPTED
        locked.stage = "Accepted with an explanation"
        locked.finished_at = timezone.now()
        locked.save()
        _overtake_held(locked)
    return locked


def _finish(submission: Submission, status: str, *, stage: str) -> Submission:
    submission.status = status
    submission.stage = stage
    submission.progress = 100
    submission.finished_at = timezone.now()
    submission.save()
    return submission


def summary_json(result) -> list[dict]:
    return [
        {
            "code": group.code,
            "severity": group.severity,
            "message": group.message,
            "count": group.count,
            "examples": [
                {
                    "row": p.row,
                    "column": p.column,
                    "value": p.value,
                    "message": p.message,
                    "allowed": p.allowed,
                }
                for p in group.examples
            ],
        }
        for group in result.summary.values()
    ]


def _ipc(frame: pl.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.write_ipc(buffer, compression="zstd")
    return buffer.getvalue()


def cube_to_bytes(cube: Cube) -> bytes:
    """The collapsed counts (never records) as bytes: a header, then cells and measures."""
    cells, measures = _ipc(cube.cells), _ipc(cube.measures)
    header = f"{cube.total} {cube.stated_ethnicity} {len(cells)}\n".encode()
    return header + cells + measures


def cube_from_bytes(data: bytes) -> Cube:
    header, _, rest = data.partition(b"\n")
    total, stated, cells_length = (int(v) for v in header.split())
    return Cube(
        cells=pl.read_ipc(io.BytesIO(rest[:cells_length])),
        measures=pl.read_ipc(io.BytesIO(rest[cells_length:])),
        total=total,
        stated_ethnicity=stated,
    )
