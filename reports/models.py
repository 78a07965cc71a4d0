"""A request for the bi-annual return as a document, built in the background.

The commissioner's bi-annual return to the Ministry of Justice (docs/product.md, "The
assurance cycle", step 4) as one file: XLSX, ODS or PDF. Building it computes the whole dashboard,
so it runs as a task (reports/tasks.py) that writes its progress here for the page that
shows it. The row also records who asked for which area, period and version, and when:
the document carries exact counts, so who produced one is worth knowing.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from core.status import status_tags


class ReportRequestQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Requests for areas whose records the user may see (accounts/scope.py), of
        self-assessment versions the user may see (no drafts for the assessor)."""
        from accounts.scope import scope_for
        from assurance.models import SelfAssessment

        return (
            scope_for(user)
            .area_records(self)
            .filter(
                Q(assessment__isnull=True)
                | Q(assessment__in=SelfAssessment.objects.visible_to(user))
            )
        )


class ReportRequest(models.Model):
    class Format(models.TextChoices):
        PDF = "pdf", "PDF (to read and print)"
        XLSX = "xlsx", "Excel spreadsheet (XLSX)"
        ODS = "ods", "OpenDocument spreadsheet (ODS)"

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        BUILDING = "building", "Being created"
        READY = "ready", "Ready"
        FAILED = "failed", "Could not be created"

    STATUS_TAGS = status_tags(
        Status,
        {
            Status.QUEUED: "blue",
            Status.BUILDING: "blue",
            Status.READY: "green",
            Status.FAILED: "red",
        },
    )

    CONTENT_TYPES = {
        Format.PDF: "application/pdf",
        Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Format.ODS: "application/vnd.oasis.opendocument.spreadsheet",
    }

    id = models.UUIDField(primary_key=True, editable=False)
    area = models.ForeignKey("reference.Area", on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey("returns.Period", on_delete=models.PROTECT, related_name="+")
    # The self-assessment version the document shows; empty when the area has none the
    # requester may see (the document then says so and still carries the figures).
    assessment = models.ForeignKey(
        "assurance.SelfAssessment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    format = models.CharField(max_length=4, choices=Format.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    stage = models.CharField(max_length=200, blank=True)
    content = models.BinaryField(null=True, blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ReportRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="report_progress_percent"),
            # A finished request has a finish time and an unfinished one has none; only a
            # ready one holds a file.
            models.CheckConstraint(
                condition=Q(status__in=["queued", "building"], finished_at__isnull=True)
                | Q(status__in=["ready", "failed"], finished_at__isnull=False),
                name="report_finished_when_done",
            ),
            models.CheckConstraint(
                condition=~Q(status="ready") | Q(content__isnull=False, size__isnull=False),
                name="report_ready_has_file",
            ),
        ]

    def __str__(self) -> str:
        return f"Bi-annual return for {self.area}, {self.period} ({self.format})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.READY, self.Status.FAILED)

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY

    @property
    def is_failed(self) -> bool:
        return self.status == self.Status.FAILED

    @property
    def content_type(self) -> str:
        return self.CONTENT_TYPES[self.format]
