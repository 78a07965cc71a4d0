"""Bearer-token authentication for providers' case-management systems."""

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from accounts.models import Membership, Role
from api.models import ProviderToken


class ProviderTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer reach_…` authenticates as the provider's API client.

    The request's user is the token's creator, narrowed to their membership of the token's
    provider; `request.auth` is the token. So a token can reach that provider's returns and
    figures and nothing else its maker may see in other roles.
    """

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        if not header.startswith(f"{self.keyword} "):
            # Credentials that cannot be read are refused, never passed over for a session.
            raise exceptions.AuthenticationFailed(
                "Reach's API takes one kind of Authorization header: 'Bearer reach_…', with "
                "a token made on the API tokens page."
            )
        raw = header[len(self.keyword) + 1 :].strip()
        token = (
            ProviderToken.objects.select_related("provider", "created_by")
            .filter(token_sha256=ProviderToken.hash(raw), revoked_at__isnull=True)
            .first()
        )
        if token is None or token.created_by is None or not token.created_by.is_active:
            raise exceptions.AuthenticationFailed("The API token is not valid or was revoked.")
        membership = (
            Membership.objects.filter(
                user=token.created_by, role=Role.PROVIDER, provider=token.provider
            )
            .select_related("provider", "area")
            .first()
        )
        if membership is None or not token.provider.is_active:
            # Its maker no longer acts for the provider: the token dies with the membership.
            raise exceptions.AuthenticationFailed(
                "The API token's maker no longer acts for this provider. Make a new token."
            )
        # A token acts for its provider only, whatever else its maker may do: every scope
        # and permission check reads these memberships (accounts/authorization.py).
        user = token.created_by
        user._reach_memberships = [membership]
        ProviderToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return user, token

    def authenticate_header(self, request):
        return self.keyword


class VerifiedSessionAuthentication(authentication.SessionAuthentication):
    """A browser session counts for the API only once its second factor is verified,
    as for every signed-in page (core/access.py)."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None:
            return None
        user = result[0]
        check = getattr(request._request.user, "is_verified", None)
        if check is None or not check():
            return None
        return user, result[1]


class ProviderTokenScheme(OpenApiAuthenticationExtension):
    """Documents the bearer token in the OpenAPI schema (drf-spectacular)."""

    target_class = "api.authentication.ProviderTokenAuthentication"
    name = "providerToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "A provider's API token, made on the API tokens page by the provider's "
                "staff: `Authorization: Bearer reach_…`. A token acts for its provider only."
            ),
        }


class VerifiedSessionScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.VerifiedSessionAuthentication"
    name = "session"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": "sessionid"}
