"""The staff of an office, run by its office admin (issue 18, "offices run themselves"): who holds which role,
inviting a colleague, giving and taking roles, deactivating a leaver; and the rows of the office's history.

Who may: `romantik.manage_office` (an office admin of the office, of the province office above it, or of BPS RI;
the site admin). Every role given or taken is an `OfficeRole` row created or deleted, which django-auditlog keeps
(romantik/audit.py) with the office it concerns; a deactivation is one more entry of the person's account in the
history of the office it was done from.

The review layer stands above this app: it tells what open work a leaver still holds, and releases it for
reassignment, through the functions it registers with `open_work_register` from its `AppConfig.ready`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from .audit import audit_actor
from .enums import OfficeLevel, Role
from .models import AgencyMembership, Office, OfficeRole, User
from .refusals import StateConflict
from .registry import Hook
from .selectors import offices_supervised_by
from .signals import staff_invited

# The order roles are shown and offered in.
ROLE_ORDER = (
    Role.FRONT_DESK,
    Role.REVIEWER,
    Role.COORDINATOR,
    Role.HEAD,
    Role.OFFICE_ADMIN,
    Role.COMPLAINT_HANDLER,
)


# --- open work of a person, supplied by the review layer --------------------------------------------------


@dataclass(frozen=True)
class OpenWork:
    """One piece of work a person still holds at an office: what it is, its state, where to reassign it."""

    label: str
    state: str
    office_code: str
    url: str


_open_work_of = Hook("romantik.staff.open_work_of", "review")
_open_work_release = Hook("romantik.staff.open_work_release", "review")


def open_work_register(
    *, of: Callable[[User, list[int]], list[OpenWork]], release: Callable[[User, list[int]], list[str]]
) -> None:
    """Called from a higher app's `AppConfig.ready` (review): `of(user, office_ids)` lists the open work the
    person holds at these offices, `release(user, office_ids)` puts it back for reassignment and answers the
    labels of what it released."""
    _open_work_of.register(of)
    _open_work_release.register(release)


def open_work_of(user, offices) -> list[OpenWork]:
    return _open_work_of(user, [office.pk for office in offices])


# --- who may be managed from here ---------------------------------------------------------------------------


def offices_managed_by(actor):
    """The offices whose staff `actor` runs: all for the site admin, else those below their office admin roles."""
    if actor.is_superuser:
        return Office.objects.all()
    return offices_supervised_by(actor, {Role.OFFICE_ADMIN})


def _require(actor, office) -> None:
    if not actor.has_perm("romantik.manage_office", office):
        raise PermissionDenied


def _office_locked(office) -> Office:
    """The office's row, locked: two admins changing the same office's staff at once take turns (the last office
    admin cannot be removed by two of them removing each other)."""
    return Office.objects.select_for_update().get(pk=office.pk)


def _forget_roles(user) -> None:
    user.__dict__.pop("_office_roles_cache", None)


# --- the staff page -------------------------------------------------------------------------------------


@dataclass
class StaffRow:
    user: User
    roles: list[str] = field(default_factory=list)  # role values, in ROLE_ORDER
    role_labels: list[str] = field(default_factory=list)

    @property
    def active(self) -> bool:
        return self.user.is_active


def deactivated_here(office) -> list[int]:
    """The ids of the people whose account was deactivated from `office`'s staff page (its history says so)."""
    return list(
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(User), additional_data__office=office.pk
        ).values_list("object_id", flat=True)
    )


def staff_rows(office) -> list[StaffRow]:
    """Everyone who holds a role at `office` (active or not), then those deactivated from it, by name."""
    labels = dict(Role.choices)
    order = {role: i for i, role in enumerate(ROLE_ORDER)}
    rows: dict[int, StaffRow] = {}
    for role in OfficeRole.objects.filter(office=office).select_related("user"):
        rows.setdefault(role.user_id, StaffRow(user=role.user)).roles.append(role.role)
    gone = set(deactivated_here(office)) - rows.keys()
    for user in User.objects.filter(pk__in=gone, is_active=False):
        rows[user.pk] = StaffRow(user=user)
    for row in rows.values():
        row.roles.sort(key=lambda value: order.get(value, len(order)))
        row.role_labels = [str(labels[value]) for value in row.roles]
    return sorted(rows.values(), key=lambda row: (not row.active, row.user.full_name.lower(), row.user.pk))


def staff_member(office, pk) -> User | None:
    """The person `pk` of `office`'s staff page (holding a role there, or deactivated from it), else None."""
    user = User.objects.filter(pk=pk).first()
    if user is None:
        return None
    if OfficeRole.objects.filter(office=office, user=user).exists() or user.pk in deactivated_here(office):
        return user
    return None


