"""A national data set for the page benchmark (bench/national.py): all ~550 BPS offices with staff, 5,000
agencies with their users, 100,000 submissions in every state with their transitions, rounds (snapshots),
reviewers, notes, comments, variables and messages, and 20,000 issued (signed) letters.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/romantik_bench python manage.py seed_bench [--reset]

Deterministic (`--seed`): the same counts give the same rows, dated relative to `--today`. Everything is
written with bulk_create in batches, one transaction per batch. Bench people have e-mail addresses under
@bench.romantik.test (password `romantik-bench`); `--reset` deletes them with their agencies, submissions,
letters and messages first. Offices and regions are reference data and stay. The demo data (`seed_demo`)
may be loaded before or after. PostgreSQL only, unless `--allow-sqlite` (smaller default counts).
"""

import hashlib
import random
import time
import uuid
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from datetime import time as dtime

from allauth.account.models import EmailAddress
from auditlog.context import disable_auditlog
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from romantik import seed_data
from romantik.calendar import CLOCK_STANDARD_FIELDS, OfficeCalendar
from romantik.enums import AgencyLevel, MembershipStatus, OfficeLevel, RegionLevel, Role, ServiceTimeUnit
from romantik.models import Agency, AgencyMembership, Counter, Office, OfficeRole, Region, ServiceStandard
from romantik.seeding import OFFICE_FIELDS, offices_load, regions_load
from romantik.standards import service_standards_bulk_seed

BENCH_DOMAIN = "bench.romantik.test"
BENCH_PASSWORD = "romantik-bench"
ATTACHMENT_NAME = "attachments/bench/contoh.pdf"

POSTGRES_COUNTS = {"agencies": 5_000, "submissions": 100_000, "letters": 20_000}
SQLITE_COUNTS = {"agencies": 300, "submissions": 3_000, "letters": 600}

# Large forms (issue 20): this share of the submitted ones, with these many variables, indicators and notes in
# each revision round (the others: 1-6 variables, an indicator on an MS-Keg, 1-4 notes a round).
LARGE_FORM_SHARE = 0.03
LARGE_VARIABLES = (50, 300)
LARGE_INDICATORS = (20, 40)
LARGE_NOTES = (15, 40)

# Staff of every office: role -> how many people.
STAFF_PER_OFFICE = {
    Role.HEAD: 1,
    Role.COORDINATOR: 1,
    Role.REVIEWER: 3,
    Role.FRONT_DESK: 1,
    Role.OFFICE_ADMIN: 1,
}

# Shares of the submissions that are not issued letters (those are exactly --letters).
STATE_SHARES = (
    ("draf", 0.49),
    ("ditarik", 0.01),
    ("ditutup", 0.01),  # closed by the portal: a revision left untouched past the office's limit (issue 19)
    ("perlu_perbaikan", 0.24),
    ("diperiksa", 0.15),
    ("diajukan", 0.075),
    ("layak", 0.01875),
    ("tidak_layak", 0.00625),
)

