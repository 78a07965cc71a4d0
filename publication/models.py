"""Transparency reports: what a commissioner publishes for an area and period.

A report holds the public summary of how each Quality Standard is met (written for the
public, apart from the internal self-assessment answers) and, from the moment it is
published, a snapshot of the disclosure-controlled figures (`tables`), so published
figures never change silently. Publishing again after a change is a new revision: the
revision it replaces is kept, marked superseded. docs/publication.md describes the
life of a report; publication/services.py is the only writer of a report's status.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from core.status import status_tags


class PublishedReportQuerySet(models.QuerySet):
    def live(self):
        """What the public may see: published and not withdrawn (nor replaced)."""
        return self.filter(status=PublishedReport.Status.PUBLISHED)

    def visible_to(self, user):
        """Every revision of the reports of the areas the user acts for (all, for the
        assessor); nothing for providers and the public (accounts/scope.py)."""
        from accounts.scope import scope_for

        return scope_for(user).area_records(self)


class PublishedReport(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"
        SUPERSEDED = "superseded", "Replaced by a revision"

    STATUS_TAGS = status_tags(
        Status,
        {
            Status.DRAFT: "yellow",
            Status.PUBLISHED: "green",
            Status.WITHDRAWN: "red",
            Status.SUPERSEDED: "grey",
        },
        short={Status.SUPERSEDED: "Replaced"},
    )

    area = models.ForeignKey("reference.Area", on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey("returns.Period", on_delete=models.PROTECT, related_name="+")
    revision = models.PositiveIntegerField(default=1)
    # "<area slug>-<period code>", the same for every revision: the public address.
    slug = models.SlugField(max_length=140)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    # The submitted self-assessment the report was published against.
    assessment = models.ForeignKey(
        "assurance.SelfAssessment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # When revision 1 was first published; carried to every later revision.
    first_published_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_reason = models.TextField(blank=True)
    # The disclosure-controlled figures as published (disclosure.snapshot); empty in a draft.
    tables = models.JSONField(default=list, blank=True)

    objects = PublishedReportQuerySet.as_manager()

    class Meta:
        ordering = ["area__name", "-period__start", "-revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "period", "revision"], name="unique_report_revision"
            ),
            # Every revision of a report shares its address, and no other report has it:
            # each report's revisions are numbered from 1, so two reports at one address
            # would both have a revision 1.
            models.UniqueConstraint(fields=["slug", "revision"], name="unique_report_address"),
            models.UniqueConstraint(
                fields=["area", "period"],
                condition=Q(status="draft"),
                name="one_draft_report_per_area_period",
            ),
            models.UniqueConstraint(
                fields=["area", "period"],
                condition=Q(status="published"),
                name="one_live_report_per_area_period",
            ),
            models.CheckConstraint(
                condition=Q(published_at__isnull=True, published_by__isnull=True)
                | Q(published_at__isnull=False, published_by__isnull=False),
                name="report_publication_pair",
            ),
            models.CheckConstraint(
                condition=Q(status="draft", published_at__isnull=True, withdrawn_at__isnull=True)
                | Q(status__in=["published", "superseded"], published_at__isnull=False)
                & Q(withdrawn_at__isnull=True)
                | Q(status="withdrawn", published_at__isnull=False, withdrawn_at__isnull=False)
                & Q(withdrawn_by__isnull=False)
                & ~Q(withdrawn_reason=""),
                name="report_status_matches_dates",
            ),
        ]

    def __str__(self) -> str:
        return f"Transparency report for {self.area}, {self.period} (revision {self.revision})"

    @property
    def is_revised(self) -> bool:
        return self.revision > 1 and self.first_published_at is not None


class StandardSummary(models.Model):
    """The public summary of how one Quality Standard is met, in one revision."""

    report = models.ForeignKey(PublishedReport, on_delete=models.CASCADE, related_name="summaries")
    standard = models.ForeignKey(
        "assurance.QualityStandard", on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["report", "standard__number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "standard"], name="unique_standard_summary")
        ]

    def __str__(self) -> str:
        return f"{self.report}: Quality Standard {self.standard.number}"

    @property
    def paragraphs(self) -> list[str]:
        """The text's paragraphs (separated by blank lines), for printing one by one."""
        text = self.text.replace("\r\n", "\n")
        return [p.strip() for p in text.split("\n\n") if p.strip()]


class ReportFile(models.Model):
    """A download of one published revision, made once and then served as it is.

    A revision's words and figures never change once published, so each of its files
    (the PDF in a language, each table's CSV, the CSV on the Web metadata, the XLSX and
    the ODS) is made on the first request and kept. A row without `content` is a claim:
    someone is making the file now (publication/files.py).
    """

    report = models.ForeignKey(PublishedReport, on_delete=models.CASCADE, related_name="files")
    # What the file is: "pdf:en", "csv:<table slug>", "csvw", "xlsx", "ods".
    kind = models.CharField(max_length=120)
    content = models.BinaryField(null=True)
    etag = models.CharField(max_length=80, blank=True)
    claimed_at = models.DateTimeField()
    made_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "kind"], name="one_file_per_report_kind")
        ]

    def __str__(self) -> str:
        return f"{self.report}: {self.kind}"


class RateCount(models.Model):
    """How many requests one address has made in one window of the public rate
    (publication/limits.py). Counted by one statement that inserts or adds one, so no
    two requests can miss each other; the sweep deletes windows that have ended."""

    key = models.CharField(max_length=120)  # what is counted and for whom: "published:203.0.113.9"
    window_start = models.DateTimeField()
    requests = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "window_start"], name="one_count_per_window")
        ]
        indexes = [models.Index(fields=["window_start"], name="rate_count_window")]

    def __str__(self) -> str:
        return f"{self.key} from {self.window_start:%H:%M:%S}: {self.requests}"
