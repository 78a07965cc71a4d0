"""Password reset by email, and password change (Django's views, GOV.UK pages).

A reset link works once, for settings.PASSWORD_RESET_TIMEOUT (one hour). The page that
asks for an address says the same whether or not an account has it, so it cannot be
used to find out who has an account. A reset ends every session of the account and
clears its lock-out; the second factor is still needed to sign in.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.db import transaction
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.views.decorators.debug import sensitive_post_parameters

from accounts import services
from accounts.forms import ReachPasswordChangeForm, ReachPasswordResetForm, ReachSetPasswordForm
from core.access import public, signed_in
from core.audit import audit


class PasswordReset(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    form_class = ReachPasswordResetForm
    success_url = reverse_lazy("accounts:password-reset-sent")
    extra_context = {"page_title": "Reset your password"}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if context["form"].errors:
            context["page_title"] = "Error: Reset your password"
        return context

    def form_valid(self, form):
        self.extra_email_context = {
            "site_url": settings.SITE_URL.rstrip("/"),
            "minutes": settings.PASSWORD_RESET_TIMEOUT // 60,
        }
        email = form.cleaned_data["email"]
        users = list(form.get_users(email))
        audit(
            by=users[0] if users else None,
            verb="password_reset_request",
            target=email.lower(),
            actor_label=email.lower(),
            summary="Link emailed" if users else "No active account has this address: nothing sent",
        )
        return super().form_valid(form)


class PasswordResetSent(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_sent.html"
    extra_context = {"page_title": "Check your email"}


@method_decorator(sensitive_post_parameters("new_password1", "new_password2"), name="dispatch")
class PasswordResetConfirm(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = ReachSetPasswordForm
    success_url = reverse_lazy("accounts:password-reset-complete")
    extra_context = {"page_title": "Choose a new password"}

    def form_valid(self, form):
        from axes.utils import reset

        with transaction.atomic():
            response = super().form_valid(form)
            services.password_changed(user=form.user, how="password_reset")
            reset(username=form.user.username)
        return response


class PasswordResetComplete(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
    extra_context = {"page_title": "Your password has been changed"}


@method_decorator(
    sensitive_post_parameters("old_password", "new_password1", "new_password2"), name="dispatch"
)
class PasswordChange(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = ReachPasswordChangeForm
    success_url = reverse_lazy("accounts:account")
    extra_context = {"page_title": "Change your password"}

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            services.password_changed(user=form.user, how="password_change")
        messages.success(
            self.request,
            "Your password has been changed. You are still signed in here; "
            "every other session has ended.",
        )
        return response


password_reset = public(PasswordReset.as_view())
password_reset_sent = public(PasswordResetSent.as_view())
password_reset_confirm = public(PasswordResetConfirm.as_view())
password_reset_complete = public(PasswordResetComplete.as_view())
password_change = signed_in(PasswordChange.as_view())
