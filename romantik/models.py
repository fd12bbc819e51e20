"""The core model: regions, BPS offices and their service standards, agencies,
people and their roles, and the closures of the working-day calendar."""

import re

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .enums import (
    AgencyLevel,
    MembershipStatus,
    OfficeDocumentKind,
    OfficeLevel,
    RegionLevel,
    Role,
    ServiceTimeUnit,
)


class Region(models.Model):
    """A province (2-digit BPS code) or kabupaten/kota (4-digit BPS code)."""

    code = models.CharField(_("BPS code"), max_length=4, unique=True)
    name = models.CharField(_("name"), max_length=120)
    level = models.CharField(_("level"), max_length=10, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("province"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return f"{self.code} {self.display_name}"

    @property
    def display_name(self) -> str:
        """'KABUPATEN KOTAWARINGIN TIMUR' -> 'Kabupaten Kotawaringin Timur'."""
        return " ".join(w if w in {"DKI", "DI"} else w.capitalize() for w in self.name.split())


def default_reminder_days() -> list[int]:
    return [3, 1]


class Office(models.Model):
    """A BPS office (satuan kerja) and its published service standard."""

    code = models.CharField(_("office code"), max_length=4, unique=True)
    name = models.CharField(_("name"), max_length=150)
    level = models.CharField(_("level"), max_length=10, choices=OfficeLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent office"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    region = models.OneToOneField(
        Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.PROTECT, related_name="office"
    )
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=60, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)

    # The service standard (standar pelayanan) as the office publishes it.
    sk_number = models.CharField(_("decree (SK) number"), max_length=120, blank=True)
    requirements = models.JSONField(_("requirements"), default=list, blank=True)
    procedure = models.JSONField(_("system, mechanism and procedure"), default=list, blank=True)
    service_time_amount = models.PositiveSmallIntegerField(_("service time"), default=30)
    service_time_unit = models.CharField(
        _("service time unit"), max_length=12, choices=ServiceTimeUnit.choices, default=ServiceTimeUnit.WORKING_DAYS
    )
    service_time_note = models.TextField(_("service time explanation"), blank=True)
    cost = models.CharField(_("cost"), max_length=120, default="Tidak dipungut biaya")
    products = models.JSONField(_("service products"), default=list, blank=True)
    # [{"kind": ComplaintChannelKind, "label": str, "value": str}, ...]
    complaint_channels = models.JSONField(_("complaint channels"), default=list, blank=True)

    # Letters: B-<seq>/<letter_code>/<classification>/<year>, pattern configurable.
    letter_code = models.CharField(_("letter code"), max_length=20, blank=True)
    letter_classification = models.CharField(_("letter classification"), max_length=20, default="VS.300")
    letter_number_pattern = models.CharField(
        _("letter number pattern"),
        max_length=120,
        default="B-{seq:03d}/{code}/{classification}/{year}",
        help_text=_("Placeholders: {seq}, {code}, {classification}, {month}, {year}."),
    )
    signer_office = models.ForeignKey(
        "self",
        verbose_name=_("office whose head signs the letters"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: the head of this office signs."),
    )
    signer_title = models.CharField(_("signer's position"), max_length=150, blank=True)
    signer_on_behalf_of = models.CharField(
        _("signs on behalf of (a.n.)"),
        max_length=150,
        blank=True,
        help_text=_(
            'Printed as "a.n. …" above the signer\'s position, for example: Kepala Badan Pusat Statistik. Empty: '
            'when another office signs under the position above, "a.n. Kepala" and the signing office\'s name.'
        ),
    )
    # The letter's letterhead (kop) and date line: the logo image and the town ("Sampit, 21 November 2026").
    letter_logo = models.ImageField(
        _("letterhead logo"),
        upload_to="offices/logos/",
        blank=True,
        help_text=_("PNG or JPEG, shown on the left of the letterhead. Empty: the letterhead has text only."),
    )
    letter_place = models.CharField(
        _("place in the letter's date line"),
        max_length=80,
        blank=True,
        help_text=_("The town the office is in, for example: Sampit. Empty: the name of its regency or city."),
    )

    # Review.
    reviewers_take_work = models.BooleanField(
        _("reviewers may take unassigned submissions"),
        default=True,
        help_text=_("Otherwise only a coordinator assigns reviewers."),
    )

    # Reminders (review/reminders.py).
    reminder_days = models.JSONField(
        _("reminders before the due date (working days)"),
        default=default_reminder_days,
        blank=True,
        help_text=_("The reviewers and the coordinator are reminded this many working days before the due date."),
    )
    revision_reminder_days = models.PositiveSmallIntegerField(
        _("remind the agency of a revision after (days)"), default=14
    )
    idle_draft_days = models.PositiveSmallIntegerField(_("notice for a draft idle for (days)"), default=30)
    # A revision left untouched this many calendar days is closed (review/closing.py); 0: never.
    revision_close_days = models.PositiveSmallIntegerField(_("close a revision left untouched for (days)"), default=90)

    # Channels and account settings.
    whatsapp_enabled = models.BooleanField(_("notifications by WhatsApp"), default=False)
    auto_verify_go_id = models.BooleanField(
        _("accept .go.id e-mail addresses automatically"),
        default=False,
        help_text=_("A new user whose e-mail domain ends in .go.id is linked to their agency without manual check."),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("BPS office")
        verbose_name_plural = _("BPS offices")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("office_service", kwargs={"code": self.code})

    @property
    def signing_office(self) -> "Office":
        return self.signer_office or self

    @property
    def works_in_working_days(self) -> bool:
        return self.service_time_unit == ServiceTimeUnit.WORKING_DAYS

    def get_additional_data(self) -> dict:
        """The office a change is recorded for (romantik/audit.py)."""
        return {"office": self.pk}



class OfficeClosure(models.Model):
    """A day an office adds to its calendar as closed (besides national holidays)."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="closures")
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=200)

    class Meta:
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["office", "date"], name="unique_office_closure_day")]
        verbose_name = _("office closure")
        verbose_name_plural = _("office closures")

    def __str__(self):
        return f"{self.office.code} {self.date}: {self.reason}"

    def get_additional_data(self) -> dict:
        return {"office": self.office_id}



class OfficeDocument(models.Model):
    """A guide, booklet, leaflet or form an office offers on its public page (PDF), next to the blank forms."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=OfficeDocumentKind.choices)
    file = models.FileField(_("file (PDF)"), upload_to="offices/documents/")
    original_name = models.CharField(max_length=200)
    size = models.PositiveIntegerField(default=0)
    pages = models.PositiveSmallIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "title", "pk"]
        verbose_name = _("office document")
        verbose_name_plural = _("office documents")

    def __str__(self):
        return f"{self.office.code}: {self.title}"

    def get_additional_data(self) -> dict:
        return {"office": self.office_id}


# An internet domain: labels of letters, digits and inner hyphens, a last label of letters ("kotimkab.go.id").
EMAIL_DOMAIN_RE = re.compile(r"^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def validate_email_domains(value) -> None:
    """A list of lower-case internet domains ("kotimkab.go.id"), each once."""
    if not isinstance(value, list):
        raise ValidationError(_("Give the e-mail domains as a list."), code="invalid")
    for domain in value:
        if not isinstance(domain, str) or domain != domain.strip().lower() or not EMAIL_DOMAIN_RE.match(domain):
            raise ValidationError(
                _("“%(domain)s” is not an e-mail domain such as kotimkab.go.id."),
                params={"domain": str(domain)[:100]},
                code="invalid",
            )
    if len(set(value)) != len(value):
        raise ValidationError(_("Each e-mail domain once."), code="duplicate")


class Agency(models.Model):
    """A government agency (instansi pemerintah) that runs sectoral statistics: master data, one curated list per
    region kept by the responsible office (romantik/agencies.py, issue 18).

    `verified` means "on the curated list": pickers offer only such agencies (and never a merged one). An agency
    someone proposes (at sign-up, at the front desk) starts unverified and waits for the responsible office, which
    approves it (then `verified`) or merges it into the listed agency it duplicates. Reusing `verified` keeps
    every existing reader right (the pickers, the automatic verification of .go.id addresses); a separate flag
    would have been a second name for the same thing. A merged agency keeps its row, with `merged_into` pointing to
    the agency that replaced it: links and old log entries still name it, and a proposal of its name finds where
    it went.
    """

    name = models.CharField(_("agency name"), max_length=200)
    # What people call it ("BAPPEDA", "DINKES"): the catalogue's search finds its activities by it.
    acronym = models.CharField(
        _("acronym"), max_length=30, blank=True, help_text=_("Short name or acronym, for example BAPPEDA.")
    )
    level = models.CharField(_("level"), max_length=10, choices=AgencyLevel.choices)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agencies",
        help_text=_("Province or regency/city of a local government; empty for a central agency."),
    )
    # The local government it belongs to (a Dinas: its Pemerintah Kabupaten/Kota or Provinsi), or the ministry of a
    # central unit.
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("For a local-government agency: its regency/city or provincial government."),
    )
    # ["dinkes.kotimkab.go.id", "kotimkab.go.id"]: lower-case, each once; the pickers find the agency by them.
    email_domains = models.JSONField(_("e-mail domains"), default=list, blank=True, validators=[validate_email_domains])
    verified = models.BooleanField(_("on the list"), default=False)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), "region", name="unique_agency_name_per_region"),
            models.CheckConstraint(
                condition=~models.Q(merged_into=models.F("id")), name="agency_not_merged_into_itself"
            ),
        ]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self):
        return self.name

    @property
    def is_listed(self) -> bool:
        """On the curated list: offered by the pickers."""
        return self.verified and self.merged_into_id is None

    def get_additional_data(self) -> dict:
        """The office a change is recorded for (romantik/audit.py): the office responsible for the agency."""
        from .selectors import office_for_agency

        try:
            return {"office": office_for_agency(self).pk}
        except Office.DoesNotExist:  # a database without BPS RI (some tests): kept without an office
            return {}


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("E-mail is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person; logs in with an e-mail address."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    phone = models.CharField(_("mobile phone (WhatsApp)"), max_length=30, blank=True)
    nip = models.CharField(_("NIP"), max_length=30, blank=True, help_text=_("Civil-servant number, for BPS staff."))
    position = models.CharField(_("position"), max_length=150, blank=True)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE)
    # A head's identity at BSrE, the national signing service (letters.bsre): NIK or the registered e-mail address,
    # and what BSrE's status check last said of it (ISSUE, NOT_REGISTERED, NO_CERTIFICATE; "" not checked yet).
    bsre_identity = models.CharField(
        _("BSrE identity (NIK or e-mail)"),
        max_length=254,
        blank=True,
        help_text=_("The NIK or the e-mail address registered at BSrE, used when letters are signed through BSrE."),
    )
    bsre_status = models.CharField(max_length=20, blank=True, editable=False)
    bsre_checked_at = models.DateTimeField(null=True, blank=True, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]
    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def has_perm(self, perm, obj=None):
        """Object permissions (an office's or an agency's work) come from the rules alone. Django lets an
        active superuser pass every check; here the site admin administers the portal but acts on an
        office's or agency's object only where a rule names it (`rules.is_superuser`)."""
        if obj is None:
            return super().has_perm(perm)
        from django.contrib.auth.models import _user_has_perm

        return self.is_active and _user_has_perm(self, perm, obj)


