"""The service standard as a versioned document (issue 18): publishing a version, applying it on its date, reading
the version in force.

An office's standard (standar pelayanan) is set by a decree (SK). Each decree is a version
(`romantik.models.ServiceStandard`): its number and date, the day it takes effect, and the standard's parts. A
version is never edited: a change is the next version. The office's own standard fields (`Office.sk_number`,
`requirements`, … `complaint_channels`) mirror the version in force, so that every page and service that reads
them sees it: a version taking effect today is applied when it is published, a later one by the daily task
(`romantik.tasks.service_standards_apply_task`). The service clock reads the versions themselves (the one in force
on the day a submission was recorded complete: `romantik.calendar.OfficeCalendar.service_due_date`).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .calendar import office_today, standard_in_force_among
from .enums import ServiceTimeUnit
from .models import Office, ServiceStandard

# Version 1 of the offices that existed before versions did (migration 0009) and of the seeded ones: in force
# since this day, so every clock started before a new version keeps the service time it had.
BASELINE_EFFECTIVE_FROM = date(2020, 1, 1)
# The Office fields that mirror the version in force.
MIRRORED_FIELDS = (
    "sk_number",
    "requirements",
    "procedure",
    "service_time_amount",
    "service_time_unit",
    "service_time_note",
    "cost",
    "products",
    "complaint_channels",
)
LIST_FIELDS = ("requirements", "procedure", "products", "complaint_channels", "guides")
SERVICE_TIME_MAX = 365


# --- reads -----------------------------------------------------------------------------------------------------


def service_standard_in_force(office: Office, on_date: date) -> ServiceStandard | None:
    """The version of the office's standard in force on `on_date` (None before its first version)."""
    return office.standards.filter(effective_from__lte=on_date).order_by("-effective_from", "-version").first()


@dataclass(frozen=True)
class StandardTimeline:
    """An office's versions on a day: the one in force, those announced (each date's last published), and the
    rest, newest first (those in force before, and those replaced before they took effect)."""

    in_force: ServiceStandard | None
    upcoming: list[ServiceStandard]
    earlier: list[ServiceStandard]

    @property
    def latest(self) -> ServiceStandard | None:
        """The last published version: the one a new version starts from."""
        published = [v for v in (self.in_force, *self.upcoming, *self.earlier) if v is not None]
        return max(published, key=lambda v: v.version, default=None)


def service_standard_timeline(office: Office, today: date) -> StandardTimeline:
    """Every version of the office's standard, one query, with who published it."""
    versions = list(office.standards.select_related("created_by").order_by("effective_from", "version"))
    in_force = standard_in_force_among(versions, today)
    by_date = {}
    for version in versions:
        if version.effective_from > today:
            by_date[version.effective_from] = version  # ordered by version: the last published of the day
    upcoming = sorted(by_date.values(), key=lambda v: v.effective_from)
    shown = {v.pk for v in upcoming} | ({in_force.pk} if in_force else set())
    earlier = sorted((v for v in versions if v.pk not in shown), key=lambda v: v.version, reverse=True)
    return StandardTimeline(in_force, upcoming, earlier)


def service_standard_replaced_before_effect(version: ServiceStandard, timeline: StandardTimeline) -> bool:
    """A version never applied that a later version of the same day replaced before its day came."""
    later = [v for v in (timeline.in_force, *timeline.upcoming) if v is not None and v.version > version.version]
    return version.applied_at is None and any(v.effective_from <= version.effective_from for v in later)


# --- writes ----------------------------------------------------------------------------------------------------


def _baseline_create(office: Office) -> ServiceStandard:
    """Version 1 from the office's own fields, for an office that has none yet (an office made after migration
    0009 without one): a standard that was already in force is kept in the history before a new one."""
    return ServiceStandard.objects.create(
        office=office,
        version=1,
        effective_from=BASELINE_EFFECTIVE_FROM,
        applied_at=timezone.now(),
        guides=[],
        **{field: getattr(office, field) for field in MIRRORED_FIELDS},
    )


def _clean_list(values) -> list:
    return [v.strip() if isinstance(v, str) else v for v in values or () if not isinstance(v, str) or v.strip()]


def _validate(*, today: date, latest: ServiceStandard | None, fields: dict) -> None:
    """Every reason the version cannot be published, by field (the form shows each next to its field)."""
    errors = {}
    if not fields["sk_number"]:
        errors["sk_number"] = _("Enter the number of the decree (SK) that sets this standard.")
    sk_date, effective_from = fields["sk_date"], fields["effective_from"]
    if sk_date is None:
        errors["sk_date"] = _("Enter the date of the decree (SK).")
    elif sk_date > today:
        errors["sk_date"] = _("The decree's date cannot be later than today.")
    if effective_from is None:
        errors["effective_from"] = _("Enter the day this standard takes effect.")
    elif effective_from < today:
        errors["effective_from"] = _("The standard cannot take effect in the past: choose today or a later day.")
    elif latest is not None and effective_from < latest.effective_from:
        errors["effective_from"] = _(
            "Version %(version)s takes effect on %(date)s: a new version can take effect on that day or later."
        ) % {"version": latest.version, "date": date_format(latest.effective_from, "j F Y")}
    amount = fields["service_time_amount"]
    if amount is None or not 1 <= amount <= SERVICE_TIME_MAX:
        errors["service_time_amount"] = _("The service time must be a whole number from 1 to %(max)s.") % {
            "max": SERVICE_TIME_MAX
        }
    if fields["service_time_unit"] not in ServiceTimeUnit.values:
        errors["service_time_unit"] = _("Choose days or working days.")
    if not fields["requirements"]:
        errors["requirements"] = _("List at least one requirement.")
    if not fields["procedure"]:
        errors["procedure"] = _("List at least one step of the procedure.")
    if not fields["cost"]:
        errors["cost"] = _("State the cost, for example: Tidak dipungut biaya.")
    if not fields["products"]:
        errors["products"] = _("List at least one service product.")
    if errors:
        raise ValidationError(errors)


