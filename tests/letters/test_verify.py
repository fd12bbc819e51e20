"""Verifying letters: the public page (record and upload), the command, and the hash check at download."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from letters.issuing import letter_sign
from letters.models import Letter
from letters.pki import demo_certificate_issue
from letters.selectors import letter_decision_label, signed_letter_of, signed_letters
from letters.verification import verify_pdf
from notifications.models import Message
from tests.factories import world_fresh
from tests.letters.test_sign import PASSPHRASE, decided, letter_awaiting, sign_world_build


@pytest.fixture(scope="module")
def verify_world_module(office_world_module):
    """The signing world (`sign_world_build`) and a second decided submission whose letter the head has signed
    (`signed`, its PDF's bytes `pdf`), built once for the module: a real signature renders the letter and signs it
    (about a second), and most tests here only verify it. Each test reads the rows again (`world`) in its own
    savepoint (tests/conftest.py `module_db`), and works on its own copy of the files (`_isolated_files`)."""
    w = sign_world_build(world_fresh(office_world_module))
    signed = letter_sign(letter=letter_awaiting(decided(w)), signer=w["head"], passphrase=PASSPHRASE)
    with signed.signed_pdf.open("rb") as fh:
        pdf = fh.read()
    return {**w, "signed": signed, "pdf": pdf}


@pytest.fixture
def world(db, verify_world_module):
    """The module's world, every row read again: `letter` awaits the head's signature, `signed` is signed."""
    return world_fresh(verify_world_module)


@pytest.fixture
def signed(world):
    """The same world, for a test about the signed letter (`signed`, its bytes `pdf`)."""
    return world


def one_byte_changed(data: bytes) -> bytes:
    """Change one byte inside the signed content (in the middle of the first content stream)."""
    at = data.index(b"stream\n", len(data) // 4) + 20
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]


def command(tmp_path, data: bytes) -> tuple[int, list[str]]:
    path = tmp_path / "surat.pdf"
    path.write_bytes(data)
    out = io.StringIO()
    try:
        call_command("verify_letter", str(path), stdout=out)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue().strip().splitlines()


def test_verify_pdf_accepts_the_letter_on_record(signed):
    result = verify_pdf(signed["pdf"])
    assert (result.valid, result.letter, result.reason) == (True, signed["signed"], "")


def test_verify_pdf_refuses_one_changed_byte(signed):
    result = verify_pdf(one_byte_changed(signed["pdf"]))
    assert result.valid is False and result.letter is None
    assert result.reason


def test_verify_pdf_refuses_an_unsigned_pdf(signed):
    from tests.factories import pdf_bytes

    result = verify_pdf(pdf_bytes())
    assert (result.valid, result.reason) == (False, "PDF tidak memiliki tanda tangan elektronik")
    assert verify_pdf(b"not a pdf").reason == "berkas bukan PDF yang dapat dibaca"


def test_verify_pdf_a_valid_signature_on_another_file_is_not_the_letter_on_record(signed):
    """The head's certificate signs any PDF validly, but only the letters on record are letters."""
    from letters.pki import certificate_active
    from letters.signers import LocalPkcs12Signer, pades_sign
    from tests.factories import pdf_bytes

    backend = LocalPkcs12Signer()
    letter = signed["signed"]
    certificate = certificate_active(user=signed["head"], office=signed["office"])
    assert certificate is not None
    pyhanko_signer = backend._load(letter=letter, signer_user=signed["head"], passphrase=PASSPHRASE)
    other = pades_sign(pdf_bytes(), signer=pyhanko_signer, letter=letter, signer_user=signed["head"])
    result = verify_pdf(other)
    assert (result.valid, result.reason) == (False, "tanda tangan sah, tetapi ini bukan surat yang tercatat")


def test_verify_pdf_refuses_content_appended_after_signing(signed):
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(signed["pdf"]))
    writer.root["/Lang"] = writer.root.get("/Lang", "id")
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    result = verify_pdf(out.getvalue())
    assert result.valid is False


def test_verify_pdf_refuses_a_signature_from_an_untrusted_root(signed, settings, tmp_path):
    """Another demo root (another installation) is not trusted here."""
    from django.core.files.storage import default_storage

    from letters.pki import DEMO_ROOT_CERT, DEMO_ROOT_KEY

    default_storage.delete(DEMO_ROOT_CERT)
    default_storage.delete(DEMO_ROOT_KEY)
    result = verify_pdf(signed["pdf"])
    assert (result.valid, result.reason) == (
        False,
        "sertifikat penanda tangan tidak berasal dari penyelenggara sertifikasi yang dipercaya",
    )


