"""Signing in and out."""

from django.contrib.auth import views as auth_views
from django.utils.decorators import method_decorator
from django.views.decorators.debug import sensitive_post_parameters

from accounts.forms import SignInForm
from core.access import public


@method_decorator(sensitive_post_parameters("password"), name="dispatch")
class SignIn(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True
    extra_context = {"page_title": "Sign in"}


class SignOut(auth_views.LogoutView):
    http_method_names = ["post", "options"]


sign_in = public(SignIn.as_view())
sign_out = public(SignOut.as_view())