def _office_mirror(office: Office, version: ServiceStandard) -> None:
    """The office's own fields become the version's (recorded in the office's history as the office's change)."""
    changed = [field for field in MIRRORED_FIELDS if getattr(office, field) != getattr(version, field)]
    for field in changed:
        setattr(office, field, getattr(version, field))
    if changed:
        office.save(update_fields=changed)
    # Not a change of the version: no entry in the history (a queryset update sends no signal).
    ServiceStandard.objects.filter(pk=version.pk).update(applied_at=timezone.now())
    version.applied_at = timezone.now()


@transaction.atomic
def service_standard_publish(
    *,
    office: Office,
    actor,
    sk_number: str,
    sk_date: date | None,
    effective_from: date | None,
    requirements,
    procedure,
    service_time_amount: int | None,
    service_time_unit: str,
    service_time_note: str = "",
    cost: str,
    products,
    complaint_channels=(),
    guides=(),
) -> ServiceStandard:
    """Publish the next version of the office's standard, in force from `effective_from` (today or later, not
    before a version already announced; on the same day as one announced, it replaces it). A version taking effect
    today is applied at once; a later one by the daily task. Versions already published are never changed."""
    if not actor.has_perm("romantik.manage_office", office):
        raise PermissionDenied
    office = (
        Office.objects.select_for_update(of=("self",)).select_related("region").get(pk=office.pk)
    )  # one number at a time
    today = office_today(office)
    fields = {
        "sk_number": (sk_number or "").strip(),
        "sk_date": sk_date,
        "effective_from": effective_from,
        "requirements": _clean_list(requirements),
        "procedure": _clean_list(procedure),
        "service_time_amount": service_time_amount,
        "service_time_unit": service_time_unit,
        "service_time_note": (service_time_note or "").strip(),
        "cost": (cost or "").strip(),
        "products": _clean_list(products),
        "complaint_channels": [dict(c) for c in complaint_channels or ()],
        "guides": _clean_list(guides),
    }
    latest = office.standards.order_by("-version").first()
    _validate(today=today, latest=latest, fields=fields)
    if latest is None:
        latest = _baseline_create(office)
    version = ServiceStandard.objects.create(office=office, version=latest.version + 1, created_by=actor, **fields)
    if version.effective_from <= today:
        _office_mirror(office, version)
    return version


def service_standard_apply(office: Office) -> ServiceStandard | None:
    """Make the office's own fields the version in force today, if they are not yet (idempotent): the version
    applied, or None when there was nothing to do."""
    with transaction.atomic():
        office = Office.objects.select_for_update(of=("self",)).select_related("region").get(pk=office.pk)
        version = service_standard_in_force(office, office_today(office))
        if version is None or version.applied_at is not None:
            return None
        _office_mirror(office, version)
        return version


def service_standards_apply() -> int:
    """Daily (CELERY_BEAT_SCHEDULE): every office whose announced version's day has come takes it as its own
    standard. The offices' days run up to two hours ahead of the server's (WIT): those with a version not yet
    applied up to tomorrow are looked at, each on its own day. Returns how many offices changed."""
    horizon = timezone.localdate() + timedelta(days=1)
    office_ids = (
        ServiceStandard.objects.filter(applied_at__isnull=True, effective_from__lte=horizon)
        .values_list("office_id", flat=True)
        .distinct()
    )
    return sum(1 for office in Office.objects.filter(pk__in=list(office_ids)) if service_standard_apply(office))


def service_standard_seed(*, office: Office, spec: dict, guides=()) -> ServiceStandard:
    """Version 1 of a seeded office from its seed (romantik.seeding; an office with a version keeps its own)."""
    existing = office.standards.order_by("version").first()
    if existing is not None:
        return existing
    return ServiceStandard.objects.create(
        office=office,
        version=1,
        sk_number=spec["sk_number"],
        sk_date=spec.get("sk_date"),
        effective_from=spec.get("effective_from", BASELINE_EFFECTIVE_FROM),
        applied_at=timezone.now(),
        guides=list(guides),
        **{field: spec[field] for field in MIRRORED_FIELDS if field != "sk_number"},
    )


def service_standards_bulk_seed(offices, *, batch_size: int = 500) -> list[ServiceStandard]:
    """Version 1 of each office in `offices` that has none, from its own fields, in one INSERT per batch
    (seed_bench makes hundreds of offices at once)."""
    offices = list(offices)
    has_version = set(
        ServiceStandard.objects.filter(office__in=[o.pk for o in offices]).values_list("office_id", flat=True)
    )
    now = timezone.now()
    versions = [
        ServiceStandard(
            office=office,
            version=1,
            effective_from=BASELINE_EFFECTIVE_FROM,
            applied_at=now,
            guides=[],
            **{field: getattr(office, field) for field in MIRRORED_FIELDS},
        )
        for office in offices
        if office.pk not in has_version
    ]
    return ServiceStandard.objects.bulk_create(versions, batch_size=batch_size)
