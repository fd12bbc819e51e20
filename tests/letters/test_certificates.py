"""The heads' signing certificates: upload by the office admin, encryption at rest, demo certificates; what a
certificate must be to be stored (trusted chain, valid today, for signing, the head's own key and name), and
a stored one that no longer is, refused at signing."""

import datetime
import html
import io
import re
from types import SimpleNamespace

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from letters.enums import LetterState
from letters.issuing import letter_sign
from letters.models import Letter, SigningCertificate
from letters.pki import (
    DEMO_MARK,
    DEMO_PASSPHRASE,
    blob_decrypt,
    blob_encrypt,
    demo_certificate_issue,
    demo_pkcs12_issue,
)
from letters.verification import verify_pdf
from romantik.enums import Role
from tests.factories import staff
from tests.letters.test_sign import letter_awaiting
from tests.review import conftest as review_conftest

office_world = review_conftest.office_world  # the fixture

PASSPHRASE = "unggah-Sertifikat-2026"


@pytest.fixture
def demo_in_use(office_world):
    """A demo installation: demo certificates exist (here for the central head), so the demo root is trusted."""
    return demo_certificate_issue(user=office_world["central_head"], office=office_world["central"])


def upload(client, office, user, data: bytes, passphrase: str = PASSPHRASE):
    return client.post(
        reverse("letters:certificates", args=[office.code]),
        {"user": user.pk, "file": SimpleUploadedFile("kepala.p12", data), "passphrase": passphrase},
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_office_admin_uploads_the_heads_pkcs12(office_world, demo_in_use, client):
    office, head = office_world["office"], office_world["head"]
    data = demo_pkcs12_issue(user=head, office=office, passphrase=PASSPHRASE)
    client.force_login(office_world["office_admin"])
    response = upload(client, office, head, data)
    assert response.status_code == 302
    certificate = SigningCertificate.objects.get(user=head, office=office)
    assert certificate.active and certificate.uploaded_by == office_world["office_admin"]
    assert head.full_name in certificate.subject and DEMO_MARK in certificate.subject
    assert certificate.demo  # it chains to the demo root
    page = client.get(reverse("letters:certificates", args=[office.code]))
    assert certificate.subject in page.content.decode()


def test_the_stored_pkcs12_is_encrypted_and_the_passphrase_is_not_stored(office_world, demo_in_use, client):
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


def test_a_new_upload_replaces_the_active_certificate(office_world, demo_in_use, client):
    office, head = office_world["office"], office_world["head"]
    client.force_login(office_world["office_admin"])
    upload(client, office, head, demo_pkcs12_issue(user=head, office=office, passphrase=PASSPHRASE))
    upload(client, office, head, demo_pkcs12_issue(user=head, office=office, passphrase=PASSPHRASE))
    stored = SigningCertificate.objects.filter(user=head).order_by("pk")
    assert list(stored.values_list("active", flat=True)) == [False, True]


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


# --- What a head's certificate must be: checked at upload ---------------------------------------------------
#
# A test PKI made here with `cryptography`: a root (the only entry of LETTER_TRUST_ROOTS), an issuing CA under
# it, and end-entity certificates issued by that CA for the head, for someone else, expired, not yet valid...
# Each PKCS#12 is posted through the real page by the office admin (two-factor set up: tests.factories.staff).

DAY = datetime.timedelta(days=1)
SIGNING = ("digital_signature", "content_commitment")
KEY_USAGES = (
    "digital_signature",
    "content_commitment",
    "key_encipherment",
    "data_encipherment",
    "key_agreement",
    "key_cert_sign",
    "crl_sign",
    "encipher_only",
    "decipher_only",
)


def _name(common_name: str, *, email: str = "", nip: str = "") -> x509.Name:
    parts = [x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"), x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Uji")]
    if nip:
        parts.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, f"NIP {nip}"))
    if email:
        parts.append(x509.NameAttribute(NameOID.EMAIL_ADDRESS, email))
    parts.append(x509.NameAttribute(NameOID.COMMON_NAME, common_name))
    return x509.Name(parts)


def _certificate(
    subject,
    public_key,
    *,
    issuer_name,
    issuer_key,
    ca=False,
    not_before=None,
    not_after=None,
    key_usage=SIGNING,
    san_email="",
):
    now = datetime.datetime.now(datetime.UTC)
    usages = ("key_cert_sign", "crl_sign") if ca else key_usage
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_name)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before or now - DAY)
        .not_valid_after(not_after or now + 365 * DAY)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(**{u: u in usages for u in KEY_USAGES}), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False)
    )
    if san_email:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.RFC822Name(san_email)]), critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


def _key():
    return ec.generate_private_key(ec.SECP256R1())


