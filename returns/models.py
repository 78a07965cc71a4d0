"""Providers' six-monthly returns, their versions and the count cube.

"Counts, not people" (DESIGN.md): a return never holds a person. A record-level upload is
validated and collapsed at once into CubeCell rows (referral counts by ethnicity, sex,
age band, crime type, referral pathway, outcome, disability, sexual orientation and
interpreter need) and MeasureCell rows (outcome-measure answers); the file itself is not
kept, only its checksum, size and row count.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q


class Period(models.Model):
    """A six-monthly reporting period: April–September (H1) or October–March (H2)."""

    class Half(models.TextChoices):
        H1 = "H1", "April to September"
        H2 = "H2", "October to March"

    code = models.CharField(max_length=12, unique=True)  # e.g. "2026-27-H1"
    financial_year = models.PositiveSmallIntegerField()  # 2026 for 2026-27
    half = models.CharField(max_length=2, choices=Half.choices)
    start = models.DateField()
    end = models.DateField()

    class Meta:
        ordering = ["start"]
        constraints = [
            models.UniqueConstraint(fields=["financial_year", "half"], name="unique_period"),
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="period_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return f"{self.start:%B %Y} to {self.end:%B %Y}"

    @classmethod
    def bounds(cls, financial_year: int, half: str) -> tuple[datetime.date, datetime.date]:
        if half == cls.Half.H1:
            return datetime.date(financial_year, 4, 1), datetime.date(financial_year, 9, 30)
        return datetime.date(financial_year, 10, 1), datetime.date(financial_year + 1, 3, 31)

    @classmethod
    def code_for(cls, financial_year: int, half: str) -> str:
        return f"{financial_year}-{(financial_year + 1) % 100:02d}-{half}"

    @classmethod
    def containing(cls, day: datetime.date) -> tuple[int, str]:
        """The (financial year, half) a date falls in."""
        if 4 <= day.month <= 9:
            return day.year, cls.Half.H1
        if day.month >= 10:
            return day.year, cls.Half.H2
        return day.year - 1, cls.Half.H2

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end

    # Returns are due a month after the period ends (the bi-annual monitoring rhythm of
    # the grant; the exact MoJ deadline is set in grant agreements, not in the guidance).
    DUE_DAYS = 30

    @property
    def due_date(self) -> datetime.date:
        return self.end + datetime.timedelta(days=self.DUE_DAYS)


class ReturnQuerySet(models.QuerySet):
    def visible_to(self, user):
        from accounts.scope import scope_for

        return scope_for(user).returns(self)


class Return(models.Model):
    """One provider's figures for one area and one period. Its content is its current version."""

    provider = models.ForeignKey(
        "organisations.Provider", on_delete=models.PROTECT, related_name="returns"
    )
    area = models.ForeignKey("reference.Area", on_delete=models.PROTECT, related_name="returns")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="returns")
    current_version = models.OneToOneField(
        "ReturnVersion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReturnQuerySet.as_manager()

    class Meta:
        ordering = ["period__start", "area__name", "provider__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "area", "period"], name="unique_return_per_provider_area_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.provider} in {self.area}, {self.period}"

    @property
    def is_submitted(self) -> bool:
        return self.current_version_id is not None


class ReturnVersion(models.Model):
    """One accepted submission of a return. A newer version replaces it atomically."""

    class Channel(models.TextChoices):
        UPLOAD = "upload", "File upload"
        WEB_FORM = "web_form", "Web form"
        API = "api", "API"
        DEMO = "demo", "Demo data"

    class Status(models.TextChoices):
        CURRENT = "current", "Current"
        SUPERSEDED = "superseded", "Replaced by a later version"

    return_record = models.ForeignKey(Return, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.CURRENT)
    channel = models.CharField(max_length=20, choices=Channel.choices)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    submitted_at = models.DateTimeField()
    # Audit of the file (never the file itself).
    file_name = models.CharField(max_length=255, blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True)
    file_bytes = models.PositiveBigIntegerField(null=True, blank=True)
    row_count = models.PositiveIntegerField(null=True, blank=True)
    # Totals kept with the version so history can show the change without re-reading cubes.
    total_referrals = models.PositiveIntegerField(default=0)
    stated_ethnicity = models.PositiveIntegerField(default=0)
    # Queries raised by validation and let through with the submitter's explanation.
    queries = models.JSONField(default=list, blank=True)
    explanation = models.TextField(blank=True)

    class Meta:
        ordering = ["return_record", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["return_record", "number"], name="unique_return_version_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.return_record}, version {self.number}"

    @property
    def ethnicity_coverage(self) -> float | None:
        if not self.total_referrals:
            return None
        return self.stated_ethnicity / self.total_referrals


# Dimension columns of the cube, in order; also the columns of the data standard's
# collapsed form. Each names a reference model.
CUBE_DIMENSIONS = {
    "ethnicity": "reference.EthnicGroup",
    "sex": "reference.Sex",
    "age_band": "reference.AgeBand",
    "crime_type": "reference.CrimeType",
    "pathway": "reference.ReferralPathway",
    "outcome": "reference.Outcome",
    "disability": "reference.Disability",
    "sexual_orientation": "reference.SexualOrientation",
}

MEASURE_DIMENSIONS = {
    "ethnicity": "reference.EthnicGroup",
    "sex": "reference.Sex",
    "age_band": "reference.AgeBand",
    "crime_type": "reference.CrimeType",
    "measure": "reference.OutcomeMeasure",
    "answer": "reference.MeasureAnswer",
}


def _dimension(model: str) -> models.ForeignKey:
    # No index or FK constraint per dimension: cells are written in bulk (a million-row
    # upload) and read by version, so only the version column is indexed.
    return models.ForeignKey(
        model, on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )


class CubeCell(models.Model):
    """The number of referrals in one return version with one combination of characteristics."""

    # No database constraint: PostgreSQL would check every one of a million copied rows
    # at commit; the only writer is returns/storage.py, inside the version's transaction.
    version = models.ForeignKey(
        ReturnVersion, on_delete=models.CASCADE, related_name="cells", db_constraint=False
    )
    ethnicity = _dimension("reference.EthnicGroup")
    sex = _dimension("reference.Sex")
    age_band = _dimension("reference.AgeBand")
    crime_type = _dimension("reference.CrimeType")
    pathway = _dimension("reference.ReferralPathway")
    outcome = _dimension("reference.Outcome")
    disability = _dimension("reference.Disability")
    sexual_orientation = _dimension("reference.SexualOrientation")
    interpreter_needed = models.BooleanField(null=True)
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(count__gt=0), name="cube_cell_count_positive")
        ]

    def __str__(self) -> str:
        return f"cell of {self.version_id}: {self.count}"


