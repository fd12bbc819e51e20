"""Reads shared by views, services and commands."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from .compiled import CompiledRead
from .enums import MembershipStatus, OfficeLevel
from .models import Agency, AgencyMembership, Office, OfficeRole

# Read on every signed-in request, compiled to SQL once per process (romantik.compiled).
_office_roles = CompiledRead(
    lambda user_id: OfficeRole.objects.filter(user_id=user_id).values_list("office__code", "role")
)
_membership = CompiledRead(
    lambda user_id: (
        AgencyMembership.objects.select_related("agency__region").filter(user_id=user_id).order_by("pk")[:1]
    ),
)

_office = CompiledRead(lambda pk: Office.objects.select_related("region").filter(pk=pk))
# Each office's pk by its code, as last read (an office's pages name it by its code; CompiledRead reads by id). Only
# codes of offices found are kept (at most one entry per office); an entry gone stale is corrected below.
_office_pks: dict[str, int] = {}


def office_by_code(code: str) -> Office | None:
    """The office of `code` with its region, as `Office.objects.select_related("region").get(code=code)` reads it,
    or None: by its pk through SQL compiled once per process (`_office`; every office page opens it, and compiling
    the ORM's query cost more than PostgreSQL spent on it, issue 20). The office read by the pk kept for the code is
    taken only if it still has that code (codes are unique), else it is read by its code, and its pk kept."""
    pk = _office_pks.get(code)
    if pk is not None:
        found = _office.instances(pk)
        if found and found[0].code == code:
            return found[0]
    office = Office.objects.select_related("region").filter(code=code).first()
    if office is not None:
        _office_pks[code] = office.pk
    return office


def office_roles_of(user) -> dict[str, set[str]]:
    """{office code: {role, ...}} for a user, cached on the user object for the request (read afresh in every
    request: a role granted or taken away counts at once)."""
    if not getattr(user, "is_authenticated", False):
        return {}
    cached = getattr(user, "_office_roles_cache", None)
    if cached is None:
        cached = {}
        for code, role in _office_roles.rows(user.pk):
            cached.setdefault(code, set()).add(role)
        user._office_roles_cache = cached
    return cached


def user_has_office_role(user, office: Office, roles) -> bool:
    return bool(office_roles_of(user).get(office.code, set()) & set(roles))


def office_supervisor_codes(office: Office) -> set[str]:
    """The codes of the offices that run or supervise `office`: itself, the province office above it and every
    central office (BPS RI). One query, cached on the office object for the request."""
    cached = getattr(office, "_supervisor_codes_cache", None)
    if cached is None:
        cached = {office.code}
        cached.update(
            Office.objects.filter(Q(pk=office.parent_id) | Q(level=OfficeLevel.CENTRAL)).values_list("code", flat=True)
        )
        office._supervisor_codes_cache = cached
    return cached


def user_has_role_over(user, office: Office, roles) -> bool:
    """Whether `user` holds one of `roles` at `office`, at the province office above it, or at BPS RI."""
    held = office_roles_of(user)
    wanted = set(roles)
    if held.get(office.code, set()) & wanted:
        return True
    if not any(have & wanted for code, have in held.items() if code != office.code):
        return False  # the usual case, staff of this one office: answered from the roles, with no query
    return any(held.get(code, set()) & wanted for code in office_supervisor_codes(office))


def offices_supervised_by(user, roles=None) -> QuerySet[Office]:
    """The offices a user runs or supervises through a role (any role, or one of `roles`): their own, every
    office below a province office of theirs, and every office for a role at BPS RI."""
    held = {code for code, have in office_roles_of(user).items() if roles is None or have & set(roles)}
    if not held:
        return Office.objects.none()
    if Office.objects.filter(code__in=held, level=OfficeLevel.CENTRAL).exists():
        return Office.objects.all()
    return Office.objects.filter(Q(code__in=held) | Q(parent__code__in=held))


def offices_of(user) -> QuerySet[Office]:
    return Office.objects.filter(code__in=office_roles_of(user).keys())


def membership_of(user) -> AgencyMembership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.membership
    except AgencyMembership.DoesNotExist:
        return None


def membership_with_region(user) -> AgencyMembership | None:
    """`membership_of(user)` with its agency and the agency's region, in one query, cached where `membership_of`
    (the navigation's, a page's) finds it: what the time zone of an agency's pages needs costs no query more."""
    if not getattr(user, "is_authenticated", False):
        return None
    relation = AgencyMembership._meta.get_field("user").remote_field  # user.membership
    if relation.is_cached(user):
        return membership_of(user)
    found = _membership.instances(user.pk)
    membership = found[0] if found else None
    if membership is not None:
        AgencyMembership._meta.get_field("user").set_cached_value(membership, user)  # as user.membership does
    relation.set_cached_value(user, membership)
    return membership


def office_for_region(region) -> Office:
    """The BPS office closest to a region: its own office, else its province's, else BPS RI."""
    while region is not None:
        office = Office.objects.filter(region=region).first()
        if office is not None:
            return office
        region = region.parent
    return Office.objects.get(level=OfficeLevel.CENTRAL)


def office_for_agency(agency: Agency) -> Office:
    """The office responsible for an agency: by its level and region; central agencies go to BPS RI."""
    return office_for_region(agency.region)


def agencies_served_by(office: Office) -> QuerySet[Agency]:
    """Agencies whose responsible office is `office` (see `office_for_agency`)."""
    region_has_office = Exists(Office.objects.filter(region=OuterRef("region")))
    parent_has_office = Exists(Office.objects.filter(region=OuterRef("region__parent")))
    if office.level == OfficeLevel.CENTRAL:
        return Agency.objects.filter(Q(region__isnull=True) | (~region_has_office & ~parent_has_office))
    if office.level == OfficeLevel.PROVINCE:
        return Agency.objects.filter(Q(region=office.region) | (Q(region__parent=office.region) & ~region_has_office))
    return Agency.objects.filter(region=office.region)


def pending_memberships_for(office: Office) -> QuerySet[AgencyMembership]:
    return (
        AgencyMembership.objects.filter(status=MembershipStatus.PENDING, agency__in=agencies_served_by(office))
        .select_related("user", "agency", "agency__region")
        .order_by("created_at")
    )


def staff_with_roles(office: Office, roles) -> QuerySet:
    """People holding any of `roles` in `office`, each once."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(office_roles__office=office, office_roles__role__in=roles)
        .distinct()
        .order_by("pk")
    )