class Authority:
    """A CA: a root (self-signed), or an issuing CA under another."""

    def __init__(self, name: str, parent: "Authority | None" = None):
        self.key = _key()
        self.name = _name(name)
        issuer = parent or self
        self.cert = _certificate(
            self.name, self.key.public_key(), issuer_name=issuer.name, issuer_key=issuer.key, ca=True
        )
        self.chain = [self.cert, *(parent.chain if parent else [])]

    def issue(self, common_name: str, *, email: str = "", san_email: str = "", nip: str = "", key=None, **kwargs):
        key = key or _key()
        cert = _certificate(
            _name(common_name, email=email, nip=nip),
            key.public_key(),
            issuer_name=self.name,
            issuer_key=self.key,
            san_email=san_email,
            **kwargs,
        )
        return key, cert


def pkcs12_of(key, cert, cas=(), passphrase: str = PASSPHRASE) -> bytes:
    return pkcs12.serialize_key_and_certificates(
        name=b"kepala",
        key=key,
        cert=cert,
        cas=list(cas) or None,
        encryption_algorithm=serialization.BestAvailableEncryption(passphrase.encode()),
    )


@pytest.fixture
def pki(settings, tmp_path):
    """A root in LETTER_TRUST_ROOTS and an issuing CA under it."""
    root = Authority("Romantik Uji Root CA")
    issuing = Authority("Romantik Uji Issuing CA", parent=root)
    path = tmp_path / "trusted-roots.pem"
    path.write_bytes(root.cert.public_bytes(serialization.Encoding.PEM))
    settings.LETTER_TRUST_ROOTS = [str(path)]
    return SimpleNamespace(root=root, issuing=issuing)


def heads_bundle(pki, head, **kwargs) -> bytes:
    """The good one: issued under the trusted root to the head (the head's e-mail as subject alternative
    name), with the issuing CA in the file."""
    key, cert = pki.issuing.issue(head.full_name, san_email=head.email, **kwargs)
    return pkcs12_of(key, cert, cas=[pki.issuing.cert])


def upload_id(client, office, user, data: bytes, passphrase: str = PASSPHRASE):
    """`upload`, with the interface in Indonesian (the office admin's language)."""
    return client.post(
        reverse("letters:certificates", args=[office.code]),
        {"user": user.pk, "file": SimpleUploadedFile("kepala.p12", data), "passphrase": passphrase},
        HTTP_ACCEPT_LANGUAGE="id",
    )


def field_block(page: str, name: str) -> str:
    """The text of a form field's block (label, input, its error), as shown."""
    match = re.search(rf'id="div_id_{name}"(.*?)(?=id="div_id_|</form>)', page, flags=re.DOTALL)
    assert match, f"no field {name} in the page"
    return html.unescape(match.group(1))


def _untrusted(pki, w):
    other_root = Authority("CA Lain yang Tidak Dipercaya")
    key, cert = other_root.issue(w["head"].full_name, san_email=w["head"].email)
    return pkcs12_of(key, cert, cas=[other_root.cert])


def _without_its_intermediate(pki, w):
    key, cert = pki.issuing.issue(w["head"].full_name, san_email=w["head"].email)
    return pkcs12_of(key, cert)  # the issuing CA is not in the file, and not a root


def _for_another_person(pki, w):
    reviewer = w["reviewer"]
    key, cert = pki.issuing.issue(reviewer.full_name, san_email=reviewer.email)
    return pkcs12_of(key, cert, cas=[pki.issuing.cert])


def _the_heads_name_but_another_email(pki, w):
    key, cert = pki.issuing.issue(w["head"].full_name, email="orang.lain@example.go.id")
    return pkcs12_of(key, cert, cas=[pki.issuing.cert])


def _the_heads_email_but_another_nip(pki, w):
    w["head"].nip = "198001012006041001"
    w["head"].save(update_fields=["nip"])
    key, cert = pki.issuing.issue(w["head"].full_name, san_email=w["head"].email, nip="199912312020121002")
    return pkcs12_of(key, cert, cas=[pki.issuing.cert])


def _expired(pki, w):
    now = datetime.datetime.now(datetime.UTC)
    return heads_bundle(pki, w["head"], not_before=now - 400 * DAY, not_after=now - 2 * DAY)


def _not_yet_valid(pki, w):
    now = datetime.datetime.now(datetime.UTC)
    return heads_bundle(pki, w["head"], not_before=now + 3 * DAY, not_after=now + 400 * DAY)


def _wrong_key(pki, w):
    """The head's certificate with the private key of another certificate."""
    _key_of_cert, cert = pki.issuing.issue(w["head"].full_name, san_email=w["head"].email)
    return pkcs12_of(_key(), None, cas=[cert, pki.issuing.cert])


def _not_for_signing(pki, w):
    return heads_bundle(pki, w["head"], key_usage=("key_encipherment",))


