"""People who sign in to Reach, and the organisation each one acts for.

A user holds one or more memberships; each membership gives one role, scoped to a
provider (provider staff), an area (a commissioner's office) or to all areas (the
Ministry of Justice assessor). What a role may do is code, in accounts/authorization.py.
"""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q


class User(AbstractUser):
    """A person. Signs in with their email address."""

    full_name = models.CharField(max_length=200, blank=True)

    objects = UserManager()

    class Meta:
        ordering = ["username"]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username


class Role(models.TextChoices):
    PROVIDER = "provider", "Provider"
    COMMISSIONER = "commissioner", "Commissioner"
    ASSESSOR = "assessor", "Assessor"


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    provider = models.ForeignKey(
        "organisations.Provider",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    area = models.ForeignKey(
        "reference.Area",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user", "role"]
        constraints = [
            # Each role names exactly the organisation it is scoped to, and no other.
            models.CheckConstraint(
                condition=(
                    Q(role="provider", provider__isnull=False, area__isnull=True)
                    | Q(role="commissioner", provider__isnull=True, area__isnull=False)
                    | Q(role="assessor", provider__isnull=True, area__isnull=True)
                ),
                name="membership_scope_matches_role",
            ),
            models.UniqueConstraint(
                fields=["user", "provider"],
                condition=Q(role="provider"),
                name="unique_provider_membership",
            ),
            models.UniqueConstraint(
                fields=["user", "area"],
                condition=Q(role="commissioner"),
                name="unique_commissioner_membership",
            ),
            models.UniqueConstraint(
                fields=["user"], condition=Q(role="assessor"), name="unique_assessor_membership"
            ),
        ]

    def __str__(self) -> str:
        scope = self.provider or self.area or "all areas"
        return f"{self.user}: {self.get_role_display()} ({scope})"
