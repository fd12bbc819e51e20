"""Letters signed through BSrE (letters.bsre) against a local BSrE started in the test (tests/letters/bsre_service.py):
real HTTP, real PAdES signatures of a test CA, checked by the portal's own verification. The faults: a refused
passphrase, an unregistered head, a timeout after sending (settled by verify: one number, one letter), the service
answering twice, failing, and its verify call down (the signed file is used later, never signed again)."""

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from letters.bsre import BsreSecret, bsre_attempts_settle, bsre_identity_set
from letters.enums import BsreAttemptState, LetterState, SigningState
from letters.issuing import letter_sign, letter_sign_request, signing_job_run
from letters.models import BsreSignAttempt, Letter, SigningJob
from letters.verification import verify_pdf
from romantik.models import Counter
from tests.letters.bsre_service import CLIENT_ID, CLIENT_SECRET, LocalBsreServer
from tests.letters.test_sign import decided, letter_awaiting, signing_office_ready
from tests.review import conftest as review_conftest

office_world = review_conftest.office_world  # the fixture

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

NIK = "6202010101800001"
PASSPHRASE = "Bsre-Rahasia-2026"


@pytest.fixture
def bsre(settings, tmp_path):
    with LocalBsreServer() as service:
        settings.LETTER_SIGNER = "letters.bsre.BsreSigner"
        settings.BSRE_BASE_URL = service.url
        settings.BSRE_CLIENT_ID, settings.BSRE_CLIENT_SECRET = CLIENT_ID, CLIENT_SECRET
        settings.BSRE_TIMEOUT_SECONDS = 10
        settings.BSRE_TRUST_ROOTS = [service.root_file(tmp_path), service.ca_file(tmp_path)]
        yield service


@pytest.fixture
def world(office_world, bsre):
    office, head = signing_office_ready(office_world)
    bsre.register(identity=NIK, name=head.full_name or head.email, nip=head.nip)
    assert bsre_identity_set(user=head, identity=NIK) == ""
    office_world["letter"] = letter_awaiting(decided(office_world))
    return office_world


def _counter() -> int:
    return Counter.objects.get(key__startswith="letter:").value


def test_a_letter_signed_through_bsre_verifies_and_tampering_is_caught(world, bsre, tmp_path):
    letter = letter_sign(letter=world["letter"], signer=world["head"], passphrase=BsreSecret(PASSPHRASE))

    assert letter.state == LetterState.SIGNED and letter.number.startswith("B-001/62020/")
    call = bsre.sign_calls[0]
    assert (call["nik"], call["passphrase"]) == (NIK, PASSPHRASE)
    props = call["signatureProperties"][0]
    assert props["tampilan"] == "VISIBLE" and props["reason"] == f"Surat rekomendasi {letter.number}"
    assert props["page"] >= 1 and props["width"] > 0 and props["imageBase64"]
    assert bsre.signatures == 1 and bsre.status_calls == 2  # when the identity was set, and before signing
    assert bsre.verify_calls == 1  # the signed file was confirmed
    attempt = BsreSignAttempt.objects.get(letter=letter)
    assert attempt.state == BsreAttemptState.SIGNED

    data = letter.signed_pdf.read()
    assert hashlib.sha256(data).hexdigest() == letter.sha256
    result = verify_pdf(data)
    assert result.valid and result.letter == letter, result.reason
    # The public verification page (upload) and verify_letter say the same; a changed byte is refused.
    tampered = data.replace(b"/Title (Rekomendasi", b"/Title (REKOMENDASI", 1)
    assert tampered != data and not verify_pdf(tampered).valid
    out = tmp_path / "surat.pdf"
    out.write_bytes(data)
    from io import StringIO

    from django.core.management import call_command

    stdout = StringIO()
    call_command("verify_letter", str(out), stdout=stdout)
    assert stdout.getvalue().strip().endswith(f"{letter.number} VALID")


def test_not_trusted_without_the_configured_bsre_roots(world, settings):
    letter = letter_sign(letter=world["letter"], signer=world["head"], passphrase=BsreSecret(PASSPHRASE))
    settings.BSRE_TRUST_ROOTS = []
    result = verify_pdf(letter.signed_pdf.read())
    assert not result.valid and "dipercaya" in result.reason  # not from a trusted authority


