"""The heads' signing certificates: upload by the office admin, encryption at rest, demo certificates."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from letters.models import SigningCertificate
from letters.pki import DEMO_MARK, DEMO_PASSPHRASE, blob_decrypt, demo_pkcs12_issue
from romantik.enums import Role
from tests.factories import staff
from tests.review import conftest as review_conftest

office_world = review_conftest.office_world  # the fixture

PASSPHRASE = "unggah-Sertifikat-2026"


def upload(client, office, user, data: bytes, passphrase: str = PASSPHRASE):
    return client.post(
        reverse("letters:certificates", args=[office.code]),
        {"user": user.pk, "file": SimpleUploadedFile("kepala.p12", data), "passphrase": passphrase},
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_office_admin_uploads_the_heads_pkcs12(office_world, client):
    office, head = office_world["office"], office_world["head"]
    data = demo_pkcs12_issue(user=head, office=office, passphrase=PASSPHRASE)
    client.force_login(office_world["office_admin"])
    response = upload(client, office, head, data)
    assert response.status_code == 302
    certificate = SigningCertificate.objects.get(user=head, office=office)
    assert certificate.active and certificate.uploaded_by == office_world["office_admin"]
    assert head.full_name in certificate.subject and DEMO_MARK in certificate.subject
    page = client.get(reverse("letters:certificates", args=[office.code]))
    assert certificate.subject in page.content.decode()


def test_the_stored_pkcs12_is_encrypted_and_the_passphrase_is_not_stored(office_world, client):
    office, head = office_world["office"], office_world["head"]
    data = demo_pkcs12_issue(user=head, office=office, passphrase=PASSPHRASE)
    client.force_login(office_world["office_admin"])
    upload(client, office, head, data)
    certificate = SigningCertificate.objects.get(user=head, office=office)
    stored = bytes(certificate.pkcs12_encrypted)
    assert stored != data and data not in stored
    assert blob_decrypt(stored) == data
    row = repr(SigningCertificate.objects.filter(pk=certificate.pk).values().get())
    assert PASSPHRASE not in row and PASSPHRASE.encode().hex() not in row


def test_the_encryption_key_comes_from_the_settings(office_world, settings):
    from django.core.exceptions import ValidationError

    from letters.pki import blob_encrypt

    settings.LETTER_KEY_ENCRYPTION_KEY = "kunci-satu"
    token = blob_encrypt(b"pkcs12")
    settings.LETTER_KEY_ENCRYPTION_KEY = "kunci-dua"
    with pytest.raises(ValidationError):
        blob_decrypt(token)
    settings.LETTER_KEY_ENCRYPTION_KEY = "kunci-satu"
    assert blob_decrypt(token) == b"pkcs12"


def test_upload_with_a_wrong_passphrase_is_refused(office_world, client):
    office, head = office_world["office"], office_world["head"]
    data = demo_pkcs12_issue(user=head, office=office, passphrase=PASSPHRASE)
    client.force_login(office_world["office_admin"])
    response = upload(client, office, head, data, passphrase="salah-sekali")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Wrong passphrase" in html and "salah-sekali" not in html
    assert not SigningCertificate.objects.exists()


def test_a_new_upload_replaces_the_active_certificate(office_world, client):
    office, head = office_world["office"], office_world["head"]
    client.force_login(office_world["office_admin"])
    upload(client, office, head, demo_pkcs12_issue(user=head, office=office, passphrase=PASSPHRASE))
    upload(client, office, head, demo_pkcs12_issue(user=head, office=office, passphrase=PASSPHRASE))
    assert list(SigningCertificate.objects.order_by("pk").values_list("active", flat=True)) == [False, True]


def test_only_a_head_of_the_office_can_be_given_a_certificate(office_world, client):
    office, reviewer = office_world["office"], office_world["reviewer"]
    client.force_login(office_world["office_admin"])
    response = upload(client, office, reviewer, demo_pkcs12_issue(user=reviewer, office=office, passphrase=PASSPHRASE))
    assert response.status_code == 400
    assert not SigningCertificate.objects.exists()


@pytest.mark.parametrize("who", ["head", "reviewer", "coordinator", "agency", "other_coordinator"])
def test_certificates_page_refused_for_others(office_world, client, who):
    office = office_world["office"]
    client.force_login(office_world[who])
    assert client.get(reverse("letters:certificates", args=[office.code])).status_code == 403
    data = demo_pkcs12_issue(user=office_world["head"], office=office, passphrase=PASSPHRASE)
    assert upload(client, office, office_world["head"], data).status_code == 403
    assert not SigningCertificate.objects.exists()


def test_another_offices_admin_cannot_upload(office_world, client):
    other_admin = staff(office_world["other_office"], Role.OFFICE_ADMIN)
    client.force_login(other_admin)
    data = demo_pkcs12_issue(user=office_world["head"], office=office_world["office"], passphrase=PASSPHRASE)
    assert upload(client, office_world["office"], office_world["head"], data).status_code == 403


def test_seed_demo_issues_demo_certificates_for_every_demo_head(db):
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    heads = SigningCertificate.objects.filter(demo=True, active=True)
    from romantik.models import OfficeRole

    assert heads.count() == OfficeRole.objects.filter(role=Role.HEAD).count() > 0
    assert all(DEMO_MARK in c.subject for c in heads)
    assert DEMO_PASSPHRASE in out.getvalue()
    call_command("seed_demo", "--quiet", stdout=io.StringIO())
    assert SigningCertificate.objects.count() == heads.count()  # idempotent