def roles_at(user, office) -> list[str]:
    held = set(OfficeRole.objects.filter(office=office, user=user).values_list("role", flat=True))
    return [role for role in ROLE_ORDER if role in held]


# --- inviting a colleague ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Invitation:
    user: User
    created: bool  # the account was made now
    roles_added: list[str]
    set_password: bool  # the message carries a link to set a password


def set_password_path(user) -> str:
    """allauth's set-password link for `user` (valid PASSWORD_RESET_TIMEOUT; it stops working once a password is
    set, since the token covers the password hash and the e-mail address)."""
    return reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)},
    )


def _clean_roles(roles) -> list[str]:
    chosen = set(roles)
    unknown = chosen - set(Role.values)
    if unknown:
        raise ValidationError({"roles": _("Unknown role: %(role)s.") % {"role": ", ".join(sorted(unknown))}})
    if not chosen:
        raise ValidationError({"roles": _("Choose at least one role.")})
    return [role for role in ROLE_ORDER if role in chosen]


def _existing_account(email: str) -> User | None:
    """The account that `email` names, refused (ValidationError on the e-mail field) when it cannot be staff: an
    agency's user, a deactivated account, another account's second address, or a log-in address nobody confirmed
    (someone else may have signed up with it)."""
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        if EmailAddress.objects.filter(email__iexact=email).exists():
            raise ValidationError(
                {
                    "email": _("%(email)s is a second address of another account. Use the person's own log-in address.")
                    % {"email": email}
                }
            )
        return None
    if AgencyMembership.objects.filter(user=user).exists():
        raise ValidationError(
            {
                "email": _(
                    "%(email)s belongs to the account of an agency's user; an agency's account cannot hold a role in "
                    "a BPS office. Use the colleague's BPS e-mail address."
                )
                % {"email": email}
            }
        )
    if not user.is_active:
        raise ValidationError(
            {
                "email": _("The account %(email)s was deactivated. Ask the site administrator to reactivate it.")
                % {"email": email}
            }
        )
    confirmed = EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()
    if user.has_usable_password() and not confirmed:
        raise ValidationError(
            {
                "email": _(
                    "An account was signed up with %(email)s, but the address was never confirmed. Ask the colleague "
                    "to confirm it (from the e-mail sent when signing up), then invite again."
                )
                % {"email": email}
            }
        )
    return user


def staff_invite(*, office, actor, email: str, full_name: str, roles, nip: str = "", position: str = "") -> Invitation:
    """Invite a colleague to `office` with `roles`: a new e-mail address gets an account (no password yet, the
    address recorded as confirmed: only whoever reads the mail there can set the password); a BPS colleague's
    existing account gets the roles. Either way they are told through the outbox; a new account (or one whose
    owner never set a password) with a link to set its password."""
    _require(actor, office)
    roles = _clean_roles(roles)
    email = (email or "").strip().lower()
    if not email:
        raise ValidationError({"email": _("Enter the colleague's e-mail address.")})
    with transaction.atomic(), audit_actor(actor):
        office = _office_locked(office)
        user = _existing_account(email)
        created = user is None
        if created:
            if not (full_name or "").strip():
                raise ValidationError({"full_name": _("Enter the colleague's name.")})
            user = User.objects.create_user(
                email=email, password=None, full_name=full_name.strip(), nip=nip.strip(), position=position.strip()
            )
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        else:
            user = User.objects.select_for_update().get(pk=user.pk)
            filled = []
            for name, value in (("nip", nip), ("position", position)):
                if value.strip() and not getattr(user, name):
                    setattr(user, name, value.strip())
                    filled.append(name)
            if filled:
                user.save(update_fields=filled)
        added = []
        for role in roles:
            _role, made = OfficeRole.objects.get_or_create(user=user, office=office, role=role)
            if made:
                added.append(role)
        _forget_roles(user)
        set_password = not user.has_usable_password()
        # The outbox (a layer above) writes the message in this transaction (notifications/receivers.py).
        staff_invited.send(
            sender=User,
            user=user,
            office=office,
            actor=actor,
            roles=roles,
            set_password_url=set_password_path(user) if set_password else "",
        )
    return Invitation(user=user, created=created, roles_added=added, set_password=set_password)


# --- giving and taking roles ---------------------------------------------------------------------------------


def _last_admin_refusal(office, user, actor) -> None:
    others = OfficeRole.objects.filter(office=office, role=Role.OFFICE_ADMIN).exclude(user=user)
    if user.pk == actor.pk and not others.filter(user__is_active=True).exists():
        raise ValidationError(
            {
                "roles": _(
                    "You are the last office administrator of %(office)s: you cannot give up that role. Give it to a "
                    "colleague first."
                )
                % {"office": office.name}
            }
        )


