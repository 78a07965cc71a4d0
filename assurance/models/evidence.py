"""Evidence the commissioner records for the standards: workforce, engagement, outreach.

- Workforce diversity (Quality Standard 2, key message 4): "Ethnic diversity should extend
  to staffing in commissioners' offices, particularly at senior/managerial levels ...
  There should also be similar diversity in the staffing of commissioned service providers".
- Engagement (Quality Standard 1): forums, panels, surveys and workshops, who was heard,
  what they said, and what changed ("Engagement with victims and BAME communities").
- Outreach and awareness (Quality Standard 3, "Approaches to outreach" and "Outreach and
  measuring success").
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from assurance.models.scoping import AreaScopedQuerySet, ProviderRecordQuerySet


class WorkforceReturn(models.Model):
    """Staff counts of one organisation in an area for a period.

    The organisation is the area's commissioner's office (`provider` empty) or one
    commissioned provider (its staff serving the area).
    """

    area = models.ForeignKey("reference.Area", on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey("returns.Period", on_delete=models.PROTECT, related_name="+")
    provider = models.ForeignKey(
        "organisations.Provider", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField()
    notes = models.TextField(blank=True)

    objects = ProviderRecordQuerySet.as_manager()

    class Meta:
        ordering = ["area__name", "-period__start", "provider__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "period"],
                condition=Q(provider__isnull=True),
                name="one_office_workforce_return",
            ),
            models.UniqueConstraint(
                fields=["area", "period", "provider"],
                condition=Q(provider__isnull=False),
                name="one_provider_workforce_return",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_name}, {self.period}"

    @property
    def organisation_name(self) -> str:
        return str(self.provider) if self.provider_id else "Commissioner's office"


class Seniority(models.TextChoices):
    SENIOR = "senior", "Senior or managerial"
    OTHER = "other", "Other staff"


class WorkforceCount(models.Model):
    workforce_return = models.ForeignKey(
        WorkforceReturn, on_delete=models.CASCADE, related_name="counts"
    )
    group = models.ForeignKey("reference.EthnicGroup", on_delete=models.PROTECT, related_name="+")
    seniority = models.CharField(max_length=10, choices=Seniority.choices)
    count = models.PositiveIntegerField()

    class Meta:
        ordering = ["workforce_return", "group__order", "seniority"]
        constraints = [
            models.UniqueConstraint(
                fields=["workforce_return", "group", "seniority"], name="unique_workforce_count"
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.workforce_return}: {self.group} ({self.get_seniority_display()}) {self.count}"
        )


class EngagementActivity(models.Model):
    class Kind(models.TextChoices):
        FORUM = "forum", "Forum or advisory group"
        PANEL = "panel", "Panel (for example a diversity panel)"
        SURVEY = "survey", "Survey"
        WORKSHOP = "workshop", "Workshop"
        FOCUS_GROUP = "focus_group", "Focus group or interviews"
        NEEDS_ASSESSMENT = "needs_assessment", "Needs assessment or insight work"
        PARTNER_MEETING = "partner_meeting", "Partner or provider meeting"
        OTHER = "other", "Other"

    # What a person records about an activity (the form's fields; the service accepts these).
    RECORDED_FIELDS = (
        "kind",
        "title",
        "held_on",
        "face_to_face",
        "communities",
        "organisations",
        "by_and_for_involved",
        "participants",
        "what_was_said",
        "what_changed",
    )

    area = models.ForeignKey("reference.Area", on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey("returns.Period", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    held_on = models.DateField()
    face_to_face = models.BooleanField(default=False)
    communities = models.TextField()  # which communities were heard
    organisations = models.TextField(blank=True)  # victims' groups, by-and-for organisations
    by_and_for_involved = models.BooleanField(default=False)
    participants = models.PositiveIntegerField(null=True, blank=True)
    what_was_said = models.TextField()
    what_changed = models.TextField(blank=True)  # what changed in commissioning as a result
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField()

    objects = AreaScopedQuerySet.as_manager()

    class Meta:
        ordering = ["area__name", "-held_on", "title"]
        verbose_name_plural = "engagement activities"

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d %B %Y})"


class OutreachActivity(models.Model):
    class Channel(models.TextChoices):
        # "Approaches to outreach" in the guidance's Quality Standard 3 chapter.
        OUTREACH_WORKER = "outreach_worker", "Outreach or community worker"
        COMMUNITY_VENUE = "community_venue", "Community venue"
        FAITH_SETTING = "faith_setting", "Faith setting"
        SCHOOL_YOUTH = "school_youth", "School or youth club"
        HEALTH_SETTING = "health_setting", "Health setting"
        SOCIAL_MEDIA = "social_media", "Social media"
        LOCAL_MEDIA = "local_media", "Local media"
        POLICE_SIGNPOSTING = "police_signposting", "Police signposting"
        FESTIVAL_EVENT = "festival_event", "Festival or event"
        OTHER = "other", "Other"

    area = models.ForeignKey("reference.Area", on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey("returns.Period", on_delete=models.PROTECT, related_name="+")
    provider = models.ForeignKey(
        "organisations.Provider", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )  # who ran it; empty: the commissioner's office
    held_on = models.DateField()
    channel = models.CharField(max_length=30, choices=Channel.choices)
    description = models.TextField()
    communities = models.TextField()
    languages_reached = models.ManyToManyField("reference.Language", blank=True, related_name="+")
    materials_languages = models.ManyToManyField("reference.Language", blank=True, related_name="+")
    people_reached = models.PositiveIntegerField(null=True, blank=True)
    # The guidance's key messages to victims (Quality Standard 3, key message 3).
    message_independent = models.BooleanField(default=False)
    message_free = models.BooleanField(default=False)
    message_no_report_needed = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField()

    objects = ProviderRecordQuerySet.as_manager()

    class Meta:
        ordering = ["area__name", "-held_on"]
        verbose_name_plural = "outreach activities"

    def __str__(self) -> str:
        return f"{self.get_channel_display()} ({self.held_on:%d %B %Y})"

    @property
    def organisation_name(self) -> str:
        return str(self.provider) if self.provider_id else "Commissioner's office"


class AwarenessIndicator(models.Model):
    """A measured level of awareness, e.g. "% aware of victims' services", by ethnic group."""

    area = models.ForeignKey("reference.Area", on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey("returns.Period", on_delete=models.PROTECT, related_name="+")
    group = models.ForeignKey(
        "reference.EthnicGroup", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )  # empty: everyone asked
    measure = models.CharField(max_length=200)
    value_percent = models.DecimalField(max_digits=4, decimal_places=1)
    base = models.PositiveIntegerField(null=True, blank=True)  # people asked
    source = models.CharField(max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField()

    objects = AreaScopedQuerySet.as_manager()

    class Meta:
        ordering = ["area__name", "-period__start", "measure", "group__order"]
        constraints = [
            models.CheckConstraint(
                condition=Q(value_percent__gte=0, value_percent__lte=100),
                name="awareness_percent_in_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure}: {self.value_percent}%"

    @property
    def group_label(self) -> str:
        return self.group.short_label if self.group_id else "Everyone asked"
