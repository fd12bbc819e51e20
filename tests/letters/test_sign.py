"""The head signs a letter: PAdES with the head's certificate, number, issue, notification; or sends it back."""

import datetime
import hashlib
import io
import logging

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone, translation

from letters.enums import LetterState, RenderState
from letters.issuing import letter_send_back, letter_sign
from letters.models import Letter
from letters.numbering import letter_number_format
from letters.pki import demo_certificate_issue, demo_root_certificate, to_asn1
from notifications.models import Message
from review.services import review_accept, review_assign, review_decide
from romantik.enums import Role
from romantik.models import Counter, Office
from submissions.services import submission_submit
from submissions.states import State
from tests.factories import fill_complete, pdf_bytes, staff, submission_for
from tests.review import conftest as review_conftest

office_world = review_conftest.office_world  # the fixture

PASSPHRASE = "kunci-Rahasia-uji-4711"


def decided(world, *, decision=State.FEASIBLE, title="Survei Uji"):
    """A new submission of the world's agency, reviewed and decided (layak by default)."""
    submission = submission_submit(
        submission=fill_complete(submission_for(world["agency"], title=title)), actor=world["agency"]
    )
    review_accept(submission=submission, actor=world["front_desk"])
    review_assign(submission=submission, reviewers=[world["reviewer"]], actor=world["coordinator"])
    return review_decide(submission=submission, actor=world["reviewer"], decision=decision, text="Saran untuk dinas")


def letter_awaiting(submission) -> Letter:
    """The letter of a decided submission (prepared at the decision), rendered and sent to the head."""
    letter = Letter.objects.get(submission=submission)
    letter.state = LetterState.AWAITING_SIGNATURE
    letter.render_state = RenderState.READY
    letter.draft_pdf.save("draft.pdf", ContentFile(pdf_bytes()), save=False)
    letter.save()
    return letter


def signing_office_ready(office_world):
    """The office's letter code and its head's NIP and position, which a signed letter shows: (office, head)."""
    office = office_world["office"]
    office.letter_code = "62020"
    office.save(update_fields=["letter_code"])
    head = office_world["head"]
    head.nip, head.position = "198001012006041001", "Kepala BPS Kabupaten Kotawaringin Timur"
    head.save(update_fields=["nip", "position"])
    return office, head


def sign_world_build(office_world) -> dict:
    """The office world ready to sign (`signing_office_ready`), the head's demo certificate, and a decided
    submission (`decided`) whose letter awaits the head's signature (`letter`). Its objects are changed and saved
    in place."""
    office, head = signing_office_ready(office_world)
    demo_certificate_issue(user=head, office=office, passphrase=PASSPHRASE)
    submission = decided(office_world)
    return {**office_world, "letter": letter_awaiting(submission), "decided": submission}


@pytest.fixture
def world(office_world):
    office_world.update(sign_world_build(office_world))
    return office_world


def signer_of(pdf: bytes):
    from pyhanko.pdf_utils.reader import PdfFileReader

    return PdfFileReader(io.BytesIO(pdf)).embedded_signatures[0]


def test_letter_sign_makes_a_trusted_pades_signature_with_the_heads_certificate(world):
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    letter = letter_sign(letter=world["letter"], signer=world["head"], passphrase=PASSPHRASE)

    data = letter.signed_pdf.read()
    assert hashlib.sha256(data).hexdigest() == letter.sha256
    embedded = signer_of(data)
    status = validate_pdf_signature(embedded, ValidationContext(trust_roots=[to_asn1(demo_root_certificate())]))
    assert status.intact and status.valid and status.trusted
    assert status.bottom_line
    assert embedded.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"  # PAdES
    assert embedded.signer_cert.subject.native["common_name"] == world["head"].full_name
    assert "DEMO — bukan sertifikat resmi" in embedded.signer_cert.subject.native["organization_name"]
    # Not trusted without the demo root.
    untrusted = validate_pdf_signature(signer_of(data), ValidationContext(trust_roots=[]))
    assert untrusted.intact and not untrusted.trusted


def test_letter_sign_numbers_dates_issues_and_notifies(world):
    year = timezone.localdate().year
    letter = letter_sign(letter=world["letter"], signer=world["head"], passphrase=PASSPHRASE)

    assert letter.number == f"B-001/62020/VS.300/{year}"
    assert (letter.seq, letter.year, letter.letter_date) == (1, year, timezone.localdate())
    assert letter.state == LetterState.SIGNED and letter.signed_by == world["head"] and letter.signed_at
    submission = world["decided"]
    submission.refresh_from_db()
    assert submission.state == State.ISSUED
    assert submission.transitions.order_by("-pk").first().to_state == State.ISSUED
    message = Message.objects.get(template="letter_issued")
    assert message.recipient == world["agency"]
    assert message.context["letter_number"] == letter.number
    assert message.context["url"] == reverse("submissions:overview", kwargs={"pk": submission.pk})


