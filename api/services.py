"""Writes of personal API tokens: create (the key is returned once), revoke, note the last use."""

import datetime
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.services import message_queue

from .models import ApiToken
from .selectors import KEY_PREFIX, key_hash

# Enough for a few scripts; more usually means old tokens were never revoked.
MAX_ACTIVE_TOKENS = 10
# last_used_at is written at most this often per token, not on every request.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=5)
PREFIX_LENGTH = len(KEY_PREFIX) + 6


def api_token_create(*, user, name: str) -> tuple[ApiToken, str]:
    """A new token for `user`; returns it with its key, which is never stored and cannot be shown again.
    The user is told by e-mail, so a token made by someone else with their session does not go unnoticed."""
    if not user.has_perm("api.manage_tokens"):
        raise PermissionDenied(_("Only users linked to a government agency can create API tokens."))
    name = name.strip()
    if not name:
        raise ValidationError(_("Give the token a name, e.g. the script that will use it."), code="name")
    with transaction.atomic():
        if ApiToken.objects.filter(user=user, revoked_at__isnull=True).count() >= MAX_ACTIVE_TOKENS:
            raise ValidationError(
                _("You already have %(count)d active tokens: revoke one you no longer use first.")
                % {"count": MAX_ACTIVE_TOKENS},
                code="too_many",
            )
        key = KEY_PREFIX + secrets.token_urlsafe(32)
        token = ApiToken.objects.create(user=user, name=name, prefix=key[:PREFIX_LENGTH], key_hash=key_hash(key))
        message_queue(
            template="api_token_created",
            recipient=user,
            context={"name": token.name, "prefix": token.prefix, "url": reverse("api_tokens")},
            idempotency_key=f"api-token-created:{token.pk}",
            subject_ref=f"api.apitoken:{token.pk}",
        )
    return token, key


def api_token_revoke(*, token: ApiToken, actor) -> ApiToken:
    """The token stops working at once. Revoking a revoked token changes nothing."""
    if not actor.has_perm("api.revoke_token", token):
        raise PermissionDenied
    if token.revoked_at is None:
        now = timezone.now()
        ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now)
        token.refresh_from_db(fields=["revoked_at"])
    return token


def api_token_touch(*, token: ApiToken) -> None:
    """Note that the token was used now (at most every few minutes, to spare a write per request)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