def staff_roles_set(*, office, actor, user, roles) -> tuple[list[str], list[str]]:
    """Give `user` exactly `roles` at `office` (the others are taken). Answers (added, removed). Each change is an
    OfficeRole created or deleted, kept in the office's history. An office admin may not give up their own
    office admin role when nobody else holds it there; a deactivated account gets no role."""
    _require(actor, office)
    wanted = set(_clean_roles(roles)) if roles else set()
    with transaction.atomic(), audit_actor(actor):
        office = _office_locked(office)
        user = User.objects.select_for_update().get(pk=user.pk)
        held = {role.role: role for role in OfficeRole.objects.filter(office=office, user=user)}
        if Role.OFFICE_ADMIN in held and Role.OFFICE_ADMIN not in wanted:
            _last_admin_refusal(office, user, actor)
        if wanted - held.keys() and not user.is_active:
            raise ValidationError(_("This account is deactivated: it cannot be given roles."))
        added = [role for role in ROLE_ORDER if role in wanted and role not in held]
        removed = [role for role in ROLE_ORDER if role in held and role not in wanted]
        for role in removed:
            held[role].delete()
        for role in added:
            OfficeRole.objects.create(user=user, office=office, role=role)
        _forget_roles(user)
    return added, removed


# --- deactivating a leaver ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Deactivation:
    user: User
    roles_removed: int
    released: list[str]  # the open work put back for reassignment


def deactivate_refusal(*, office, actor, user) -> str:
    """Why `actor` may not deactivate `user` from `office`'s staff page ("" when they may)."""
    if user.pk == actor.pk:
        return _("You cannot deactivate your own account.")
    if not user.is_active:
        return _("This account is already deactivated.")
    if user.is_superuser or user.is_staff:
        return _("A site administrator's account is deactivated in the administration site only.")
    managed = set(offices_managed_by(actor).values_list("pk", flat=True))
    elsewhere = Office.objects.filter(staff_roles__user=user).exclude(pk__in=managed).distinct().order_by("code")
    if elsewhere.exists():
        return _(
            "%(name)s also holds roles at %(offices)s, whose staff you do not run: take away their roles here "
            "instead, or ask an office administrator who runs those offices to deactivate the account."
        ) % {"name": user.full_name, "offices": ", ".join(o.name for o in elsewhere)}
    return ""


def _refuse(refusal: str, *, done_already: bool) -> None:
    """Raise `refusal` if there is one: a conflict when the account is already as asked (a second click or tab),
    else a plain refusal."""
    if refusal:
        raise StateConflict(refusal) if done_already else ValidationError(refusal)


def _active_logged(user, *, actor, office, **details) -> None:
    """The account's switch of `is_active` (already saved) in the history of `office`, with `details`."""
    before, after = (not user.is_active), user.is_active
    LogEntry.objects.log_create(
        user,
        action=LogEntry.Action.UPDATE,
        changes={"is_active": [str(before), str(after)]},
        additional_data={"office": office.pk, **details},
        actor=actor,
        force_log=True,
    )


def staff_deactivate(*, office, actor, user) -> Deactivation:
    """A leaver: the account is deactivated (no more log-in: its sessions end, since an inactive user is no
    longer authenticated) and its roles at the offices `actor` runs are removed; the open work it held there is
    put back for reassignment (the submissions stay, unassigned). The history of `office` keeps the
    deactivation with what was released; each removed role is kept in the history of its office."""
    _require(actor, office)
    with transaction.atomic(), audit_actor(actor):
        office = _office_locked(office)
        user = User.objects.select_for_update().get(pk=user.pk)
        _refuse(deactivate_refusal(office=office, actor=actor, user=user), done_already=not user.is_active)
        managed = list(offices_managed_by(actor).filter(staff_roles__user=user).distinct())
        ids = sorted({o.pk for o in managed} | {office.pk})
        released = _open_work_release(user, ids)
        roles = list(OfficeRole.objects.filter(user=user, office_id__in=ids))
        for role in roles:
            role.delete()
        user.is_active = False
        user.save(update_fields=["is_active"])
        _forget_roles(user)
        _active_logged(user, actor=actor, office=office, released=released)
    return Deactivation(user=user, roles_removed=len(roles), released=released)


# --- reactivating a colleague who came back ---------------------------------------------------------------


def reactivate_refusal(*, office, actor, user) -> str:
    """Why `actor` may not reactivate `user` from `office`'s staff page ("" when they may)."""
    if user.is_active:
        return _("This account is active already.")
    if user.is_superuser or user.is_staff:
        return _("A site administrator's account is reactivated in the administration site only.")
    here = OfficeRole.objects.filter(office=office, user=user).exists()
    if not here and user.pk not in set(deactivated_here(office)):
        return _("This account was not deactivated from this office's staff page.")
    return ""


