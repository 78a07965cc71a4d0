"""Writes for API tokens: keyword-only, one transaction each."""

from django.db import transaction
from django.utils import timezone

from api.models import ProviderToken
from core.audit import audit


def token_create(*, provider, created_by, name: str) -> tuple[ProviderToken, str]:
    """Make a token for the provider. The raw token is returned once and never stored."""
    name = name.strip()
    if not name:
        raise ValueError("Give the token a name, such as the case system that will use it.")
    raw = ProviderToken.generate()
    with transaction.atomic():
        token = ProviderToken.objects.create(
            provider=provider,
            name=name[:100],
            prefix=raw[6:14],
            token_sha256=ProviderToken.hash(raw),
            created_by=created_by,
        )
        audit(
            by=created_by,
            area=None,
            verb="token_create",
            target=f"API token '{token.name}' of {provider}",
        )
    return token, raw


def token_revoke(*, token: ProviderToken, by=None) -> ProviderToken:
    with transaction.atomic():
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            audit(
                by=by,
                area=None,
                verb="token_revoke",
                target=f"API token '{token.name}' of {token.provider}",
            )
    return token
