"""Bearer-token authentication for providers' case-management systems."""

from django.utils import timezone
from rest_framework import authentication, exceptions

from api.models import ProviderToken


class ProviderTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer reach_…` authenticates as the provider's API client.

    The request's user is the token's creator (a member of the provider); `request.auth`
    is the token, whose provider bounds everything the request may touch.
    """

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header.startswith(f"{self.keyword} "):
            return None
        raw = header[len(self.keyword) + 1 :].strip()
        token = (
            ProviderToken.objects.select_related("provider", "created_by")
            .filter(token_sha256=ProviderToken.hash(raw), revoked_at__isnull=True)
            .first()
        )
        if token is None or token.created_by is None or not token.created_by.is_active:
            raise exceptions.AuthenticationFailed("The API token is not valid or was revoked.")
        ProviderToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return token.created_by, token

    def authenticate_header(self, request):
        return self.keyword