def staff_reactivate(*, office, actor, user, roles) -> list[str]:
    """A colleague who came back: the account deactivated from `office`'s staff page may log in again (with the
    password and two-factor device it had), with `roles` (at least one) at `office`. Answers the roles given. The
    history of `office` keeps the reactivation, each role given is kept as an OfficeRole created. Nothing of the
    work released at the deactivation comes back by itself: the coordinator assigns it again."""
    _require(actor, office)
    wanted = _clean_roles(roles or [])  # at least one: a colleague without a role has no work here
    with transaction.atomic(), audit_actor(actor):
        office = _office_locked(office)
        user = User.objects.select_for_update().get(pk=user.pk)
        _refuse(reactivate_refusal(office=office, actor=actor, user=user), done_already=user.is_active)
        user.is_active = True
        user.save(update_fields=["is_active"])
        held = set(OfficeRole.objects.filter(office=office, user=user).values_list("role", flat=True))
        added = [role for role in ROLE_ORDER if role in wanted and role not in held]
        for role in added:
            OfficeRole.objects.create(user=user, office=office, role=role)
        _forget_roles(user)
        _active_logged(user, actor=actor, office=office, roles=added)
    return added


# --- the history page ----------------------------------------------------------------------------------------


def history_offices(office, *, below: bool) -> list[Office]:
    """The offices whose changes the history of `office` shows: itself, and with `below` the offices it
    supervises (every office for BPS RI, the regencies for a province office)."""
    if not below or office.level == OfficeLevel.REGENCY:
        return [office]
    if office.level == OfficeLevel.CENTRAL:
        return list(Office.objects.order_by("code"))
    return [office, *Office.objects.filter(parent=office).order_by("code")]


def history_may_include_below(office) -> bool:
    return office.level in (OfficeLevel.CENTRAL, OfficeLevel.PROVINCE)


@dataclass
class HistoryRow:
    when: object
    who: str
    office: str
    what: str  # the kind of object
    name: str  # the object
    action: str
    changes: list[tuple[str, str, str]]  # (field, before, after)
    released: list[str]


def _field_of(model, name):
    try:
        found = model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - a field the model no longer has is shown by its name
        return None
    return found if getattr(found, "concrete", False) else None


def history_rows(entries, offices) -> list[HistoryRow]:
    """The rows of a page of LogEntry: who, when, what, before → after per field. Choices show their label,
    related objects their name (one query per related model for the whole page)."""
    entries = list(entries)
    codes = {o.pk: o.code for o in offices}
    actions = {
        LogEntry.Action.CREATE: _("created"),
        LogEntry.Action.UPDATE: _("changed"),
        LogEntry.Action.DELETE: _("deleted"),
        LogEntry.Action.ACCESS: _("opened"),
    }
    wanted: dict = {}
    for entry in entries:
        model = entry.content_type.model_class()
        for name, values in (entry.changes_dict or {}).items():
            fld = _field_of(model, name) if model else None
            if fld is not None and fld.is_relation and fld.many_to_one:
                for value in values:
                    if value not in (None, "None", ""):
                        wanted.setdefault(fld.related_model, set()).add(value)
    names = {}
    for related, pks in wanted.items():
        valid = [pk for pk in pks if str(pk).isdigit()]
        for obj in related._default_manager.filter(pk__in=valid):
            names[related, str(obj.pk)] = str(obj)
    rows = []
    for entry in entries:
        model = entry.content_type.model_class()
        changes = []
        for name, values in (entry.changes_dict or {}).items():
            if name == "id":
                continue
            fld = _field_of(model, name) if model else None
            before, after = (list(values) + ["", ""])[:2]

            def show(value, fld=fld):
                if value in (None, "None"):
                    return ""
                if fld.is_relation and fld.many_to_one:
                    return names.get((fld.related_model, str(value)), str(value))
                if fld.choices:
                    return str(dict(fld.choices).get(value, value))
                if fld.get_internal_type() == "BooleanField":
                    return _("yes") if value in ("True", True) else _("no")
                return str(value)

            if fld is None:
                continue  # a field the model no longer has, or a relation kept by its other side
            shown = (show(before), show(after))
            if shown != ("", ""):
                changes.append((str(fld.verbose_name), *shown))
        data = entry.additional_data or {}
        rows.append(
            HistoryRow(
                when=entry.timestamp,
                who=(entry.actor.full_name or entry.actor.email) if entry.actor else _("the system"),
                office=codes.get(data.get("office"), ""),
                what=str(model._meta.verbose_name) if model else entry.content_type.model,
                name=entry.object_repr,
                action=str(actions.get(entry.action, entry.action)),
                changes=changes,
                released=list(data.get("released") or []),
            )
        )
    return rows
