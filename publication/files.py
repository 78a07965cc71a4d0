"""The one store of a published revision's downloads: each is made once, then served.

`stored(report, kind, build)` answers with the kept file, making it with `build()` the
first time. Whoever first asks for a file claims it (a row without content, unique per
revision and kind), makes it and keeps it; anyone asking meanwhile waits for that file
instead of making it again. A claim left by a process that stopped is taken over once
it is older than `STALE_SECONDS` (docs/publication.md, "Downloads").
"""

import hashlib
import time
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from publication.models import PublishedReport, ReportFile

#: How long a request waits for a file someone else is making before giving up.
WAIT_SECONDS = 30
#: How often a waiting request looks again, in seconds.
POLL_SECONDS = 0.2
#: A claim older than this was left by a process that stopped: it is taken over.
STALE_SECONDS = 5 * 60


class StillMaking(Exception):
    """The file is being made by another request and was not ready in time."""


@dataclass(frozen=True)
class Made:
    content: bytes
    etag: str
    made_at: object


def _made(row: ReportFile) -> Made:
    return Made(bytes(row.content), row.etag, row.made_at)


def _kept(report: PublishedReport, kind: str) -> Made | None:
    row = ReportFile.objects.filter(report=report, kind=kind, content__isnull=False).first()
    return _made(row) if row else None


def _claim(report: PublishedReport, kind: str) -> ReportFile | None:
    """A new claim on the file, or None if someone else holds one."""
    stale = timezone.now() - timedelta(seconds=STALE_SECONDS)
    ReportFile.objects.filter(
        report=report, kind=kind, content__isnull=True, claimed_at__lt=stale
    ).delete()
    try:
        with transaction.atomic():
            return ReportFile.objects.create(report=report, kind=kind, claimed_at=timezone.now())
    except IntegrityError:
        return None


def stored(report: PublishedReport, kind: str, build) -> Made:
    """The revision's file of this kind, made with `build()` (bytes) only if none is kept.

    Raises StillMaking if another request is making it and it is not ready within
    WAIT_SECONDS; nothing is then made twice.
    """
    found = _kept(report, kind)
    if found is not None:
        return found
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        claim = _claim(report, kind)
        if claim is not None:
            break
        found = _kept(report, kind)
        if found is not None:
            return found
        if time.monotonic() >= deadline:
            raise StillMaking(kind)
        time.sleep(POLL_SECONDS)
    try:
        content = bytes(build())
    except BaseException:
        ReportFile.objects.filter(pk=claim.pk, content__isnull=True).delete()
        raise
    digest = hashlib.sha256(content).hexdigest()[:32]
    made = Made(content, f'"{digest}"', timezone.now())
    # Kept unless the claim was taken over meanwhile: then the one who took it keeps theirs.
    ReportFile.objects.filter(pk=claim.pk, content__isnull=True).update(
        content=made.content, etag=made.etag, made_at=made.made_at
    )
    return made