def test_letter_sign_visible_block_and_qr_point_to_the_verification_page(world, settings):
    from pypdf import PdfReader

    from letters.rendering import signature_box_locate

    settings.SITE_URL = "https://romantik.example.go.id"
    letter = letter_sign(letter=world["letter"], signer=world["head"], passphrase=PASSPHRASE)
    signed = letter.signed_pdf.read()
    reader = PdfReader(io.BytesIO(signed))
    widgets = [
        (index, annot.get_object())
        for index, page in enumerate(reader.pages)
        for annot in page.get("/Annots") or []
        if annot.get_object().get("/FT") == "/Sig"
    ]
    assert len(widgets) == 1
    # In the box the letter's layout kept for the signature (its named destination), on that page.
    box_page, box = signature_box_locate(signed)
    widget_page, widgets = widgets[0][0], [widgets[0][1]]
    assert widget_page == box_page == 0
    rect = [round(float(v), 2) for v in widgets[0]["/Rect"]]
    assert rect == pytest.approx(list(box), abs=0.01)
    appearance = widgets[0]["/AP"]["/N"].get_object()
    drawn = _xobject_streams(appearance)
    url = f"https://romantik.example.go.id/verifikasi/{letter.verify_token}/"
    # The stamp's text (name, NIP, position) and the QR code of the verification URL are in the appearance.
    assert world["head"].full_name.encode() in drawn
    assert b"NIP 198001012006041001" in drawn
    assert b"Kepala BPS Kabupaten Kotawaringin Timur" in drawn
    assert f"Nomor: {letter.number}".encode() in _unescaped(drawn)
    assert _qr_stream(url) in drawn
    assert _qr_stream(url + "x") not in drawn
    links = [
        annot.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annot in page.get("/Annots") or []
        if annot.get_object().get("/Subtype") == "/Link"
    ]
    assert links == [url]


def _unescaped(data: bytes) -> bytes:
    """pyHanko writes punctuation in text strings as octal escapes (\\072 for ":")."""
    import re

    return re.sub(rb"\\([0-7]{3})", lambda m: bytes([int(m.group(1), 8)]), data)


def _xobject_streams(obj) -> bytes:
    data = obj.get_data()
    for child in (obj.get("/Resources") or {}).get("/XObject", {}).values():
        data += _xobject_streams(child.get_object())
    return data


def _qr_stream(url: str) -> bytes:
    """The drawing commands of the QR code pyHanko makes for `url`."""
    import qrcode
    from pyhanko.pdf_utils.qr import PdfStreamQRImage

    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M)
    qr.add_data(url)
    qr.make()
    return qr.make_image(image_factory=PdfStreamQRImage).render_command_stream()


def test_letter_sign_wrong_passphrase_is_refused_and_nothing_is_numbered(world):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        letter_sign(letter=world["letter"], signer=world["head"], passphrase="salah")
    assert error.value.messages == ["Wrong passphrase."]
    letter = Letter.objects.get(pk=world["letter"].pk)
    assert letter.state == LetterState.AWAITING_SIGNATURE
    assert (letter.number, letter.seq, letter.sha256, letter.signed_pdf.name) == (None, None, "", "")
    assert not Counter.objects.filter(key__startswith="letter:", value__gt=0).exists()
    # The next signature gets number 1: nothing was skipped.
    assert letter_sign(letter=letter, signer=world["head"], passphrase=PASSPHRASE).seq == 1


def test_letter_sign_passphrase_never_logged(world, caplog, client):
    from letters.issuing import signing_job_run
    from letters.models import SigningJob

    caplog.set_level(logging.DEBUG)
    client.force_login(world["head"])
    url = reverse("letters:sign", args=[world["letter"].pk])
    wrong = "Salah-" + PASSPHRASE
    response = client.post(url, {"passphrase": wrong})
    assert response.status_code == 400
    response = client.post(url, {"passphrase": PASSPHRASE})
    assert response.status_code == 302
    signing_job_run(job_id=SigningJob.objects.get().pk)  # what the Celery task does
    assert Letter.objects.get(pk=world["letter"].pk).state == LetterState.SIGNED
    logged = caplog.text + "".join(str(r.args) for r in caplog.records)
    assert PASSPHRASE not in logged and wrong not in logged
    assert "Salah-" not in logged


