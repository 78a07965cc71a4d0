"""One attempt to send a return, from the moment it arrives until it is sent or let go."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from core.status import status_tags
from returns.models.periods import Period
from returns.models.returns import Return, ReturnQuerySet, ReturnVersion


class Submission(models.Model):
    """One attempt to send a return (an upload, the web form or an API call) and its outcome.

    A file is checked in the background; this row carries its progress and result for
    the page that shows them. The file is held only while it is checked (in
    settings.INCOMING_DIR, owner-only, deleted by the same task). A checked return waits
    here, as counts only (`pending_cube`), until the provider confirms it on the "check
    your answers" step (`returns.services.return_submit`) or it expires.

    What is kept of a rejected file: the row, column and kind of each problem
    (`problem_list`, `summary`). The values found are kept only while the provider fixes
    the file (`detail_*`, removed by the sweep after DETAIL_HOURS) and never a value
    that looks personal (returns/ingest/personal.py). docs/returns.md, "What is kept".
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to be checked"
        PROCESSING = "processing", "Being checked"
        REJECTED = "rejected", "Not accepted: problems to fix"
        FAILED = "failed", "Could not be checked"
        TO_CONFIRM = "to_confirm", "Checked: waiting for you to confirm"
        SUBMITTED = "submitted", "Sent"
        DISCARDED = "discarded", "Not sent: discarded"
        EXPIRED = "expired", "Not sent: not confirmed in time"

    STATUS_TAGS = status_tags(
        Status,
        {
            Status.QUEUED: "blue",
            Status.PROCESSING: "blue",
            Status.REJECTED: "red",
            Status.FAILED: "red",
            Status.TO_CONFIRM: "yellow",
            Status.SUBMITTED: "green",
            Status.DISCARDED: "grey",
            Status.EXPIRED: "grey",
        },
    )

    id = models.UUIDField(primary_key=True, editable=False)
    provider = models.ForeignKey(
        "organisations.Provider", on_delete=models.CASCADE, related_name="submissions"
    )
    area = models.ForeignKey("reference.Area", on_delete=models.CASCADE, related_name="submissions")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="submissions")
    return_record = models.ForeignKey(
        Return, null=True, on_delete=models.CASCADE, related_name="submissions"
    )
    # Its place in the order submissions of this return were made (Return.last_sequence).
    sequence = models.PositiveIntegerField(default=0)
    channel = models.CharField(max_length=20, choices=ReturnVersion.Channel.choices)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    # The process that holds the file or is checking it (host:pid:start), so a check whose
    # process died can be ended at once (returns/workers.py).
    worker = models.CharField(max_length=200, blank=True)
    progress = models.PositiveSmallIntegerField(default=0)
    stage = models.CharField(max_length=200, blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True)
    file_bytes = models.PositiveBigIntegerField(null=True, blank=True)
    row_count = models.PositiveIntegerField(null=True, blank=True)
    error_count = models.PositiveIntegerField(default=0)
    query_count = models.PositiveIntegerField(default=0)
    # Problem groups: code, severity, the rule's message, how many, the first rows and
    # columns. No values.
    summary = models.JSONField(default=list, blank=True)
    problem_list = models.BinaryField(null=True, blank=True)  # gzip CSV: row, column, kind
    # While the provider fixes the file: the values found (never personal-looking ones),
    # the first of each kind and the full list. Removed by the sweep at detail_expires_at.
    detail_examples = models.JSONField(null=True, blank=True)
    detail_csv = models.BinaryField(null=True, blank=True)
    detail_expires_at = models.DateTimeField(null=True, blank=True)
    queries = models.JSONField(default=list, blank=True)
    notes = models.JSONField(default=list, blank=True)
    # What the query rules need to be run again at confirmation: the dimensions the
    # return holds and the headings they came under.
    context = models.JSONField(default=dict, blank=True)
    mapping_used = models.JSONField(default=list, blank=True)
    pending_cube = models.BinaryField(null=True, blank=True)  # counts awaiting confirmation
    expires_at = models.DateTimeField(null=True, blank=True)  # when TO_CONFIRM lapses
    explanation = models.TextField(blank=True)
    version = models.ForeignKey(
        ReturnVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ReturnQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="to_confirm") | Q(expires_at__isnull=False),
                name="submission_to_confirm_expires",
            ),
            models.CheckConstraint(
                condition=Q(detail_csv__isnull=True, detail_examples__isnull=True)
                | Q(detail_expires_at__isnull=False),
                name="submission_detail_expires",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} for {self.provider} in {self.area}, {self.period}"

    @property
    def is_finished(self) -> bool:
        return self.status not in (self.Status.QUEUED, self.Status.PROCESSING)

    @property
    def is_to_confirm(self) -> bool:
        return self.status == self.Status.TO_CONFIRM

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED

    @property
    def ended_unsent(self) -> bool:
        """It will never count and has no problems to show: it failed, or was not confirmed."""
        return self.status in (self.Status.FAILED, self.Status.DISCARDED, self.Status.EXPIRED)

    @property
    def has_detail(self) -> bool:
        return self.detail_examples is not None
