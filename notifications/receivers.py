"""The outbox's answers to the signals of the layers below it (connected in NotificationsConfig.ready): the
messages a core step causes, queued in that step's transaction."""

from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone

from romantik.enums import MEMBERSHIP_VERIFIER_ROLES
from romantik.selectors import office_for_agency, staff_with_roles
from romantik.signals import membership_decided, membership_pending

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
