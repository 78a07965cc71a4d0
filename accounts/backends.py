"""Signing in with an email address and password (after django-axes' lock-out check)."""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend


class EmailBackend(ModelBackend):
    """Django's model backend, with addresses matched in any case (accounts/models.py
    `UserManager.get_by_natural_key`) and demo accounts refused where demo sign-ins are
    off (production)."""

    def user_can_authenticate(self, user):
        if getattr(user, "is_demo", False) and not settings.DEMO_SIGN_INS:
            return False
        return super().user_can_authenticate(user)
