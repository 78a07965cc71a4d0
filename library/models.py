"""The good-practice library: case studies of work towards the Quality Standards.

Commissioners submit case studies like those of the guidance's Annex A, tagged by Quality
Standard, crime type and community; the assessor approves them for sharing. Approved case
studies are public; the rest are seen only by their area and the assessor.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from core.status import status_tags
from reference.models import Area, CrimeType, EthnicGroup


class CaseStudyQuerySet(models.QuerySet):
    def approved(self):
        """What the public and every area may read."""
        return self.filter(status=CaseStudy.Status.APPROVED)

    def visible_to(self, user):
        """Approved case studies, plus every case study of the user's own areas.

        The assessor sees them all (accounts/scope.py decides who acts for which area).
        """
        from accounts.scope import scope_for

        scope = scope_for(user)
        if scope.everything:
            return self
        return self.filter(Q(status=CaseStudy.Status.APPROVED) | Q(area_id__in=scope.area_ids))


class CaseStudy(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Waiting for approval"
        RETURNED = "returned", "Returned for changes"
        APPROVED = "approved", "Approved for sharing"
        WITHDRAWN = "withdrawn", "Withdrawn"

    STATUS_TAGS = status_tags(
        Status,
        {
            Status.SUBMITTED: "blue",
            Status.RETURNED: "orange",
            Status.APPROVED: "green",
            Status.WITHDRAWN: "grey",
        },
    )

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        related_name="case_studies",
        null=True,
        blank=True,
        help_text="The area that submitted it; empty for work across several areas.",
    )
    places = models.CharField(
        "Where", max_length=200, help_text="For example: Bradford, West Yorkshire."
    )
    organisation = models.CharField("Who did the work", max_length=300)
    summary = models.TextField(help_text="Two or three sentences: what was done and what changed.")
    body = models.TextField("The case study")
    standards = models.ManyToManyField(
        "assurance.QualityStandard", related_name="case_studies", verbose_name="Quality Standards"
    )
    crime_types = models.ManyToManyField(CrimeType, blank=True, related_name="case_studies")
    communities = models.ManyToManyField(
        EthnicGroup, blank=True, related_name="case_studies", verbose_name="Communities"
    )
    source = models.CharField(
        max_length=300, blank=True, help_text="Where it was first published, if anywhere."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    objects = CaseStudyQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name_plural = "case studies"
        constraints = [
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True, decided_at__isnull=True)
                | Q(decided_at__isnull=False),
                name="case_study_decided_pair",
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(decided_at__isnull=False),
                name="case_study_approved_has_decision",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.APPROVED

    @property
    def is_returned(self) -> bool:
        return self.status == self.Status.RETURNED
