"""The page where provider staff make and revoke API tokens for their case system."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from accounts.authorization import Permission
from api.models import ProviderToken
from api.services import token_create, token_revoke
from core.access import check, requires
from organisations.models import Provider


class TokenForm(forms.Form):
    name = forms.CharField(
        label="Name of the token",
        max_length=100,
        help_text="Say what will use it, for example 'Case system export'.",
        error_messages={"required": "Give the token a name."},
    )


def _providers(user):
    return (
        Provider.objects.visible_to(user)
        .filter(memberships__user=user, memberships__role="provider")
        .distinct()
    )


@requires(Permission.API_TOKEN_MANAGE)
def tokens(request):
    providers = list(_providers(request.user))
    form = TokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        provider = get_object_or_404(
            _providers(request.user),
            slug=request.POST.get("provider", providers[0].slug if providers else ""),
        )
        check(request.user, Permission.API_TOKEN_MANAGE, provider=provider)
        token, new_token = token_create(
            provider=provider, created_by=request.user, name=form.cleaned_data["name"]
        )
        form = TokenForm()
    return render(
        request,
        "api/tokens.html",
        {
            "page_title": "API tokens",
            "form": form,
            "providers": providers,
            "new_token": new_token,
            "tokens": ProviderToken.objects.filter(provider__in=providers).select_related(
                "provider", "created_by"
            ),
        },
        status=400 if form.errors else 200,
    )


@requires(Permission.API_TOKEN_MANAGE)
def revoke(request, pk):
    token = get_object_or_404(
        ProviderToken.objects.filter(provider__in=_providers(request.user)), pk=pk
    )
    check(request.user, Permission.API_TOKEN_MANAGE, provider=token.provider)
    if request.method == "POST":
        token_revoke(token=token, by=request.user)
        messages.success(request, f"The token '{token.name}' is revoked: it no longer works.")
    return redirect("api:tokens")
