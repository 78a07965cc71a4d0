"""The Ministry of Justice's side of the cycle: challenges, action plans, escalation.

The guidance (Executive summary): "We will challenge areas that are insufficient ... We
will work with PCCs to remedy any disputes in relation to these Quality Standards,
putting in place timelines, action plans for improvement, escalating concerns where
necessary, and suspending grant payments (as set out in the PCC grant agreement) where
concerns are consistently not addressed." The allowed moves are in assurance/workflow.py.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from assurance.models.scoping import AreaScopedQuerySet
from core.status import status_tags

USER = settings.AUTH_USER_MODEL


def _pair(prefix: str, name: str) -> models.CheckConstraint:
    """`<prefix>_by` and `<prefix>_at` are both set or both empty."""
    return models.CheckConstraint(
        condition=Q(**{f"{prefix}_by__isnull": True, f"{prefix}_at__isnull": True})
        | Q(**{f"{prefix}_by__isnull": False, f"{prefix}_at__isnull": False}),
        name=name,
    )


class Challenge(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ANSWERED = "answered", "Answered"
        CLOSED = "closed", "Closed"

    STATUS_TAGS = status_tags(
        Status, {Status.OPEN: "orange", Status.ANSWERED: "blue", Status.CLOSED: "grey"}
    )

    area = models.ForeignKey("reference.Area", on_delete=models.PROTECT, related_name="+")
    assessment = models.ForeignKey(
        "assurance.SelfAssessment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="challenges",
    )
    standard = models.ForeignKey(
        "assurance.QualityStandard",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    raised_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField()
    response = models.TextField(blank=True)
    responded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = AreaScopedQuerySet.as_manager()

    class Meta:
        ordering = ["area__name", "-raised_at"]
        constraints = [
            _pair("responded", "challenge_response_pair"),
            _pair("closed", "challenge_closed_pair"),
            models.CheckConstraint(
                condition=~Q(status="answered") | Q(responded_at__isnull=False),
                name="answered_challenge_has_response",
            ),
            models.CheckConstraint(
                condition=Q(status="closed", closed_at__isnull=False)
                | ~Q(status="closed") & Q(closed_at__isnull=True),
                name="closed_challenge_has_closed_at",
            ),
        ]

    def __str__(self) -> str:
        return f"Challenge to {self.area}, {self.raised_at:%d %B %Y}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class ActionPlan(models.Model):
    """An area's plan for improvement. Agreed plans are frozen; a revision is a new plan."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        AGREED = "agreed", "Agreed"
        REPLACED = "replaced", "Replaced by a revision"

    STATUS_TAGS = status_tags(
        Status, {Status.PROPOSED: "blue", Status.AGREED: "green", Status.REPLACED: "grey"}
    )

    area = models.ForeignKey("reference.Area", on_delete=models.PROTECT, related_name="+")
    revision = models.PositiveIntegerField(default=1)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField()
    agreed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    agreed_at = models.DateTimeField(null=True, blank=True)

    objects = AreaScopedQuerySet.as_manager()

    class Meta:
        ordering = ["area__name", "-revision"]
        constraints = [
            models.UniqueConstraint(fields=["area", "revision"], name="unique_plan_revision"),
            models.UniqueConstraint(
                fields=["area"],
                condition=Q(status="proposed"),
                name="one_proposed_plan_per_area",
            ),
            models.UniqueConstraint(
                fields=["area"], condition=Q(status="agreed"), name="one_agreed_plan_per_area"
            ),
            _pair("agreed", "plan_agreed_pair"),
            models.CheckConstraint(
                condition=Q(status="proposed", agreed_at__isnull=True)
                | Q(status__in=["agreed", "replaced"]),
                name="proposed_plan_not_agreed",
            ),
        ]

    def __str__(self) -> str:
        return f"Action plan for {self.area}, revision {self.revision}"


class Action(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"

    STATUS_TAGS = status_tags(
        Status, {Status.NOT_STARTED: "grey", Status.IN_PROGRESS: "blue", Status.DONE: "green"}
    )

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField()
    owner = models.CharField(max_length=200)  # a person or team, who may not use Reach
    due_date = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    done_at = models.DateTimeField(null=True, blank=True)
    carried_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField()
    updated_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField()

    scope_area_field = "plan__area"
    objects = AreaScopedQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="done", done_at__isnull=False)
                | ~Q(status="done") & Q(done_at__isnull=True),
                name="action_done_has_done_at",
            )
        ]

    def __str__(self) -> str:
        return self.description[:80]

    def is_overdue_on(self, day: datetime.date) -> bool:
        return self.status != self.Status.DONE and self.due_date < day

    @property
    def is_overdue(self) -> bool:
        return self.is_overdue_on(timezone.localdate())