def test_letter_sign_a_repeated_click_is_a_no_op(world):
    first = letter_sign(letter=world["letter"], signer=world["head"], passphrase=PASSPHRASE)
    again = letter_sign(letter=world["letter"], signer=world["head"], passphrase=PASSPHRASE)
    assert (again.number, again.sha256) == (first.number, first.sha256)
    assert Letter.objects.filter(number__isnull=False).count() == 1


@pytest.mark.parametrize("who", ["reviewer", "coordinator", "agency", "office_admin", "central_head"])
def test_letter_sign_refused_for_others(world, who):
    if who != "central_head":
        demo_certificate_issue(user=world[who], office=world["office"], passphrase=PASSPHRASE)
    with pytest.raises(PermissionDenied):
        letter_sign(letter=world["letter"], signer=world[who], passphrase=PASSPHRASE)
    assert Letter.objects.get(pk=world["letter"].pk).state == LetterState.AWAITING_SIGNATURE


def test_letter_sign_refused_for_another_offices_head(world):
    other_head = staff(world["other_office"], Role.HEAD)
    demo_certificate_issue(user=other_head, office=world["other_office"], passphrase=PASSPHRASE)
    with pytest.raises(PermissionDenied):
        letter_sign(letter=world["letter"], signer=other_head, passphrase=PASSPHRASE)


def test_letter_sign_refused_unless_awaiting_signature(world):
    Letter.objects.filter(pk=world["letter"].pk).update(state=LetterState.DRAFT)
    with pytest.raises(PermissionDenied):
        letter_sign(letter=world["letter"], signer=world["head"], passphrase=PASSPHRASE)


def test_issuing_without_a_signed_letter_is_refused(world):
    from submissions.workflow import submission_transition

    with pytest.raises(PermissionDenied):
        submission_transition(submission=world["decided"], to=State.ISSUED, actor=world["head"])


def test_letter_sign_without_certificate_says_so(world):
    from letters.models import SigningCertificate

    SigningCertificate.objects.all().delete()
    with translation.override("en"), pytest.raises(ValidationError) as error:
        letter_sign(letter=world["letter"], signer=world["head"], passphrase=PASSPHRASE)
    assert "no valid signing certificate" in error.value.messages[0]


def test_numbers_follow_the_pattern_per_office_per_year(world):
    office = world["office"]
    first = letter_sign(letter=world["letter"], signer=world["head"], passphrase=PASSPHRASE)
    second = letter_sign(
        letter=letter_awaiting(decided(world, title="Survei Kedua")), signer=world["head"], passphrase=PASSPHRASE
    )
    year = timezone.localdate().year
    assert [first.number, second.number] == [f"B-001/62020/VS.300/{year}", f"B-002/62020/VS.300/{year}"]
    office.letter_number_pattern = "B-{seq}/{code}/{classification}/{month}/{year}"
    office.letter_classification = "HM.310"
    assert letter_number_format(office, seq=36, on=datetime.date(2026, 2, 3)) == "B-36/62020/HM.310/02/2026"
    office.letter_number_pattern = "B-{seq:03d}/{code}/{classification}/{year}"
    assert letter_number_format(office, seq=36, on=datetime.date(2026, 2, 3)) == "B-036/62020/HM.310/2026"
    # Another office, or another year, starts at 1.
    other = Office(code="6203", letter_code="62030")
    assert letter_number_format(other, seq=1, on=datetime.date(2027, 1, 2)) == "B-001/62030/VS.300/2027"


def test_a_new_year_starts_at_one(world):
    from letters.numbering import letter_counter_key

    office = world["office"]
    year = timezone.localdate().year
    Counter.objects.create(key=letter_counter_key(office, year - 1), value=41)
    letter = letter_sign(letter=world["letter"], signer=world["head"], passphrase=PASSPHRASE)
    assert letter.seq == 1


def test_letter_send_back_returns_with_note_and_tells_the_reviewers(world):
    letter = letter_send_back(letter=world["letter"], head=world["head"], note="Perbaiki alamat tujuan.")
    assert (letter.state, letter.head_note, letter.number) == (LetterState.RETURNED, "Perbaiki alamat tujuan.", None)
    recipients = set(Message.objects.filter(template="letter_sent_back").values_list("recipient", flat=True))
    assert recipients == {world["reviewer"].pk}
    with pytest.raises(PermissionDenied):
        letter_send_back(letter=letter_awaiting(decided(world, title="Lain")), head=world["reviewer"], note="x")


