"""An office, two agencies and their users, with personal tokens; issued activities for the catalogue."""

import datetime
import hashlib
import itertools

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.utils import timezone
from rest_framework.test import APIClient

from api.services import api_token_create
from letters.enums import LetterState, RenderState
from letters.models import Letter
from romantik.enums import MembershipStatus
from submissions.states import State
from tests.factories import (
    RegionFactory,
    agency_user,
    fill_complete,
    pdf_bytes,
    submission_for,
    world_build,
)

_letter_seq = itertools.count(1)


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    """Request counts of the throttles live in the cache: every test starts with none."""
    cache.clear()
    yield
    cache.clear()


def token_client(user, *, name="script") -> APIClient:
    """An API client sending a new personal token of `user`."""
    _token, key = api_token_create(user=user, name=name)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    client.key = key
    return client


@pytest.fixture
def world(db):
    """The shared world (tests/factories.py `world_build`), its agencies under agency and other_agency, with a
    verified colleague and a member awaiting verification in the first, and Kalimantan Selatan beside it."""
    w = world_build()
    agency = w["agency_org"]
    return {
        **w,
        "other_province": RegionFactory(code="63", name="KALIMANTAN SELATAN"),
        "agency": agency,
        "other_agency": w["other_agency_org"],
        "user": w["agency"],
        "colleague": agency_user(agency, full_name="Budi Colleague"),
        "pending": agency_user(agency, status=MembershipStatus.PENDING, full_name="Citra Pending"),
        "other_user": w["other_agency"],
    }


@pytest.fixture
def api(world):
    """A client with a token of the world's verified agency user."""
    return token_client(world["user"])


def issued(user, *, decision=State.FEASIBLE, signed_by=None, **fields) -> "Submission":  # noqa: F821
    """A complete submission of `user`'s agency whose letter is signed and issued, listed in the catalogue.

    The workflow up to the decision runs through the services; the signature itself (WeasyPrint and pyHanko,
    seconds per letter) is written as its result: a signed, numbered letter and the ISSUED state, as
    letters.issuing.letter_sign leaves them. test_letter_endpoint_after_real_signature signs for real."""
    from catalogue.services import catalogue_entry_refresh
    from submissions.services import submission_submit

    submission = fill_complete(submission_for(user, title=fields.pop("title", "Survei Kesehatan Ibu")))
    for name, value in fields.items():
        setattr(submission, name, value)
    submission.save()
    submission = submission_submit(submission=submission, actor=user)
    seq = next(_letter_seq)
    signed = pdf_bytes()
    Letter.objects.create(
        submission=submission,
        office=submission.office,
        signer_office=submission.office,
        state=LetterState.SIGNED,
        decision=decision,
        subject="Rekomendasi",
        addressee="Kepala Dinas",
        body_text="Saran",
        render_state=RenderState.READY,
        number=f"B-{seq:03d}/62020/VS.300/2026",
        year=2026,
        seq=seq,
        letter_date=datetime.date(2026, 3, 1) + datetime.timedelta(days=seq),
        signed_pdf=ContentFile(signed, name="signed.pdf"),
        sha256=hashlib.sha256(signed).hexdigest(),
        signed_at=timezone.now(),
        signed_by=signed_by,
    )
    type(submission).objects.filter(pk=submission.pk).update(state=State.ISSUED)
    submission.refresh_from_db()
    catalogue_entry_refresh(submission=submission)
    return submission