class OfficeRole(models.Model):
    """One role a person holds in one BPS office."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="office_roles")
    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="staff_roles")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        ordering = ["office__code", "role"]
        constraints = [models.UniqueConstraint(fields=["user", "office", "role"], name="unique_office_role")]
        verbose_name = _("office role")
        verbose_name_plural = _("office roles")

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} {self.office.code}"

    def get_additional_data(self) -> dict:
        return {"office": self.office_id}



class AgencyMembership(models.Model):
    """A person's link to the one agency they act for, verified by a BPS officer."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="memberships")
    position = models.CharField(_("position in the agency"), max_length=150, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MembershipStatus.choices, default=MembershipStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["status", "agency"])]
        verbose_name = _("agency membership")
        verbose_name_plural = _("agency memberships")

    def __str__(self):
        return f"{self.user} @ {self.agency}"

    @property
    def is_verified(self) -> bool:
        return self.status == MembershipStatus.VERIFIED


class Counter(models.Model):
    """A gap-free sequence (submission numbers per office per year, queue numbers per office per day)."""

    key = models.CharField(max_length=80, unique=True)
    value = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.key}={self.value}"


class ServiceStandard(models.Model):
    """One version of an office's service standard (standar pelayanan), as its decree (SK) sets it (issue 18).

    A version takes effect on `effective_from` and stays in force until a later version's date; a version is
    never edited once published (romantik/standards.py publishes the next one). The office's own standard fields
    mirror the version in force, so that every other reader sees it; the service clock reads the versions
    themselves (romantik.calendar.OfficeCalendar.service_due_date)."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="standards")
    version = models.PositiveSmallIntegerField(_("version"))
    sk_number = models.CharField(_("decree (SK) number"), max_length=120, blank=True)
    sk_date = models.DateField(_("decree (SK) date"), null=True, blank=True)
    effective_from = models.DateField(_("effective from"))
    requirements = models.JSONField(_("requirements"), default=list, blank=True)
    procedure = models.JSONField(_("system, mechanism and procedure"), default=list, blank=True)
    service_time_amount = models.PositiveSmallIntegerField(_("service time"))
    service_time_unit = models.CharField(_("service time unit"), max_length=12, choices=ServiceTimeUnit.choices)
    service_time_note = models.TextField(_("service time explanation"), blank=True)
    cost = models.CharField(_("cost"), max_length=120, blank=True)
    products = models.JSONField(_("service products"), default=list, blank=True)
    # [{"kind": ComplaintChannelKind, "label": str, "value": str}, ...], as Office.complaint_channels.
    complaint_channels = models.JSONField(_("complaint channels"), default=list, blank=True)
    guides = models.JSONField(_("guides"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("published at"), auto_now_add=True)
    # When the office's own fields were made this version's (romantik.standards.service_standards_apply).
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["office", "-effective_from", "-version"]
        constraints = [models.UniqueConstraint(fields=["office", "version"], name="unique_service_standard_version")]
        indexes = [models.Index(fields=["applied_at", "effective_from"], name="standard_to_apply")]
        verbose_name = _("service standard")
        verbose_name_plural = _("service standards")

    def __str__(self):
        return _("Service standard, version %(version)s, effective from %(date)s") % {
            "version": self.version,
            "date": self.effective_from.isoformat() if self.effective_from else "",
        }

    @property
    def works_in_working_days(self) -> bool:
        return self.service_time_unit == ServiceTimeUnit.WORKING_DAYS

    def get_additional_data(self) -> dict:
        """The office a change is recorded for (romantik/audit.py)."""
        return {"office": self.office_id}
