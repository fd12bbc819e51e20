"""Loading reference and demo data. Every function is idempotent: running it
again updates what it owns and never duplicates or deletes anything else."""

import csv
import functools
from pathlib import Path

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from . import seed_data
from .documents import office_document_seed
from .enums import MembershipStatus, OfficeDocumentKind, RegionLevel, Role
from .models import Agency, AgencyMembership, Office, OfficeDocument, OfficeRole, Region, ServiceStandard
from .security import totp_activate
from .standards import MIRRORED_FIELDS, service_standard_seed

DATA_DIR = Path(__file__).resolve().parent / "data"


@transaction.atomic
def regions_load(*, data_dir: Path = DATA_DIR) -> int:
    """Provinces and kabupaten/kota with their BPS codes (see data/CHANGES.md)."""
    existing = {r.code: r for r in Region.objects.all()}
    count = 0

    def upsert(code, name, level, parent):
        nonlocal count
        region = existing.get(code)
        if region is None:
            region = Region.objects.create(code=code, name=name, level=level, parent=parent)
            existing[code] = region
        elif (region.name, region.level, region.parent_id) != (name, level, parent.pk if parent else None):
            region.name, region.level, region.parent = name, level, parent
            region.save(update_fields=["name", "level", "parent"])
        count += 1

    with open(data_dir / "provinces.csv", newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            upsert(row["code"], row["name"], RegionLevel.PROVINCE, None)
    with open(data_dir / "regencies.csv", newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            upsert(row["code"], row["name"], RegionLevel.REGENCY, existing[row["province_code"]])
    return count


OFFICE_FIELDS = (
    "name",
    "level",
    "address",
    "phone",
    "email",
    "website",
    *MIRRORED_FIELDS,  # the service standard: version 1
    "letter_code",
    "letter_place",
)


@transaction.atomic
def offices_load(*, offices=seed_data.OFFICES) -> list[Office]:
    """The demo offices with their service standards, each standard as its version 1 (romantik/standards.py; an
    office that has versions keeps them and the standard in force: a standard changes by a new version only).
    Offices are created in order (parents first); signer offices are linked in a second pass."""
    loaded = []
    versioned = set(ServiceStandard.objects.values_list("office__code", flat=True).distinct())
    for spec in offices:
        defaults = {
            field: spec[field]
            for field in OFFICE_FIELDS
            if spec["code"] not in versioned or field not in MIRRORED_FIELDS
        }
        defaults["region"] = Region.objects.get(code=spec["region_code"]) if spec["region_code"] else None
        defaults["parent"] = Office.objects.get(code=spec["parent"]) if spec["parent"] else None
        defaults["whatsapp_enabled"] = spec.get("whatsapp_enabled", False)
        defaults["auto_verify_go_id"] = spec.get("auto_verify_go_id", False)
        defaults["signer_title"] = spec.get("signer_title", "")
        defaults["signer_on_behalf_of"] = spec.get("signer_on_behalf_of", "")
        office, _ = Office.objects.update_or_create(code=spec["code"], defaults=defaults)
        guides = [title for _kind, title, _parts in seed_data.OFFICE_DOCUMENTS.get(spec["code"], ())]
        service_standard_seed(office=office, spec=spec, guides=guides)
        loaded.append(office)
    for spec in offices:
        if spec.get("signer_office"):
            Office.objects.filter(code=spec["code"]).update(
                signer_office=Office.objects.get(code=spec["signer_office"])
            )
    return loaded


@functools.lru_cache(maxsize=4)
def _demo_password_hash(password: str, hashers: tuple) -> str:
    """One hash for every demo person of a seed run: they share the demo password, and hashing it for each of ~60
    people took half of `seed_demo` (PBKDF2, ~0.45 s each). Keyed on the configured hashers, which tests change."""
    return make_password(password)


def demo_user(*, email: str, full_name: str, position: str = "", nip: str = "", password: str) -> tuple:
    """A demo person with a verified e-mail address; an existing one keeps its password."""
    User = get_user_model()
    user, created = User.objects.get_or_create(
        email=email, defaults={"full_name": full_name, "position": position, "nip": nip}
    )
    if created:
        user.password = _demo_password_hash(password, tuple(settings.PASSWORD_HASHERS))
        user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user, created


ROLE_TITLES = {
    Role.FRONT_DESK: "Petugas PST",
    Role.REVIEWER: "Petugas Pemeriksa",
    Role.COORDINATOR: "Koordinator Fungsi IPDS",
    Role.HEAD: "Kepala",
    Role.OFFICE_ADMIN: "Admin Satker",
    Role.COMPLAINT_HANDLER: "Petugas Pengaduan",
}


def demo_staff_email(role: str, office_code: str) -> str:
    return f"{role.replace('_', '')}.{office_code}@demo.bps.go.id"


@transaction.atomic
def staff_load(*, password: str = seed_data.DEMO_PASSWORD) -> list:
    """One demo user per role per demo office (not per office of a national data set: see seed_bench)."""
    users = []
    for office in Office.objects.filter(code__in=[o["code"] for o in seed_data.OFFICES]).order_by("code"):
        for n, role in enumerate(Role, start=1):
            title = ROLE_TITLES[role]
            if role == Role.HEAD and office.level == "pusat":
                title = "Direktur Diseminasi Statistik"
            user, _ = demo_user(
                email=demo_staff_email(role, office.code),
                full_name=f"{title} {office.code} (Demo)",
                position=title if role != Role.HEAD or office.level == "pusat" else f"Kepala {office.name}",
                nip=f"19800101200{n}01{office.code}",
                password=password,
            )
            OfficeRole.objects.get_or_create(user=user, office=office, role=role)
            if role in settings.MFA_REQUIRED_ROLES:
                # Heads and office admins must use two-factor authentication; the demo ones share a
                # published secret (README), so anyone can add it to an authenticator app.
                totp_activate(user=user, secret=seed_data.DEMO_TOTP_SECRET)
            users.append((office, role, user))
    return users


DEMO_SITE_ADMIN = "admin@demo.bps.go.id"


@transaction.atomic
def site_admin_load(*, password: str = seed_data.DEMO_PASSWORD):
    """The demo site admin (the Django admin). It logs in through the portal's log-in like everyone, so its
    e-mail address is verified, and its role requires two-factor: the demo heads' published TOTP secret."""
    User = get_user_model()
    user = User.objects.filter(email=DEMO_SITE_ADMIN).first()
    if user is None:
        user = User.objects.create_superuser(email=DEMO_SITE_ADMIN, password=password, full_name="Admin Situs (Demo)")
    EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    totp_activate(user=user, secret=seed_data.DEMO_TOTP_SECRET)
    return user


@transaction.atomic
def agencies_load(*, password: str = seed_data.DEMO_PASSWORD) -> list:
    users = []
    for spec in seed_data.AGENCIES:
        region = Region.objects.get(code=spec["region_code"]) if spec["region_code"] else None
        agency, _ = Agency.objects.get_or_create(
            name=spec["name"], region=region, defaults={"level": spec["level"], "verified": True}
        )
        if not agency.acronym and spec.get("acronym"):  # also for a database seeded before acronyms existed
            agency.acronym = spec["acronym"]
            agency.save(update_fields=["acronym"])
        for email, full_name, position, verified in spec["users"]:
            user, _ = demo_user(email=email, full_name=full_name, position=position, password=password)
            AgencyMembership.objects.get_or_create(
                user=user,
                defaults={
                    "agency": agency,
                    "position": position,
                    "status": MembershipStatus.VERIFIED if verified else MembershipStatus.PENDING,
                },
            )
            users.append((agency, user))
    return users


# The demo documents' look (WeasyPrint; the template carries no style of its own).
OFFICE_DOCUMENT_CSS = """
@page { size: A4; margin: 2cm; }
body { font-family: sans-serif; font-size: 10.5pt; line-height: 1.4; }
h1 { font-size: 16pt; margin: 0.2cm 0; }
h2 { font-size: 12pt; margin-top: 0.5cm; }
.office, .kind, .foot { color: #555; }
"""


def office_document_pdf(*, office: Office, title: str, kind_label: str, parts) -> bytes:
    """A small real PDF of the office's own standard, for a demo guide, booklet or leaflet."""
    from weasyprint import CSS, HTML  # imported here: slow to import, only seeding needs it
    from weasyprint.urls import URLFetcher

    with translation.override("id"):
        html = render_to_string(
            "romantik/office_document_pdf.html",
            {"office": office, "title": title, "kind_label": kind_label, "parts": parts},
        )
    fetcher = URLFetcher(allowed_protocols=frozenset())  # nothing from the network or the disk
    return HTML(string=html, url_fetcher=fetcher).write_pdf(stylesheets=[CSS(string=OFFICE_DOCUMENT_CSS)])


def office_documents_load(*, documents=seed_data.OFFICE_DOCUMENTS) -> list:
    """The supporting documents the seed offices' standards name, each made once (an existing one is kept)."""
    loaded = []
    for code, specs in documents.items():
        office = Office.objects.filter(code=code).first()
        if office is None:
            continue
        for kind, title, parts in specs:
            if not OfficeDocument.objects.filter(office=office, title=title).exists():
                with translation.override("id"):
                    label = str(OfficeDocumentKind(kind).label)
                content = office_document_pdf(office=office, title=title, kind_label=label, parts=parts)
            else:
                content = b""
            loaded.append(office_document_seed(office=office, title=title, kind=kind, content=content))
    return loaded
