from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RegionLevel(models.TextChoices):
    PROVINCE = "provinsi", _("Province")
    REGENCY = "kabkota", _("Regency/city")


class OfficeLevel(models.TextChoices):
    """Level of a BPS office (satuan kerja)."""

    CENTRAL = "pusat", _("BPS RI (central)")
    PROVINCE = "provinsi", _("Province")
    REGENCY = "kabkota", _("Regency/city")


class AgencyLevel(models.TextChoices):
    """Level of a government agency (instansi pemerintah)."""

    CENTRAL = "pusat", _("Central government (ministry/agency)")
    PROVINCE = "provinsi", _("Provincial government")
    REGENCY = "kabkota", _("Regency/city government")


class ServiceTimeUnit(models.TextChoices):
    CALENDAR_DAYS = "hari", _("days")
    WORKING_DAYS = "hari_kerja", _("working days")


class Role(models.TextChoices):
    """Roles a person holds in one BPS office. A person may hold several."""

    FRONT_DESK = "front_desk", _("Front-desk officer (PST)")
    REVIEWER = "reviewer", _("Reviewer")
    COORDINATOR = "coordinator", _("Coordinator")
    HEAD = "head", _("Head of office")
    OFFICE_ADMIN = "office_admin", _("Office administrator")
    COMPLAINT_HANDLER = "complaint_handler", _("Complaint handler")


# Roles that may verify that a person really belongs to an agency.
MEMBERSHIP_VERIFIER_ROLES = frozenset({Role.FRONT_DESK, Role.COORDINATOR, Role.OFFICE_ADMIN})


class MembershipStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("membership status", "Awaiting verification")
    VERIFIED = "verified", pgettext_lazy("membership status", "Verified")
    REJECTED = "rejected", pgettext_lazy("membership status", "Rejected")


class ComplaintChannelKind(models.TextChoices):
    IN_PERSON = "langsung", _("In person / suggestion box")
    WEBSITE = "website", _("Website")
    EMAIL = "email", _("E-mail")
    WHATSAPP = "whatsapp", _("WhatsApp")
    PHONE = "telepon", _("Phone/SMS")
    SOCIAL_MEDIA = "medsos", _("Social media")
    LAPOR = "lapor", _("SP4N-LAPOR")
    LETTER = "surat", _("Letter")


class OfficeDocumentKind(models.TextChoices):
    """What an office offers on its public page besides the blank forms (seed 004: "panduan, booklet, leaflet,
    dan formulir")."""

    GUIDE = "panduan", _("Guide")
    BOOKLET = "booklet", _("Booklet")
    LEAFLET = "leaflet", _("Leaflet")
    FORM = "formulir", _("Form")
