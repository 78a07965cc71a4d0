"""A provider's return for an area and period, and its versions.

`Return.current_version` is the version that counts: the one dashboards, reports and the
national view read. Only returns/services/versions.py moves it (docs/returns.md).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from core.status import status_tags
from returns.models.periods import Period


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
    # The order submissions were made in: each takes the next number, inside a lock on
    # this row. A submission numbered at or below `floor_sequence` can never count: a
    # later one, or a commissioner's decision made after it, has settled the figures.
    last_sequence = models.PositiveIntegerField(default=0)
    floor_sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReturnQuerySet.as_manager()

    class Meta:
        ordering = ["period__start", "area__name", "provider__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "area", "period"], name="unique_return_per_provider_area_period"
            ),
            models.CheckConstraint(
                condition=Q(floor_sequence__lte=models.F("last_sequence")),
                name="return_floor_not_above_last_sequence",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider} in {self.area}, {self.period}"


class ReturnVersion(models.Model):
    """One submitted version of a return, with its cube. Its status says whether it counts."""

    class Channel(models.TextChoices):
        UPLOAD = "upload", "File upload"
        WEB_FORM = "web_form", "Web form"
        API = "api", "API"
        DEMO = "demo", "Demo data"

    class Status(models.TextChoices):
        AWAITING = "awaiting", "Waiting for the commissioner's acceptance"
        CURRENT = "current", "Counts"
        SUPERSEDED = "superseded", "Replaced"
        RETURNED = "returned", "Returned to the provider"
        OVERTAKEN = "overtaken", "Kept as history: a later return came first"

    STATUS_TAGS = status_tags(
        Status,
        {
            Status.AWAITING: "yellow",
            Status.CURRENT: "green",
            Status.SUPERSEDED: "grey",
            Status.RETURNED: "red",
            Status.OVERTAKEN: "grey",
        },
        short={
            Status.AWAITING: "Waiting for acceptance",
            Status.RETURNED: "Returned",
            Status.OVERTAKEN: "History only",
        },
    )

    class HeldFor(models.TextChoices):
        NOTHING = "", "Not held"
        QUERIES = "queries", "It raised queries"
        ASSESSMENT_SUBMITTED = "assessment_submitted", "The area's self-assessment is submitted"

    class Decision(models.TextChoices):
        NONE = "", "No decision"
        ACCEPTED = "accepted", "Accepted by the commissioner"
        RETURNED = "returned", "Returned by the commissioner"
        RESTORED = "restored", "Made current again by the commissioner"

    return_record = models.ForeignKey(Return, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    sequence = models.PositiveIntegerField(default=0)  # its submission's place in Return order
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.CURRENT)
    held_for = models.CharField(max_length=30, choices=HeldFor.choices, blank=True, default="")
    channel = models.CharField(max_length=20, choices=Channel.choices)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    submitted_at = models.DateTimeField()
    # The version that counted when this one began to count: what returning it restores.
    replaced = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
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
    # What the check said without needing action (columns not recorded, ...), and the
    # provider's saved mapping rules that were applied: a later change to the mapping
    # never re-reads a stored version.
    notes = models.JSONField(default=list, blank=True)
    mapping_used = models.JSONField(default=list, blank=True)
    # The commissioner's last decision on this version: who, when and why.
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True, default="")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["return_record", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["return_record", "number"], name="unique_return_version_number"
            ),
            models.UniqueConstraint(
                fields=["return_record"],
                condition=Q(status="current"),
                name="one_current_version_per_return",
            ),
            models.CheckConstraint(
                condition=Q(decision="", decided_at__isnull=True, decided_by__isnull=True)
                | (~Q(decision="") & Q(decided_at__isnull=False, decided_by__isnull=False)),
                name="version_decision_who_and_when",
            ),
            models.CheckConstraint(
                condition=~Q(decision__in=["returned", "restored"]) | ~Q(decision_reason=""),
                name="version_decision_why",
            ),
            models.CheckConstraint(
                condition=Q(status="returned", decision="returned")
                | (~Q(status="returned") & ~Q(decision="returned")),
                name="version_returned_by_decision",
            ),
            models.CheckConstraint(
                condition=~Q(status="awaiting") | ~Q(held_for=""),
                name="version_awaiting_says_why",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.return_record}, version {self.number}"

    @property
    def counts(self) -> bool:
        return self.status == self.Status.CURRENT

    @property
    def ethnicity_coverage(self) -> float | None:
        if not self.total_referrals:
            return None
        return self.stated_ethnicity / self.total_referrals
