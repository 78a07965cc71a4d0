"""The commissioner's self-assessment and the assessor's rating of each standard.

The assurance cycle (docs/product.md), steps 3 to 5: an answer to each prompt with evidence,
signed off and submitted to the Ministry of Justice, then rated standard by standard. A
submitted version is frozen; a correction is version n+1 (assurance/services/).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from assurance.models.scoping import AreaScopedQuerySet, SelfAssessmentQuerySet
from core.status import status_tags


class SelfAssessment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SIGNED_OFF = "signed_off", "Signed off"
        SUBMITTED = "submitted", "Submitted"
        SUPERSEDED = "superseded", "Replaced by a correction"

    STATUS_TAGS = status_tags(
        Status,
        {
            Status.DRAFT: "grey",
            Status.SIGNED_OFF: "blue",
            Status.SUBMITTED: "green",
            Status.SUPERSEDED: "grey",
        },
    )

    area = models.ForeignKey("reference.Area", on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey("returns.Period", on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)
    edition = models.ForeignKey(
        "assurance.StandardsEdition", on_delete=models.PROTECT, related_name="assessments"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    # Reach's figures beside each standard as they stood when submitted, so the assessor
    # reviews what the commissioner saw (assurance/figures.py).
    figures = models.JSONField(default=dict, blank=True)

    objects = SelfAssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["area__name", "-period__start", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "period", "version"], name="unique_assessment_version"
            ),
            # At most one version being written, and at most one submitted and current.
            models.UniqueConstraint(
                fields=["area", "period"],
                condition=Q(status__in=["draft", "signed_off"]),
                name="one_open_assessment_per_area_period",
            ),
            models.UniqueConstraint(
                fields=["area", "period"],
                condition=Q(status="submitted"),
                name="one_submitted_assessment_per_area_period",
            ),
            models.CheckConstraint(
                condition=Q(signed_off_at__isnull=True, signed_off_by__isnull=True)
                | Q(signed_off_at__isnull=False, signed_off_by__isnull=False),
                name="assessment_sign_off_pair",
            ),
            models.CheckConstraint(
                condition=Q(submitted_at__isnull=True, submitted_by__isnull=True)
                | Q(submitted_at__isnull=False, submitted_by__isnull=False),
                name="assessment_submission_pair",
            ),
            models.CheckConstraint(
                condition=Q(status="draft", signed_off_at__isnull=True, submitted_at__isnull=True)
                | Q(status="signed_off", signed_off_at__isnull=False, submitted_at__isnull=True)
                | Q(status__in=["submitted", "superseded"], signed_off_at__isnull=False)
                & Q(submitted_at__isnull=False),
                name="assessment_status_matches_dates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area}, {self.period}: self-assessment version {self.version}"

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.SIGNED_OFF)

    @property
    def is_frozen(self) -> bool:
        return not self.is_editable

    # What pages ask of the status, through its TextChoices.
    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_signed_off(self) -> bool:
        return self.status == self.Status.SIGNED_OFF

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED

    @property
    def is_superseded(self) -> bool:
        return self.status == self.Status.SUPERSEDED


class Answer(models.Model):
    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="answers")
    prompt = models.ForeignKey("assurance.Prompt", on_delete=models.PROTECT, related_name="+")
    text = models.TextField(blank=True)
    evidence_links = models.TextField(blank=True)  # one web address a line
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["prompt__standard__number", "prompt__order"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "prompt"], name="unique_answer")
        ]

    def __str__(self) -> str:
        return f"{self.assessment}: {self.prompt}"

    @property
    def links(self) -> list[str]:
        return [line.strip() for line in self.evidence_links.splitlines() if line.strip()]


class Rating(models.TextChoices):
    # The guidance: "We will challenge areas that are insufficient, with a focus on what
    # needs to be improved, what is adequately addressed ... and where evidence is missing."
    MET = "met", "Met"
    PARTLY_MET = "partly_met", "Partly met – improvement needed"
    NOT_MET = "not_met", "Not met"
    EVIDENCE_MISSING = "evidence_missing", "Evidence missing"


RATING_TAGS = status_tags(
    Rating,
    {
        Rating.MET: "green",
        Rating.PARTLY_MET: "yellow",
        Rating.NOT_MET: "red",
        Rating.EVIDENCE_MISSING: "orange",
    },
    name="rating",
)


class StandardRating(models.Model):
    """The assessor's rating of one standard in one submitted assessment (latest counts)."""

    assessment = models.ForeignKey(SelfAssessment, on_delete=models.PROTECT, related_name="ratings")
    standard = models.ForeignKey(
        "assurance.QualityStandard", on_delete=models.PROTECT, related_name="+"
    )
    rating = models.CharField(max_length=20, choices=Rating.choices)
    comment = models.TextField()
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    rated_at = models.DateTimeField()

    scope_area_field = "assessment__area"
    objects = AreaScopedQuerySet.as_manager()

    class Meta:
        ordering = ["assessment", "standard__number", "-rated_at"]

    def __str__(self) -> str:
        return f"{self.assessment}: QS{self.standard.number} {self.get_rating_display()}"
