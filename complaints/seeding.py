"""Demo complaints, so a fresh `make run` shows a queue with an overdue one and one being handled
(idempotent by office and description)."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from romantik.enums import Role
from romantik.models import Office
from romantik.seeding import demo_staff_email

from .enums import Category, Status
from .models import Complaint
from .services import complaint_file, complaint_reply, complaint_set_status
from .tracking import key_matches, tracking_link

OVERDUE_TEXT = (
    "Saya sudah tiga kali datang ke PST untuk menanyakan status pengajuan rekomendasi survei dinas kami, "
    "tetapi petugas belum bisa memberikan kepastian kapan surat rekomendasi terbit."
)
SYSTEM_TEXT = (
    "Saat mengunggah surat pengantar dalam format PDF di aplikasi Romantik, halaman lampiran menampilkan "
    "pesan bahwa berkas rusak, padahal berkas dapat dibuka di komputer kami."
)
# The demo's anonymous complaint has a known tracking key, as the demo users have a known password, so that
# `seed_demo` can print its tracking link every time (a real key is random and shown once).
DEMO_TRACKING_KEY = "demo-lacak-6202-yusuf"


def demo_tracking_link() -> str:
    """The tracking link (a path) of the demo's anonymous complaint; empty when it is not loaded."""
    complaint = Complaint.objects.filter(office__code="6202", description=OVERDUE_TEXT).first()
    if complaint is None or not key_matches(complaint, DEMO_TRACKING_KEY):
        return ""  # not loaded, or loaded before tracking keys
    return tracking_link(complaint.number, DEMO_TRACKING_KEY)


def demo_complaints_load() -> list[Complaint]:
    User = get_user_model()
    created = []
    kotim = Office.objects.filter(code="6202").first()
    if kotim is not None and not Complaint.objects.filter(office=kotim, description=OVERDUE_TEXT).exists():
        created.append(
            complaint_file(
                office=kotim,
                category=Category.SERVICE_TIME,
                description=OVERDUE_TEXT,
                contact_name="Yusuf Pratama",
                contact_email="yusuf.pratama@example.com",
                contact_phone="0812-5555-6202",
                # A week ago and still unanswered: the queue shows it overdue.
                filed_at=timezone.now() - timedelta(days=7),
                tracking_key=DEMO_TRACKING_KEY,
            )
        )
    bjm = Office.objects.filter(code="6371").first()
    user = User.objects.filter(email="pengguna@diskominfo-bjm.demo.go.id").first()
    handler = User.objects.filter(email=demo_staff_email(Role.COMPLAINT_HANDLER, "6371")).first()
    if (
        bjm is not None
        and user is not None
        and not Complaint.objects.filter(office=bjm, description=SYSTEM_TEXT).exists()
    ):
        complaint = complaint_file(
            office=bjm,
            category=Category.SYSTEM,
            description=SYSTEM_TEXT,
            contact_name=user.full_name,
            contact_email=user.email,
            complainant=user,
            filed_at=timezone.now() - timedelta(days=1),
        )
        if handler is not None:
            complaint_reply(
                complaint=complaint,
                actor=handler,
                text="Terima kasih atas laporannya. Mohon kirimkan nama berkas dan waktu unggah; "
                "tim kami sedang memeriksa pemeriksaan berkas PDF di aplikasi.",
            )
            complaint, _event = complaint_set_status(complaint=complaint, actor=handler, to=Status.IN_PROGRESS)
        created.append(complaint)
    return created
