"""Providers: the services registered in Reach, what they offer, and keeping that current."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from accounts.authorization import Permission, has_permission
from core.access import check, requires
from organisations.forms import ProviderForm
from organisations.models import Provider
from organisations.services import provider_register, provider_update
from reference.models import Area


@requires(Permission.PROVIDER_VIEW)
def provider_list(request):
    providers = (
        Provider.objects.visible_to(request.user)
        .prefetch_related("areas", "languages")
        .order_by("name")
    )
    areas = [
        a
        for a in Area.objects.visible_to(request.user)
        if has_permission(request.user, Permission.PROVIDER_REGISTER, area=a)
    ]
    return render(
        request,
        "organisations/list.html",
        {"page_title": "Services", "providers": providers, "register_areas": areas},
    )


@requires(Permission.PROVIDER_VIEW)
def provider_detail(request, slug):
    provider = get_object_or_404(
        Provider.objects.visible_to(request.user).prefetch_related(
            "areas", "languages", "crime_types", "age_bands", "local_authorities"
        ),
        slug=slug,
    )
    check(request.user, Permission.PROVIDER_VIEW, provider=provider)
    return render(
        request,
        "organisations/detail.html",
        {
            "page_title": provider.name,
            "provider": provider,
            "can_edit": has_permission(request.user, Permission.PROVIDER_EDIT, provider=provider),
        },
    )


@requires(Permission.PROVIDER_EDIT)
def provider_edit(request, slug):
    provider = get_object_or_404(Provider.objects.visible_to(request.user), slug=slug)
    check(request.user, Permission.PROVIDER_EDIT, provider=provider)
    form = ProviderForm(request.POST or None, instance=provider)
    if request.method == "POST" and form.is_valid():
        provider_update(form=form, by=request.user)
        messages.success(request, "The service's details are saved.")
        return redirect("organisations:provider-detail", slug=provider.slug)
    return render(
        request,
        "organisations/form.html",
        {"page_title": f"Edit {provider.name}", "form": form, "provider": provider},
        status=400 if form.errors else 200,
    )


@requires(Permission.PROVIDER_REGISTER)
def provider_new(request, area):
    area = get_object_or_404(Area.objects.visible_to(request.user), slug=area)
    check(request.user, Permission.PROVIDER_REGISTER, area=area)
    form = ProviderForm(request.POST or None, areas=[area])
    if request.method == "POST" and form.is_valid():
        provider = provider_register(form=form, area=area, by=request.user)
        messages.success(
            request,
            f"{provider.name} is registered in {area}. Ask the assessor team to add its staff.",
        )
        return redirect("organisations:provider-detail", slug=provider.slug)
    return render(
        request,
        "organisations/form.html",
        {"page_title": f"Register a service in {area}", "form": form, "area": area},
        status=400 if form.errors else 200,
    )