def _demo_root_not_trusted(pki, w):
    """Issued by this installation's demo root while no demo certificate is in use: letters signed with it
    would not verify (the demo root is trusted only once demo certificates exist)."""
    return demo_pkcs12_issue(user=w["head"], office=w["office"], passphrase=PASSPHRASE)


REFUSED = {
    "untrusted": (_untrusted, "tidak diterbitkan oleh penyelenggara sertifikasi yang dipercaya"),
    "without its intermediate": (_without_its_intermediate, "tidak memuat sertifikat perantaranya"),
    "another person": (_for_another_person, "Sertifikat ini bukan milik {head}"),
    "the head's name, another e-mail": (_the_heads_name_but_another_email, "Sertifikat ini bukan milik {head}"),
    "the head's e-mail, another NIP": (
        _the_heads_email_but_another_nip,
        "Sertifikat ini untuk NIP 199912312020121002, bukan untuk {head} (NIP 198001012006041001).",
    ),
    "expired": (_expired, "Sertifikat ini sudah kedaluwarsa sejak"),
    "not yet valid": (_not_yet_valid, "Sertifikat ini belum berlaku: berlaku mulai"),
    "wrong key": (_wrong_key, "Kunci privat dalam berkas ini bukan pasangan sertifikatnya."),
    "not for signing": (_not_for_signing, "tidak ditujukan untuk menandatangani dokumen"),
    "demo root not trusted": (_demo_root_not_trusted, "tidak diterbitkan oleh penyelenggara sertifikasi"),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_an_unusable_certificate_is_refused_next_to_the_file_field(office_world, pki, client, case):
    make, message = REFUSED[case]
    office, head = office_world["office"], office_world["head"]
    data = make(pki, office_world)
    client.force_login(office_world["office_admin"])
    response = upload_id(client, office, head, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert message.format(head=head) in field_block(page, "file")
    assert not SigningCertificate.objects.exists()  # nothing stored
    # The head chosen stays chosen; the passphrase is never sent back.
    assert re.search(rf'<option value="{head.pk}" selected>', page)
    assert PASSPHRASE not in page


def test_the_message_for_a_wrong_passphrase_says_to_choose_the_file_again(office_world, pki, client):
    office, head = office_world["office"], office_world["head"]
    client.force_login(office_world["office_admin"])
    response = upload_id(client, office, head, heads_bundle(pki, head), passphrase="salah-sekali")
    assert response.status_code == 400
    assert "Frasa sandi salah" in field_block(response.content.decode(), "file")
    assert "Pilih berkasnya lagi" in field_block(response.content.decode(), "file")
    assert not SigningCertificate.objects.exists()


def test_the_subject_message_names_the_certificates_subject(office_world, pki, client):
    office, head = office_world["office"], office_world["head"]
    client.force_login(office_world["office_admin"])
    response = upload_id(client, office, head, _for_another_person(pki, office_world))
    assert f"CN={office_world['reviewer'].full_name}" in field_block(response.content.decode(), "file")


def test_an_unverified_email_does_not_identify_the_head(office_world, pki, client):
    from allauth.account.models import EmailAddress

    office, head = office_world["office"], office_world["head"]
    EmailAddress.objects.filter(user=head).update(verified=False)
    client.force_login(office_world["office_admin"])
    response = upload_id(client, office, head, heads_bundle(pki, head))
    assert response.status_code == 400
    assert "Sertifikat ini bukan milik" in field_block(response.content.decode(), "file")
    assert not SigningCertificate.objects.exists()


def test_the_heads_nip_and_name_identify_the_head_without_an_email(office_world, pki, client):
    """Like the demo certificates of before: the name as common name and "NIP …" as serialNumber."""
    office, head = office_world["office"], office_world["head"]
    head.nip = "198001012006041001"
    head.save(update_fields=["nip"])
    key, cert = pki.issuing.issue(head.full_name.upper(), nip=head.nip)
    client.force_login(office_world["office_admin"])
    response = upload_id(client, office, head, pkcs12_of(key, cert, cas=[pki.issuing.cert]))
    assert response.status_code == 302
    assert SigningCertificate.objects.filter(user=head, active=True).count() == 1


def test_a_certificate_expiring_soon_is_stored_with_a_warning(office_world, pki, client):
    office, head = office_world["office"], office_world["head"]
    now = datetime.datetime.now(datetime.UTC)
    client.force_login(office_world["office_admin"])
    response = upload_id(client, office, head, heads_bundle(pki, head, not_after=now + 10 * DAY))
    assert response.status_code == 302
    assert SigningCertificate.objects.filter(user=head, active=True).exists()
    page = client.get(response.url, HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert f"Sertifikat {head} berakhir pada" in html.unescape(page)
    response = upload_id(client, office, head, heads_bundle(pki, head))  # a year: no warning
    page = client.get(response.url, HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "berakhir pada" not in page


@pytest.fixture
def awaiting(decided):
    """A letter awaiting the head's signature (tests/letters/conftest.py's `decided`), no certificate yet."""
    office = decided["office"]
    office.letter_code = "62020"
    office.save(update_fields=["letter_code"])
    return {**decided, "letter": letter_awaiting(decided["submission"])}


def test_the_good_certificate_is_stored_and_signs_a_letter_that_verifies(awaiting, pki, client):
    office, head = awaiting["office"], awaiting["head"]
    client.force_login(awaiting["office_admin"])
    response = upload_id(client, office, head, heads_bundle(pki, head))
    assert response.status_code == 302
    certificate = SigningCertificate.objects.get(user=head, office=office)
    assert certificate.active and not certificate.demo and head.full_name in certificate.subject

    letter = letter_sign(letter=awaiting["letter"], signer=head, passphrase=PASSPHRASE)
    result = verify_pdf(letter.signed_pdf.read())
    assert (result.valid, result.reason, result.letter) == (True, "", letter), result.reason
    assert result.summary == f"{letter.number} VALID"


def test_a_demo_certificate_is_accepted_where_demo_certificates_are_in_use(office_world, client):
    """seed_demo's demo root is trusted once demo certificates exist: a demo PKCS#12 of the head is stored,
    and marked demo."""
    office, head = office_world["office"], office_world["head"]
    demo_certificate_issue(user=office_world["central_head"], office=office_world["central"])
    client.force_login(office_world["office_admin"])
    response = upload_id(client, office, head, demo_pkcs12_issue(user=head, office=office, passphrase=PASSPHRASE))
    assert response.status_code == 302
    assert SigningCertificate.objects.get(user=head, office=office).demo


def test_the_service_refuses_what_the_page_refuses(office_world, pki):
    """The same checks for every caller of certificate_store (the page, seed_demo, a command)."""
    from django.core.exceptions import ValidationError

    from letters.pki import certificate_store

    w = office_world
    with pytest.raises(ValidationError) as refused:
        certificate_store(
            user=w["head"], office=w["office"], pkcs12_data=_for_another_person(pki, w), passphrase=PASSPHRASE
        )
    assert refused.value.code == "wrong_person"
    assert not SigningCertificate.objects.exists()


# --- A stored certificate that no longer passes: refused at signing, with the reason ------------------------


def test_signing_refuses_a_certificate_whose_root_is_no_longer_trusted(awaiting, pki, client, settings):
    office, head = awaiting["office"], awaiting["head"]
    client.force_login(awaiting["office_admin"])
    assert upload_id(client, office, head, heads_bundle(pki, head)).status_code == 302
    settings.LETTER_TRUST_ROOTS = []  # the root was taken out of the trusted list

    client.force_login(head)
    response = client.post(
        reverse("letters:sign", kwargs={"pk": awaiting["letter"].pk}),
        {"passphrase": PASSPHRASE},
        HTTP_ACCEPT_LANGUAGE="id",
    )
    assert response.status_code == 400
    shown = html.unescape(response.content.decode())
    assert "Sertifikat tanda tangan Anda tidak dapat digunakan lagi" in shown
    assert "tidak diterbitkan oleh penyelenggara sertifikasi yang dipercaya" in shown
    letter = Letter.objects.get(pk=awaiting["letter"].pk)
    assert (letter.state, letter.number, bool(letter.signed_pdf)) == (LetterState.AWAITING_SIGNATURE, None, False)


def test_signing_refuses_a_certificate_stored_before_these_checks(awaiting, pki):
    """A PKCS#12 of someone else, stored when nothing was checked: the head is told, no letter is numbered."""
    from django.core.exceptions import ValidationError

    office, head = awaiting["office"], awaiting["head"]
    key, cert = pki.issuing.issue("Orang Lain", san_email="orang.lain@example.go.id")
    SigningCertificate.objects.create(
        user=head,
        office=office,
        pkcs12_encrypted=blob_encrypt(pkcs12_of(key, cert, cas=[pki.issuing.cert])),
        subject=cert.subject.rfc4514_string(),
        serial=format(cert.serial_number, "x"),
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
    )
    with translation.override("id"), pytest.raises(ValidationError) as refused:
        letter_sign(letter=awaiting["letter"], signer=head, passphrase=PASSPHRASE)
    assert refused.value.code == "certificate_unusable"
    assert "Sertifikat ini bukan milik" in refused.value.messages[0]
    letter = Letter.objects.get(pk=awaiting["letter"].pk)
    assert (letter.state, letter.number) == (LetterState.AWAITING_SIGNATURE, None)
