"""Providers: the services registered in Reach, what they offer, and keeping that current."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify

from accounts.authorization import Permission, has_permission
from core import tables
from core.access import check, requires
from organisations.forms import ProviderForm
from organisations.languages import area_language_coverage
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
    visible = list(Area.objects.visible_to(request.user))
    areas = [
        a for a in visible if has_permission(request.user, Permission.PROVIDER_REGISTER, area=a)
    ]
    # The languages page, for each area the reader assesses (all of them for the assessor).
    coverage_areas = [
        a for a in visible if has_permission(request.user, Permission.ASSESSMENT_VIEW, area=a)
    ]
    return render(
        request,
        "organisations/list.html",
        {
            "page_title": "Services",
            "providers": providers,
            "register_areas": areas,
            "coverage_areas": coverage_areas,
        },
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


@requires(Permission.ASSESSMENT_VIEW)
def language_coverage(request, area):
    """Which languages the area's services and materials cover (Quality Standard 3)."""
    area = get_object_or_404(Area.objects.visible_to(request.user), slug=area)
    check(request.user, Permission.ASSESSMENT_VIEW, area=area)
    coverage = area_language_coverage(area=area, user=request.user)
    fmt = request.GET.get("format")
    if fmt:
        if fmt not in tables.FORMATS:
            raise Http404("No such format.")
        table = coverage.table()
        response = HttpResponse(tables.render(table, fmt), content_type=tables.FORMATS[fmt])
        name = slugify(f"{area.name} {table.slug}")
        response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
        return response
    return render(
        request,
        "organisations/languages.html",
        {
            "page_title": f"Languages in {area.name}",
            "area": area,
            "coverage": coverage,
            "download_formats": list(tables.FORMATS),
        },
    )