LOCAL_UNITS = (
    "Dinas Kesehatan",
    "Dinas Pendidikan",
    "Badan Perencanaan Pembangunan Daerah",
    "Dinas Komunikasi dan Informatika",
    "Dinas Pertanian",
    "Dinas Sosial",
    "Dinas Perhubungan",
    "Dinas Pariwisata",
    "Dinas Lingkungan Hidup",
    "Dinas Kependudukan dan Pencatatan Sipil",
    "Dinas Tenaga Kerja",
    "Dinas Perindustrian dan Perdagangan",
    "Dinas Kelautan dan Perikanan",
    "Dinas Pekerjaan Umum dan Penataan Ruang",
    "Dinas Koperasi dan Usaha Kecil Menengah",
    "Badan Pendapatan Daerah",
    "Dinas Pemberdayaan Perempuan dan Perlindungan Anak",
    "Dinas Ketahanan Pangan",
    "Dinas Perumahan dan Kawasan Permukiman",
    "Dinas Penanaman Modal dan PTSP",
)
CENTRAL_UNITS = (
    "Pusat Data dan Informasi",
    "Biro Perencanaan",
    "Sekretariat Jenderal",
    "Badan Kebijakan",
    "Direktorat Jenderal Pembinaan",
    "Pusat Pengembangan",
    "Inspektorat Jenderal",
    "Badan Penelitian dan Pengembangan",
)
MINISTRIES = (
    "Kementerian Kesehatan",
    "Kementerian Pendidikan Dasar dan Menengah",
    "Kementerian Pertanian",
    "Kementerian Sosial",
    "Kementerian Perhubungan",
    "Kementerian Pariwisata",
    "Kementerian Lingkungan Hidup",
    "Kementerian Dalam Negeri",
    "Kementerian Ketenagakerjaan",
    "Kementerian Perindustrian",
    "Kementerian Perdagangan",
    "Kementerian Kelautan dan Perikanan",
    "Kementerian Pekerjaan Umum",
    "Kementerian Koperasi",
    "Kementerian Keuangan",
    "Kementerian Agama",
    "Kementerian Energi dan Sumber Daya Mineral",
    "Kementerian Kehutanan",
    "Kementerian Komunikasi dan Digital",
    "Kementerian Desa dan Pembangunan Daerah Tertinggal",
    "Kementerian Pemuda dan Olahraga",
    "Kementerian Perencanaan Pembangunan Nasional",
    "Kementerian Pemberdayaan Perempuan dan Perlindungan Anak",
    "Kementerian Investasi",
    "Kementerian Perumahan dan Kawasan Permukiman",
    "Kementerian Hukum",
    "Kementerian Luar Negeri",
    "Kementerian Pertahanan",
    "Kementerian Agraria dan Tata Ruang",
    "Kementerian Transmigrasi",
    "Kementerian Ekonomi Kreatif",
    "Kementerian Usaha Mikro, Kecil, dan Menengah",
)
# Topics per sector code (submissions.enums.Sector), for titles the catalogue can be searched by.
TOPICS = {
    1: ("Produksi Padi dan Palawija", "Rumah Tangga Nelayan", "Luas Tanam Hortikultura"),
    2: ("Profil Kependudukan", "Migrasi Penduduk", "Registrasi Kelahiran"),
    3: ("Pembangunan Desa", "Indeks Desa Membangun", "Infrastruktur Jalan"),
    4: ("Proyeksi Ekonomi Daerah", "Prospek Usaha"),
    5: ("Angka Partisipasi Sekolah", "Kualitas Guru", "Pelatihan Vokasi"),
    6: ("Kualitas Udara", "Pengelolaan Sampah Rumah Tangga", "Kualitas Air Sungai"),
    7: ("Realisasi Anggaran Daerah", "Inklusi Keuangan"),
    8: ("Ekspor Produk Unggulan",),
    9: ("Status Gizi Balita", "Prevalensi Stunting", "Cakupan Imunisasi", "Fasilitas Pelayanan Kesehatan"),
    10: ("Usaha Mikro dan Kecil", "Industri Pengolahan", "Usaha Jasa Akomodasi"),
    11: ("Pemanfaatan TIK Rumah Tangga", "Literasi Digital"),
    12: ("Arus Barang Antarpulau", "Neraca Perdagangan Daerah"),
    13: ("Angkatan Kerja Daerah", "Tenaga Kerja Sektor Informal", "Pencari Kerja"),
    14: ("PDRB Kabupaten", "Neraca Sosial Ekonomi"),
    15: ("Harga Produsen Bulanan", "Indikator Ekonomi Bulanan"),
    16: ("Produktivitas Tenaga Kerja",),
    17: ("Harga Konsumen Pasar Tradisional", "Harga Perdesaan"),
    18: ("Kepuasan Pelayanan Publik", "Kepatuhan Pajak Daerah"),
    19: ("Kawasan Kumuh Perkotaan", "Tata Ruang Wilayah"),
    20: ("Kegiatan Penelitian dan Pengembangan",),
    21: ("Penerima Bantuan Sosial", "Kesejahteraan Lansia", "Penyandang Disabilitas"),
    22: ("Lalu Lintas Angkutan Umum", "Penumpang Pelabuhan", "Survei Asal Tujuan Perjalanan"),
}
VARIABLES = (
    ("Umur", "UMUR", "numerik"),
    ("Jenis kelamin", "JK", "karakter"),
    ("Pendidikan tertinggi yang ditamatkan", "DIDIK", "karakter"),
    ("Status pekerjaan utama", "STATUS_KERJA", "karakter"),
    ("Pendapatan rumah tangga sebulan", "PENDAPATAN", "numerik"),
    ("Jumlah anggota rumah tangga", "JML_ART", "numerik"),
    ("Luas lahan", "LUAS", "numerik"),
    ("Produksi", "PRODUKSI", "numerik"),
    ("Tanggal kunjungan", "TGL", "tanggal"),
    ("Kepemilikan jaminan kesehatan", "JKN", "boolean"),
    ("Lapangan usaha", "KBLI", "karakter"),
    ("Jarak ke fasilitas terdekat", "JARAK", "numerik"),
)
NOTE_TEXTS = (
    "Mohon dilengkapi uraian tujuan agar sesuai dengan indikator yang dihasilkan.",
    "Fraksi sampel tidak konsisten dengan jumlah sampel pada rancangan; mohon diperiksa kembali.",
    "Jadwal pengolahan data mendahului akhir pengumpulan data.",
    "Definisi variabel belum operasional; sertakan batasan dan satuan.",
    "Mohon lampirkan kuesioner versi terakhir.",
    "Tingkat penyajian kecamatan tidak didukung oleh ukuran sampel.",
)
# Purposes and backgrounds vary with the topic, as real ones do (the catalogue's duplicate search reads them).
OBJECTIVES = (
    "Menyediakan data {topic} di {where} untuk perencanaan program.",
    "Mengukur {topic} sebagai bahan evaluasi kebijakan.",
    "Memperoleh gambaran {topic} menurut kecamatan di {where}.",
    "Memantau perkembangan {topic} setiap tahun.",
    "Menyusun basis data {topic} yang mutakhir.",
)
BACKGROUNDS = (
    "Data {topic} di {where} belum tersedia secara rutin.",
    "Rencana pembangunan daerah menetapkan sasaran {topic} yang perlu dipantau.",
    "Data {topic} yang ada berbeda antarinstansi dan perlu diseragamkan.",
)
SECTION_KEYS = ("header", "1", "2", "3", "4", "6", "7", "8")


def _days_ago(rng, today: date, low: int, high: int) -> date:
    return today - timedelta(days=rng.randint(low, high))


def _at(day: date, rng) -> datetime:
    """A moment during office hours of `day`, in the site's time zone."""
    return timezone.make_aware(datetime.combine(day, dtime(8 + rng.randint(0, 7), rng.randint(0, 59))))


