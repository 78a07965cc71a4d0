"""Writes for providers: keyword-only, one transaction each."""

from django.db import transaction
from django.utils.text import slugify

from core.audit import audit
from organisations.models import Provider


def _unique_slug(name: str) -> str:
    base = slugify(name.replace("&", "and"))[:200] or "provider"
    slug, n = base, 2
    while Provider.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def provider_register(*, form, area, by) -> Provider:
    """A commissioner registers a service it funds, in its own area."""
    provider = form.save(commit=False)
    provider.slug = _unique_slug(provider.name)
    provider.save()
    form.save_m2m()
    provider.areas.add(area)
    audit(by=by, area=area, verb="provider_register", target=provider)
    return provider


@transaction.atomic
def provider_update(*, form, by) -> Provider:
    provider = form.save()
    changed = ", ".join(form.changed_data) or "nothing"
    audit(by=by, area=None, verb="provider_update", target=provider, summary=f"Changed: {changed}")
    return provider
