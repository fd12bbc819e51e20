"""Demo catalogue, so a fresh `make run` shows recommended activities (idempotent by agency user and title).

Three activities go through the real workflow: submitted by the demo agency users, recorded complete, assigned,
decided, the letter rendered and signed with the demo head's demo certificate, which lists them in the
catalogue. The Banjarnegara nutrition survey resembles the demo FS3 that Kotawaringin Timur submitted for 2027, so
duplicate detection has something to show across agencies. Then every issued submission's row is rebuilt.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from letters.issuing import letter_sign
from letters.models import Letter
from letters.pki import DEMO_PASSPHRASE, certificate_active, demo_certificate_issue
from letters.services import letter_render, letter_send_to_head
from review.services import review_accept, review_assign, review_decide
from romantik.enums import Role
from romantik.seeding import demo_staff_email
from submissions import enums
from submissions.models import Attachment, Indicator, Submission, Variable
from submissions.seeding import SURVEY_ANSWERS, cover_letter_sample_set, phase_dates_set
from submissions.services import submission_start, submission_submit
from submissions.states import State

from .services import catalogue_rebuild

SAMPLE_FIELDS = (
    "sample_design", "sample_selection", "sample_method", "sample_frame", "sample_fraction", "sampling_error",
    "sample_unit", "observation_unit", "pilot", "nonresponse_adjustment",
)  # fmt: skip

BNA_CONTACT = {
    "organizer_address": "Jl. Selamanik No. 1, Banjarnegara",
    "organizer_phone": "0286-591001",
    "organizer_email": "bappeda@banjarnegarakab.go.id",
    "tech_name": "Siti Nurjanah",
    "tech_position": "Perencana Ahli Muda",
    "tech_phone": "081327770002",
    "tech_email": "siti@banjarnegarakab.go.id",
    "walidata_unit": "Dinas Komunikasi dan Informatika",
}

# Offices 3304 and 6371: the browser journey signs the first letter of 6202 (B-001) itself.
ACTIVITIES = [
    {
        "user": "pengguna@bappeda-bna.demo.go.id",
        "kind": enums.Kind.FS3,
        "title": "Survei Status Gizi Balita Kabupaten Banjarnegara 2026",
        "decision": State.FEASIBLE,
        "advice": "1. Sajikan prevalensi stunting per kecamatan dengan selang kepercayaan.\n"
        "2. Serahkan hasil kegiatan kepada BPS Kabupaten Banjarnegara.",
        "answers": {**BNA_CONTACT, "unit_eselon2": "Bidang Pemerintahan dan Pembangunan Manusia"},
        "variables": [
            ("Umur balita", "UMUR", "Umur anak dalam bulan penuh.", "numerik", True),
            ("Tinggi badan", "TB", "Tinggi/panjang badan anak dalam cm, satu desimal.", "numerik", True),
            ("Berat badan", "BB", "Berat badan anak dalam kg, satu desimal.", "numerik", True),
            ("Nama ibu kandung", "NAMA_IBU", "Nama ibu kandung balita, untuk kunjungan ulang.", "karakter", False),
        ],
        "indicators": [
            ("Prevalensi stunting balita", "Persentase balita dengan tinggi badan menurut umur < -2 SD.", True),
        ],
    },
    {
        "user": "pengguna@diskominfo-bjm.demo.go.id",
        "kind": enums.Kind.MSKEG,
        "title": "Survei Pemanfaatan Internet oleh Rumah Tangga Kota Banjarmasin 2026",
        "decision": State.FEASIBLE,
        "advice": "Gunakan konsep dan definisi akses internet yang sama dengan Susenas agar hasilnya dapat "
        "dibandingkan.",
        "answers": {
            "collection_way": enums.CollectionWay.SURVEY,
            "sector": enums.Sector.ICT,
            "background": "Program kota cerdas memerlukan data akses dan pemanfaatan internet rumah tangga.",
            "objective": "Mengukur persentase rumah tangga yang mengakses internet dan tujuan pemanfaatannya "
            "per kecamatan.",
            "organizer_address": "Jl. RE Martadinata No. 1, Banjarmasin",
            "organizer_email": "diskominfo@banjarmasinkota.go.id",
            "organizer_phone": "0511-3353001",
            "unit_eselon2": "Bidang Statistik",
            "tech_position": "Pranata Komputer Ahli Pertama",
            "tech_name": "Ahmad Fauzi",
            "tech_email": "fauzi@banjarmasinkota.go.id",
            "tech_phone": "081349990001",
        },
        "variables": [
            ("Akses internet", "AKSES", "Rumah tangga mengakses internet dalam tiga bulan terakhir.", "boolean", True),
            (
                "Tujuan penggunaan internet",
                "TUJUAN",
                "Tujuan utama anggota rumah tangga memakai internet.",
                "karakter",
                True,
            ),
        ],
        "indicators": [
            (
                "Persentase rumah tangga yang mengakses internet",
                "Rumah tangga dengan akses dibagi seluruh rumah tangga, dikali 100.",
                True,
            ),
        ],
    },
    {
        "user": "pengguna@bappeda-bna.demo.go.id",
        "kind": enums.Kind.FPKPA,
        "title": "Kompilasi Data Pembangunan Desa Kabupaten Banjarnegara 2026",
        "decision": State.NOT_FEASIBLE,
        "advice": "Data yang sama sudah dihimpun dalam Pendataan Potensi Desa (Podes) BPS; gunakan data Podes "
        "dan koordinasikan dengan BPS Kabupaten Banjarnegara.",
        "answers": {
            "collection_way": enums.CollectionWay.ADMIN_COMPILATION,
            "sector": enums.Sector.REGIONAL,
            "background": "Perencanaan pembangunan desa memerlukan data sarana dan prasarana desa.",
            "objective": "Menghimpun data sarana pendidikan, kesehatan dan jalan desa dari laporan kecamatan.",
            **BNA_CONTACT,
            "unit_eselon2": "Bidang Perencanaan Infrastruktur dan Kewilayahan",
            "collection_methods": [enums.CollectionMethod.SECONDARY],
            "collection_means": [enums.CollectionMeans.OTHER],
        },
        "variables": [
            ("Jumlah sekolah dasar", "SD", "Banyaknya SD/MI yang beroperasi di desa.", "numerik", True),
            ("Panjang jalan desa beraspal", "JALAN", "Panjang jalan desa beraspal dalam km.", "numerik", True),
        ],
        "indicators": [],
    },
]


def _pdf(title: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=f"<h1>{title}</h1><p>Dokumen contoh untuk demo Romantik.</p>").write_pdf()


def _fill(submission: Submission, spec: dict) -> None:
    answers = dict(SURVEY_ANSWERS)
    if spec["kind"] == enums.Kind.FPKPA:  # a compilation has no sample design
        answers = {k: v for k, v in answers.items() if k not in SAMPLE_FIELDS}
    answers.update(spec["answers"])
    for name, value in answers.items():
        setattr(submission, name, value)
    phase_dates_set(submission, start=datetime.date(2026, 2, 2), every=40)
    submission.year = 2026
    submission.publish_digital_date = datetime.date(2026, 12, 15)
    cover_letter_sample_set(submission, reference=f"{submission.pk}/Data")
    submission.save()
    submission.coverage_regions.set([submission.organizer_regency or submission.organizer_province])
    for position, (name, alias, definition, data_type, public) in enumerate(spec["variables"]):
        Variable.objects.create(
            submission=submission,
            position=position,
            name=name,
            alias=alias,
            definition=definition,
            data_type=data_type,
            public=public,
            source="Laporan kecamatan" if spec["kind"] == enums.Kind.FPKPA else "",
        )
    for position, (name, definition, public) in enumerate(spec["indicators"]):
        Indicator.objects.create(
            submission=submission, position=position, name=name, definition=definition, unit="persen", public=public
        )
    kinds = [enums.AttachmentKind.COVER_LETTER]
    if spec["kind"] != enums.Kind.FPKPA:
        kinds.append(enums.AttachmentKind.INSTRUMENT)
    for kind in kinds:
        content = _pdf(str(kind.label))
        Attachment.objects.create(
            submission=submission,
            kind=kind,
            file=ContentFile(content, name="demo.pdf"),
            original_name=f"{kind.value}.pdf",
            size=len(content),
            uploaded_by=submission.created_by,
        )


def _staff(role, office):
    return get_user_model().objects.get(email=demo_staff_email(role, office.code))


def _issue(spec: dict, user) -> Submission:
    """Through the real workflow, from a new draft to a signed letter."""
    submission = submission_start(kind=spec["kind"], owner=user, actor=user, title=spec["title"])
    _fill(submission, spec)
    submission = submission_submit(submission=submission, actor=user)
    office = submission.office
    reviewer = _staff(Role.REVIEWER, office)
    review_accept(submission=submission, actor=_staff(Role.FRONT_DESK, office))
    review_assign(submission=submission, reviewers=[reviewer], actor=_staff(Role.COORDINATOR, office))
    review_decide(submission=submission, actor=reviewer, decision=spec["decision"], text=spec["advice"])
    letter = Letter.objects.get(submission=submission)
    letter_render(letter_id=letter.pk, version=letter.draft_version)  # what the Celery worker does
    letter = letter_send_to_head(letter=Letter.objects.get(pk=letter.pk), actor=reviewer)
    signing_office = office.signing_office
    head = _staff(Role.HEAD, signing_office)
    if certificate_active(user=head, office=signing_office) is None:
        demo_certificate_issue(user=head, office=signing_office, passphrase=DEMO_PASSPHRASE)
    letter_sign(letter=letter, signer=head, passphrase=DEMO_PASSPHRASE)
    return Submission.objects.get(pk=submission.pk)


def demo_catalogue_load() -> list[Submission]:
    """The demo activities not yet there, issued; then the catalogue rebuilt. Returns the new ones."""
    User = get_user_model()
    created = []
    for spec in ACTIVITIES:
        user = User.objects.filter(email=spec["user"]).first()
        if user is None or Submission.objects.filter(created_by=user, title=spec["title"]).exists():
            continue
        created.append(_issue(spec, user))
    catalogue_rebuild()
    return created