@contextmanager
def _timestamps_as_given(*models):
    """bulk_create with the dates the data set gives (auto_now / auto_now_add would stamp them all now)."""
    fields = [
        f
        for model in models
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def _catalogue_models() -> tuple:
    try:
        from catalogue.models import CatalogueEntry
    except ImportError:
        return ()
    return (CatalogueEntry,)


class Command(BaseCommand):
    help = "Load the national benchmark data set (all offices, agencies, submissions, letters); PostgreSQL."

    def add_arguments(self, parser):
        parser.add_argument("--agencies", type=int, help="Default 5,000 (SQLite: 300).")
        parser.add_argument("--submissions", type=int, help="Default 100,000 (SQLite: 3,000).")
        parser.add_argument("--letters", type=int, help="Issued letters among the submissions; default 20,000.")
        parser.add_argument("--seed", type=int, default=20260601)
        parser.add_argument("--today", type=date.fromisoformat, help="Reference date (default: today).")
        parser.add_argument("--batch", type=int, default=5_000)
        parser.add_argument("--reset", action="store_true", help="Delete the bench data first.")
        parser.add_argument("--allow-sqlite", action="store_true", help="Run on SQLite (smaller defaults).")

    def handle(self, *args, **options):
        sqlite = connection.vendor != "postgresql"
        if sqlite and not options["allow_sqlite"]:
            raise CommandError(
                "seed_bench measures a PostgreSQL deployment: set DATABASE_URL "
                "(e.g. postgres://postgres@127.0.0.1:5432/romantik_bench) or pass --allow-sqlite."
            )
        defaults = SQLITE_COUNTS if sqlite else POSTGRES_COUNTS
        counts = {name: options[name] if options[name] is not None else value for name, value in defaults.items()}
        if counts["letters"] > counts["submissions"] or min(counts.values()) < 1:
            raise CommandError("Counts must be positive, with no more letters than submissions.")
        started = time.perf_counter()
        if options["reset"]:
            deleted = bench_reset()
            self.stdout.write(
                f"Deleted the bench data ({deleted:,} submissions) in {time.perf_counter() - started:.1f} s"
            )
        elif bench_users().exists():
            raise CommandError("The bench data is already loaded; pass --reset to load it again.")
        seeder = BenchSeeder(
            seed=options["seed"],
            today=options["today"] or timezone.localdate(),
            batch=options["batch"],
            log=lambda text: self.stdout.write(f"[{time.perf_counter() - started:6.1f} s] {text}"),
        )
        totals = seeder.run(**counts)
        self.stdout.write(
            self.style.SUCCESS(
                "Loaded "
                + ", ".join(f"{value:,} {name}" for name, value in totals.items())
                + f" in {time.perf_counter() - started:.0f} s."
            )
        )


def bench_users():
    return get_user_model().objects.filter(email__endswith=f"@{BENCH_DOMAIN}")


def bench_reset() -> int:
    """Delete the bench people and everything they own; offices, regions and counters stay (numbers are
    never reused)."""
    from letters.models import Letter
    from notifications.models import Message
    from review.models import Assignment, Comment, Consultation, SectionNote
    from submissions.models import Attachment, Indicator, RoundSnapshot, SectionDraft, Submission, Transition, Variable

    users = bench_users()
    agencies = list(Agency.objects.filter(memberships__user__in=users).values_list("pk", flat=True).distinct())
    submissions = Submission.objects.filter(created_by__in=users)
    count = submissions.count()
    # Not audited: the bench's own people and data, loaded without an audit entry (`BenchSeeder`), go the same way
    # (an entry per deleted row was most of a reset's time).
    with transaction.atomic(), disable_auditlog():
        Message.objects.filter(recipient__in=users).delete()
        # The children first, each one DELETE: the collector would otherwise load every row.
        for model in (Transition, Assignment, SectionNote, Comment, Consultation, RoundSnapshot):
            model.objects.filter(submission__in=submissions).delete()
        for model in (Variable, Indicator, Attachment, SectionDraft, Letter):
            model.objects.filter(submission__in=submissions).delete()
        Submission.coverage_regions.through.objects.filter(submission__in=submissions).delete()
        submissions.delete()
        users.delete()
        Agency.objects.filter(pk__in=agencies, memberships__isnull=True, submissions__isnull=True).delete()
        if _catalogue_models():  # the deleted entries' uses went with them: the reuse counts follow
            from catalogue.reuse import reusable_counts_recount

            reusable_counts_recount()
    return count


class BenchSeeder:
    def __init__(self, *, seed: int, today: date, batch: int, log):
        self.seed = seed
        self.rng = random.Random(seed)
        self.today = today
        self.batch = batch
        self.log = log
        self.password = make_password(BENCH_PASSWORD)
        self.counters: dict[str, int] = dict(
            Counter.objects.filter(Q(key__startswith="submission:") | Q(key__startswith="letter:")).values_list(
                "key", "value"
            )
        )
        self.loaded_counters = dict(self.counters)
        self.totals: dict[str, int] = {}
        self.large_in_review = False

    def count(self, name: str, n: int) -> None:
        self.totals[name] = self.totals.get(name, 0) + n

    def run(self, *, agencies: int, submissions: int, letters: int) -> dict[str, int]:
        regions_load()
        offices_load()
        self.offices_load()
        self.staff_load()
        self.agencies_load(agencies)
        self.submissions_load(submissions, letters)
        self.counters_store()
        if _catalogue_models():  # written in bulk (no signal): the catalogue's kept counts are read afresh
            from catalogue.selectors import catalogue_generation_bump

            catalogue_generation_bump()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # As autovacuum would in production: planner statistics, and the visibility map that lets
                # index-only scans skip the table (VACUUM cannot run inside a transaction, as in tests).
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        return self.totals

    # --- offices ---------------------------------------------------------------------------------------

    def offices_load(self) -> None:
        """An office for every province and regency/city that has none: BPS Provinsi <name> (code <pp>00)
        and BPS <Kabupaten/Kota name> (the regency's code), with the common service standard."""
        existing = {o.code for o in Office.objects.all()}
        central = Office.objects.get(level=OfficeLevel.CENTRAL)
        new, added = [], 0
        with transaction.atomic():
            for level in (RegionLevel.PROVINCE, RegionLevel.REGENCY):
                parents = {o.region_id: o for o in Office.objects.filter(level=OfficeLevel.PROVINCE)}
                for region in Region.objects.filter(level=level).order_by("code"):
                    code = f"{region.code}00" if level == RegionLevel.PROVINCE else region.code
                    if code in existing:
                        continue
                    if level == RegionLevel.PROVINCE:
                        name, office_level, parent = (
                            f"BPS Provinsi {region.display_name}",
                            OfficeLevel.PROVINCE,
                            central,
                        )
                    else:
                        name, office_level = f"BPS {region.display_name}", OfficeLevel.REGENCY
                        parent = parents.get(region.parent_id, central)
                    spec = seed_data.office_spec(
                        code,
                        name,
                        office_level,
                        region.code,
                        parent.code,
                        f"Jl. Statistik No. {int(code) % 97 + 1}, {region.display_name}",
                        f"(0{int(code) % 900 + 100}) {code}1",
                        f"bps{code}@bps.go.id",
                        f"https://{code}.bps.go.id",
                        # The place line of its letters: the town is not in the region list; the region's name.
                        region.display_name.removeprefix("Kabupaten ").removeprefix("Kota "),
                    )
                    office = Office(code=code, region=region, parent=parent, **{f: spec[f] for f in OFFICE_FIELDS})
                    # A few offices count calendar days, as seed 000 does ("15 hari"); decided by the code alone,
                    # so that the draws of the rest do not depend on which offices already exist.
                    if random.Random(f"{self.seed}:{code}").random() < 0.1:
                        office.service_time_amount, office.service_time_unit = 15, ServiceTimeUnit.CALENDAR_DAYS
                    new.append(office)
                    existing.add(code)
                Office.objects.bulk_create(new, batch_size=self.batch)
                added += len(new)
                new = []
            # Version 1 of the service standard of every office without one (romantik/standards.py).
            service_standards_bulk_seed(Office.objects.all(), batch_size=self.batch)
        self.offices = {o.pk: o for o in Office.objects.select_related("region", "parent", "signer_office")}
        self.office_by_region = {o.region_id: o for o in self.offices.values() if o.region_id}
        self.central = central
        standards = {}  # the clock's service time: the version in force on the day it started
        for version in ServiceStandard.objects.only(*CLOCK_STANDARD_FIELDS):
            standards.setdefault(version.office_id, []).append(version)
        self.calendars = {
            pk: OfficeCalendar(o, closures=set(), standards=standards.get(pk, [])) for pk, o in self.offices.items()
        }
        self.count("offices", len(self.offices))
        self.log(f"offices: {len(self.offices):,} ({added:,} new)")

    def office_for(self, region) -> Office:
        """As romantik.selectors.office_for_region, from memory."""
        while region is not None:
            office = self.office_by_region.get(region.pk)
            if office is not None:
                return office
            region = self.regions.get(region.parent_id)
        return self.central

    # --- people ----------------------------------------------------------------------------------------

    def _users_create(self, specs: list[tuple[str, str, str]]) -> list:
        """Users (e-mail, name, position) with a verified address, in batches; returns them with pks."""
        User = get_user_model()
        joined = timezone.make_aware(datetime.combine(self.today - timedelta(days=2000), dtime(8)))
        users = [
            User(email=email, full_name=name, position=position, password=self.password, date_joined=joined)
            for email, name, position in specs
        ]
        User.objects.bulk_create(users, batch_size=self.batch)  # PostgreSQL and SQLite >= 3.35 return the ids
        EmailAddress.objects.bulk_create(
            [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users], batch_size=self.batch
        )
        self.count("users", len(users))
        return users

    def staff_load(self) -> None:
        specs, roles = [], []
        for office in sorted(self.offices.values(), key=lambda o: o.code):
            for role, how_many in STAFF_PER_OFFICE.items():
                for n in range(1, how_many + 1):
                    email = f"{role.replace('_', '')}{n}.{office.code}@{BENCH_DOMAIN}"
                    specs.append((email, f"{Role(role).label} {n} {office.code}", str(Role(role).label)))
                    roles.append((office, role))
        with transaction.atomic():
            users = self._users_create(specs)
            OfficeRole.objects.bulk_create(
                [OfficeRole(user=u, office=o, role=r) for u, (o, r) in zip(users, roles, strict=True)],
                batch_size=self.batch,
            )
        self.staff: dict[tuple[int, str], list] = {}
        for user, (office, role) in zip(users, roles, strict=True):
            self.staff.setdefault((office.pk, role), []).append(user)
        self.log(f"staff: {len(users):,} people in {len(self.offices):,} offices")

    def agencies_load(self, n: int) -> None:
        """Central agencies (5%), provincial (20%) and regency/city ones (75%), each with 1-3 users; their
        activity follows a long tail (a few agencies submit much more than the rest)."""
        rng = self.rng
        self.regions = {r.pk: r for r in Region.objects.all()}
        provinces = [r for r in self.regions.values() if r.level == RegionLevel.PROVINCE]
        regencies = [r for r in self.regions.values() if r.level == RegionLevel.REGENCY]
        taken = {(name.lower(), region) for name, region in Agency.objects.values_list("name", "region_id")}
        central_names = [f"{unit} {ministry}" for ministry in MINISTRIES for unit in CENTRAL_UNITS]
        agencies = []
        for i in range(n):
            share = i / n
            if share < 0.05:
                region, level = None, AgencyLevel.CENTRAL
                base = central_names[i % len(central_names)]
            elif share < 0.25:
                region, level = provinces[i % len(provinces)], AgencyLevel.PROVINCE
                base = f"{LOCAL_UNITS[(i // len(provinces)) % len(LOCAL_UNITS)]} Provinsi {region.display_name}"
            else:
                region, level = regencies[i % len(regencies)], AgencyLevel.REGENCY
                base = f"{LOCAL_UNITS[(i // len(regencies)) % len(LOCAL_UNITS)]} {region.display_name}"
            name, k = base, 1
            while (name.lower(), region.pk if region else None) in taken:
                k += 1
                name = f"{base} ({k})"
            taken.add((name.lower(), region.pk if region else None))
            agencies.append(Agency(name=name, level=level, region=region, verified=True))
        with transaction.atomic(), _timestamps_as_given(Agency, AgencyMembership):
            for agency in agencies:
                agency.created_at = _at(self.today - timedelta(days=rng.randint(400, 2500)), rng)
            Agency.objects.bulk_create(agencies, batch_size=self.batch)
            specs, owners = [], []
            for i, agency in enumerate(agencies):
                for k in range(rng.choice((1, 1, 2, 2, 3))):
                    specs.append(
                        (
                            f"pengguna{k + 1}.instansi{i + 1}@{BENCH_DOMAIN}",
                            f"Pengguna {k + 1} {agency.name}",
                            "Pranata Komputer",
                        )
                    )
                    owners.append((agency, k))
            users = self._users_create(specs)
            memberships = []
            self.agency_users: dict[int, list] = {}
            for user, (agency, k) in zip(users, owners, strict=True):
                # The first user of an agency is verified; a later one sometimes still waits.
                status = MembershipStatus.VERIFIED if k == 0 or rng.random() < 0.8 else MembershipStatus.PENDING
                memberships.append(
                    AgencyMembership(
                        user=user,
                        agency=agency,
                        status=status,
                        position="Pranata Komputer",
                        created_at=agency.created_at,
                    )
                )
                if status == MembershipStatus.VERIFIED:
                    self.agency_users.setdefault(agency.pk, []).append(user)
            AgencyMembership.objects.bulk_create(memberships, batch_size=self.batch)
        self.agencies = agencies
        self.agency_office = {a.pk: self.office_for(a.region) for a in agencies}
        # A long tail: Pareto weights, capped so that no agency has more than a few percent of all.
        weights = [min(rng.paretovariate(1.2), 60.0) for _ in agencies]
        self.agency_weights = weights
        self.count("agencies", len(agencies))
        self.log(f"agencies: {len(agencies):,} with {len(users):,} users")

    # --- submissions ------------------------------------------------------------------------------------

    def submissions_load(self, n: int, letters: int) -> None:
        rng = self.rng
        rest = n - letters
        states = ["surat_terbit"] * letters
        for state, share in STATE_SHARES:
            states += [state] * round(rest * share)
        states = (states + ["draf"] * n)[:n]
        rng.shuffle(states)
        owners = rng.choices(self.agencies, weights=self.agency_weights, k=n)
        self.attachment_file = self._attachment_file()
        for start in range(0, n, self.batch):
            chunk = list(zip(states[start : start + self.batch], owners[start : start + self.batch], strict=True))
            self._chunk(chunk, start)
            self.log(f"submissions: {min(start + self.batch, n):,} of {n:,}")

    def _attachment_file(self) -> str:
        """One small real PDF that every bench attachment points to (downloads work)."""
        if not default_storage.exists(ATTACHMENT_NAME):
            from weasyprint import HTML

            pdf = HTML(string="<h1>Dokumen contoh</h1><p>Lampiran data uji kinerja Romantik.</p>").write_pdf()
            return default_storage.save(ATTACHMENT_NAME, ContentFile(pdf))
        return ATTACHMENT_NAME

    def _seq(self, key: str) -> int:
        """The next number of a gap-free sequence, continuing the counters already in the database."""
        self.counters[key] = self.counters.get(key, 0) + 1
        return self.counters[key]

    def counters_store(self) -> None:
        with transaction.atomic():
            changed = {key: value for key, value in self.counters.items() if self.loaded_counters.get(key) != value}
            Counter.objects.filter(key__in=changed).delete()
            Counter.objects.bulk_create([Counter(key=key, value=value) for key, value in changed.items()])

    def _chunk(self, chunk, offset: int) -> None:
        from letters.models import Letter
        from notifications.models import Message
        from review.models import Assignment, Comment, Consultation, SectionNote
        from submissions.models import Attachment, Indicator, RoundSnapshot, Submission, Transition, Variable

        plans = [self._plan(state, agency, offset + i) for i, (state, agency) in enumerate(chunk)]
        models = (Submission, Transition, Assignment, SectionNote, Comment, Consultation, RoundSnapshot)
        with transaction.atomic(), _timestamps_as_given(*models, Letter, Message, Attachment, *_catalogue_models()):
            objs = [p["submission"] for p in plans]
            Submission.objects.bulk_create(objs, batch_size=self.batch)
            rows: dict[str, list] = {}
            for plan in plans:
                for name, obj in self._children(plan):
                    rows.setdefault(name, []).append(obj)
            through = Submission.coverage_regions.through
            for name, model in (
                ("coverage", through),
                ("variable", Variable),
                ("indicator", Indicator),
                ("attachment", Attachment),
                ("transition", Transition),
                ("assignment", Assignment),
                ("note", SectionNote),
                ("comment", Comment),
                ("consultation", Consultation),
                ("letter", Letter),
                ("message", Message),
            ):
                model.objects.bulk_create(rows.get(name, []), batch_size=self.batch)
                self.count(name + "s" if name != "coverage" else "coverage regions", len(rows.get(name, [])))
            # Snapshots after the variables and attachments: they keep the rows' ids.
            snapshots = [snap for plan in plans for snap in self._snapshots(plan)]
            RoundSnapshot.objects.bulk_create(snapshots, batch_size=self.batch)
            self.count("round snapshots", len(snapshots))
            self._catalogue_entries(plans)
        self.count("submissions", len(objs))

    def _plan(self, state: str, agency, n: int) -> dict:
        """One submission and its history: the states it went through with their times."""
        from submissions.models import Submission

        rng, today = self.rng, self.today
        office = self.agency_office[agency.pk]
        users = self.agency_users[agency.pk]
        owner = rng.choice(users)
        kind = rng.choices(("fs3", "fpkpa", "mskeg"), weights=(5, 3, 2))[0]
        sector = rng.randint(1, 22)
        where = agency.region.display_name if agency.region else "Indonesia"
        walk_in = rng.random() < 0.1
        regency = agency.region if agency.region and agency.region.level == RegionLevel.REGENCY else None
        province = self.regions[regency.parent_id] if regency else agency.region
        rounds = rng.choices((1, 2, 3), weights=(6, 3, 1))[0]
        # When it was submitted, relative to today, by state: old for issued and abandoned work, recent for open.
        if state == "draf":
            created = _days_ago(rng, today, 0, 1500)
            submitted = None
        elif state == "surat_terbit":
            submitted = _days_ago(rng, today, 30, 2200)
        elif state == "perlu_perbaikan":
            submitted = today - timedelta(days=min(900, 10 + int(rng.expovariate(1 / 80))))
        elif state == "ditarik":  # withdrawn by the agency while under review
            submitted = _days_ago(rng, today, 20, 700)
        elif state == "ditutup":  # returned, then left untouched until the office's limit (90 days) closed it
            submitted = _days_ago(rng, today, 120, 900)
        elif state == "diperiksa":
            submitted = _days_ago(rng, today, 2, 45)
            rounds = rng.choices((1, 2), weights=(8, 2))[0]
        elif state == "diajukan":
            rounds = rng.choices((1, 2), weights=(8, 2))[0]
            submitted = _days_ago(rng, today, 0, 8) if rounds == 1 else _days_ago(rng, today, 20, 45)
        else:  # layak / tidak layak, waiting for the head
            submitted = _days_ago(rng, today, 15, 60)
        if submitted is not None:
            created = submitted - timedelta(days=rng.randint(1, 30))
        year = (submitted or created).year + rng.choice((0, 0, 1))
        title = f"{'Survei' if kind == 'fs3' else 'Kompilasi Data' if kind == 'fpkpa' else 'Pendataan'} "
        topic = rng.choice(TOPICS[sector])
        title += f"{topic} {where} {year} #{n + 1}"
        s = Submission(
            kind=kind,
            agency=agency,
            office=office,
            state=state,
            round=1,
            channel="offline" if walk_in else "online",
            created_by=owner,
            recorded_by=self.staff[(office.pk, Role.FRONT_DESK)][0] if walk_in else None,
            created_at=_at(created, rng),
            title=title,
            year=year,
            statistics_type=2,
            collection_way=2 if kind == "fs3" else 3 if kind == "fpkpa" else rng.choice((2, 3)),
            sector=sector,
            organizer_name=agency.name,
            organizer_province=province,
            organizer_regency=regency,
        )
        plan = {"submission": s, "owner": owner, "office": office, "agency": agency, "events": []}
        if state == "draf":
            s.updated_at = _at(min(today, created + timedelta(days=rng.randint(0, 30))), rng)
            if rng.random() < 0.5:
                s.background = "Data belum tersedia secara rutin untuk perencanaan daerah."
            return plan
        self._fill(s, rng, topic)
        # A share of large forms (issue 20): 50-300 variables, 20+ indicators, many notes a revision round; the
        # first submission under review always is one, so the benchmark's review page has one to measure.
        large = rng.random() < LARGE_FORM_SHARE or (state == "diperiksa" and not self.large_in_review)
        self.large_in_review = self.large_in_review or (large and state == "diperiksa")
        plan["large"] = large
        plan["variables"] = rng.randint(*LARGE_VARIABLES) if large else rng.randint(1, 6)
        if large and state == "diperiksa":
            rounds = 3  # two revision rounds of notes before this one
        # The states passed through, with the round each belongs to.
        steps = [("draf", "diajukan", 1), ("diajukan", "diperiksa", 1)]
        for r in range(1, rounds):
            steps += [("diperiksa", "perlu_perbaikan", r), ("perlu_perbaikan", "diajukan", r + 1)]
            steps += [("diajukan", "diperiksa", r + 1)]
        if state == "diajukan":
            steps = steps[:1] if rounds == 1 else steps[:-1]
        elif state == "perlu_perbaikan":
            steps += [("diperiksa", "perlu_perbaikan", rounds)]
        elif state in ("layak", "tidak_layak"):
            steps += [("diperiksa", state, rounds)]
        elif state == "ditarik":
            steps += [("diperiksa", "ditarik", rounds)]
        elif state == "ditutup":
            steps += [("diperiksa", "perlu_perbaikan", rounds), ("perlu_perbaikan", "ditutup", rounds)]
        elif state == "surat_terbit":
            decision = "layak" if rng.random() < 0.85 else "tidak_layak"
            steps += [("diperiksa", decision, rounds), (decision, "surat_terbit", rounds)]
        # Times: the first at submission, then a few days apart, in order; none after today.
        day, previous, events = submitted, None, []
        for i, (from_state, to_state, r) in enumerate(steps):
            if i:
                gap = (90, 95) if to_state == "ditutup" else (3, 12) if to_state == "perlu_perbaikan" else (1, 4)
                day += timedelta(days=rng.randint(*gap))
            day = min(day, today)
            at = _at(day, rng)
            if previous is not None and at <= previous:  # several steps on one day
                at = previous + timedelta(minutes=rng.randint(5, 40))
            previous = at
            events.append((from_state, to_state, r, day, at))
        plan["events"] = events
        s.round = events[-1][2]
        s.submitted_at = max(e[4] for e in events if e[1] == "diajukan")
        office_code = office.code
        s.number = f"{office_code}-{submitted.year}-{self._seq(f'submission:{office_code}:{submitted.year}'):05d}"
        calendar = self.calendars[office.pk]
        recorded = next((e[3] for e in events if e[1] == "diperiksa"), None)
        if recorded is not None:
            s.recorded_complete_on = recorded
            due = calendar.service_due_date(recorded)
            pauses = [e[3] for e in events if e[1] == "perlu_perbaikan"]
            resumes = [e[3] for e in events if e[0] == "perlu_perbaikan"]
            for paused, resumed in zip(pauses, resumes, strict=False):
                due = due + (resumed - paused)
            s.due_date = due
            if state in ("perlu_perbaikan", "ditutup"):
                s.clock_paused_on = pauses[-1]
        decision_event = next((e for e in events if e[1] in ("layak", "tidak_layak")), None)
        if decision_event is not None:
            s.decided_at = decision_event[4]
            s.decision_text = (
                "Kegiatan dapat dilaksanakan dengan memperhatikan saran: gunakan kerangka sampel terbaru "
                "dan sampaikan hasilnya kepada BPS."
                if decision_event[1] == "layak"
                else "Kegiatan tumpang tindih dengan kegiatan statistik dasar BPS; gunakan data BPS yang tersedia."
            )
            plan["decision"] = decision_event[1]
        s.updated_at = events[-1][4]
        return plan

    def _fill(self, s, rng, plan_topic: str) -> None:
        """Every answer a complete form has, varied a little (see tests/factories.fill_complete)."""
        from submissions.seeding import phase_dates_set

        phase_dates_set(s, start=date(s.year, 1, 1) + timedelta(days=rng.randint(0, 60)), every=40)
        s.organizer_address = "Jl. Merdeka No. 1"
        s.organizer_phone, s.organizer_email = "0511-123456", "data@instansi.go.id"
        s.unit_eselon2, s.tech_name, s.tech_position = "Bidang Data dan Informasi", "Andi Pratama", "Kepala Seksi Data"
        s.tech_phone, s.tech_email = "081234567890", "andi@instansi.go.id"
        topic, where = plan_topic.lower(), s.agency.region.display_name if s.agency.region else "Indonesia"
        s.background = rng.choice(BACKGROUNDS).format(topic=topic, where=where)
        s.objective = rng.choice(OBJECTIVES).format(topic=topic, where=where)
        s.repetition = rng.choice((1, 2))
        s.frequency = 7 if s.repetition == 2 else None
        s.collection_type, s.coverage = 2, 1 if s.agency.region is None else 2
        s.collection_methods, s.collection_means, s.collection_units = [1], [rng.choice((1, 2, 8))], [2]
        if s.is_survey:
            s.sample_design, s.sample_selection, s.sample_method, s.sample_frame = 2, 1, rng.choice((1, 2, 3, 4, 5)), 1
            s.sample_fraction, s.sampling_error = "0.05", "2.5"
            s.sample_unit, s.observation_unit = "Rumah tangga", "Anggota rumah tangga"
        s.pilot, s.quality_checks, s.nonresponse_adjustment = True, [2], False
        if s.uses_field_officers:
            s.collectors, s.min_education, s.training = 2, 2, True
            s.supervisors_count, s.enumerators_count = rng.randint(2, 20), rng.randint(10, 200)
        s.editing = s.coding = s.data_entry = s.validation = True
        s.analysis_method, s.analysis_units, s.presentation_levels = 1, [2], [4]
        s.publish_print, s.publish_digital, s.publish_microdata = False, True, False
        s.publish_digital_date = date(s.year, 12, 1)
        s.cover_letter_date = s.created_at.date()  # written the day the agency started the form
        s.cover_letter_number = f"000.5.2/{s.cover_letter_date:%j}/Data/{s.cover_letter_date.year}"

    def _children(self, plan):
        """(kind, unsaved row) of everything that belongs to one saved submission."""
        from notifications.models import Message
        from review.models import Assignment, Comment, Consultation, SectionNote
        from submissions.models import Attachment, Indicator, Transition, Variable

        rng, s, office, owner = self.rng, plan["submission"], plan["office"], plan["owner"]
        region = s.organizer_regency or s.organizer_province
        if region is not None and plan["events"]:
            yield "coverage", s.coverage_regions.through(submission_id=s.pk, region_id=region.pk)
        plan["variable_rows"], plan["attachment_rows"] = [], []
        for position in range(plan.get("variables", 0)):
            name, alias, data_type = VARIABLES[(s.pk + position) % len(VARIABLES)]
            if position >= len(VARIABLES):  # a large form: the same kinds of variable, for other members or years
                name, alias = f"{name} ({position // len(VARIABLES) + 1})", f"{alias}_{position // len(VARIABLES) + 1}"
            variable = Variable(
                submission=s,
                position=position,
                name=name,
                alias=alias,
                definition=f"{name} sebagaimana dicatat pada saat pencacahan.",
                data_type=data_type,
                public=rng.random() < 0.9,
                source="Register administrasi" if s.kind == "fpkpa" else "",
            )
            plan["variable_rows"].append(variable)
            yield "variable", variable
        plan["indicator_rows"] = []
        if plan["events"] and (s.kind == "mskeg" or plan.get("large")):
            for position in range(rng.randint(*LARGE_INDICATORS) if plan.get("large") else 1):
                name = "Persentase rumah tangga sasaran" + (f" ({position + 1})" if position else "")
                indicator = Indicator(submission=s, position=position, name=name, definition="Rasio.")
                plan["indicator_rows"].append(indicator)
                yield "indicator", indicator
        if plan["events"]:
            first = plan["events"][0][4]
            kinds = ("surat_pengantar", "instrumen") if s.kind == "fs3" else ("surat_pengantar",)
            for kind in kinds:
                attachment = Attachment(
                    submission=s,
                    kind=kind,
                    file=self.attachment_file,
                    original_name=f"{kind}.pdf",
                    size=rng.randint(40_000, 900_000),
                    uploaded_by=owner,
                    uploaded_at=first,
                )
                plan["attachment_rows"].append(attachment)
                yield "attachment", attachment
        reviewers = self.staff[(office.pk, Role.REVIEWER)]
        coordinator = self.staff[(office.pk, Role.COORDINATOR)][0]
        head = self.staff[(office.signing_office.pk, Role.HEAD)][0]
        assigned = rng.sample(reviewers, rng.choice((1, 1, 1, 2)))
        plan["reviewer"] = assigned[0]
        ref = f"submissions.submission:{s.pk}"
        messages = []

        def message(template, person, at, **context):
            messages.append(
                Message(
                    recipient=person,
                    address=person.email,
                    template=template,
                    context={"number": s.number or "", "title": s.title, **context},
                    language="id",
                    state="sent" if rng.random() > 0.005 else "failed",
                    attempts=1,
                    idempotency_key=f"bench:{s.pk}:{len(messages)}",
                    subject_ref=ref,
                    office=office,
                    created_at=at,
                    sent_at=at,
                )
            )

        for from_state, to_state, r, _day, at in plan["events"]:
            actor = {
                "diajukan": owner,
                "diperiksa": reviewers[0],
                "perlu_perbaikan": assigned[0],
                "layak": assigned[0],
                "tidak_layak": assigned[0],
                "surat_terbit": head,
                "ditarik": owner,
                "ditutup": None,  # the portal's sweep (review/closing.py)
            }[to_state]
            note = s.decision_text if to_state in ("layak", "tidak_layak") else ""
            if to_state == "ditarik":
                note = "Kegiatan dibatalkan karena anggaran dialihkan."
            elif to_state == "ditutup":
                note = "Ditutup oleh portal: perbaikan tidak dikirim dalam batas waktu kantor (90 hari)."
            yield (
                "transition",
                Transition(
                    submission=s, from_state=from_state, to_state=to_state, actor=actor, note=note, round=r, at=at
                ),
            )
            if to_state == "diajukan":
                message("submission_submitted", owner, at)
            elif to_state == "diperiksa" and from_state == "diajukan" and r == 1:
                for reviewer in assigned:
                    by_coordinator = rng.random() < 0.7
                    yield (
                        "assignment",
                        Assignment(
                            submission=s,
                            reviewer=reviewer,
                            assigned_by=coordinator if by_coordinator else reviewer,
                            at=at,
                        ),
                    )
                    message("submission_assigned", reviewer, at)
                if rng.random() < 0.3:
                    yield (
                        "comment",
                        Comment(submission=s, author=assigned[0], text="Mohon dicek konsistensi jadwal.", at=at),
                    )
                if rng.random() < 0.03:
                    answered = rng.random() < 0.8
                    yield (
                        "consultation",
                        Consultation(
                            submission=s,
                            requested_by=assigned[0],
                            to_user=coordinator,
                            question="Apakah kegiatan ini tumpang tindih dengan survei BPS?",
                            asked_at=at,
                            answer="Tidak tumpang tindih." if answered else "",
                            answered_by=coordinator if answered else None,
                            answered_at=at + timedelta(hours=3) if answered else None,
                        ),
                    )
            elif to_state == "perlu_perbaikan":
                resubmitted = r < s.round
                for k in range(rng.randint(*LARGE_NOTES) if plan.get("large") else rng.randint(1, 4)):
                    yield (
                        "note",
                        SectionNote(
                            submission=s,
                            round=r,
                            section=rng.choice(SECTION_KEYS),
                            text=NOTE_TEXTS[(s.pk + k) % len(NOTE_TEXTS)],
                            author=assigned[0],
                            created_at=at - timedelta(hours=2),
                            response="Sudah diperbaiki sesuai catatan." if resubmitted else "",
                            addressed_at=at + timedelta(days=2) if resubmitted else None,
                        ),
                    )
                message("submission_needs_revision", owner, at)
            elif to_state in ("layak", "tidak_layak"):
                message("decision_awaiting_approval", head, at)
            elif to_state == "surat_terbit":
                message("letter_issued", owner, at)
            elif to_state == "ditutup":
                message("submission_closed", owner, at, since="", days=90, limit=90)
            elif to_state == "ditarik":
                message("submission_withdrawn_receipt", owner, at, reason=note)
                for reviewer in assigned:
                    message("submission_withdrawn", reviewer, at, reason=note)
        if "decision" in plan:
            plan["letter"] = self._letter(plan, head)
            yield "letter", plan["letter"]
        for m in messages:
            yield "message", m

    def _letter(self, plan, head):
        from letters.models import Letter

        rng, s, office = self.rng, plan["submission"], plan["office"]
        agency = plan["agency"]
        letter = Letter(
            submission=s,
            office=office,
            signer_office=office.signing_office,
            decision=plan["decision"],
            subject=f"Rekomendasi kegiatan statistik “{s.title}”",
            addressee=f"Kepala {agency.name}",
            body_text=s.decision_text,
            tembusan=f"1. Kepala {office.parent.name}" if office.level == OfficeLevel.REGENCY and office.parent else "",
            render_state="siap",
            draft_version=1,
            created_by=plan["reviewer"],
            created_at=s.decided_at,
            updated_at=s.decided_at,
            verify_token=uuid.UUID(int=rng.getrandbits(128), version=4),
        )
        if s.state != "surat_terbit":
            letter.state = rng.choices(("draf", "menunggu_ttd", "dikembalikan"), weights=(3, 6, 1))[0]
            letter.render_state = "antre"  # no PDF was rendered for bench drafts
            return letter
        signed_on, signed_at = plan["events"][-1][3:]
        letter.state = "ditandatangani"
        letter.year, letter.letter_date = signed_on.year, signed_on
        letter.seq = self._seq(f"letter:{office.code}:{signed_on.year}")
        letter.number = office.letter_number_pattern.format(
            seq=letter.seq,
            code=office.letter_code or office.code,
            classification=office.letter_classification,
            month=f"{signed_on.month:02d}",
            year=signed_on.year,
        )
        letter.signed_at = letter.updated_at = signed_at
        letter.signed_by = head
        letter.sha256 = hashlib.sha256(letter.number.encode()).hexdigest()
        return letter

    def _catalogue_entries(self, plans) -> None:
        """The public catalogue's rows of the issued submissions, as `catalogue.services.catalogue_entry_refresh`
        writes them one by one (20,000 of those take minutes; tests/bench compares the two), with the public
        variables of the layak ones offered for reuse by the catalogue's own bulk service (catalogue.reuse)."""
        try:
            from catalogue.models import CatalogueEntry
            from catalogue.reuse import reusable_uses_bulk_add
            from catalogue.services import SEARCH_CONFIG, _texts
            from catalogue.text import fold
            from letters.public_code import public_code
        except ImportError:  # no catalogue app
            return
        entries, vectors, reused = [], [], []
        for plan in plans:
            s, letter = plan["submission"], plan.get("letter")
            if s.state != "surat_terbit":
                continue
            if letter.decision == "layak":
                reused.append((s.pk, plan["variable_rows"]))
            texts = _texts(
                s,
                [v for v in plan["variable_rows"] if v.public],
                [i for i in plan["indicator_rows"] if i.public],
            )
            codes: dict[str, None] = {}
            covered = s.organizer_regency or s.organizer_province  # the one region covered (see _children)
            for region in (s.organizer_province, s.organizer_regency, covered):
                if region is not None:
                    codes.setdefault(region.code, None)
                    if region.parent_id:
                        codes.setdefault(self.regions[region.parent_id].code, None)
            entries.append(
                CatalogueEntry(
                    submission=s,
                    recommendation_number=letter.number,
                    recommendation_date=letter.letter_date,
                    decision=letter.decision,
                    title=s.title,
                    year=s.year,
                    kind=s.kind,
                    sector=s.sector,
                    agency=s.agency,
                    agency_name=s.agency.name,
                    province=s.organizer_province,
                    regency=s.organizer_regency,
                    region_codes=f" {' '.join(codes)} " if codes else "",
                    search_text=fold("\n".join(texts.values())),
                    refreshed_at=letter.signed_at,
                    # The public check code, as `catalogue_entry_refresh` writes it (issue 22).
                    public_check_code=public_code(s.pk) if letter.decision == "layak" else None,
                )
            )
            vectors.append((s.pk, *(fold(texts[w]) for w in "ABCD")))
        CatalogueEntry.objects.bulk_create(entries, batch_size=self.batch)
        self.count("catalogue entries", len(entries))
        self.count("reusable variable uses", reusable_uses_bulk_add(reused, batch_size=self.batch))
        if vectors and connection.vendor == "postgresql":
            # The weighted tsvector of SearchVector(Value(text), weight=w, config=SEARCH_CONFIG) + ..., in one UPDATE.
            parts = " || ".join(
                f"setweight(to_tsvector(%s::regconfig, COALESCE(v.{w.lower()}, '')), '{w}')" for w in "ABCD"
            )
            rows = ", ".join(["(%s::bigint, %s, %s, %s, %s)"] * len(vectors))
            sql = (
                f"UPDATE {CatalogueEntry._meta.db_table} AS e SET search_vector = {parts} "
                f"FROM (VALUES {rows}) AS v(id, a, b, c, d) WHERE e.submission_id = v.id"
            )
            with connection.cursor() as cursor:
                cursor.execute(sql, [SEARCH_CONFIG] * 4 + [value for row in vectors for value in row])

    def _snapshots(self, plan):
        """The form as submitted in each round (submissions.snapshots.snapshot_of, from the rows in memory)."""
        from submissions.answers import INDICATOR_FIELDS, VARIABLE_FIELDS, plain_value
        from submissions.models import RoundSnapshot
        from submissions.sections import SECTIONS

        s = plan["submission"]
        if not plan["events"]:
            return
        region = s.organizer_regency or s.organizer_province
        fields = {}
        for section in SECTIONS:
            for question in section.questions:
                if question.field == "coverage_regions":
                    fields[question.field] = [region.code] if region else []
                else:
                    fields[question.field] = plain_value(getattr(s, question.field))
        data = {
            "fields": fields,
            "variables": [{"id": v.pk, **{f: getattr(v, f) for f in VARIABLE_FIELDS}} for v in plan["variable_rows"]],
            "indicators": [
                {"id": i.pk, **{f: getattr(i, f) for f in INDICATOR_FIELDS}} for i in plan["indicator_rows"]
            ],
            "attachments": [
                {"id": a.pk, "kind": a.kind, "name": a.original_name, "size": a.size} for a in plan["attachment_rows"]
            ],
        }
        for _from, to_state, r, _day, at in plan["events"]:
            if to_state == "diajukan":
                # An earlier round differs in its background, so the diff page has something to show.
                round_data = data if r == s.round else {**data, "fields": {**fields, "background": f"Ronde {r}."}}
                yield RoundSnapshot(submission=s, round=r, data=round_data, at=at)
