"""Demo submissions, so a fresh `make run` shows a submitted FS3 and drafts (idempotent by title)."""

import datetime

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from . import enums
from .models import PHASES, Attachment, Submission, Variable
from .services import submission_start, submission_submit

SURVEY_ANSWERS = {
    "statistics_type": enums.StatisticsType.SECTORAL,
    "sector": enums.Sector.HEALTH,
    "organizer_address": "Jl. Jenderal Sudirman Km 3, Sampit",
    "organizer_phone": "0531-21001",
    "organizer_email": "dinkes@kotimkab.go.id",
    "unit_eselon2": "Bidang Kesehatan Masyarakat",
    "tech_name": "dr. Rina Handayani",
    "tech_position": "Kepala Seksi Data dan Informasi",
    "tech_phone": "081234567890",
    "tech_email": "rina@kotimkab.go.id",
    "walidata_unit": "Dinas Komunikasi dan Informatika",
    "background": "Angka stunting kabupaten perlu dipantau per kecamatan untuk menentukan sasaran intervensi.",
    "objective": "Memperoleh prevalensi stunting balita per kecamatan sebagai dasar perencanaan program gizi.",
    "repetition": enums.Repetition.REPEATED,
    "frequency": enums.Frequency.YEARLY,
    "collection_type": enums.CollectionType.CROSS_SECTIONAL,
    "coverage": enums.Coverage.PARTIAL,
    "collection_methods": [enums.CollectionMethod.INTERVIEW, enums.CollectionMethod.OBSERVATION],
    "collection_means": [enums.CollectionMeans.CAPI],
    "collection_units": [enums.Unit.HOUSEHOLD],
    "sample_design": enums.SampleDesign.MULTI,
    "sample_selection": enums.SampleSelection.PROBABILITY,
    "sample_method": enums.SampleMethod.STRATIFIED,
    "sample_frame": enums.SampleFrame.LIST,
    "sample_fraction": "0.05",
    "sampling_error": "2.5",
    "sample_unit": "Rumah tangga dengan balita",
    "observation_unit": "Balita",
    "pilot": True,
    "quality_checks": [enums.QualityCheck.SUPERVISION, enums.QualityCheck.REVISIT],
    "nonresponse_adjustment": True,
    "collectors": enums.Collectors.PARTNERS,
    "min_education": enums.Education.SENIOR_SECONDARY,
    "supervisors_count": 6,
    "enumerators_count": 48,
    "training": True,
    "editing": True,
    "coding": True,
    "data_entry": True,
    "validation": True,
    "analysis_method": enums.AnalysisMethod.DESCRIPTIVE,
    "analysis_units": [enums.Unit.INDIVIDUAL],
    "presentation_levels": [enums.PresentationLevel.REGENCY, enums.PresentationLevel.DISTRICT],
    "publish_print": False,
    "publish_digital": True,
    "publish_digital_date": datetime.date(2027, 12, 15),
    "publish_microdata": False,
}

VARIABLES = [
    {
        "name": "Umur balita",
        "alias": "UMUR",
        "definition": "Umur anak dalam bulan penuh.",
        "data_type": "numerik",
        "validation_rule": "0–59",
        "question_text": "Berapa umur anak ini (bulan)?",
    },
    {
        "name": "Tinggi badan",
        "alias": "TB",
        "definition": "Tinggi/panjang badan anak dalam cm, satu desimal.",
        "data_type": "numerik",
        "validation_rule": "40–130",
    },
    {
        "name": "Jenis kelamin",
        "alias": "JK",
        "definition": "Jenis kelamin anak.",
        "data_type": "karakter",
        "classification": "1 Laki-laki, 2 Perempuan",
    },
]


def phase_dates_set(submission: Submission, *, start: datetime.date, every: int, length: int = 30) -> None:
    """Sample dates of the activity's phases (not saved): the n-th phase (from 0) starts `every` × n days after
    `start` and ends `length` days after its start."""
    for i, (phase, _label) in enumerate(PHASES):
        setattr(submission, f"{phase}_start", start + datetime.timedelta(days=every * i))
        setattr(submission, f"{phase}_end", start + datetime.timedelta(days=every * i + length))


def cover_letter_sample_set(submission: Submission, *, reference: str, days_before: int = 3) -> None:
    """A sample cover letter's number and date, as the agency enters them with its PDF: dated a few days before
    today (the demo's and the catalogue's submissions are submitted today)."""
    day = timezone.localdate() - datetime.timedelta(days=days_before)
    submission.cover_letter_number = f"000.5.2/{reference}/{day.year}"
    submission.cover_letter_date = day


def _demo_pdf(title: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=f"<h1>{title}</h1><p>Dokumen contoh untuk demo Romantik.</p>").write_pdf()


def _start(user, kind: str, title: str) -> Submission | None:
    if Submission.objects.filter(created_by=user, title=title).exists():
        return None
    return submission_start(kind=kind, owner=user, actor=user, title=title)


def demo_submissions_load() -> list[Submission]:
    User = get_user_model()
    created = []
    kotim = User.objects.filter(email="pengguna@dinkes-kotim.demo.go.id").first()
    if kotim is not None:
        submission = _start(kotim, enums.Kind.FS3, "Survei Status Gizi Balita Kabupaten Kotawaringin Timur 2027")
        if submission is not None:
            for name, value in SURVEY_ANSWERS.items():
                setattr(submission, name, value)
            phase_dates_set(submission, start=datetime.date(2027, 1, 4), every=45)
            submission.year = 2027
            cover_letter_sample_set(submission, reference="412/Dinkes")
            submission.save()
            submission.coverage_regions.set([submission.organizer_regency])
            for position, row in enumerate(VARIABLES):
                Variable.objects.create(submission=submission, position=position, **row)
            for kind, label in (
                (enums.AttachmentKind.COVER_LETTER, "Surat pengantar"),
                (enums.AttachmentKind.INSTRUMENT, "Kuesioner"),
            ):
                content = _demo_pdf(label)
                Attachment.objects.create(
                    submission=submission,
                    kind=kind,
                    file=ContentFile(content, name="demo.pdf"),
                    original_name=f"{label.lower().replace(' ', '-')}.pdf",
                    size=len(content),
                    uploaded_by=kotim,
                )
            created.append(submission_submit(submission=submission, actor=kotim))
        draft = _start(kotim, enums.Kind.MSKEG, "Kompilasi Data Fasilitas Pelayanan Kesehatan")
        if draft is not None:
            draft.background = "Data fasilitas kesehatan tersebar di beberapa bidang."
            draft.save()
            created.append(draft)
    bjm = User.objects.filter(email="pengguna@diskominfo-bjm.demo.go.id").first()
    if bjm is not None:
        draft = _start(bjm, enums.Kind.FPKPA, "Kompilasi Data Sektoral Kota Banjarmasin 2027")
        if draft is not None:
            created.append(draft)
    return created
