"""Reads of API tokens."""

import hashlib

from django.db.models import QuerySet

from .models import ApiToken

# Every key starts with this, so a leaked key is easy to recognise (and to search for in code).
KEY_PREFIX = "rmk_"


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def token_for_key(key: str) -> ApiToken | None:
    """The active token with this key, with its user and the user's agency membership (one query)."""
    if not key.startswith(KEY_PREFIX):
        return None
    return (
        ApiToken.objects.filter(key_hash=key_hash(key), revoked_at__isnull=True)
        .select_related("user", "user__membership")
        .first()
    )


def tokens_of(user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("revoked_at", "-created_at", "-pk")
