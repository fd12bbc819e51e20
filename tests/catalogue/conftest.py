import datetime
import itertools

import pytest
from django.utils import timezone

from catalogue.services import catalogue_entry_refresh
from letters.enums import LetterState
from letters.models import Letter
from submissions.enums import Sector
from submissions.models import Indicator, Variable
from submissions.states import State
from tests.factories import AgencyFactory, OfficeFactory, RegionFactory, agency_user, fill_complete, submission_for
from tests.review.conftest import office_world  # noqa: F401 - the world the catalogue is built in

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}

# What an activity holds that the public must never see.
SECRETS = (
    "organizer-secret@example.go.id",
    "0531-999111",
    "Pejabat Teknis Rahasia",
    "tech-secret@example.go.id",
    "0812-5550199",
    "walidata-secret@example.go.id",
    "Saran internal untuk dinas",
    "Variabel Rahasia",
    "definisi tertutup",
    "Indikator Rahasia",
    "Jl. Alamat Rahasia 9",
)

_seq = itertools.count(1)


def make_issued(
    user,
    *,
    title,
    objective="Tujuan kegiatan",
    decision=State.FEASIBLE,
    year=2026,
    sector=Sector.HEALTH,
    kind="fs3",
    variables=(("Umur", "Umur dalam tahun penuh"),),
    indicators=(("Angka partisipasi", "Persentase yang ikut"),),
    day=datetime.date(2026, 3, 2),
    coverage_regions=(),
    secrets=True,
):
    """An activity of `user`'s agency whose letter was signed (state ISSUED), listed in the catalogue. It carries
    the SECRETS (contacts, a non-public variable and indicator, the advice) that must never be shown."""
    # Every question answered (fill_complete: phases from 4 January 2027, collection 5–25 March 2027).
    s = fill_complete(submission_for(user, kind=kind, title=title), attachments=False, variables=0)
    s.objective, s.year, s.sector, s.background = objective, year, sector, "Latar belakang kegiatan"
    if secrets:
        s.organizer_email, s.organizer_phone, s.organizer_address = SECRETS[0], SECRETS[1], SECRETS[10]
        s.tech_name, s.tech_email, s.tech_phone = SECRETS[2], SECRETS[3], SECRETS[4]
        s.walidata_email, s.decision_text = SECRETS[5], SECRETS[6]
    seq = next(_seq)
    s.state, s.number = State.ISSUED, f"{s.office.code}-{year}-9{seq:04d}"
    s.decided_at = timezone.now()
    s.save()
    s.coverage_regions.set(coverage_regions or [s.organizer_regency or s.organizer_province])
    for i, (name, definition) in enumerate(variables):
        Variable.objects.create(submission=s, position=i, name=name, definition=definition, data_type="numerik")
    for i, (name, definition) in enumerate(indicators):
        Indicator.objects.create(submission=s, position=i, name=name, definition=definition)
    if secrets:
        Variable.objects.create(
            submission=s, position=99, name=SECRETS[7], definition=SECRETS[8], data_type="karakter", public=False
        )
        Indicator.objects.create(submission=s, position=99, name=SECRETS[9], definition="x", public=False)
    Letter.objects.create(
        submission=s,
        office=s.office,
        signer_office=s.office,
        state=LetterState.SIGNED,
        decision=decision,
        subject="Rekomendasi kegiatan statistik",
        addressee="Kepala Dinas",
        body_text=SECRETS[6],
        number=f"B-{seq:03d}/{s.office.code}/VS.300/{day.year}",
        year=day.year,
        seq=seq,
        letter_date=day,
        signed_at=timezone.now(),
    )
    catalogue_entry_refresh(submission=s)
    return s


@pytest.fixture
def world(office_world):  # noqa: F811
    """office_world (Kalimantan Tengah: regencies 6202 and 6203, the agency Dinas Kesehatan with a submitted
    FS3) plus Kalimantan Selatan with Kota Banjarmasin, its office and an agency there."""
    province = RegionFactory(code="63", name="KALIMANTAN SELATAN")
    city = RegionFactory(code="6371", name="KOTA BANJARMASIN", level="kabkota", parent=province)
    OfficeFactory(code="6371", region=city, name="BPS Kota Banjarmasin")
    bjm = AgencyFactory(name="Dinas Komunikasi dan Informatika Kota Banjarmasin", region=city)
    return {**office_world, "bjm": agency_user(bjm), "bjm_agency": bjm, "kalsel": province, "banjarmasin": city}
