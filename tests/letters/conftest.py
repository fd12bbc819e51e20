import datetime

import pytest

from review import services
from romantik.enums import OfficeLevel
from submissions.services import submission_submit
from submissions.states import State
from tests.factories import OfficeFactory
from tests.review.conftest import office_world  # noqa: F401 - the world the letters are made in

ADVICE = "1. Perhatikan jadwal diseminasi.\n2. Lengkapi metadata variabel."


def _ready_for_decision(w):
    """Through intake, a revision round with a note the agency answered, and a second intake."""
    office = w["office"]
    office.parent = OfficeFactory(
        code="6200", level=OfficeLevel.PROVINCE, name="BPS Provinsi Kalimantan Tengah", region=office.region.parent
    )
    office.address, office.phone = "Jl. A.Yani No.5, Sampit", "0531 21221"
    office.email, office.website = "ipds6202@bps.go.id", "https://kotimkab.bps.go.id"
    office.save()
    head = w["head"]
    head.full_name, head.nip = "Budi Santoso", "197001011990031001"
    head.save()
    s = services.review_accept(submission=w["submission"], actor=w["front_desk"])
    services.review_assign(submission=s, reviewers=[w["reviewer"]], actor=w["coordinator"])
    note = services.note_add(
        submission=s, section="3", field="objective", text="Tujuan perlu dirinci.", actor=w["reviewer"]
    )
    services.review_return_for_revision(submission=s, actor=w["reviewer"])
    services.note_respond(note=note, actor=w["agency"], response="Tujuan sudah dirinci per indikator.")
    s.refresh_from_db()
    s.dissemination_end = s.dissemination_end + datetime.timedelta(days=30)
    s.save()
    s = submission_submit(submission=s, actor=w["agency"])
    return services.review_accept(submission=s, actor=w["reviewer"])


@pytest.fixture
def before_decision(office_world):  # noqa: F811
    """A submission in review (round 2), a reviewer assigned, ready for the decision."""
    w = office_world
    return {**w, "submission": _ready_for_decision(w)}


@pytest.fixture
def decided(before_decision):
    """The same, proposed layak by the assigned reviewer: its letter draft exists (not rendered yet)."""
    w = before_decision
    s = services.review_decide(submission=w["submission"], actor=w["reviewer"], decision=State.FEASIBLE, text=ADVICE)
    return {**w, "submission": s, "letter": s.letter}