# --- the command ---------------------------------------------------------------------------------------


def test_verify_letter_command_valid(signed, tmp_path):
    code, lines = command(tmp_path, signed["pdf"])
    assert code == 0
    assert lines[-1] == f"{signed['signed'].number} VALID"


def test_verify_letter_command_one_changed_byte_is_invalid(signed, tmp_path):
    code, lines = command(tmp_path, one_byte_changed(signed["pdf"]))
    assert code != 0
    assert lines[-1].startswith("INVALID ")
    assert lines[-1] != "INVALID "


def test_signed_letters_are_only_the_signed_ones(world):
    letter = world["letter"]  # awaiting the head's signature
    assert (signed_letter_of(letter.submission), signed_letters().filter(pk=letter.pk).exists()) == (None, False)
    signed = letter_sign(letter=letter, signer=world["head"], passphrase=PASSPHRASE)
    assert (signed_letter_of(letter.submission), list(signed_letters().filter(pk=letter.pk))) == (signed, [signed])


@pytest.mark.parametrize(
    ("decision", "label"), [("layak", "Feasible"), ("tidak_layak", "Not feasible"), ("lainnya", "lainnya")]
)
def test_letter_decision_label_names_a_state_and_keeps_any_other_value(decision, label):
    with translation.override("en"):
        assert letter_decision_label(Letter(decision=decision)) == label


# --- the public page -----------------------------------------------------------------------------------


def test_verify_page_shows_the_record_without_login(signed, client):
    letter = signed["signed"]
    response = client.get(reverse("letters:verify", args=[letter.verify_token]), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        letter.number,
        letter.submission.agency.name,
        letter.submission.title,
        signed["head"].full_name,
        "Feasible",
    ):
        assert text in html


def test_verify_page_of_an_unsigned_letter_is_not_found(world, client):
    assert client.get(reverse("letters:verify", args=[world["letter"].verify_token])).status_code == 404


def test_verify_page_upload_valid_and_one_changed_byte_invalid(signed, client):
    url = reverse("letters:verify", args=[signed["signed"].verify_token])
    valid = client.post(url, {"file": ContentFile(signed["pdf"], name="surat.pdf")}, HTTP_ACCEPT_LANGUAGE="en")
    assert valid.status_code == 200
    assert 'data-valid="true"' in valid.content.decode()
    changed = ContentFile(one_byte_changed(signed["pdf"]), name="surat.pdf")
    invalid = client.post(url, {"file": changed}, HTTP_ACCEPT_LANGUAGE="en")
    assert invalid.status_code == 422
    html = invalid.content.decode()
    assert 'data-valid="false"' in html and "INVALID" in html


def test_verify_page_another_valid_letter_is_not_this_one(signed, client):
    second = letter_sign(
        letter=letter_awaiting(decided(signed, title="Survei Kedua")), signer=signed["head"], passphrase=PASSPHRASE
    )
    url = reverse("letters:verify", args=[signed["signed"].verify_token])
    response = client.post(
        url, {"file": ContentFile(second.signed_pdf.read(), name="x.pdf")}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 422
    assert second.number in response.content.decode()


# --- the download re-checks the hash -------------------------------------------------------------------


def test_download_of_a_tampered_file_is_refused_and_reported(signed, client):
    letter = signed["signed"]
    with letter.signed_pdf.storage.open(letter.signed_pdf.name, "wb") as fh:
        fh.write(one_byte_changed(signed["pdf"]))
    client.force_login(signed["agency"])
    response = client.get(reverse("letters:download", args=[letter.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 409
    assert "no longer matches" in response.content.decode()
    report = Message.objects.get(template="letter_tampered")
    assert report.recipient == signed["office_admin"]
    assert report.context["expected"] == letter.sha256
    # A second attempt the same day refuses again without reporting twice.
    assert client.get(reverse("letters:download", args=[letter.pk])).status_code == 409
    assert Message.objects.filter(template="letter_tampered").count() == 1


def test_download_of_a_missing_file_is_refused(signed, client):
    letter = signed["signed"]
    letter.signed_pdf.storage.delete(letter.signed_pdf.name)
    client.force_login(signed["head"])
    assert client.get(reverse("letters:download", args=[letter.pk])).status_code == 409


def test_demo_certificate_issue_is_idempotent(world):
    first = demo_certificate_issue(user=world["head"], office=world["office"], passphrase=PASSPHRASE)
    again = demo_certificate_issue(user=world["head"], office=world["office"], passphrase=PASSPHRASE)
    assert first.pk == again.pk