def test_totp_from_the_bsre_app(world, bsre):
    letter = letter_sign(letter=world["letter"], signer=world["head"], passphrase=BsreSecret("246810", "totp"))
    assert letter.state == LetterState.SIGNED
    assert bsre.sign_calls[0]["totp"] == "246810" and "passphrase" not in bsre.sign_calls[0]


def test_refused_passphrase_signs_nothing_and_the_number_stays_with_the_letter(world, bsre):
    with pytest.raises(ValidationError) as refused:
        letter_sign(letter=world["letter"], signer=world["head"], passphrase=BsreSecret("salah"))
    assert refused.value.code == "wrong_passphrase"
    letter = Letter.objects.get(pk=world["letter"].pk)
    assert letter.state == LetterState.AWAITING_SIGNATURE and letter.number.startswith("B-001/")
    job = SigningJob.objects.get(letter=letter)
    assert job.state == SigningState.FAILED and job.error == "Frasa sandi salah."
    assert BsreSignAttempt.objects.get(letter=letter).state == BsreAttemptState.REFUSED

    signed = letter_sign(letter=letter, signer=world["head"], passphrase=BsreSecret(PASSPHRASE))
    assert signed.number == letter.number and _counter() == 1 and bsre.signatures == 1


@pytest.mark.parametrize(
    ("status", "words"),
    [("NOT_REGISTERED", "tidak terdaftar di BSrE"), ("NO_CERTIFICATE", "tidak memiliki sertifikat")],
)
def test_an_unregistered_head_is_told_why_and_nothing_is_numbered(world, bsre, client, status, words):
    head = world["head"]
    if status == "NOT_REGISTERED":
        bsre.users.pop(NIK)
    else:
        bsre.users[NIK].status = status
    with pytest.raises(ValidationError) as refused:
        letter_sign_request(letter=world["letter"], signer=head, passphrase=BsreSecret(PASSPHRASE))
    assert refused.value.code == "bsre_status" and words in refused.value.messages[0]
    letter = Letter.objects.get(pk=world["letter"].pk)
    assert letter.number is None and not SigningJob.objects.exists() and not bsre.sign_calls
    # The signing page says so (in Indonesian), with the form to correct the identity; the button is disabled.
    client.force_login(head)
    page = client.get(reverse("letters:sign", args=[letter.pk]), HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert 'data-testid="bsre-problem"' in page and 'data-testid="bsre-identity-form"' in page
    assert words in page
    listing = client.get(reverse("office_signing", args=[letter.signer_office.code])).content.decode()
    assert 'data-testid="bsre-problem"' in listing and words in listing


def test_the_head_sets_the_bsre_identity_on_the_signing_page(world, bsre, client):
    head = world["head"]
    bsre.register(identity="budi@example.go.id", name="Budi")
    client.force_login(head)
    url = reverse("letters:sign", args=[world["letter"].pk])
    assert client.post(url, {"bsre_identity": "12345"}).status_code == 400  # not a NIK nor an e-mail
    response = client.post(url, {"bsre_identity": "Budi@Example.go.id"})
    assert response.status_code == 302
    head.refresh_from_db()
    assert (head.bsre_identity, head.bsre_status) == ("budi@example.go.id", "ISSUE")


def test_timeout_after_sending_is_confirmed_before_any_new_attempt(world, bsre, settings, client):
    settings.BSRE_TIMEOUT_SECONDS = 1
    bsre.behaviour, bsre.delay = "slow", 2.5  # signs, answers after the portal stopped waiting
    with pytest.raises(ValidationError) as unknown:
        letter_sign(letter=world["letter"], signer=world["head"], passphrase=BsreSecret(PASSPHRASE))
    assert unknown.value.code == "outcome_unknown"
    letter = Letter.objects.get(pk=world["letter"].pk)
    number = letter.number
    assert letter.state == LetterState.AWAITING_SIGNATURE and number.startswith("B-001/")
    assert BsreSignAttempt.objects.get(letter=letter).state == BsreAttemptState.UNKNOWN
    client.force_login(world["head"])
    page = client.get(reverse("letters:sign", args=[letter.pk]), HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert 'data-testid="signing-confirming"' in page and "sedang dikonfirmasi" in page
    assert 'data-testid="sign-form"' not in page

    # The service still cannot answer: no new sign call, the head is told it is being confirmed.
    bsre.behaviour = "verify_down"
    with pytest.raises(ValidationError) as still:
        letter_sign_request(letter=letter, signer=world["head"], passphrase=BsreSecret(PASSPHRASE))
    assert still.value.code == "outcome_unknown" and len(bsre.sign_calls) == 1
    assert bsre_attempts_settle() == 0

    # The service answers again: the periodic settle asks it, then the head signs the same letter, same number.
    bsre.behaviour = "normal"
    assert bsre_attempts_settle() == 1
    assert BsreSignAttempt.objects.get(letter=letter).state == BsreAttemptState.NOT_SIGNED
    page = client.get(reverse("letters:sign", args=[letter.pk])).content.decode()
    assert 'data-testid="bsre-settled"' in page and 'data-testid="sign-form"' in page
    settings.BSRE_TIMEOUT_SECONDS = 10  # the new call must not time out on a loaded machine
    signed = letter_sign(letter=letter, signer=world["head"], passphrase=BsreSecret(PASSPHRASE))
    assert signed.state == LetterState.SIGNED and signed.number == number
    assert _counter() == 1 and Letter.objects.filter(number=number).count() == 1
    assert verify_pdf(signed.signed_pdf.read()).valid


def test_a_double_answer_makes_one_letter_and_a_second_run_calls_nothing(world, bsre):
    bsre.behaviour = "twice"
    letter = letter_sign(letter=world["letter"], signer=world["head"], passphrase=BsreSecret(PASSPHRASE))
    assert letter.state == LetterState.SIGNED and _counter() == 1
    assert len(bsre.sign_calls) == 1 and BsreSignAttempt.objects.count() == 1
    # The task delivered again, and the head clicking again: nothing is sent, nothing changes.
    job = SigningJob.objects.get(letter=letter)
    signing_job_run(job_id=job.pk)
    again = letter_sign(letter=letter, signer=world["head"], passphrase=BsreSecret(PASSPHRASE))
    assert again.sha256 == letter.sha256 and len(bsre.sign_calls) == 1 and _counter() == 1


def test_a_server_error_is_an_unknown_outcome_too(world, bsre):
    bsre.behaviour = "error"
    with pytest.raises(ValidationError) as unknown:
        letter_sign(letter=world["letter"], signer=world["head"], passphrase=BsreSecret(PASSPHRASE))
    assert unknown.value.code == "outcome_unknown"
    bsre.behaviour = "normal"
    letter = letter_sign(letter=world["letter"], signer=world["head"], passphrase=BsreSecret(PASSPHRASE))
    assert letter.state == LetterState.SIGNED and _counter() == 1 and len(bsre.sign_calls) == 2


def test_a_signed_file_not_yet_confirmed_is_used_later_never_signed_again(world, bsre):
    bsre.behaviour = "verify_down"
    with pytest.raises(ValidationError) as unknown:
        letter_sign(letter=world["letter"], signer=world["head"], passphrase=BsreSecret(PASSPHRASE))
    assert unknown.value.code == "outcome_unknown"
    assert BsreSignAttempt.objects.get().state == BsreAttemptState.RECEIVED and bsre.signatures == 1
    bsre.behaviour = "normal"
    letter = letter_sign(letter=world["letter"], signer=world["head"], passphrase=BsreSecret(PASSPHRASE))
    assert letter.state == LetterState.SIGNED and _counter() == 1
    assert bsre.signatures == 1 and len(bsre.sign_calls) == 1  # the confirmed file, not a second signature
    assert BsreSignAttempt.objects.get().state == BsreAttemptState.SIGNED
    assert verify_pdf(letter.signed_pdf.read()).valid


def test_service_unreachable_sends_nothing(world, settings):
    settings.BSRE_BASE_URL = "http://127.0.0.1:9"  # nothing listens
    with pytest.raises(ValidationError) as down:
        letter_sign_request(letter=world["letter"], signer=world["head"], passphrase=BsreSecret(PASSPHRASE))
    assert down.value.code == "bsre_unreachable" and Letter.objects.get(pk=world["letter"].pk).number is None


def test_the_verification_page_checks_a_bsre_letter_with_the_same_tamper_checks(world, bsre, client):
    """The public page (upload) as verify_pdf: valid; a changed byte, content appended after signing, and a file BSrE
    signed validly that is not the letter on record are refused."""
    import base64
    import io

    from django.core.files.base import ContentFile
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    from tests.factories import pdf_bytes
    from tests.letters.test_verify import one_byte_changed

    letter = letter_sign(letter=world["letter"], signer=world["head"], passphrase=BsreSecret(PASSPHRASE))
    data = letter.signed_pdf.read()
    url = reverse("letters:verify", args=[letter.verify_token])

    def upload(content: bytes):
        response = client.post(url, {"file": ContentFile(content, name="surat.pdf")}, HTTP_ACCEPT_LANGUAGE="id")
        return response.status_code, response.content.decode()

    status, page = upload(data)
    assert status == 200 and 'data-valid="true"' in page and letter.number in page

    status, page = upload(one_byte_changed(data))
    assert status == 422 and 'data-valid="false"' in page

    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    writer.root["/Lang"] = generic.TextStringObject("id")
    writer.update_root()
    appended = io.BytesIO()
    writer.write(appended)
    status, page = upload(appended.getvalue())
    assert status == 422 and 'data-valid="false"' in page
    assert not verify_pdf(appended.getvalue()).valid

    # BSrE signs any PDF validly for this head; only the letter on record is the letter.
    code, body = bsre.sign(
        {
            "nik": NIK,
            "passphrase": PASSPHRASE,
            "file": [base64.b64encode(pdf_bytes()).decode()],
            "signatureProperties": bsre.sign_calls[0]["signatureProperties"],
        }
    )
    other = base64.b64decode(body["file"][0])
    assert code == 200 and verify_pdf(other).reason == "tanda tangan sah, tetapi ini bukan surat yang tercatat"
    status, page = upload(other)
    assert status == 422 and "bukan surat yang tercatat" in page


def test_intermediates_as_files_in_settings_complete_the_chain(world, bsre, settings, tmp_path):
    """A signature holding only the head's certificate (no intermediate) chains through the intermediate given as a
    file in BSRE_TRUST_ROOTS beside the national root."""
    bsre.embed_chain = False
    letter = letter_sign(letter=world["letter"], signer=world["head"], passphrase=BsreSecret(PASSPHRASE))
    data = letter.signed_pdf.read()
    assert verify_pdf(data).valid  # the fixture's roots: the root and the intermediate
    settings.BSRE_TRUST_ROOTS = [bsre.root_file(tmp_path)]  # the root alone: the chain cannot be built
    assert not verify_pdf(data).valid


@pytest.mark.parametrize(
    ("status", "words"),
    [("NOT_REGISTERED", "tidak terdaftar di BSrE"), ("NO_CERTIFICATE", "tidak memiliki sertifikat")],
)
def test_an_identity_set_on_the_signing_page_is_checked_at_once_and_a_refusal_explained(
    world, bsre, client, status, words
):
    """Setting the identity on the signing page asks BSrE's status call at once; a head who cannot sign is told why
    (in Indonesian), the sign button is disabled, the form to correct the identity stays, nothing is signed."""
    identity = "3302011203750009"
    if status == "NO_CERTIFICATE":
        bsre.register(identity=identity, name="Kepala", status=status)
    head, letter = world["head"], world["letter"]
    client.force_login(head)
    url = reverse("letters:sign", args=[letter.pk])
    before = bsre.status_calls
    response = client.post(url, {"bsre_identity": identity}, HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 302 and bsre.status_calls == before + 1
    head.refresh_from_db()
    assert (head.bsre_identity, head.bsre_status) == (identity, status)
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="id").content.decode()
    problem = page[page.index('data-testid="bsre-problem"') :]
    assert words in problem[: problem.index("</div>")]
    assert 'data-testid="bsre-identity-form"' in page
    button = page[page.index('data-testid="sign-button"') - 200 : page.index('data-testid="sign-button"')]
    assert "disabled" in button
    assert not bsre.sign_calls and Letter.objects.get(pk=letter.pk).number is None
