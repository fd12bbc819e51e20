"""Seed 003: office 6111's letters are signed at BPS RI, in the demo data (its own file: the rest of test_sign.py
shares one office world per module, which the demo data would clash with)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from letters.issuing import letter_sign
from romantik.enums import Role
from romantik.models import Office
from submissions.states import State
from tests.factories import AgencyFactory, agency_user, staff
from tests.letters.test_sign import decided, letter_awaiting, signer_of


def test_seed_003_the_head_of_bps_ri_signs_for_kayong_utara(demo):
    """Office 6111's letters are signed by the Direktur Diseminasi Statistik at BPS RI (with the demo certificate
    seed_demo issues); the letter bears BPS RI's kop, so it takes BPS RI's number (letters.numbering)."""
    from letters.pki import DEMO_PASSPHRASE, demo_certificates_load
    from romantik.models import User

    demo_certificates_load()
    kayong = Office.objects.get(code="6111")
    central_head = User.objects.get(email="head.0000@demo.bps.go.id")
    agency = AgencyFactory(name="Dinas Kesehatan Kayong Utara", region=kayong.region)
    user = agency_user(agency)
    people = {
        "agency": user,
        "front_desk": staff(kayong, Role.FRONT_DESK),
        "coordinator": staff(kayong, Role.COORDINATOR),
        "reviewer": staff(kayong, Role.REVIEWER),
    }
    submission = decided(people)
    assert submission.office == kayong
    letter = letter_awaiting(submission)
    assert letter.signer_office.code == "0000"
    local_head = User.objects.get(email="head.6111@demo.bps.go.id")  # has a demo certificate for 6111
    with pytest.raises(PermissionDenied):
        letter_sign(letter=letter, signer=local_head, passphrase=DEMO_PASSPHRASE)

    signed = letter_sign(letter=letter, signer=central_head, passphrase=DEMO_PASSPHRASE)
    assert signed.number == f"B-001/BPS/VS.300/{timezone.localdate().year}"
    submission.refresh_from_db()
    assert submission.state == State.ISSUED
    embedded = signer_of(signed.signed_pdf.read())
    assert embedded.signer_cert.subject.native["title"] == "Direktur Diseminasi Statistik"
