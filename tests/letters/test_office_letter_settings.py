"""The office admin's letter settings (issue 18): the kop's logo, the place, the number, who signs and the tembusan
of new letters, with a preview of a sample letter as typed (nothing saved), and every saved change recorded."""

import io
import time

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from letters import logo as logo_module
from letters.logo import letter_logo_check
from letters.models import Letter, OfficeLetterDefaults
from letters.office_settings import letter_number_pattern_check
from letters.services import letter_defaults, letter_tembusan_default
from romantik.audit import office_changes
from romantik.enums import Role
from romantik.models import Office
from tests.factories import staff, world_with_province

pytestmark = pytest.mark.django_db


@pytest.fixture
def places(shared_world):
    return world_with_province(shared_world)


def _url(office, name="letters:office_settings"):
    return reverse(name, kwargs={"code": office.code})


def _png(size=(120, 120), color=(0, 84, 166), fmt="PNG", name="logo-kantor.png") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format=fmt)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def _data(office: Office, **changes) -> dict:
    """The form as the page shows it, with `changes`."""
    data = {
        "address": office.address,
        "phone": office.phone,
        "email": office.email,
        "website": office.website,
        "letter_place": office.letter_place,
        "letter_code": office.letter_code,
        "letter_classification": office.letter_classification,
        "letter_number_pattern": office.letter_number_pattern,
        "signer_office": office.signer_office_id or "",
        "signer_title": office.signer_title,
        "signer_on_behalf_of": office.signer_on_behalf_of,
        "tembusan": letter_tembusan_default(office),
    }
    data.update(changes)
    return data


def _images(pdf: bytes, page: int = 0) -> int:
    resources = PdfReader(io.BytesIO(pdf)).pages[page]["/Resources"]
    xobjects = resources.get("/XObject", {})
    return sum(1 for x in xobjects.values() if x.get_object().get("/Subtype") == "/Image")


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


# --- who may -------------------------------------------------------------------------------------------------------


def test_the_office_admin_and_the_province_admin_may_another_office_admin_may_not(client, places):
    office = places["office"]
    for user, status in (
        (places["office_admin"], 200),
        (staff(places["province_office"], Role.OFFICE_ADMIN), 200),
        (staff(places["other_office"], Role.OFFICE_ADMIN), 403),
        (places["head"], 403),
        (places["reviewer"], 403),
    ):
        client.force_login(user)
        assert client.get(_url(office)).status_code == status, user
        preview = client.post(_url(office, "letters:office_settings_preview"), _data(office))
        assert preview.status_code == status, user
        assert client.post(_url(office), _data(office, letter_place="Bukan")).status_code == (
            302 if status == 200 else 403
        )
    Office.objects.filter(pk=office.pk).update(letter_place="")
    client.logout()
    assert client.get(_url(office)).status_code == 302  # to the log-in


def test_the_office_header_links_both_pages_for_those_who_may(client, places):
    office = places["office"]
    client.force_login(places["office_admin"])
    html = client.get(reverse("office_workspace", kwargs={"code": office.code})).content.decode()
    assert f'href="{_url(office)}"' in html
    assert f'href="{reverse("office_channels", kwargs={"code": office.code})}"' in html
    client.force_login(places["reviewer"])
    html = client.get(reverse("office_workspace", kwargs={"code": office.code})).content.decode()
    assert _url(office) not in html


# --- the preview ---------------------------------------------------------------------------------------------------


def test_preview_shows_the_logo_just_chosen_and_the_place_as_typed_and_saves_nothing(client, places):
    office = places["office"]
    client.force_login(places["office_admin"])
    entries = LogEntry.objects.count()
    started = time.perf_counter()
    response = client.post(
        _url(office, "letters:office_settings_preview"),
        _data(office, letter_place="Sampit Baru", letter_logo=_png(), tembusan="1. Kepala Dinas Contoh Tembusan"),
    )
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, response.content[:2000]
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Frame-Options"] == "SAMEORIGIN"  # shown in the page's frame
    assert response["Content-Disposition"] == 'inline; filename="contoh-surat.pdf"'
    pdf = response.content
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1  # the letter's page, no lampiran's head
    assert _images(pdf) == 1
    text = _text(pdf)
    assert "Sampit Baru," in text
    assert "CONTOH" in text and "Dinas Contoh Kabupaten Contoh" in text
    assert "1. Kepala Dinas Contoh Tembusan" in text
    assert "(nomor diberikan saat ditandatangani)" in text
    assert elapsed < 10, elapsed  # one page; about half a second on a quiet machine
    office.refresh_from_db()
    assert office.letter_place == "" and not office.letter_logo
    assert LogEntry.objects.count() == entries
    assert not OfficeLetterDefaults.objects.exists() and not Letter.objects.exists()


