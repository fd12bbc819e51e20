"""Agencies as master data (issue 18): a curated list per region, kept by the office responsible for the region.

An agency on the list (`Agency.verified`, never merged) is what the sign-up page and the front desk offer; a person
whose agency is not listed proposes it (`agency_propose`: unverified, `proposed_by`), and the responsible office
approves the proposal (`agency_approve`), corrects it (`agency_update`: name, acronym, level, region, parent,
e-mail domains) or merges it into the agency it duplicates (`agency_merge`: every membership and every row of
every model that points to the duplicate moves, in one transaction, and the merge is logged with what moved).

Who may (django-rules, registered here and loaded by `RomantikConfig.ready`):
- `romantik.review_agencies` (an office): the office's agency page. Its membership verifiers (front desk,
  coordinator, office admin) and whoever manages the office (`romantik.manage_office`).
- `romantik.approve_agency` (an agency): the same people, of the agency's responsible office: whoever verifies
  a person's link to an agency may also put the agency on the list.
- `romantik.curate_agency` (an agency): `romantik.manage_office` of the responsible office (the office admin of
  that office, of its province office, of BPS RI): edit and merge.

Every change of an agency is in the history of its responsible office (django-auditlog, romantik/audit.py;
`Agency.get_additional_data`); a merge is one explicit entry with the counts moved. Romantik stands at the bottom
of the layers: the merge finds the rows to move through the model's reverse relations, so that an app above
(submissions, complaints, the catalogue) is never named here and a later app's foreign key is never forgotten.
"""

from dataclasses import dataclass

import rules
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from .audit import audit_actor
from .enums import MEMBERSHIP_VERIFIER_ROLES, AgencyLevel, RegionLevel
from .models import EMAIL_DOMAIN_RE, Agency, Region
from .refusals import StateConflict
from .rules import manages_office
from .selectors import office_for_agency, office_for_region, user_has_office_role
from .signals import agency_merged

MERGE_CHAIN_MAX = 20  # merged_into hops followed before giving up (a chain is flattened by every merge)


# --- who may ----------------------------------------------------------------------------------------------


@rules.predicate
def reviews_agencies_of(user, office) -> bool:
    """The office's membership verifiers and those who manage the office."""
    if office is None:
        return False
    return user_has_office_role(user, office, MEMBERSHIP_VERIFIER_ROLES) or manages_office(user, office)


@rules.predicate
def may_approve_agency(user, agency) -> bool:
    return agency is not None and reviews_agencies_of(user, office_for_agency(agency))


@rules.predicate
def may_curate_agency(user, agency) -> bool:
    return agency is not None and manages_office(user, office_for_agency(agency))


rules.add_perm("romantik.review_agencies", reviews_agencies_of | rules.is_superuser)
rules.add_perm("romantik.approve_agency", may_approve_agency | rules.is_superuser)
rules.add_perm("romantik.curate_agency", may_curate_agency | rules.is_superuser)


# --- reads ------------------------------------------------------------------------------------------------


def listed_agencies() -> QuerySet[Agency]:
    """The curated list: approved agencies that were not merged into another."""
    return Agency.objects.filter(verified=True, merged_into__isnull=True)


def agency_final(agency: Agency) -> Agency:
    """The agency that stands for `agency` today: itself, or the one it was merged into (followed to the end)."""
    for _hop in range(MERGE_CHAIN_MAX):
        if agency.merged_into_id is None:
            return agency
        agency = Agency.objects.get(pk=agency.merged_into_id)
    return agency


def email_domains_clean(text_or_list) -> list[str]:
    """E-mail domains typed one a line, or separated by commas or spaces ("@kotimkab.go.id" is accepted), as the
    model keeps them: lower case, each once, in the order given. Refuses what is not a domain."""
    if isinstance(text_or_list, list | tuple):
        items = text_or_list
    else:
        items = str(text_or_list or "").replace(",", " ").split()
    domains = []
    for item in items:
        domain = str(item).strip().lower().lstrip("@").rstrip(".")
        if not domain:
            continue
        if not EMAIL_DOMAIN_RE.match(domain):
            raise ValidationError(
                _("“%(domain)s” is not an e-mail domain such as kotimkab.go.id."),
                params={"domain": domain[:100]},
                code="invalid",
            )
        if domain not in domains:
            domains.append(domain)
    return domains


