"""Signing in and out, recorded in the audit trail where Django announces them.

Django's auth signals are the one place every sign-in passes (the sign-in page, password
reset, the test client's force_login alike), so the records are written here rather than
in each view.
"""

import time

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from accounts.models import normalise_email
from core.audit import RESULT_FAILURE, audit
from core.middleware import SIGNED_IN_AT


@receiver(user_logged_in, dispatch_uid="reach_sign_in")
def signed_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = time.time()
    audit(by=user, verb="sign_in", target=user, summary="Password accepted")


@receiver(user_login_failed, dispatch_uid="reach_sign_in_failed")
def sign_in_failed(sender, credentials, request=None, **kwargs):
    if request is not None and getattr(request, "axes_locked_out", False):
        return  # recorded as a lock-out (accounts/lockout.py)
    tried = normalise_email(credentials.get("username", ""))
    from accounts.models import User

    user = User.objects.filter(username=tried).first() if tried else None
    audit(
        by=user,
        verb="sign_in_failed",
        target=tried or "no address given",
        actor_label=tried,
        result=RESULT_FAILURE,
        summary="Wrong password" if user else "No account with this address",
    )


@receiver(user_logged_out, dispatch_uid="reach_sign_out")
def signed_out(sender, request, user, **kwargs):
    if user is not None:
        audit(by=user, verb="sign_out", target=user)
