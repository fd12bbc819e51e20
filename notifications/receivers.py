"""The outbox's answers to the signals of the layers below it (connected in NotificationsConfig.ready): the
messages a core step causes, queued in that step's transaction."""

from django.conf import settings
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone, translation

from romantik.enums import MEMBERSHIP_VERIFIER_ROLES, Role
from romantik.selectors import office_for_agency, staff_with_roles
from romantik.signals import membership_decided, membership_pending, staff_invited

from .services import message_queue


@receiver(membership_pending, dispatch_uid="notifications.membership_pending")
def tell_verifiers(sender, *, membership, office, **kwargs):
    user, agency = membership.user, membership.agency
    for officer in staff_with_roles(office, MEMBERSHIP_VERIFIER_ROLES):
        message_queue(
            template="membership_pending",
            recipient=officer,
            context={
                "applicant": user.full_name,
                "applicant_email": user.email,
                "agency": agency.name,
                "office": office.name,
                "url": reverse("membership_queue", kwargs={"code": office.code}),
            },
            idempotency_key=f"membership-pending:{membership.pk}:{agency.pk}:{officer.pk}:{timezone.now():%Y%m%d}",
            subject_ref=f"romantik.agencymembership:{membership.pk}",
            office=office,
        )


@receiver(membership_decided, dispatch_uid="notifications.membership_decided")
def tell_the_member(sender, *, membership, approved, note, **kwargs):
    message_queue(
        template="membership_verified" if approved else "membership_rejected",
        recipient=membership.user,
        context={"agency": membership.agency.name, "note": note, "url": reverse("start")},
        idempotency_key=f"membership-decided:{membership.pk}:{membership.decided_at.isoformat()}",
        subject_ref=f"romantik.agencymembership:{membership.pk}",
        office=office_for_agency(membership.agency),
    )


@receiver(staff_invited, dispatch_uid="notifications.staff_invited")
def invite_the_colleague(sender, *, user, office, actor, roles, set_password_url, **kwargs):
    with translation.override(user.language):  # the roles in the words the colleague reads
        labels = {role: str(label) for role, label in Role.choices}
    message_queue(
        template="staff_invitation",
        recipient=user,
        context={
            "name": user.full_name,
            "email": user.email,
            "office": office.name,
            "officer": actor.full_name or actor.email,
            "roles": ", ".join(str(labels[role]) for role in roles),
            "days": max(settings.PASSWORD_RESET_TIMEOUT // 86400, 1),
            "url": set_password_url,
            "login_url": reverse("account_login"),
            "reset_url": reverse("account_reset_password"),
            "workspace_url": reverse("office_workspace", kwargs={"code": office.code}),
        },
        idempotency_key=f"staff-invitation:{office.pk}:{user.pk}:{timezone.now().isoformat()}",
        subject_ref=f"romantik.user:{user.pk}",
        office=office,
    )