def level_region_refusal(level: str, region: Region | None) -> tuple[str, str] | None:
    """Why a level and a region do not go together, as (the field at fault: "level" or "region", the message)."""
    if not level:
        return "level", _("Choose the level of the agency.")
    if level == AgencyLevel.CENTRAL and region is not None:
        return "region", _("A central-government agency has no region; leave this empty.")
    if level == AgencyLevel.PROVINCE and (region is None or region.level != RegionLevel.PROVINCE):
        return "region", _("Choose the province of this provincial government.")
    if level == AgencyLevel.REGENCY and (region is None or region.level != RegionLevel.REGENCY):
        return "region", _("Choose the regency/city of this local government.")
    return None


def agency_references(agency: Agency) -> list[tuple[str, int]]:
    """What points to `agency`, by kind, with how many rows: what a merge would move (its members first)."""
    counts = []
    for relation in _reverse_relations():
        count = _referring(relation, agency).count()
        if count:
            counts.append((_relation_label(relation), count))
    return counts


# --- writes -----------------------------------------------------------------------------------------------


def _require(actor, perm: str, obj) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied


def agency_propose(*, name: str, level: str, region: Region | None, proposed_by=None, acronym: str = "") -> Agency:
    """An agency nobody found on the list: a proposal (unverified, `proposed_by`) for the responsible office to
    review. The agency already known by that name in that region (or a listed one whose acronym was typed as the
    name, "Bappeda") is answered instead, and a merged one by the agency it was merged into."""
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Type the agency's name.")})
    refusal = level_region_refusal(level, region)
    if refusal:
        raise ValidationError({refusal[0]: refusal[1]})
    existing = Agency.objects.filter(name__iexact=name, region=region).first()
    if existing is None:
        existing = listed_agencies().filter(acronym__iexact=name, region=region).order_by("pk").first()
    if existing is not None:
        return agency_final(existing)
    with transaction.atomic(), audit_actor(proposed_by):
        return Agency.objects.create(
            name=name[:200],
            acronym=" ".join((acronym or "").split())[:30],
            level=level,
            region=region,
            proposed_by=proposed_by,
        )


def agency_approve(*, agency: Agency, actor) -> Agency:
    """The responsible office puts a proposed agency on the list. Approving a listed agency changes nothing."""
    _require(actor, "romantik.approve_agency", agency)
    with transaction.atomic(), audit_actor(actor):
        agency = Agency.objects.select_for_update().get(pk=agency.pk)
        if agency.merged_into_id is not None:
            raise StateConflict(f"agency {agency.pk} was merged into {agency.merged_into_id}")
        if not agency.verified:
            agency.verified = True
            agency.save(update_fields=["verified"])
    return agency


def _ancestors(agency: Agency | None) -> set[int]:
    seen = set()
    while agency is not None and agency.pk not in seen and len(seen) < MERGE_CHAIN_MAX:
        seen.add(agency.pk)
        agency = agency.parent
    return seen


