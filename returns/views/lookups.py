"""Fetching what a returns page is about, always through the user's scope (404 outside it)."""

from django.shortcuts import get_object_or_404

from organisations.models import Provider
from reference.models import Area
from returns.models import Period, Return


def provider_area_period(user, provider_slug: str, area_slug: str, period_code: str):
    provider = get_object_or_404(Provider.objects.visible_to(user), slug=provider_slug)
    area = get_object_or_404(provider.areas.all(), slug=area_slug)
    # A commissioner sees a provider through one area; the other areas stay hidden.
    get_object_or_404(Area.objects.visible_to(user), pk=area.pk)
    period = get_object_or_404(Period, code=period_code)
    return provider, area, period


def return_for(user, provider, area, period) -> Return | None:
    return (
        Return.objects.visible_to(user).filter(provider=provider, area=area, period=period).first()
    )


def posted(request, *, files: bool = False) -> tuple:
    """A form's data: bound on a POST even when nothing was filled in (an empty POST is
    still an answer, and must be checked), unbound otherwise."""
    if request.method != "POST":
        return (None, None) if files else None
    return (request.POST, request.FILES) if files else request.POST