class ActionReminder(models.Model):
    """An email sent about a due or overdue action: at most one per action per day."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", "Due within 7 days"
        OVERDUE = "overdue", "Overdue"

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    sent_on = models.DateField()
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-sent_on"]
        constraints = [
            models.UniqueConstraint(fields=["action", "sent_on"], name="one_reminder_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} reminder, {self.sent_on}: {self.action}"


class EscalationState(models.TextChoices):
    NONE = "none", "No concerns raised"
    CHALLENGED = "challenged", "Challenged"
    ACTION_PLAN_AGREED = "action_plan_agreed", "Action plan agreed"
    ESCALATED = "escalated", "Escalated"
    SUSPENSION_PENDING = "suspension_pending", "Suspension waiting for a second assessor"
    SUSPENDED = "suspended", "Grant payments suspended"
    LIFTED = "lifted", "Suspension lifted"
    RESOLVED = "resolved", "Resolved"


ESCALATION_TAGS = status_tags(
    EscalationState,
    {
        EscalationState.NONE: "grey",
        EscalationState.CHALLENGED: "yellow",
        EscalationState.ACTION_PLAN_AGREED: "blue",
        EscalationState.ESCALATED: "orange",
        EscalationState.SUSPENSION_PENDING: "pink",
        EscalationState.SUSPENDED: "red",
        EscalationState.LIFTED: "purple",
        EscalationState.RESOLVED: "green",
    },
    name="escalation",
)


class AreaEscalation(models.Model):
    """The current escalation state of one area. Changed only by assurance/workflow.py."""

    area = models.OneToOneField("reference.Area", on_delete=models.PROTECT, related_name="+")
    state = models.CharField(
        max_length=20, choices=EscalationState.choices, default=EscalationState.NONE
    )
    changed_at = models.DateTimeField(null=True, blank=True)

    objects = AreaScopedQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.area}: {self.get_state_display()}"


class EscalationEvent(models.Model):
    """One step of an area's escalation: who, when and why."""

    area = models.ForeignKey("reference.Area", on_delete=models.PROTECT, related_name="+")
    from_state = models.CharField(max_length=20, choices=EscalationState.choices)
    to_state = models.CharField(max_length=20, choices=EscalationState.choices)
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    reason = models.TextField()

    objects = AreaScopedQuerySet.as_manager()

    class Meta:
        ordering = ["area__name", "-at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(from_state=F("to_state")), name="escalation_moves"),
            models.CheckConstraint(condition=~Q(reason=""), name="escalation_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.area}: {self.from_state} → {self.to_state}"


class GrantSuspension(models.Model):
    """A suspension of an area's grant payments: asked for by one assessor, in effect
    only once a second assessor approves it (four eyes), until it is lifted.

    The guidance (Executive summary): "suspending grant payments (as set out in the PCC
    grant agreement) where concerns are consistently not addressed".
    """

    class Decision(models.TextChoices):
        PENDING = "pending", "Waiting for a second assessor"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Not approved"
        WITHDRAWN = "withdrawn", "Withdrawn by the assessor who asked"

    area = models.ForeignKey("reference.Area", on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(max_digits=12, decimal_places=2)  # pounds
    grant_reference = models.CharField(max_length=100)
    effective_date = models.DateField()
    reason = models.TextField()
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decided_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    lifted_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)

    objects = AreaScopedQuerySet.as_manager()

    class Meta:
        ordering = ["area__name", "-requested_at"]
        constraints = [
            _pair("decided", "suspension_decided_pair"),
            _pair("lifted", "suspension_lifted_pair"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="suspension_amount_positive"),
            models.CheckConstraint(
                condition=~Q(grant_reference=""), name="suspension_has_grant_reference"
            ),
            # Four eyes: whoever approves (or turns down) is not whoever asked, except
            # that the asker may withdraw their own request.
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True)
                | Q(decision="withdrawn")
                | ~Q(decided_by=F("requested_by")),
                name="suspension_four_eyes",
            ),
            models.CheckConstraint(
                condition=Q(decision="pending", decided_at__isnull=True)
                | ~Q(decision="pending") & Q(decided_at__isnull=False),
                name="suspension_decision_has_time",
            ),
            models.UniqueConstraint(
                fields=["area"],
                condition=Q(decision="pending"),
                name="one_pending_suspension_per_area",
            ),
        ]

    def __str__(self) -> str:
        return f"Suspension of {self.area} grant {self.grant_reference}: £{self.amount:,.2f}"
