"""Choice lists of the FS3 / FP-KPA / MS-Keg forms, with the official BPS codes as values.

Single choices are stored as their code. Multi-selects (codes 1/2/4/8/… in the
BPS forms) are stored as a sorted list of codes; `codes_to_bits` gives the
official bit sum for export.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Kind(models.TextChoices):
    FS3 = "fs3", _("FS3 – survey")
    FPKPA = "fpkpa", _("FP-KPA – compilation of administrative records")
    MSKEG = "mskeg", _("MS-Keg – activity metadata")


class Channel(models.TextChoices):
    ONLINE = "online", pgettext_lazy("submission channel", "Online")
    OFFLINE = "offline", pgettext_lazy("submission channel", "At the front desk")


class StatisticsType(models.IntegerChoices):
    BASIC = 1, _("Basic statistics")
    SECTORAL = 2, _("Sectoral statistics")
    SPECIAL = 3, _("Special statistics")


class CollectionWay(models.IntegerChoices):
    CENSUS = 1, _("Complete enumeration")
    SURVEY = 2, _("Survey")
    ADMIN_COMPILATION = 3, _("Compilation of administrative products")
    OTHER_IT = 4, _("Other way following developments in IT")


class Sector(models.IntegerChoices):
    AGRICULTURE = 1, _("Agriculture and fisheries")
    DEMOGRAPHY = 2, _("Demography and population")
    DEVELOPMENT = 3, _("Development")
    ECONOMIC_PROJECTION = 4, _("Economic projections")
    EDUCATION = 5, _("Education and training")
    ENVIRONMENT = 6, _("Environment")
    FINANCE = 7, _("Finance")
    GLOBALISATION = 8, _("Globalisation")
    HEALTH = 9, _("Health")
    INDUSTRY = 10, _("Industry and services")
    ICT = 11, _("Information and communication technology")
    TRADE = 12, _("International trade and balance of trade")
    LABOUR = 13, _("Labour")
    NATIONAL_ACCOUNTS = 14, _("National accounts")
    MONTHLY_INDICATORS = 15, _("Monthly economic indicators")
    PRODUCTIVITY = 16, _("Productivity")
    PRICES = 17, _("Prices and purchasing power parity")
    PUBLIC_SECTOR = 18, _("Public sector, taxation and market regulation")
    REGIONAL = 19, _("Regional and urban statistics")
    SCIENCE = 20, _("Science and patents")
    SOCIAL_PROTECTION = 21, _("Social protection and welfare")
    TRANSPORT = 22, _("Transport")


class Repetition(models.IntegerChoices):
    ONCE = 1, _("Only once")
    REPEATED = 2, _("Repeated")


class Frequency(models.IntegerChoices):
    DAILY = 1, _("Daily")
    WEEKLY = 2, _("Weekly")
    MONTHLY = 3, _("Monthly")
    QUARTERLY = 4, _("Quarterly")
    FOUR_MONTHLY = 5, _("Every four months")
    SEMESTERLY = 6, _("Every six months")
    YEARLY = 7, _("Yearly")
    MULTI_YEAR = 8, _("Less often than every two years")


class CollectionType(models.IntegerChoices):
    PANEL = 1, _("Longitudinal panel")
    CROSS_SECTIONAL = 2, _("Cross-sectional")
    LONGITUDINAL_CROSS_SECTIONAL = 3, _("Longitudinal cross-sectional")


class Coverage(models.IntegerChoices):
    NATIONAL = 1, _("All of Indonesia")
    PARTIAL = 2, _("Part of Indonesia")


class CollectionMethod(models.IntegerChoices):
    INTERVIEW = 1, _("Interview")
    SELF_ENUMERATION = 2, _("Self-completed questionnaire")
    OBSERVATION = 4, _("Observation")
    SECONDARY = 8, _("Collection of secondary data")
    OTHER = 16, _("Other")


class CollectionMeans(models.IntegerChoices):
    PAPI = 1, "PAPI"
    CAPI = 2, "CAPI"
    CATI = 4, "CATI"
    CAWI = 8, "CAWI"
    MAIL = 16, _("Mail")
    OTHER = 32, _("Other")


# 6.4–6.7 (field officers) apply only when one of these is used.
FIELD_OFFICER_MEANS = frozenset({CollectionMeans.PAPI, CollectionMeans.CAPI, CollectionMeans.CATI})


class Unit(models.IntegerChoices):
    """4.8 collection units and 7.3 analysis units share one list."""

    INDIVIDUAL = 1, _("Individual")
    HOUSEHOLD = 2, _("Household")
    BUSINESS = 4, _("Business/company")
    OTHER = 8, _("Other")


class SampleDesign(models.IntegerChoices):
    SINGLE = 1, _("Single stage/phase")
    MULTI = 2, _("Multi stage/phase")


class SampleSelection(models.IntegerChoices):
    PROBABILITY = 1, _("Probability")
    NON_PROBABILITY = 2, _("Non-probability")


class SampleMethod(models.IntegerChoices):
    SIMPLE_RANDOM = 1, _("Simple random sampling")
    SYSTEMATIC = 2, _("Systematic random sampling")
    STRATIFIED = 3, _("Stratified random sampling")
    CLUSTER = 4, _("Cluster sampling")
    PPS = 5, _("Probability proportional to size (PPS)")
    QUOTA = 6, _("Quota sampling")
    ACCIDENTAL = 7, _("Accidental sampling")
    PURPOSIVE = 8, _("Purposive sampling")
    SNOWBALL = 9, _("Snowball sampling")
    SATURATION = 10, _("Saturation sampling")


PROBABILITY_METHODS = frozenset(range(1, 6))
NON_PROBABILITY_METHODS = frozenset(range(6, 11))


class SampleFrame(models.IntegerChoices):
    LIST = 1, _("List frame")
    AREA = 2, _("Area frame")


class QualityCheck(models.IntegerChoices):
    REVISIT = 1, _("Revisit")
    SUPERVISION = 2, _("Supervision")
    TASK_FORCE = 4, _("Task force")
    OTHER = 8, _("Other")


class Collectors(models.IntegerChoices):
    STAFF = 1, _("Agency staff")
    PARTNERS = 2, _("Partners/contract workers")
    BOTH = 3, _("Both")


class Education(models.IntegerChoices):
    JUNIOR_SECONDARY = 1, _("Junior secondary school or lower")
    SENIOR_SECONDARY = 2, _("Senior/vocational secondary school")
    DIPLOMA = 3, _("Diploma I/II/III")
    DEGREE = 4, _("Diploma IV/Bachelor/Master/Doctorate")


class AnalysisMethod(models.IntegerChoices):
    DESCRIPTIVE = 1, _("Descriptive")
    INFERENTIAL = 2, _("Inferential")
    BOTH = 3, _("Both")


class PresentationLevel(models.IntegerChoices):
    NATIONAL = 1, _("National")
    PROVINCE = 2, _("Province")
    REGENCY = 4, _("Regency/city")
    DISTRICT = 8, _("District (kecamatan)")
    OTHER = 16, _("Other")


class DataType(models.TextChoices):
    TEXT = "karakter", _("Text")
    NUMBER = "numerik", _("Number")
    DATE = "tanggal", _("Date")
    BOOLEAN = "boolean", _("Yes/no")


class AttachmentKind(models.TextChoices):
    COVER_LETTER = "surat_pengantar", _("Cover letter (surat pengantar)")
    INSTRUMENT = "instrumen", _("Questionnaire/instrument")
    OTHER = "lainnya", _("Other supporting document")


class GuestPurpose(models.TextChoices):
    RECOMMENDATION = "rekomendasi", _("Statistical activity recommendation")
    CONSULTATION = "konsultasi", _("Statistical consultation")
    DATA = "data", _("Data request")
    OTHER = "lainnya", _("Other")


class GuestStatus(models.TextChoices):
    WAITING = "menunggu", pgettext_lazy("queue status", "Waiting")
    CALLED = "dipanggil", pgettext_lazy("queue status", "Called")
    DONE = "selesai", pgettext_lazy("queue status", "Served")


class GuestSource(models.TextChoices):
    """Who wrote the guest-book entry: the officer at the desk, or the visitor at the office's kiosk."""

    DESK = "petugas", _("Front desk")
    KIOSK = "kios", _("Kiosk")


class OfficeLinkPurpose(models.TextChoices):
    """What an office-issued link opens without a log-in (submissions.office_links)."""

    KIOSK = "kios", _("Guest-book kiosk")
    SCREEN = "layar", _("Waiting-room screen")


def codes_to_bits(codes) -> int:
    """[1, 4] -> 5: the official bit sum of a multi-select."""
    return sum(int(c) for c in (codes or []))
