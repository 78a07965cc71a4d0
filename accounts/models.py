"""People who sign in to Reach, and the organisation each one acts for.

A user holds one or more memberships; each membership gives one role, scoped to a
provider (provider staff), an area (a commissioner's office) or to all areas (the
Ministry of Justice assessor). What a role may do is code, in accounts/authorization.py.
"""

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import salted_hmac

# Demo accounts live in this reserved domain (no mail is ever delivered to it): they are
# refused at sign-in wherever settings.DEMO_SIGN_INS is off (docs/accounts.md).
DEMO_EMAIL_DOMAIN = "reach.example"


def normalise_email(value: str) -> str:
    """Email addresses are matched without regard to case: stored in lower case."""
    return (value or "").strip().lower()


class UserManager(DjangoUserManager):
    def get_by_natural_key(self, username):
        # Sign-in looks people up by the address they type, in whatever case.
        return self.get(username=normalise_email(username))


class User(AbstractUser):
    """A person. Signs in with their email address (also the username), in any case."""

    full_name = models.CharField(max_length=200, blank=True)
    # Raised by "sign out everywhere" (and by deactivation and two-factor reset): every
    # session made before it no longer matches (`_get_session_auth_hash`).
    session_generation = models.PositiveIntegerField(default=0)

    objects = UserManager()

    class Meta:
        ordering = ["username"]
        constraints = [
            models.UniqueConstraint(Lower("username"), name="user_username_unique_any_case"),
            models.UniqueConstraint(
                Lower("email"), condition=~Q(email=""), name="user_email_unique_any_case"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    def save(self, *args, **kwargs):
        self.username = normalise_email(self.username)
        self.email = normalise_email(self.email)
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    @property
    def is_demo(self) -> bool:
        return self.username.endswith("@" + DEMO_EMAIL_DOMAIN)

    def _get_session_auth_hash(self, secret=None):
        # Django checks this on every request: a session made before the password or the
        # session generation changed is ended.
        key_salt = "accounts.User.session_auth_hash"
        value = f"{self.password}:{self.session_generation}"
        return salted_hmac(key_salt, value, secret=secret, algorithm="sha256").hexdigest()


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
    # A provider's lead invites and manages the provider's other staff in Reach.
    is_lead = models.BooleanField(default=False)
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
            models.CheckConstraint(
                condition=Q(is_lead=False) | Q(role="provider"), name="membership_lead_is_provider"
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
        return f"{self.user}: {self.describe()}"

    def describe(self) -> str:
        """The role in words, e.g. "Provider (lead), Area A Victim Care"."""
        role = self.get_role_display() + (" (lead)" if self.is_lead else "")
        scope = self.provider or self.area
        return f"{role}, {scope}" if scope else f"{role}, all areas"


def _token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def pending(self, now=None):
        now = now or timezone.now()
        return self.filter(accepted_at__isnull=True, withdrawn_at__isnull=True, expires_at__gt=now)


class Invitation(models.Model):
    """An emailed, one-time link to join Reach in one role. Only its hash is kept.

    It works once, until `expires_at` (settings.INVITATION_DAYS after sending), and not
    after it is withdrawn (accounts/services.py).
    """

    email = models.EmailField()
    full_name = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=20, choices=Role.choices)
    provider = models.ForeignKey(
        "organisations.Provider", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    area = models.ForeignKey(
        "reference.Area", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    is_lead = models.BooleanField(default=False)
    token_sha256 = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(role="provider", provider__isnull=False, area__isnull=True)
                    | Q(role="commissioner", provider__isnull=True, area__isnull=False)
                    | Q(role="assessor", provider__isnull=True, area__isnull=True)
                ),
                name="invitation_scope_matches_role",
            ),
            models.CheckConstraint(
                condition=Q(is_lead=False) | Q(role="provider"), name="invitation_lead_is_provider"
            ),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True, accepted_by__isnull=True)
                | Q(accepted_at__isnull=False, accepted_by__isnull=False),
                name="invitation_accepted_pair",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True, withdrawn_by__isnull=True)
                | Q(withdrawn_at__isnull=False, withdrawn_by__isnull=False),
                name="invitation_withdrawn_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"Invitation for {self.email}: {self.describe()}"

    @staticmethod
    def new_token() -> tuple[str, str]:
        """A fresh link token and the hash that is stored (the token itself is not)."""
        raw = secrets.token_urlsafe(32)
        return raw, _token_hash(raw)

    @classmethod
    def find(cls, raw: str):
        return cls.objects.filter(token_sha256=_token_hash(raw or "")).first()

    def describe(self) -> str:
        role = self.get_role_display() + (" (lead)" if self.is_lead else "")
        scope = self.provider or self.area
        return f"{role}, {scope}" if scope else f"{role}, all areas"

    @property
    def status(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.withdrawn_at:
            return "withdrawn"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"

    @property
    def status_label(self) -> str:
        return {
            "accepted": "Accepted",
            "withdrawn": "Withdrawn",
            "expired": "Expired",
            "pending": "Waiting",
        }[self.status]

    @property
    def days_valid(self) -> int:
        return settings.INVITATION_DAYS
