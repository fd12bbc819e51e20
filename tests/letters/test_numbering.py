"""An outgoing letter is numbered by the office whose kop it bears, the office that signs it (letters.numbering):
seed 003's letters of BPS Kabupaten Kayong Utara (6111), signed at BPS RI, take BPS RI's numbers in one sequence
with BPS RI's own letters; and the letter-issued e-mail names the office that signed."""

import pytest
from django.utils import timezone, translation

from letters.issuing import letter_sign
from letters.models import Letter
from letters.pki import DEMO_PASSPHRASE, demo_certificates_load
from notifications.models import Message
from notifications.services import message_render
from romantik.enums import Role
from romantik.models import Office, User
from tests.factories import AgencyFactory, agency_user, staff
from tests.letters.test_sign import decided, letter_awaiting


def _letter_of(office, *, title: str, region) -> Letter:
    """A letter of `office` awaiting its signature: a new agency's FS3, reviewed at `office` and decided layak."""
    agency = AgencyFactory(name=f"Dinas {title}", region=region)
    people = {
        "agency": agency_user(agency),
        "front_desk": staff(office, Role.FRONT_DESK),
        "coordinator": staff(office, Role.COORDINATOR),
        "reviewer": staff(office, Role.REVIEWER),
    }
    submission = decided(people, title=title)
    assert submission.office == office
    return letter_awaiting(submission)


@pytest.fixture
def offices(demo):
    demo_certificates_load()
    return {code: Office.objects.get(code=code) for code in ("0000", "6111", "6202")}


def _head(code: str) -> User:
    return User.objects.get(email=f"head.{code}@demo.bps.go.id")


def test_letters_signed_at_bps_ri_share_its_sequence(offices):
    """Two 6111 letters and one of BPS RI's own, signed in turn at BPS RI: B-001, B-002, B-003 of BPS RI's
    sequence and pattern, no gap, no duplicate; 6202's letter keeps 6202's sequence and pattern."""
    central, kayong, kotim = offices["0000"], offices["6111"], offices["6202"]
    first = _letter_of(kayong, title="Survei Kayong Satu", region=kayong.region)
    own = _letter_of(central, title="Survei Nasional", region=None)
    second = _letter_of(kayong, title="Survei Kayong Dua", region=kayong.region)
    regency = _letter_of(kotim, title="Survei Kotim", region=kotim.region)
    assert [letter.signer_office for letter in (first, own, second)] == [central] * 3
    year = timezone.localdate().year
    signed = [
        letter_sign(letter=letter, signer=_head("0000"), passphrase=DEMO_PASSPHRASE) for letter in (first, own, second)
    ]
    assert [(letter.seq, letter.year) for letter in signed] == [(1, year), (2, year), (3, year)]
    assert [letter.number for letter in signed] == [f"B-{seq:03d}/BPS/VS.300/{year}" for seq in (1, 2, 3)]
    other = letter_sign(letter=regency, signer=_head("6202"), passphrase=DEMO_PASSPHRASE)
    assert (other.seq, other.number) == (1, f"B-001/62020/VS.300/{year}")
    numbers = Letter.objects.filter(signer_office=central, year=year).order_by("seq").values_list("seq", flat=True)
    assert list(numbers) == [1, 2, 3]


def test_the_issued_e_mail_of_a_6111_letter_names_bps_ri(offices):
    kayong = offices["6111"]
    letter = letter_sign(
        letter=_letter_of(kayong, title="Survei Kayong", region=kayong.region),
        signer=_head("0000"),
        passphrase=DEMO_PASSPHRASE,
    )
    message = Message.objects.get(template="letter_issued", recipient=letter.submission.created_by)
    assert message.context["signer_office"] == "Badan Pusat Statistik (BPS RI)"
    assert message.context["office"] == "BPS Kabupaten Kayong Utara"
    message.language = "id"
    with translation.override("id"):
        _subject, body = message_render(message=message)
    assert f"telah ditandatangani oleh Badan Pusat Statistik (BPS RI): nomor surat {letter.number}" in body
    assert "Kayong Utara" not in body


def test_a_letter_numbered_in_its_own_office_sequence_before_does_not_clash(offices):
    """A 6111 letter numbered in 6111's own sequence (as before numbering followed the signer) keeps its number;
    the next 6111 letter draws seq 1 from BPS RI's sequence, and both stand (the uniqueness is per numbering office)."""
    central, kayong = offices["0000"], offices["6111"]
    year = timezone.localdate().year
    old = _letter_of(kayong, title="Survei Kayong Lama", region=kayong.region)
    Letter.objects.filter(pk=old.pk).update(numbered_by=kayong, year=year, seq=1, number=f"B-001/61110/VS.300/{year}")
    new = letter_sign(
        letter=_letter_of(kayong, title="Survei Kayong Baru", region=kayong.region),
        signer=_head("0000"),
        passphrase=DEMO_PASSPHRASE,
    )
    assert (new.numbered_by, new.seq, new.number) == (central, 1, f"B-001/BPS/VS.300/{year}")
    assert Letter.objects.get(pk=old.pk).seq == 1


def test_the_migration_gives_letters_numbered_before_their_own_office(offices):
    from importlib import import_module

    from django.apps import apps

    kayong = offices["6111"]
    year = timezone.localdate().year
    old = _letter_of(kayong, title="Survei Kayong Lama", region=kayong.region)
    waiting = _letter_of(kayong, title="Survei Kayong Menunggu", region=kayong.region)
    Letter.objects.filter(pk=old.pk).update(numbered_by=None, year=year, seq=7, number=f"B-007/61110/VS.300/{year}")
    import_module("letters.migrations.0004_letter_numbered_by").numbered_by_own_office(apps, None)
    assert Letter.objects.get(pk=old.pk).numbered_by == kayong  # its own office, not the signing BPS RI
    assert Letter.objects.get(pk=waiting.pk).numbered_by is None  # not numbered yet: numbered when signed