def test_preview_without_a_new_file_shows_the_saved_logo_and_none_when_removed(client, places):
    office = places["office"]
    client.force_login(places["office_admin"])
    assert client.post(_url(office), _data(office, letter_logo=_png())).status_code == 302
    office.refresh_from_db()
    preview = client.post(_url(office, "letters:office_settings_preview"), _data(office))
    assert _images(preview.content) == 1
    preview = client.post(_url(office, "letters:office_settings_preview"), _data(office, logo_remove="on"))
    assert _images(preview.content) == 0
    office.refresh_from_db()
    assert office.letter_logo  # the preview removed nothing


def test_preview_of_a_form_with_errors_says_what_to_correct_in_the_frame(client, places):
    office = places["office"]
    client.force_login(places["office_admin"])
    response = client.post(
        _url(office, "letters:office_settings_preview"),
        _data(office, letter_number_pattern="B-{seq}/{year}"),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    html = response.content.decode()
    assert 'data-testid="preview-errors"' in html
    assert "The pattern must contain {code}" in html


def test_preview_with_another_office_signing_shows_its_kop_and_the_an_framing(client, places):
    office, central = places["office"], places["central"]
    Office.objects.filter(pk=central.pk).update(letter_place="Jakarta Pusat", address="Jl. Dr. Sutomo 6-8")
    client.force_login(places["office_admin"])
    response = client.post(
        _url(office, "letters:office_settings_preview"),
        _data(
            office,
            signer_office=central.pk,
            signer_title="Direktur Diseminasi Statistik",
            signer_on_behalf_of="Kepala Badan Pusat Statistik",
            letter_logo=_png(),
        ),
    )
    assert response.status_code == 200
    text = _text(response.content)
    assert "Jakarta Pusat," in text and "Jl. Dr. Sutomo 6-8" in text
    assert "a.n. Kepala Badan Pusat Statistik" in text and "Direktur Diseminasi Statistik," in text
    assert _images(response.content) == 0  # BPS RI's kop, which has no logo: this office's new logo is not on it


# --- saving --------------------------------------------------------------------------------------------------------


def test_saving_stores_the_logo_under_a_random_name_and_records_before_and_after(client, places):
    office = places["office"]
    admin = places["office_admin"]
    client.force_login(admin)
    before_place = office.letter_place
    response = client.post(
        _url(office),
        _data(
            office,
            letter_place="Sampit",
            letter_code="62020",
            letter_logo=_png(),
            tembusan="1. Kepala BPS Prov\n2. Arsip",
        ),
    )
    assert response.status_code == 302 and response["Location"] == _url(office)
    office.refresh_from_db()
    assert office.letter_place == "Sampit" and office.letter_code == "62020"
    assert office.letter_logo.name.startswith("offices/logos/") and office.letter_logo.name.endswith(".png")
    assert "logo-kantor" not in office.letter_logo.name
    with office.letter_logo.open("rb") as fh:
        assert Image.open(fh).size == (120, 120)

    entry = office_changes([office.pk]).filter(content_type__model="office").first()
    assert entry.action == LogEntry.Action.UPDATE and entry.actor == admin
    assert entry.changes["letter_place"] == [before_place, "Sampit"]
    assert entry.changes["letter_code"] == ["", "62020"]
    assert entry.changes["letter_logo"][1] == office.letter_logo.name
    defaults = office_changes([office.pk]).get(content_type__model="officeletterdefaults")
    assert defaults.action == LogEntry.Action.CREATE and defaults.actor == admin
    assert defaults.changes["tembusan"][1] == "1. Kepala BPS Prov\n2. Arsip"
    assert defaults.additional_data == {"office": office.pk}

    # New letters start with the office's own tembusan.
    assert letter_tembusan_default(office) == "1. Kepala BPS Prov\n2. Arsip"
    submission = type("S", (), {"office": office, "title": "T", "agency": places["agency_org"], "decision_text": ""})
    assert letter_defaults(submission)["tembusan"] == "1. Kepala BPS Prov\n2. Arsip"


def test_saving_unchanged_settings_records_nothing(client, places):
    office = places["office"]
    client.force_login(places["office_admin"])
    entries = LogEntry.objects.count()
    assert client.post(_url(office), _data(office)).status_code == 302
    assert LogEntry.objects.count() == entries
    assert not OfficeLetterDefaults.objects.exists()  # the built-in default typed back is not stored


def test_the_built_in_tembusan_copies_the_province_office_and_an_empty_one_is_kept(client, places):
    office = places["office"]
    assert letter_tembusan_default(office) == "1. Kepala BPS Prov"
    client.force_login(places["office_admin"])
    assert client.post(_url(office), _data(office, tembusan="")).status_code == 302
    assert letter_tembusan_default(office) == ""


def test_the_signer_is_this_office_or_one_above_it(client, places):
    office = places["office"]
    client.force_login(places["office_admin"])
    response = client.post(_url(office), _data(office, signer_office=places["other_office"].pk))
    assert response.status_code == 400
    assert response.context["form"].errors.as_data()["signer_office"][0].code == "invalid_choice"
    for signer in (places["province_office"], places["central"]):
        assert client.post(_url(office), _data(office, signer_office=signer.pk)).status_code == 302
        office.refresh_from_db()
        assert office.signer_office == signer
    assert client.post(_url(office), _data(office, signer_office="")).status_code == 302
    office.refresh_from_db()
    assert office.signer_office is None


# --- validation ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "code"),
    [
        ("B-{seq}/{year}", "required_placeholder"),
        ("{seq.__class__}/{code}/{year}", "placeholder"),
        ("{seq}/{code}/{year}/{nomor}", "placeholder"),
        ("{}/{code}/{year}", "placeholder"),
        ("{seq!r}/{code}/{year}", "placeholder"),
        ("B-{seq/{code}/{year}", "braces"),
        ("B-{seq:zz}/{code}/{year}", "format"),
        ("B-{seq:0100d}/{code}/{year}", "too_long"),
    ],
)
def test_a_number_pattern_uses_only_the_placeholders_numbering_fills(client, places, pattern, code):
    office = places["office"]
    with pytest.raises(ValidationError) as raised:
        letter_number_pattern_check(pattern)
    assert raised.value.code == code
    client.force_login(places["office_admin"])
    response = client.post(_url(office), _data(office, letter_number_pattern=pattern, letter_place="Tidak"))
    assert response.status_code == 400
    assert response.context["form"].errors.as_data()["letter_number_pattern"][0].code == code
    assert f'value="{pattern}"' in response.content.decode()  # nothing typed is lost
    assert 'value="Tidak"' in response.content.decode()
    office.refresh_from_db()
    assert office.letter_place == ""


