"""Signing in (password, then the second factor), out, and out everywhere."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from accounts import services
from accounts.forms import SignInForm
from core.access import public, signed_in


@method_decorator(sensitive_post_parameters("password"), name="dispatch")
class SignIn(auth_views.LoginView):
    """The password step. A right password leads to the second factor (two_factor.py)."""

    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = False
    extra_context = {"page_title": "Sign in"}

    def get(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.is_verified():
            return redirect(self.get_success_url())
        return super().get(request, *args, **kwargs)

    def get_success_url(self):
        from urllib.parse import urlencode

        from django.urls import reverse

        target = self.get_redirect_url()
        url = reverse("accounts:two-factor")
        return url + ("?" + urlencode({"next": target}) if target else "")


class SignOut(auth_views.LogoutView):
    http_method_names = ["post", "options"]


sign_in = public(SignIn.as_view())
sign_out = public(SignOut.as_view())


@require_POST
@signed_in
def sign_out_everywhere(request):
    services.sign_out_everywhere(user=request.user)
    logout(request)
    messages.success(
        request, "You have been signed out everywhere: on this and every other device."
    )
    return redirect("accounts:sign-in")