def agency_update(
    *,
    agency: Agency,
    actor,
    name: str,
    acronym: str,
    level: str,
    region: Region | None,
    parent: Agency | None,
    email_domains,
) -> Agency:
    """The responsible office corrects an agency of its list (or a proposal before approving it). A new region
    served by another office needs the actor to manage that office too: the agency moves to its list."""
    _require(actor, "romantik.curate_agency", agency)
    with transaction.atomic(), audit_actor(actor):
        agency = Agency.objects.select_for_update().get(pk=agency.pk)
        if agency.merged_into_id is not None:
            raise StateConflict(f"agency {agency.pk} was merged into {agency.merged_into_id}")
        errors = {}
        refusal = level_region_refusal(level, region)
        if refusal:
            errors[refusal[0]] = refusal[1]
        if region != agency.region:
            target = office_for_region(region)
            if target != office_for_agency(agency) and not actor.has_perm("romantik.manage_office", target):
                errors["region"] = _(
                    "That region is served by %(office)s, whose list you do not keep: ask its office administrator "
                    "to move the agency there."
                ) % {"office": target.name}
        if parent is not None:
            if parent.pk == agency.pk or agency.pk in _ancestors(parent):
                errors["parent"] = _("An agency cannot be part of itself or of an agency that is part of it.")
            elif parent.merged_into_id is not None:
                errors["parent"] = _("%(agency)s was merged into another agency; choose that one.") % {
                    "agency": parent.name
                }
        try:
            domains = email_domains_clean(email_domains)
        except ValidationError as error:
            errors["email_domains"] = error.messages
            domains = []
        name = " ".join((name or "").split())
        if name and Agency.objects.filter(name__iexact=name, region=region).exclude(pk=agency.pk).exists():
            errors["name"] = _("Another agency of this region already has this name: merge them instead.")
        if not name:
            errors["name"] = _("Type the agency's name.")
        if errors:
            raise ValidationError(errors)
        agency.name, agency.acronym = name[:200], " ".join((acronym or "").split())[:30]
        agency.level, agency.region, agency.parent, agency.email_domains = level, region, parent, domains
        agency.save(update_fields=["name", "acronym", "level", "region", "parent", "email_domains"])
    return agency


@dataclass(frozen=True)
class Merge:
    duplicate: Agency
    into: Agency
    moved: list[tuple[str, int]]  # (what, how many rows), as agency_references

    def count(self, label: str) -> int:
        return dict(self.moved).get(label, 0)


def merge_refusal(*, duplicate: Agency, into: Agency, actor) -> str:
    """Why `actor` may not merge `duplicate` into `into` now (an empty text: they may)."""
    if duplicate.pk == into.pk:
        return _("An agency cannot be merged into itself; choose the agency it duplicates.")
    if duplicate.merged_into_id is not None:
        return _("%(agency)s was already merged into another agency.") % {"agency": duplicate.name}
    if into.merged_into_id is not None:
        final = agency_final(into)
        return _("%(agency)s was itself merged into %(final)s: merge into %(final)s instead.") % {
            "agency": into.name,
            "final": final.name,
        }
    if not into.verified:
        return _("%(agency)s is not on the list yet: approve it first, or choose a listed agency.") % {
            "agency": into.name
        }
    here, there = office_for_agency(duplicate), office_for_agency(into)
    if here != there and not (
        actor.has_perm("romantik.manage_office", here) and actor.has_perm("romantik.manage_office", there)
    ):
        return _(
            "%(duplicate)s is served by %(here)s and %(into)s by %(there)s: only an administrator who manages both "
            "offices (their province office, or BPS RI) can merge them."
        ) % {"duplicate": duplicate.name, "here": here.name, "into": into.name, "there": there.name}
    return ""


def agency_merge(*, duplicate: Agency, into: Agency, actor) -> Merge:
    """Merge a duplicate into the listed agency it duplicates, in one transaction: every row of every model that
    points to the duplicate (its members, their submissions, guest-book entries, catalogue entries, the agencies
    that are part of it or were merged into it) points to `into` afterwards; the duplicate keeps its row with
    `merged_into`, so that a proposal of its name finds `into`; its acronym and e-mail domains join `into`'s where
    `into` lacks them. The history of the responsible office (of both, if they differ) keeps one entry with what
    moved. A repeated request (the duplicate already merged into `into`) changes nothing."""
    _require(actor, "romantik.curate_agency", duplicate)
    with transaction.atomic(), audit_actor(actor):
        rows = Agency.objects.select_for_update().filter(pk__in=[duplicate.pk, into.pk]).order_by("pk")
        locked = {agency.pk: agency for agency in rows}
        duplicate, into = locked[duplicate.pk], locked[into.pk]
        if duplicate.merged_into_id == into.pk:
            return Merge(duplicate=duplicate, into=into, moved=[])
        refusal = merge_refusal(duplicate=duplicate, into=into, actor=actor)
        if refusal:
            raise ValidationError(refusal)
        moved = []
        for relation in _reverse_relations():
            count = _move(relation, duplicate, into)
            if count:
                moved.append((_relation_label(relation), count))
        Agency.objects.filter(pk=duplicate.pk).update(merged_into=into)
        duplicate.merged_into = into
        into.refresh_from_db()
        changed = []
        if not into.acronym and duplicate.acronym:
            into.acronym = duplicate.acronym
            changed.append("acronym")
        extra = [d for d in duplicate.email_domains or [] if d not in (into.email_domains or [])]
        if extra:
            into.email_domains = [*(into.email_domains or []), *extra]
            changed.append("email_domains")
        if changed:
            into.save(update_fields=changed)
        # The layers above rewrite what they derived from the duplicate (the catalogue's search text).
        agency_merged.send(sender=Agency, duplicate=duplicate, into=into, actor=actor)
        summary = ", ".join(f"{label}: {count}" for label, count in moved) or _("nothing")
        offices = {office_for_agency(duplicate).pk, office_for_agency(into).pk}
        for office_pk in sorted(offices):
            LogEntry.objects.log_create(
                duplicate,
                action=LogEntry.Action.UPDATE,
                changes={"merged_into": ["None", str(into.pk)]},
                object_repr=_("%(duplicate)s → %(into)s (moved: %(summary)s)")
                % {"duplicate": duplicate.name, "into": into.name, "summary": summary},
                additional_data={
                    "office": office_pk,
                    "merged_into": into.pk,
                    "moved": {label: count for label, count in moved},
                },
                actor=actor,
                force_log=True,
            )
    return Merge(duplicate=duplicate, into=into, moved=moved)