def test_good_number_patterns_pass():
    for pattern in (
        "B-{seq:03d}/{code}/{classification}/{year}",
        "{code}/{seq}/{month}/{year}",
        "{seq:04}-{code}-{year}",
    ):
        assert letter_number_pattern_check(pattern) == pattern


def test_a_letter_code_another_office_numbers_with_is_refused(client, places):
    office = places["office"]
    client.force_login(places["office_admin"])
    response = client.post(_url(office), _data(office, letter_code=places["other_office"].code))
    assert response.status_code == 400
    assert response.context["form"].errors.as_data()["letter_code"][0].code == "clash"


def test_the_number_pattern_message_is_indonesian(client, places):
    office = places["office"]
    client.force_login(places["office_admin"])
    response = client.post(
        _url(office), _data(office, letter_number_pattern="B-{seq}/{year}"), HTTP_ACCEPT_LANGUAGE="id"
    )
    assert "Pola harus memuat {code}" in response.content.decode()


# --- the logo's checks ---------------------------------------------------------------------------------------------


def _check_code(file) -> str:
    with pytest.raises(ValidationError) as raised:
        letter_logo_check(file)
    return raised.value.code


def test_logo_must_be_png_or_jpeg_within_bounds():
    assert letter_logo_check(_png()) == "png"
    assert letter_logo_check(_png(fmt="JPEG", name="logo.jpg")) == "jpg"
    assert _check_code(_png(fmt="GIF", name="logo.gif")) == "not_image"
    assert _check_code(SimpleUploadedFile("logo.png", b"%PDF-1.4 not an image")) == "not_image"
    assert _check_code(_png(size=(2001, 20))) == "dimensions"
    assert _check_code(_png(size=(10, 10))) == "dimensions"
    truncated = _png().read()[:-40]
    assert _check_code(SimpleUploadedFile("logo.png", truncated)) == "damaged"
    # A JPEG disguised with a PNG signature.
    jpeg = _png(fmt="JPEG").read()
    assert _check_code(SimpleUploadedFile("logo.png", b"\x89PNG\r\n\x1a\n" + jpeg)) == "damaged"


def test_logo_over_the_byte_limit_is_refused_before_it_is_read(monkeypatch):
    big = SimpleUploadedFile("logo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * (logo_module.LOGO_MAX_BYTES + 1))
    assert _check_code(big) == "too_large"


@pytest.mark.parametrize("side", [15000, 30000])
def test_a_huge_image_in_a_small_file_is_refused_without_decoding_it(side):
    """A PNG declaring side × side pixels in a few hundred kilobytes: refused from its header (30,000² is past
    Pillow's own bomb limit, which refuses it at once)."""
    out = io.BytesIO()
    Image.new("1", (side, side)).save(out, format="PNG")
    assert len(out.getvalue()) < 1_000_000
    assert _check_code(SimpleUploadedFile("logo.png", out.getvalue())) == "dimensions"


def test_a_refused_logo_is_shown_next_to_its_field_and_nothing_is_saved(client, places):
    office = places["office"]
    client.force_login(places["office_admin"])
    response = client.post(
        _url(office),
        _data(office, letter_place="Sampit", letter_logo=_png(fmt="GIF", name="x.gif")),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.context["form"].errors.as_data()["letter_logo"][0].code == "not_image"
    assert "The logo must be a PNG or JPEG image." in response.content.decode()
    office.refresh_from_db()
    assert office.letter_place == "" and not office.letter_logo