def test_letter_send_back_needs_a_note(world):
    with pytest.raises(ValidationError):
        letter_send_back(letter=world["letter"], head=world["head"], note="  ")


# --- pages ----------------------------------------------------------------------------------------------


def test_signing_list_shows_the_letters_awaiting_and_the_page_embeds_the_pdf(world, client):
    client.force_login(world["head"])
    response = client.get(reverse("office_signing", args=[world["office"].code]))
    assert response.status_code == 200
    assert reverse("letters:sign", args=[world["letter"].pk]) in response.content.decode()
    page = client.get(reverse("letters:sign", args=[world["letter"].pk]))
    html = page.content.decode()
    assert page.status_code == 200
    pdf_url = reverse("letters:sign_draft_pdf", args=[world["letter"].pk])
    assert f'data="{pdf_url}"' in html
    assert 'autocomplete="off"' in html and 'type="password"' in html
    inline = client.get(pdf_url)
    assert inline.status_code == 200 and inline["Content-Type"] == "application/pdf"
    assert inline["Content-Disposition"].startswith("inline")
    assert inline["X-Frame-Options"] == "SAMEORIGIN"


# Those who see the submission are refused (403); another office's head learns nothing, not even that it exists.
@pytest.mark.parametrize("who, status", [("reviewer", 403), ("agency", 403), ("central_head", 404)])
def test_signing_page_refused_for_others(world, client, who, status):
    client.force_login(world[who])
    assert client.get(reverse("letters:sign", args=[world["letter"].pk])).status_code == status
    assert (
        client.post(reverse("letters:sign", args=[world["letter"].pk]), {"passphrase": PASSPHRASE}).status_code
        == status
    )
    assert client.get(reverse("letters:sign", args=[world["letter"].pk + 10_000])).status_code == 404


def test_signing_page_wrong_passphrase_shows_the_error(world, client):
    client.force_login(world["head"])
    response = client.post(
        reverse("letters:sign", args=[world["letter"].pk]), {"passphrase": "salah-123"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Wrong passphrase." in html
    assert "salah-123" not in html


def test_send_back_page(world, client):
    client.force_login(world["head"])
    response = client.post(reverse("letters:send_back", args=[world["letter"].pk]), {"note": "Ganti hal."})
    assert response.status_code == 302
    assert Letter.objects.get(pk=world["letter"].pk).state == LetterState.RETURNED


def test_the_agency_downloads_the_signed_letter_from_the_submission_page(world, client):
    letter = letter_sign(letter=world["letter"], signer=world["head"], passphrase=PASSPHRASE)
    client.force_login(world["agency"])
    overview = client.get(reverse("submissions:overview", kwargs={"pk": letter.submission_id}))
    download_url = reverse("letters:download", args=[letter.pk])
    assert download_url in overview.content.decode()
    response = client.get(download_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == letter.signed_pdf.read()
    assert letter.number.replace("/", "-") in response["Content-Disposition"]


@pytest.mark.parametrize("who", ["other_agency", "other_reviewer"])
def test_download_refused_for_others(world, client, who):
    letter = letter_sign(letter=world["letter"], signer=world["head"], passphrase=PASSPHRASE)
    client.force_login(world[who])
    # The same answer as for a letter that does not exist: ids tell nothing.
    assert client.get(reverse("letters:download", args=[letter.pk])).status_code == 404
    assert client.get(reverse("letters:download", args=[letter.pk + 10_000])).status_code == 404


def test_download_before_signing_is_refused(world, client):
    client.force_login(world["agency"])
    assert client.get(reverse("letters:download", args=[world["letter"].pk])).status_code == 403


def test_signing_list_query_count_does_not_grow(world, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def page_queries(expected_rows):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("office_signing", args=[world["office"].code]))
        assert response.content.decode().count('data-testid="letter-to-sign"') == expected_rows
        return len(queries)

    client.force_login(world["head"])
    letter_sign(letter=world["letter"], signer=world["head"], passphrase=PASSPHRASE)
    letter_awaiting(decided(world, title="Survei 1"))
    small = page_queries(1)
    for i in range(2, 5):
        letter_awaiting(decided(world, title=f"Survei {i}"))
    letter_sign(letter=Letter.objects.get(submission__title="Survei 4"), signer=world["head"], passphrase=PASSPHRASE)
    assert page_queries(3) == small