# --- the relations a merge moves ----------------------------------------------------------------------------


def _reverse_relations():
    """Every relation of another model (or of Agency itself) to Agency, hidden ones too (related_name="+", as the
    guest book's): `_meta.related_objects` leaves those out. Memberships first: the page names them first."""
    relations = [
        f
        for f in Agency._meta.get_fields(include_hidden=True)
        if f.auto_created and not f.concrete and (f.one_to_many or f.one_to_one or f.many_to_many)
    ]
    return sorted(relations, key=lambda r: (r.related_model._meta.model_name != "agencymembership", _relation_key(r)))


def _relation_key(relation) -> str:
    return f"{relation.related_model._meta.label_lower}.{relation.field.name}"


def _relation_label(relation) -> str:
    """Its model's plural name; with the field's name when the model points to Agency more than once (Agency's
    `parent` and `merged_into`)."""
    model = relation.related_model
    plural = str(model._meta.verbose_name_plural)
    others = [f for f in model._meta.get_fields() if f.concrete and f.is_relation and f.related_model is Agency]
    if len(others) > 1:
        return f"{plural} ({relation.field.verbose_name})"
    return plural


def _referring(relation, agency):
    if relation.many_to_many:
        through = relation.through
        return through._base_manager.filter(**{relation.field.m2m_reverse_field_name(): agency})
    return relation.related_model._base_manager.filter(**{relation.field.name: agency})


def _move(relation, duplicate: Agency, into: Agency) -> int:
    name = relation.field.name
    if relation.many_to_many:
        through = relation.through
        to_agency, to_source = relation.field.m2m_reverse_field_name(), relation.field.m2m_field_name()
        rows = through._base_manager.filter(**{to_agency: duplicate})
        already = through._base_manager.filter(**{to_agency: into}).values_list(f"{to_source}_id", flat=True)
        count = rows.count()
        rows.filter(**{f"{to_source}_id__in": list(already)}).delete()  # the link exists on `into` already
        through._base_manager.filter(**{to_agency: duplicate}).update(**{to_agency: into})
        return count
    rows = relation.related_model._base_manager.filter(**{name: duplicate})
    if relation.related_model is Agency:
        rows = rows.exclude(pk=into.pk)  # `into` itself part of the duplicate: it takes the duplicate's parent
        if name == "parent" and into.parent_id == duplicate.pk:
            Agency.objects.filter(pk=into.pk).update(parent=duplicate.parent_id)
    if relation.one_to_one and rows.exists() and relation.related_model._base_manager.filter(**{name: into}).exists():
        raise ValidationError(
            _("Both agencies have a %(what)s, and an agency has only one: remove one of them first.")
            % {"what": relation.related_model._meta.verbose_name}
        )
    return rows.update(**{name: into})
