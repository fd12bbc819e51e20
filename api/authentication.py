"""`Authorization: Bearer <key>` with a personal token (api.ApiToken).

A token works only while it is not revoked, its user is active and the user is still linked to an
agency (membership not removed or rejected): the same people who may use the agency pages.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from .selectors import token_for_key
from .services import api_token_touch

INVALID_TOKEN = _("The API token is not valid, was revoked, or its account is no longer linked to an agency.")


class BearerTokenAuthentication(BaseAuthentication):
    keyword = b"bearer"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None  # no token: anonymous (public endpoints answer, the others ask for one)
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Send the header as: Authorization: Bearer <token>."))
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(INVALID_TOKEN) from None
        token = token_for_key(key)
        if token is None or not request_user_may_use(token.user):
            raise exceptions.AuthenticationFailed(INVALID_TOKEN)
        api_token_touch(token=token)
        return token.user, token

    def authenticate_header(self, request):
        # Makes DRF answer 401 (not 403) without credentials, with the scheme to use.
        return 'Bearer realm="api"'


def request_user_may_use(user) -> bool:
    return user.has_perm("api.manage_tokens")