class MeasureCell(models.Model):
    """Answers to one outcome measure in one return version, by characteristics."""

    version = models.ForeignKey(
        ReturnVersion, on_delete=models.CASCADE, related_name="measure_cells", db_constraint=False
    )
    ethnicity = _dimension("reference.EthnicGroup")
    sex = _dimension("reference.Sex")
    age_band = _dimension("reference.AgeBand")
    crime_type = _dimension("reference.CrimeType")
    measure = _dimension("reference.OutcomeMeasure")
    answer = _dimension("reference.MeasureAnswer")
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(count__gt=0), name="measure_cell_count_positive")
        ]

    def __str__(self) -> str:
        return f"measure cell of {self.version_id}: {self.count}"


class Submission(models.Model):
    """One attempt to send a return (an upload, a web form or an API call) and its outcome.

    A large file is checked in the background; this row carries its progress and result
    for the page that shows them. The file is held only while it is checked (in
    settings.INCOMING_DIR, deleted in the same task); what stays is its checksum, size
    and row count, the problems found, and - while queries await an explanation - the
    collapsed counts (never the records).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to be checked"
        PROCESSING = "processing", "Being checked"
        REJECTED = "rejected", "Not accepted: problems to fix"
        NEEDS_EXPLANATION = "needs_explanation", "Needs an explanation"
        ACCEPTED = "accepted", "Accepted"
        FAILED = "failed", "Could not be checked"
        OVERTAKEN = "overtaken", "Overtaken by a later return"

    id = models.UUIDField(primary_key=True, editable=False)
    provider = models.ForeignKey(
        "organisations.Provider", on_delete=models.CASCADE, related_name="submissions"
    )
    area = models.ForeignKey("reference.Area", on_delete=models.CASCADE, related_name="submissions")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="submissions")
    channel = models.CharField(max_length=20, choices=ReturnVersion.Channel.choices)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    stage = models.CharField(max_length=100, blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True)
    file_bytes = models.PositiveBigIntegerField(null=True, blank=True)
    row_count = models.PositiveIntegerField(null=True, blank=True)
    error_count = models.PositiveIntegerField(default=0)
    query_count = models.PositiveIntegerField(default=0)
    summary = models.JSONField(default=list, blank=True)  # problem groups with first examples
    queries = models.JSONField(default=list, blank=True)
    problems_csv = models.BinaryField(null=True, blank=True)  # gzip of the full problem list
    pending_cube = models.BinaryField(null=True, blank=True)  # counts awaiting an explanation
    explanation = models.TextField(blank=True)
    version = models.ForeignKey(
        ReturnVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ReturnQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} for {self.provider} in {self.area}, {self.period}"

    @property
    def is_finished(self) -> bool:
        return self.status not in (self.Status.QUEUED, self.Status.PROCESSING)
