"""Personal API tokens: created on the account page (key shown once, stored hashed), revoked, e-mailed about."""

import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from api.models import ApiToken
from api.services import MAX_ACTIVE_TOKENS, api_token_create, api_token_revoke
from notifications.models import Message
from notifications.services import message_render
from romantik.enums import Role
from tests.factories import staff

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_token_create_stores_only_a_sha256_and_a_short_prefix(world):
    token, key = api_token_create(user=world["user"], name="  Sinkronisasi SIMDA  ")

    assert key.startswith("rmk_") and len(key) > 40
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert stored.prefix == key[:10] and key not in str(stored.__dict__)
    assert stored.name == "Sinkronisasi SIMDA"
    assert stored.revoked_at is None and stored.last_used_at is None


def test_token_create_tells_the_user_by_email_with_a_link_to_revoke(world, settings):
    settings.SITE_URL = "https://romantik.example.go.id"
    token, _key = api_token_create(user=world["user"], name="skrip")

    message = Message.objects.get(template="api_token_created")
    assert message.recipient == world["user"]
    assert message.context == {"name": "skrip", "prefix": token.prefix, "url": "/akun/token-api/"}
    message.language = "en"
    subject, body = message_render(message=message)
    assert subject == "A new API token was created for your account: revoke it if it was not you"
    assert f'"skrip" (starting with {token.prefix})' in body
    assert "https://romantik.example.go.id/akun/token-api/" in body


def test_token_create_refused_to_staff_and_without_agency(world):
    with pytest.raises(PermissionDenied):
        api_token_create(user=world["reviewer"], name="x")
    assert not ApiToken.objects.exists()


def test_token_create_refuses_an_empty_name_and_too_many_active_tokens(world):
    with pytest.raises(ValidationError):
        api_token_create(user=world["user"], name="   ")
    for i in range(MAX_ACTIVE_TOKENS):
        api_token_create(user=world["user"], name=f"t{i}")
    with pytest.raises(ValidationError) as error:
        api_token_create(user=world["user"], name="one more")
    assert error.value.code == "too_many"
    api_token_revoke(token=ApiToken.objects.first(), actor=world["user"])
    api_token_create(user=world["user"], name="after revoking one")


def test_token_revoke_only_by_its_owner_and_repeatable(world):
    token, _key = api_token_create(user=world["user"], name="x")
    with pytest.raises(PermissionDenied):
        api_token_revoke(token=token, actor=world["colleague"])
    api_token_revoke(token=token, actor=world["user"])
    first = ApiToken.objects.get(pk=token.pk).revoked_at
    assert first is not None
    api_token_revoke(token=token, actor=world["user"])
    assert ApiToken.objects.get(pk=token.pk).revoked_at == first


# --- the page /akun/token-api/ ----------------------------------------------------------------------


def test_token_page_creates_a_token_and_shows_its_key_once(client, world):
    client.force_login(world["user"])
    url = reverse("api_tokens")
    assert url == "/akun/token-api/"

    response = client.post(url, {"name": "Dasbor dinas"}, **EN)

    assert response.status_code == 200
    token = ApiToken.objects.get(user=world["user"])
    key = response.context["new_key"]
    assert hashlib.sha256(key.encode()).hexdigest() == token.key_hash
    html = response.content.decode()
    assert f'value="{key}"' in html and "shown only this once" in html
    assert "no-store" in response["Cache-Control"]
    # Later visits show only the prefix.
    later = client.get(url, **EN).content.decode()
    assert key not in later and token.prefix in later and "Dasbor dinas" in later


def test_token_page_keeps_the_form_with_a_message_for_a_missing_name(client, world):
    client.force_login(world["user"])
    response = client.post(reverse("api_tokens"), {"name": ""}, **EN)
    assert response.status_code == 400
    assert response.context["form"].errors["name"]
    assert not ApiToken.objects.exists()


def test_token_page_revokes_and_a_second_click_is_a_no_op(client, world):
    token, key = api_token_create(user=world["user"], name="x")
    client.force_login(world["user"])
    url = reverse("api_token_revoke", args=[token.pk])

    response = client.post(url, **EN, follow=True)
    assert response.status_code == 200
    assert "was revoked" in response.content.decode()
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    again = client.post(url, **EN, follow=True)
    assert "already revoked" in again.content.decode()
    # And the key no longer works.
    api = client.get("/api/v1/pengajuan/", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.status_code == 401


def test_token_page_another_users_token_is_404(client, world):
    token, _key = api_token_create(user=world["user"], name="x")
    client.force_login(world["colleague"])
    assert client.post(reverse("api_token_revoke", args=[token.pk])).status_code == 404
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


def test_token_page_for_staff_explains_and_refuses_creation(client, world):
    officer = staff(world["office"], Role.REVIEWER)
    client.force_login(officer)
    page = client.get(reverse("api_tokens"), **EN)
    assert page.status_code == 200 and not page.context["may_create"]
    assert client.post(reverse("api_tokens"), {"name": "x"}).status_code == 403


def test_token_page_needs_login(client, world):
    response = client.get(reverse("api_tokens"))
    assert response.status_code == 302 and "/akun/login/" in response["Location"]


def test_navbar_links_the_token_page_for_agency_users_and_the_footer_the_api_docs(client, world):
    client.force_login(world["user"])
    html = client.get(reverse("agency_dashboard"), **EN).content.decode()
    assert 'href="/akun/token-api/"' in html and 'href="/api/docs/"' in html
