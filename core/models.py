"""The audit trail: one record per thing done in Reach, append-only in the database.

Records are written by `core.audit.audit(...)`, inside the transaction of the change they
record, and by the audit middleware for views, exports and API calls (core/middleware.py).
Database triggers refuse every UPDATE, and every DELETE of a record younger than the
retention period (migrations 0003; docs/audit.md), whatever program connects.
"""

from django.conf import settings
from django.db import models

# How long a record is kept: the database refuses to delete a younger one.
AUDIT_RETENTION_YEARS = 7


class AuditEventQuerySet(models.QuerySet):
    def visible_to(self, user):
        from accounts.scope import scope_for

        return scope_for(user).audit_events(self)


class AuditEvent(models.Model):
    """Who did what, to what, when, from where, and with what result."""

    class Result(models.TextChoices):
        SUCCESS = "success", "Done"
        FAILURE = "failure", "Failed"
        REFUSED = "refused", "Refused"

    class Channel(models.TextChoices):
        WEB = "web", "Web page"
        API = "api", "API"
        SYSTEM = "system", "Reach itself (command or background task)"

    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The email address signed in with, or tried (a failed sign-in may name no account).
    actor_label = models.CharField(max_length=254, blank=True)
    verb = models.CharField(max_length=60)  # the service's name, e.g. "assessment_submit"
    target = models.CharField(max_length=300)  # what it was done to, in words
    target_type = models.CharField(max_length=100, blank=True)  # e.g. "assurance.challenge"
    target_id = models.CharField(max_length=64, blank=True)
    area = models.ForeignKey(
        "reference.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    summary = models.TextField(blank=True)
    result = models.CharField(max_length=10, choices=Result.choices, default=Result.SUCCESS)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.SYSTEM)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    request = models.CharField(max_length=300, blank=True)  # "GET /figures/areas/…/"

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["at"], name="audit_at"),
            models.Index(fields=["verb", "at"], name="audit_verb_at"),
            models.Index(fields=["actor", "at"], name="audit_actor_at"),
            models.Index(fields=["area", "at"], name="audit_area_at"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.at:%Y-%m-%d %H:%M} {self.actor or self.actor_label}: {self.verb} {self.target}"
        )


class WorkerHeartbeat(models.Model):
    """A task worker's sign of life, written when it starts and every few seconds while it
    runs (core/queue.py): a task whose worker has stopped writing it is lost."""

    worker = models.CharField(max_length=64, primary_key=True)  # "host:pid:start"
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.worker} seen {self.seen_at:%Y-%m-%d %H:%M:%S}"
