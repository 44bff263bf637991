"""`Authorization: Bearer <key>` authentication with the seller's API keys."""

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from portal.services.api_keys import authenticate_api_key


class APIKeyAuthentication(authentication.BaseAuthentication):
    """Authenticates a partner by API key; `request.auth` is the APIKey, `request.user` anonymous."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        parts = header.split()
        # The scheme is case-insensitive (RFC 9110); other schemes are left to other classes.
        if parts[0].lower() != self.keyword.lower():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("The Authorization header must be 'Bearer <api key>'."))
        key = authenticate_api_key(parts[1])
        if key is None:
            raise exceptions.AuthenticationFailed(_("The API key is unknown or revoked."))
        return AnonymousUser(), key

    def authenticate_header(self, request):
        return f'{self.keyword} realm="api"'


class APIKeyAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "portal.api.authentication.APIKeyAuthentication"
    name = "ApiKeyAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A seller's API key: `nggs_<prefix>.<secret>`.",
        }
