"""Request limits per personal token and, without a token, per client address.

Rates come from settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] (env API_THROTTLE_TOKEN,
API_THROTTLE_ANON) and are read on each request, not at import, so a changed setting applies at once.
Counts live in the default cache (Redis in production: shared by every web server)."""

from django.core.exceptions import ImproperlyConfigured
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from romantik.clientip import client_ip

from .models import ApiToken


class _SettingsRateThrottle(SimpleRateThrottle):
    def get_rate(self):
        try:
            return api_settings.DEFAULT_THROTTLE_RATES[self.scope]
        except KeyError:
            raise ImproperlyConfigured(f"No API throttle rate set for scope {self.scope!r}") from None


class TokenRateThrottle(_SettingsRateThrottle):
    """Per token: two tokens of one user each have their own budget; revoking one ends it."""

    scope = "token"

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


class AddressRateThrottle(_SettingsRateThrottle):
    """Requests without a token, per client address: the one behind the trusted proxies (romantik.clientip,
    TRUSTED_PROXY_COUNT), as every other limit of the site reads it."""

    scope = "anon"

    def get_ident(self, request):
        return client_ip(request)

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
