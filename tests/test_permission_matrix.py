"""The permission matrix (issue 9, security): every URL pattern of the project, tried by eight actors —
anonymous, a user of agency A, of agency B, the front desk, a reviewer and the head of office X, a reviewer of
office Y and a site admin — each expected to get one outcome:

* ``ok``: 2xx, a 3xx that is not to a log-in page, or 400/409/422 (the request reached the form, which refused
  the empty input: pages and actions are tried with an empty POST, never with one that would do the action);
* ``login``: a redirect to the log-in page (allauth's, or the admin's), or 401 from the API without a token;
* ``deny``: 403 or 404 (404 where the object belongs to another office or agency, so ids tell nothing);
* ``refused``: a redirect back with a warning or error message ("nothing changed"), how the review, letter
  and message pages answer a forged action of someone who may see the page but not do the action;
* ``405``: the wrong HTTP method.

Every request runs in a savepoint that is rolled back, so each actor meets the same world; whenever the
outcome is not ``ok``, nothing may have changed: the request wrote to no table `fingerprint` reads (`Writes` sees
each statement as it is sent; `fingerprint` then names what changed). A URL pattern that is not in `MATRIX` fails
`test_every_url_is_in_the_matrix`: a new page must say who may open it. Third-party pages (allauth, the
Django admin) are listed as such; a few of them are tried.
"""

import dataclasses
import re
from collections import Counter
from collections.abc import Callable
from functools import cached_property
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.messages import WARNING, get_messages
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from tests.matrix_world import (
    ACTORS,
    AGENCY_A,
    AGENCY_B,
    ANONYMOUS,
    FRONT_DESK_X,
    HEAD_X,
    REVIEWER_X,
    REVIEWER_Y,
    SITE_ADMIN,
    World,
)

OK, LOGIN, DENY, REFUSED, NOT_ALLOWED = "ok", "login", "deny", "refused", "405"
OUTCOMES = {OK, LOGIN, DENY, REFUSED, NOT_ALLOWED}
ALLAUTH = "allauth"
ADMIN_NAMESPACE = "admin"


def expect(default: str, **overrides: str) -> dict[str, str]:
    """The outcome of every actor: `default`, except those named."""
    assert set(overrides) <= set(ACTORS), set(overrides) - set(ACTORS)
    assert {default, *overrides.values()} <= OUTCOMES
    return {actor: overrides.get(actor, default) for actor in ACTORS}


@dataclasses.dataclass(frozen=True)
class Check:
    """One request per actor: `method` on the URL built from `kwargs(world)` (and `query`)."""

    method: str
    expect: dict[str, str]
    kwargs: Callable[[World], dict] | None = None
    query: Callable[[World], str] | str = ""
    api: bool = False  # agencies A and B send their personal token (the API ignores the session)
    multipart: bool = False  # API uploads: a multipart body instead of JSON
    label: str = ""


@dataclasses.dataclass(frozen=True)
class Entry:
    checks: tuple[Check, ...] = ()
    framework: str = ""  # a third-party page: listed, tried only where it has checks


def _prereview_rule() -> int:
    """A rule of the pre-review catalogue (the migration's, unless a transactional test flushed them)."""
    from prereview.models import Rule
    from prereview.services import rules_seed

    rules_seed()
    return Rule.objects.order_by("pk").values_list("pk", flat=True).first()


def get(expected, kwargs=None, **options) -> Check:
    return Check("get", expected, kwargs, **options)


def post(expected, kwargs=None, **options) -> Check:
    return Check("post", expected, kwargs, **options)


def patch(expected, kwargs=None, **options) -> Check:
    return Check("patch", expected, kwargs, **options)


def entry(*checks: Check) -> Entry:
    return Entry(checks=checks)


# --- who gets what, by kind of page ----------------------------------------------------------------------

PUBLIC = expect(OK)
SIGNED_IN = expect(OK, anonymous=LOGIN)
# A POST-only view under @login_required: the anonymous are sent to log in first, everyone else gets 405.
POST_ONLY = expect(NOT_ALLOWED, anonymous=LOGIN)
NOBODY = expect(DENY, anonymous=LOGIN)
# romantik.view_office_workspace: any role in the office, and the site admin.
OFFICE_X_STAFF = expect(DENY, anonymous=LOGIN, front_desk_x=OK, reviewer_x=OK, head_x=OK, site_admin=OK)
# submissions.view_submission of a submission past draft: its agency, its office's staff, the site admin.
SUBMISSION_VIEWERS = expect(
    DENY, anonymous=LOGIN, agency_a=OK, front_desk_x=OK, reviewer_x=OK, head_x=OK, site_admin=OK
)
# submissions.change_submission of an online draft: its agency only (the office does not see a draft).
DRAFT_EDITORS = expect(DENY, anonymous=LOGIN, agency_a=OK)
# submissions.withdraw_submission of an online submission under review: its agency; those who may see it but
# not withdraw it (the office, the site admin) are sent back with a message.
WITHDRAWERS = expect(
    DENY, anonymous=LOGIN, agency_a=OK, front_desk_x=REFUSED, reviewer_x=REFUSED, head_x=REFUSED, site_admin=REFUSED
)
# The review page (review.comment_submission): the office's staff.
REVIEW_STAFF = expect(DENY, anonymous=LOGIN, front_desk_x=OK, reviewer_x=OK, head_x=OK)
# A review action only the assigned reviewer (or the coordinator) may do; other staff are sent back.
ASSIGNED_REVIEWER = expect(DENY, anonymous=LOGIN, front_desk_x=REFUSED, reviewer_x=OK, head_x=REFUSED)
# submissions.view_front_desk: the desk works it; admin and coordinator look (and the site admin, by its rule).
FRONT_DESK_VIEWERS = expect(DENY, anonymous=LOGIN, front_desk_x=OK, site_admin=OK)
# submissions.run_front_desk, satisfaction.open_kiosk: the office's front desk.
FRONT_DESK_ONLY = expect(DENY, anonymous=LOGIN, front_desk_x=OK)
# Heads, coordinators and office admins (the IKM report, the office's messages), and the site admin.
OFFICE_X_MANAGEMENT = expect(DENY, anonymous=LOGIN, head_x=OK, site_admin=OK)
# letters.open_letter_to_sign / sign_letter: the head of the signing office.
SIGNING_HEAD = expect(DENY, anonymous=LOGIN, head_x=OK)
# Complaint handlers (handler, office admin, head): no site-admin exception (complaints/rules.py).
COMPLAINT_HANDLERS = expect(DENY, anonymous=LOGIN, head_x=OK)
# romantik.supervise_office (supervision pages): any office role, and the site admin; agencies none (403).
SUPERVISORS = expect(DENY, anonymous=LOGIN, front_desk_x=OK, reviewer_x=OK, head_x=OK, reviewer_y=OK, site_admin=OK)
# The complainant's pages: the signed-in person who filed it (or the browser session that filed it).
COMPLAINANT = expect(DENY, agency_a=OK)
# The API: a personal token of an agency user; staff have none, and a session alone is not accepted.
API_AGENCIES = expect(LOGIN, agency_a=OK, agency_b=OK)
API_AGENCY_A = expect(LOGIN, agency_a=OK, agency_b=DENY)
# handover.view_handover: the agency's verified members, the office's deciding staff, its supervisors, the site admin.
HANDOVER_VIEWERS = expect(DENY, agency_a=OK, front_desk_x=OK, reviewer_x=OK, head_x=OK, site_admin=OK)


def office_x(w):
    return {"code": w.office_x.code}


def office_x_person(w):
    """A person of office X's staff, on its staff pages."""
    return {"code": w.office_x.code, "pk": w.coordinator_x.pk}


def office_y(w):
    return {"code": w.office_y.code}


def office_x_agency(w):
    """An agency office X serves (agency B, which has a member), on its agency pages."""
    return {"code": w.office_x.code, "pk": w.agency_b.pk}


def draft(w):
    return {"pk": w.draft.pk}


def submitted(w):
    return {"pk": w.submitted.pk}


def in_review(w):
    return {"pk": w.in_review.pk}


def withdrawn(w):
    """Agency A's submission, withdrawn (made once per world): what may be started again from a copy."""
    if not hasattr(w, "_withdrawn"):
        from submissions.services import submission_withdraw

        a = w.people[AGENCY_A]
        w._withdrawn = submission_withdraw(submission=w._submitted("Survei Ditarik"), actor=a, reason="Tidak jadi.")
    return {"pk": w._withdrawn.pk}


def issued(w):
    return {"pk": w.issued.pk}


def draft_variable(w):
    return {"pk": w.draft.pk, "row": w.draft_variable.pk}


def draft_indicator(w):
    return {"pk": w.draft.pk, "row": w.draft_indicator.pk}


def issued_handover(w):
    """The hand-over the issued submission got from its letter (block VIII's release date)."""
    return {"pk": w.issued.pk, "handover": w.issued.handovers.get().pk}


def handover_item(*, received: bool):
    """A publication the agency handed over for the issued submission; with `received`, confirmed by the office."""

    def kwargs(w):
        from django.core.files.base import ContentFile

        from handover.enums import HandOverState
        from handover.models import HandOverItem
        from tests.factories import pdf_bytes

        handover = w.issued.handovers.get()
        item = HandOverItem(handover=handover, kind="publikasi", original_name="publikasi.pdf")
        item.file.save("publikasi.pdf", ContentFile(pdf_bytes()), save=True)
        if received:
            type(handover).objects.filter(pk=handover.pk).update(state=HandOverState.RECEIVED)
        return {"pk": w.issued.pk, "item": item.pk}

    return kwargs


def evidence_pack(*, office: bool):
    """A built EPSS evidence pack of agency A: office X's (`office`) or the agency's own (handover/evidence.py)."""

    def kwargs(w):
        from django.core.files.base import ContentFile

        from handover.models import EvidencePack

        pack = EvidencePack(agency=w.agency_a, office=w.office_x if office else None, year=2026, state="done")
        pack.file.save("bukti.zip", ContentFile(b"PK\x05\x06" + bytes(18)), save=True)
        return {"pk": pack.pk}

    return kwargs


def guest(w):
    return {"code": w.office_x.code, "pk": w.guest.pk}


def office_x_link(purpose, token=None):
    return lambda w: {"code": w.office_x.code, "token": token or w.office_link_tokens[purpose]}


def office_x_purpose(w):
    return {"code": w.office_x.code, "purpose": "kios"}


def complaint_number(w):
    return {"number": w.complaint.number}


def complaint_at_x(w):
    return {"code": w.office_x.code, "pk": w.complaint.pk}


def office_x_with_failed_message(w):
    w.failed_message  # noqa: B018 - there is something to resend
    return {"code": w.office_x.code}


def this_year(w):
    from django.utils import timezone

    w.survey_response  # noqa: B018 - the report has something to count
    return f"year={timezone.localdate().year}"


MATRIX: dict[str, Entry] = {
    # --- romantik: the core pages ------------------------------------------------------------------------
    "home": entry(get(PUBLIC)),
    "start": entry(get(SIGNED_IN)),
    "health": entry(get(PUBLIC)),
    # The pickers' JSON (romantik.pickers): reference data for anyone; one office's agencies for its staff.
    "picker_regions": entry(get(PUBLIC), get(PUBLIC, query="q=kota&level=kabkota&page=2", label="searched")),
    "picker_offices": entry(get(PUBLIC, query="q=62")),
    "picker_agencies": entry(
        get(PUBLIC, query="q=dinas"),
        get(
            expect(DENY, front_desk_x=OK, reviewer_x=OK, head_x=OK, site_admin=OK),
            query=lambda w: f"office={w.office_x.code}",
            label="one office's",
        ),
    ),
    "agency_dashboard": entry(get(SIGNED_IN)),
    "office_list": entry(get(PUBLIC)),
    "office_service": entry(get(PUBLIC, office_x)),
    "office_document": entry(get(PUBLIC, lambda w: {"code": w.office_x.code, "pk": w.office_document.pk})),
    "office_workspace": entry(
        get(OFFICE_X_STAFF, office_x),
        get(expect(DENY, anonymous=LOGIN, reviewer_y=OK, site_admin=OK), office_y, label="office Y"),
    ),
    # romantik.sign_for_office: the head (and the site admin); the POST signs the ticked letters (none ticked: 400).
    "office_signing": entry(
        get(expect(DENY, anonymous=LOGIN, head_x=OK, site_admin=OK), office_x),
        post(expect(DENY, anonymous=LOGIN, head_x=OK, site_admin=OK), office_x),
    ),
    "membership_queue": entry(get(OFFICE_X_STAFF, office_x)),
    # romantik.verify_membership: front desk, coordinator, office admin of the agency's office; site admin.
    "membership_decision": entry(
        post(
            expect(DENY, anonymous=LOGIN, front_desk_x=OK, site_admin=OK),
            lambda w: {"code": w.office_x.code, "pk": w.pending_membership.pk},
        ),
        get(POST_ONLY, lambda w: {"code": w.office_x.code, "pk": w.pending_membership.pk}),
    ),
    # romantik.manage_office: the office admin (not an actor here) and the site admin.
    "office_closures": entry(
        get(expect(DENY, anonymous=LOGIN, site_admin=OK), office_x),
        post(expect(DENY, anonymous=LOGIN, site_admin=OK), office_x),
    ),
    "office_closure_delete": entry(
        post(expect(DENY, anonymous=LOGIN, site_admin=OK), lambda w: {"code": w.office_x.code, "pk": w.closure.pk}),
        get(POST_ONLY, lambda w: {"code": w.office_x.code, "pk": w.closure.pk}),
    ),
    "office_documents": entry(
        get(expect(DENY, anonymous=LOGIN, site_admin=OK), office_x),
        post(expect(DENY, anonymous=LOGIN, site_admin=OK), office_x),
    ),
    # The pre-review catalogue (prereview.manage_rules): an office admin of BPS RI (none among the actors) and the
    # site admin; an empty POST is refused by the form.
    "prereview:rules": entry(get(expect(DENY, anonymous=LOGIN, site_admin=OK))),
    "prereview:rule_add": entry(
        get(expect(DENY, anonymous=LOGIN, site_admin=OK)), post(expect(DENY, anonymous=LOGIN, site_admin=OK))
    ),
    "prereview:rule_edit": entry(
        get(expect(DENY, anonymous=LOGIN, site_admin=OK), lambda w: {"pk": _prereview_rule()}),
        post(expect(DENY, anonymous=LOGIN, site_admin=OK), lambda w: {"pk": _prereview_rule()}),
    ),
    # Channels and reminders (romantik.manage_office): the site admin; its empty POST is refused by the form.
    "office_channels": entry(
        get(expect(DENY, anonymous=LOGIN, site_admin=OK), office_x),
        post(expect(DENY, anonymous=LOGIN, site_admin=OK), office_x),
    ),
    "office_document_delete": entry(
        post(
            expect(DENY, anonymous=LOGIN, site_admin=OK),
            lambda w: {"code": w.office_x.code, "pk": w.office_document.pk},
        ),
        get(POST_ONLY, lambda w: {"code": w.office_x.code, "pk": w.office_document.pk}),
    ),
    # The service standard's versions (romantik.manage_office): the site admin; its empty POST publishes nothing.
    "office_standard": entry(
        get(expect(DENY, anonymous=LOGIN, site_admin=OK), office_x),
        post(expect(DENY, anonymous=LOGIN, site_admin=OK), office_x),
    ),
    # romantik.manage_office (the matrix has no office admin among its actors): the site admin only.
    "office_staff": entry(get(expect(DENY, anonymous=LOGIN, site_admin=OK), office_x)),
    "office_staff_invite": entry(
        get(expect(DENY, anonymous=LOGIN, site_admin=OK), office_x),
        post(expect(DENY, anonymous=LOGIN, site_admin=OK), office_x),
    ),
    "office_staff_person": entry(
        get(expect(DENY, anonymous=LOGIN, site_admin=OK), office_x_person),
        post(expect(DENY, anonymous=LOGIN, site_admin=OK), office_x_person),
    ),
    "office_staff_deactivate": entry(
        get(expect(DENY, anonymous=LOGIN, site_admin=OK), office_x_person),
        post(expect(DENY, anonymous=LOGIN, site_admin=OK), office_x_person),
    ),
    "office_staff_reactivate": entry(
        get(expect(DENY, anonymous=LOGIN, site_admin=OK), office_x_person),
        post(expect(DENY, anonymous=LOGIN, site_admin=OK), office_x_person),
    ),
    # romantik.supervise_office: any role at office X (or above it), and the site admin.
    "office_history": entry(get(OFFICE_X_STAFF, office_x)),
    # The office's agency list (romantik.review_agencies / approve_agency): its membership verifiers (the front
    # desk here) and its administrators; editing and merging (romantik.curate_agency): its administrators only.
    "office_agencies": entry(
        get(expect(DENY, anonymous=LOGIN, front_desk_x=OK, site_admin=OK), office_x),
        get(expect(DENY, anonymous=LOGIN, site_admin=OK), office_y, label="office Y"),
    ),
    "office_agency_approve": entry(
        post(expect(DENY, anonymous=LOGIN, front_desk_x=OK, site_admin=OK), office_x_agency),
        get(POST_ONLY, office_x_agency),
    ),
    "office_agency_edit": entry(
        get(expect(DENY, anonymous=LOGIN, site_admin=OK), office_x_agency),
        post(expect(DENY, anonymous=LOGIN, site_admin=OK), office_x_agency),
    ),
    "office_agency_merge": entry(
        get(expect(DENY, anonymous=LOGIN, site_admin=OK), office_x_agency),
        post(expect(DENY, anonymous=LOGIN, site_admin=OK), office_x_agency),
    ),
    # --- notifications -----------------------------------------------------------------------------------
    "notification_preferences": entry(get(SIGNED_IN), post(SIGNED_IN)),
    "office_messages": entry(get(OFFICE_X_MANAGEMENT, office_x)),
    # The head may look but not resend: sent back with a message; the office admin and the site admin resend.
    "office_message_resend": entry(
        post(
            expect(DENY, anonymous=LOGIN, head_x=REFUSED, site_admin=OK),
            lambda w: {"code": w.office_x.code, "pk": w.failed_message.pk},
        ),
        get(POST_ONLY, lambda w: {"code": w.office_x.code, "pk": w.failed_message.pk}),
    ),
    "office_messages_resend_failed": entry(
        post(
            expect(DENY, anonymous=LOGIN, head_x=REFUSED, site_admin=OK),
            office_x_with_failed_message,
        ),
        get(POST_ONLY, office_x),
    ),
    # --- api: the token page (web) -------------------------------------------------------------------------
    "api_tokens": entry(
        get(SIGNED_IN),
        # api.manage_tokens: users linked to an agency; staff may not make tokens. The site admin reaches
        # the form, which refuses it (400: no agency).
        post(expect(DENY, anonymous=LOGIN, agency_a=OK, agency_b=OK, site_admin=OK)),
    ),
    "api_token_revoke": entry(
        post(expect(DENY, anonymous=LOGIN, agency_a=OK), lambda w: {"pk": w.token_a.pk}),
        get(POST_ONLY, lambda w: {"pk": w.token_a.pk}),
    ),
    # --- submissions: the agency's form ------------------------------------------------------------------
    "submissions:list": entry(get(SIGNED_IN)),
    # Staff and the site admin are sent to the dashboard: their account is not linked to an agency.
    "submissions:new": entry(
        get(expect(REFUSED, anonymous=LOGIN, agency_a=OK, agency_b=OK)),
        post(expect(REFUSED, anonymous=LOGIN, agency_a=OK, agency_b=OK)),
    ),
    "submissions:overview": entry(
        get(SUBMISSION_VIEWERS, in_review),
        # An online draft is the agency's own business: the office does not see it before it is submitted.
        get(expect(DENY, anonymous=LOGIN, agency_a=OK, site_admin=OK), draft, label="draft"),
    ),
    "submissions:submit": entry(
        # The site admin may look at a draft (its rule) but not submit it: sent back with a message.
        post(DRAFT_EDITORS | {SITE_ADMIN: REFUSED}, draft),
        get(POST_ONLY, draft),
    ),
    # Tarik kembali: the agency (an empty POST is refused at the form); the office may look but is sent back.
    "submissions:withdraw": entry(
        get(WITHDRAWERS, in_review),
        post(WITHDRAWERS, in_review),
    ),
    # Renewing a recurring activity's issued layak recommendation for the next period: its agency's verified members
    # (an empty POST lacks the period: 400); those who may see it but not renew it are sent back with a message.
    "submissions:renew": entry(
        get(WITHDRAWERS, issued),
        post(WITHDRAWERS, issued),
    ),
    # Deleting a draft never submitted: its agency (an empty POST only asks again, 400); the site admin, who may
    # look at it, is sent back; the office never sees the draft.
    # Start again from a copy of a withdrawn (or closed) submission: its agency; those who may see it but not copy
    # it (the office, the site admin) are sent back with a message.
    "submissions:restart": entry(
        get(WITHDRAWERS, withdrawn),
        post(WITHDRAWERS, withdrawn),
    ),
    "submissions:delete": entry(
        get(expect(DENY, anonymous=LOGIN, agency_a=OK, site_admin=REFUSED), draft),
        post(expect(DENY, anonymous=LOGIN, agency_a=OK, site_admin=REFUSED), draft),
    ),
    "submissions:section": entry(
        get(SUBMISSION_VIEWERS, lambda w: {"pk": w.in_review.pk, "key": "header"}),
        post(DRAFT_EDITORS, lambda w: {"pk": w.draft.pk, "key": "header"}),
        # Under review nobody edits the form: not the agency, not the office.
        post(NOBODY, lambda w: {"pk": w.in_review.pk, "key": "header"}, label="in review"),
    ),
    # JSON: 401 instead of the log-in redirect, so the page keeps what was typed.
    "submissions:autosave": entry(
        post(DRAFT_EDITORS, lambda w: {"pk": w.draft.pk, "key": "header"}),
        get(expect(NOT_ALLOWED), lambda w: {"pk": w.draft.pk, "key": "header"}),
    ),
    "submissions:variables_template": entry(get(PUBLIC, lambda w: {"fmt": "csv"})),
    "submissions:variables": entry(get(SUBMISSION_VIEWERS, in_review)),
    "submissions:variable_add": entry(
        get(DRAFT_EDITORS, draft),
        post(DRAFT_EDITORS, draft),
        get(NOBODY, in_review, label="in review"),
    ),
    "submissions:variable_edit": entry(get(DRAFT_EDITORS, draft_variable), post(DRAFT_EDITORS, draft_variable)),
    "submissions:variable_delete": entry(get(DRAFT_EDITORS, draft_variable), post(DRAFT_EDITORS, draft_variable)),
    "submissions:variable_move": entry(post(DRAFT_EDITORS, draft_variable), get(POST_ONLY, draft_variable)),
    "submissions:variables_import": entry(post(DRAFT_EDITORS, draft), get(POST_ONLY, draft)),
    "submissions:variables_export": entry(get(SUBMISSION_VIEWERS, lambda w: {"pk": w.in_review.pk, "fmt": "csv"})),
    "submissions:indicators": entry(get(SUBMISSION_VIEWERS, in_review)),
    "submissions:indicator_add": entry(
        get(DRAFT_EDITORS, draft),
        post(DRAFT_EDITORS, draft),
        get(NOBODY, in_review, label="in review"),
    ),
    "submissions:indicator_edit": entry(get(DRAFT_EDITORS, draft_indicator), post(DRAFT_EDITORS, draft_indicator)),
    "submissions:indicator_delete": entry(get(DRAFT_EDITORS, draft_indicator), post(DRAFT_EDITORS, draft_indicator)),
    "submissions:indicator_move": entry(post(DRAFT_EDITORS, draft_indicator), get(POST_ONLY, draft_indicator)),
    "submissions:attachments": entry(get(SUBMISSION_VIEWERS, in_review), post(DRAFT_EDITORS, draft)),
    "submissions:attachment_download": entry(
        get(SUBMISSION_VIEWERS, lambda w: {"pk": w.in_review.pk, "att": w.in_review_attachment.pk})
    ),
    "submissions:attachment_delete": entry(
        post(DRAFT_EDITORS, lambda w: {"pk": w.draft.pk, "att": w.draft_attachment.pk}),
        get(POST_ONLY, lambda w: {"pk": w.draft.pk, "att": w.draft_attachment.pk}),
    ),
    "submissions:blank_form": entry(get(PUBLIC, lambda w: {"kind": "fs3"})),
    # --- submissions: the front desk of office X ----------------------------------------------------------
    "submissions:frontdesk": entry(get(FRONT_DESK_VIEWERS, office_x)),
    "submissions:guestbook": entry(get(FRONT_DESK_VIEWERS, office_x)),
    "submissions:guest_new": entry(get(FRONT_DESK_ONLY, office_x), post(FRONT_DESK_ONLY, office_x)),
    "submissions:queue_call": entry(post(FRONT_DESK_ONLY, office_x), get(POST_ONLY, office_x)),
    "submissions:queue_screen": entry(get(FRONT_DESK_VIEWERS, office_x)),
    "submissions:guest_detail": entry(get(FRONT_DESK_VIEWERS, guest)),
    "submissions:guest_served": entry(post(FRONT_DESK_ONLY, guest), get(POST_ONLY, guest)),
    "submissions:guest_account": entry(get(FRONT_DESK_ONLY, guest), post(FRONT_DESK_ONLY, guest)),
    "submissions:guest_record": entry(get(FRONT_DESK_ONLY, guest), post(FRONT_DESK_ONLY, guest)),
    # The office's device links (submissions.office_links): its front desk issues and revokes them. The link is
    # the credential: whoever holds it opens that one page of office X; a wrong link opens nothing.
    "submissions:office_link_issue": entry(post(FRONT_DESK_ONLY, office_x_purpose), get(POST_ONLY, office_x_purpose)),
    "submissions:office_link_revoke": entry(post(FRONT_DESK_ONLY, office_x_purpose), get(POST_ONLY, office_x_purpose)),
    "submissions:kiosk": entry(
        get(PUBLIC, office_x_link("kios")),
        post(PUBLIC, office_x_link("kios")),
        get(expect(DENY), office_x_link("kios", "salah"), label="wrong link"),
        get(expect(DENY), office_x_link("layar"), label="the screen's link"),
    ),
    "submissions:kiosk_ticket": entry(
        get(PUBLIC, office_x_link("kios")), get(expect(DENY), office_x_link("kios", "salah"), label="wrong link")
    ),
    "submissions:screen_link": entry(
        get(PUBLIC, office_x_link("layar")),
        get(expect(DENY), office_x_link("layar", "salah"), label="wrong link"),
        get(expect(DENY), office_x_link("kios"), label="the kiosk's link"),
    ),
    # The invitation link is the credential: whoever holds it sees the set-password form.
    "submissions:invitation_accept": entry(
        get(PUBLIC, lambda w: dict(zip(("uidb36", "token"), w.invitation, strict=True)))
    ),
    # --- review ------------------------------------------------------------------------------------------
    "review:detail": entry(
        get(REVIEW_STAFF, in_review),
        # Office Y was asked for advice: its staff may read the form to answer.
        get(
            REVIEW_STAFF | {REVIEWER_Y: OK},
            lambda w: {"pk": w.consultation.submission_id},
            label="consulted",
        ),
        get(NOBODY, draft, label="draft"),
    ),
    # review.accept_submission / return_incomplete: front desk, reviewer, coordinator (not the head).
    "review:accept": entry(
        post(expect(DENY, anonymous=LOGIN, front_desk_x=OK, reviewer_x=OK, head_x=REFUSED), submitted),
        get(POST_ONLY, submitted),
    ),
    "review:return_incomplete": entry(
        post(expect(DENY, anonymous=LOGIN, front_desk_x=OK, reviewer_x=OK, head_x=REFUSED), submitted),
        get(POST_ONLY, submitted),
    ),
    # review.assign_reviewers: the coordinator only.
    "review:assign": entry(
        post(
            expect(DENY, anonymous=LOGIN, front_desk_x=REFUSED, reviewer_x=REFUSED, head_x=REFUSED),
            submitted,
        ),
        get(POST_ONLY, submitted),
    ),
    # review.take_submission: a reviewer of the office, unassigned work (the office allows taking).
    "review:take": entry(post(ASSIGNED_REVIEWER, submitted), get(POST_ONLY, submitted)),
    "review:note_add": entry(post(ASSIGNED_REVIEWER, in_review), get(POST_ONLY, in_review)),
    # Its author (reviewer X) or the coordinator.
    "review:note_delete": entry(
        post(
            ASSIGNED_REVIEWER,
            lambda w: {"pk": w.in_review.pk, "note_pk": w.in_review_note.pk},
        ),
        get(POST_ONLY, lambda w: {"pk": w.in_review.pk, "note_pk": w.in_review_note.pk}),
    ),
    "review:comment_add": entry(post(REVIEW_STAFF, in_review), get(POST_ONLY, in_review)),
    "review:consultation_request": entry(post(REVIEW_STAFF, in_review), get(POST_ONLY, in_review)),
    "review:return_for_revision": entry(post(ASSIGNED_REVIEWER, in_review), get(POST_ONLY, in_review)),
    "review:decide": entry(post(ASSIGNED_REVIEWER, in_review), get(POST_ONLY, in_review)),
    "review:consultations": entry(get(SIGNED_IN)),
    # The consulted office answers; the asking office may read but not answer for it.
    "review:consultation_answer": entry(
        post(
            expect(
                DENY,
                anonymous=LOGIN,
                front_desk_x=REFUSED,
                reviewer_x=REFUSED,
                head_x=REFUSED,
                reviewer_y=OK,
            ),
            lambda w: {"pk": w.consultation.pk},
        ),
        get(POST_ONLY, lambda w: {"pk": w.consultation.pk}),
    ),
    # The agency answers a note of a round returned to it; the office's staff see it but may not answer.
    "review:note_respond": entry(
        post(
            expect(
                DENY,
                anonymous=LOGIN,
                agency_a=OK,
                front_desk_x=REFUSED,
                reviewer_x=REFUSED,
                head_x=REFUSED,
                site_admin=REFUSED,
            ),
            lambda w: {"pk": w.revision_note.pk},
        ),
        get(POST_ONLY, lambda w: {"pk": w.revision_note.pk}),
    ),
    "review:diff": entry(get(REVIEW_STAFF, in_review)),
    "review:queue": entry(get(OFFICE_X_STAFF, office_x)),
    "review:figures": entry(get(OFFICE_X_STAFF, office_x)),
    # --- letters -----------------------------------------------------------------------------------------
    # letters.view_letter_draft: the office's staff and the signing heads; letters.edit_letter: assigned reviewers.
    "letters:draft": entry(
        get(REVIEW_STAFF, lambda w: {"pk": w.decided.pk}),
        post(ASSIGNED_REVIEWER, lambda w: {"pk": w.decided.pk}),
    ),
    "letters:draft_pdf": entry(get(REVIEW_STAFF, lambda w: {"pk": w.decided.pk})),
    "letters:draft_send": entry(
        post(ASSIGNED_REVIEWER, lambda w: {"pk": w.decided.pk}),
        get(POST_ONLY, lambda w: {"pk": w.decided.pk}),
    ),
    # letters.open_letter_to_sign: the head of the signing office only.
    "letters:sign": entry(
        get(SIGNING_HEAD, lambda w: {"pk": w.awaiting_letter.pk}),
        post(SIGNING_HEAD, lambda w: {"pk": w.awaiting_letter.pk}),
    ),
    "letters:sign_draft_pdf": entry(get(SIGNING_HEAD, lambda w: {"pk": w.awaiting_letter.pk})),
    "letters:send_back": entry(
        post(SIGNING_HEAD, lambda w: {"pk": w.awaiting_letter.pk}),
        get(POST_ONLY, lambda w: {"pk": w.awaiting_letter.pk}),
    ),
    # letters.manage_certificates: the office admin and the site admin.
    "letters:certificates": entry(
        get(expect(DENY, anonymous=LOGIN, site_admin=OK), office_x),
        post(expect(DENY, anonymous=LOGIN, site_admin=OK), office_x),
    ),
    # The letter settings and their preview (romantik.manage_office): the site admin; an empty POST saves and
    # renders nothing (the form refuses it).
    "letters:office_settings": entry(
        get(expect(DENY, anonymous=LOGIN, site_admin=OK), office_x),
        post(expect(DENY, anonymous=LOGIN, site_admin=OK), office_x),
    ),
    "letters:office_settings_preview": entry(
        post(expect(DENY, anonymous=LOGIN, site_admin=OK), office_x),
        get(POST_ONLY, office_x),
    ),
    "letters:verify": entry(get(PUBLIC, lambda w: {"token": w.signed_letter.verify_token})),
    # letters.download_letter: whoever sees the submission, the signing head, the site admin.
    "letters:download": entry(
        get(
            expect(DENY, anonymous=LOGIN, agency_a=OK, front_desk_x=OK, reviewer_x=OK, head_x=OK, site_admin=OK),
            lambda w: {"pk": w.signed_letter.pk},
        )
    ),
    # --- complaints --------------------------------------------------------------------------------------
    "complaints:file": entry(get(PUBLIC)),
    "complaints:filed": entry(get(COMPLAINANT, complaint_number)),
    "complaints:track": entry(get(PUBLIC)),
    "complaints:track_detail": entry(get(COMPLAINANT, complaint_number)),
    "complaints:mine": entry(get(SIGNED_IN)),
    "complaints:attachment": entry(get(COMPLAINANT, complaint_number)),
    "complaints:queue": entry(get(COMPLAINT_HANDLERS, office_x)),
    "complaints:detail": entry(get(COMPLAINT_HANDLERS, complaint_at_x)),
    "complaints:reply": entry(post(COMPLAINT_HANDLERS, complaint_at_x), get(POST_ONLY, complaint_at_x)),
    "complaints:status": entry(post(COMPLAINT_HANDLERS, complaint_at_x), get(POST_ONLY, complaint_at_x)),
    "complaints:kind": entry(post(COMPLAINT_HANDLERS, complaint_at_x), get(POST_ONLY, complaint_at_x)),
    "complaints:send_link": entry(post(COMPLAINT_HANDLERS, complaint_at_x), get(POST_ONLY, complaint_at_x)),
    "complaints:office_attachment": entry(get(COMPLAINT_HANDLERS, complaint_at_x)),
    # --- satisfaction ------------------------------------------------------------------------------------
    # The agency rates its issued submission; nobody else learns it exists.
    "satisfaction:rate": entry(
        get(expect(DENY, anonymous=LOGIN, agency_a=OK), issued),
        post(expect(DENY, anonymous=LOGIN, agency_a=OK), issued),
    ),
    # satisfaction.open_kiosk: the office's front desk only.
    "satisfaction:kiosk_open": entry(get(FRONT_DESK_ONLY, guest)),
    "satisfaction:kiosk_idle": entry(get(PUBLIC)),
    "satisfaction:kiosk_thanks": entry(get(PUBLIC)),
    # The signed, expiring link is the credential.
    "satisfaction:kiosk": entry(get(PUBLIC, lambda w: {"token": w.kiosk_token})),
    "satisfaction:report": entry(get(OFFICE_X_MANAGEMENT, office_x, query=this_year)),
    "satisfaction:report_download": entry(
        get(OFFICE_X_MANAGEMENT, lambda w: {"code": w.office_x.code, "fmt": "csv"}, query=this_year)
    ),
    # --- catalogue: public, and only what was issued ----------------------------------------------------------
    # --- supervision: anyone with an office role over the offices they supervise; the public performance page --------
    "supervision:index": entry(get(SUPERVISORS, query=this_year)),
    "supervision:download": entry(get(SUPERVISORS, lambda w: {"fmt": "csv"}, query=this_year)),
    "supervision:office": entry(
        get(expect(DENY, anonymous=LOGIN, front_desk_x=OK, reviewer_x=OK, head_x=OK, site_admin=OK), office_x),
        get(expect(DENY, anonymous=LOGIN, reviewer_y=OK, site_admin=OK), office_y, label="another regency"),
    ),
    "supervision:public": entry(get(PUBLIC, query=this_year)),
    "supervision:burden": entry(get(SUPERVISORS)),  # respondent burden of the supervised offices (issue 22)
    "supervision:burden_download": entry(get(SUPERVISORS, lambda w: {"fmt": "csv"})),
    "catalogue:list": entry(get(PUBLIC)),
    "catalogue:csv": entry(get(PUBLIC)),
    "catalogue:similar": entry(get(PUBLIC)),  # suggestions as the agency types: public, as the catalogue
    # Reuse (issue 22): the offers of the add-variable page as the agency types, for who may change the submission.
    "catalogue:variable_reuse": entry(get(DRAFT_EDITORS, draft), get(NOBODY, in_review, label="in review")),
    "catalogue:detail": entry(get(PUBLIC, issued), get(expect(DENY), in_review, label="not issued")),
    "catalogue:mskeg_json": entry(get(PUBLIC, issued), get(expect(DENY), in_review, label="not issued")),
    "catalogue:ddi_xml": entry(get(PUBLIC, issued), get(expect(DENY), in_review, label="not issued")),
    # --- Cek Survei (issue 22): public for all; an unknown code is 404 (the code of a listed layak activity) -------
    "ceksurvei:form": entry(get(PUBLIC), get(PUBLIC, query="kode=ZZZZ-ZZZZ", label="typed")),
    "ceksurvei:burden_totals": entry(get(PUBLIC)),
    "ceksurvei:code": entry(
        get(PUBLIC, lambda w: {"code": w.issued.catalogue_entry.public_check_code}),
        get(expect(DENY), lambda w: {"code": "ZZZZZZZZ"}, label="unknown code"),
    ),
    # --- the hand-over of results (issue 19): its agency's verified members; the office's staff decide ---------
    "handover:agency": entry(
        get(expect(DENY, anonymous=LOGIN, agency_a=OK), issued),
        post(expect(DENY, anonymous=LOGIN, agency_a=REFUSED), issued),
    ),
    "handover:item": entry(
        get(HANDOVER_VIEWERS, handover_item(received=False), label="not yet received"),
        get(PUBLIC, handover_item(received=True), label="a publication received: public"),
    ),
    "handover:office": entry(
        get(OFFICE_X_STAFF, office_x),
        get(OFFICE_X_STAFF, office_x, query="format=csv", label="CSV"),
        post(
            expect(DENY, anonymous=LOGIN, front_desk_x=REFUSED, reviewer_x=REFUSED, head_x=REFUSED, site_admin=REFUSED),
            office_x,
        ),  # fmt: skip
    ),
    # EPSS evidence packs: the agency's own (its verified members), an office's (who sees its compliance list).
    "handover:agency_evidence": entry(
        get(expect(DENY, anonymous=LOGIN, agency_a=OK, agency_b=OK)),
        post(expect(DENY, anonymous=LOGIN, agency_a=OK, agency_b=OK)),
    ),
    "handover:office_evidence": entry(get(OFFICE_X_STAFF, office_x), post(OFFICE_X_STAFF, office_x)),
    "handover:evidence_download": entry(
        get(
            expect(DENY, front_desk_x=OK, reviewer_x=OK, head_x=OK, site_admin=OK),
            evidence_pack(office=True),
            label="an office's pack",
        ),  # fmt: skip
        get(expect(DENY, agency_a=OK), evidence_pack(office=False), label="the agency's own pack"),
    ),
    # --- api ---------------------------------------------------------------------------------------------
    "api:schema": entry(get(PUBLIC)),
    "api:docs": entry(get(PUBLIC)),
    "api:catalogue_list": entry(get(PUBLIC, api=True)),
    "api:catalogue_detail": entry(get(PUBLIC, issued, api=True)),
    "api:submissions": entry(get(API_AGENCIES, api=True), post(API_AGENCIES, api=True)),
    "api:submission": entry(get(API_AGENCY_A, in_review, api=True), patch(API_AGENCY_A, draft, api=True)),
    "api:submission_attachments": entry(post(API_AGENCY_A, draft, api=True, multipart=True)),
    "api:submission_variables": entry(post(API_AGENCY_A, draft, api=True)),
    "api:submission_indicators": entry(post(API_AGENCY_A, draft, api=True)),
    "api:submission_submit": entry(
        post(API_AGENCY_A, draft, api=True),
        get(expect(LOGIN, agency_a=NOT_ALLOWED, agency_b=NOT_ALLOWED), draft, api=True),
    ),
    "api:submission_withdraw": entry(
        post(API_AGENCY_A, in_review, api=True),
        get(expect(LOGIN, agency_a=NOT_ALLOWED, agency_b=NOT_ALLOWED), in_review, api=True),
    ),
    "api:submission_timeline": entry(get(API_AGENCY_A, in_review, api=True)),
    "api:submission_letter": entry(get(API_AGENCY_A, issued, api=True)),
    "api:submission_letter_pdf": entry(get(API_AGENCY_A, issued, api=True)),
    "api:submission_handovers": entry(get(API_AGENCY_A, issued, api=True)),
    "api:submission_handover_link": entry(post(API_AGENCY_A, issued_handover, api=True)),
    # EPSS evidence packs (handover.view_evidence_pack): the agency's own; an office's has no API (staff hold no token).
    "api:evidence_packs": entry(get(API_AGENCIES, api=True), post(API_AGENCIES, api=True)),
    "api:evidence_pack_download": entry(
        get(API_AGENCY_A, evidence_pack(office=False), api=True, label="the agency's own pack"),
        get(
            expect(LOGIN, agency_a=DENY, agency_b=DENY), evidence_pack(office=True), api=True, label="an office's pack"
        ),  # fmt: skip
    ),
    # Everything else under /api/: a JSON 404, token or not.
    "api:not_found": entry(get(expect(DENY), api=True)),
    # --- Django's language switch --------------------------------------------------------------------------
    "set_language": entry(post(PUBLIC)),
    # --- allauth: log-in, sign-up, e-mail, password and two-factor pages ---------------------------------------
    # Signed-in people are sent on from the log-in and sign-up pages (a redirect, not to log in).
    "account_login": Entry((get(PUBLIC),), ALLAUTH),
    "account_signup": Entry((get(PUBLIC),), ALLAUTH),
    "account_reset_password": Entry((get(PUBLIC),), ALLAUTH),
    "account_email": Entry((get(SIGNED_IN),), ALLAUTH),
    "account_change_password": Entry((get(SIGNED_IN),), ALLAUTH),
    "mfa_index": Entry((get(SIGNED_IN),), ALLAUTH),
    "account_logout": Entry(framework=ALLAUTH),
    "account_inactive": Entry(framework=ALLAUTH),
    "account_reauthenticate": Entry(framework=ALLAUTH),
    "account_email_verification_sent": Entry(framework=ALLAUTH),
    "account_set_password": Entry(framework=ALLAUTH),
    "account_confirm_login_code": Entry(framework=ALLAUTH),
    "account_confirm_email": Entry(framework=ALLAUTH),
    "account_reset_password_from_key_done": Entry(framework=ALLAUTH),
    "account_reset_password_from_key": Entry(framework=ALLAUTH),
    "account_reset_password_done": Entry(framework=ALLAUTH),
    "mfa_authenticate": Entry(framework=ALLAUTH),
    "mfa_reauthenticate": Entry(framework=ALLAUTH),
    "mfa_activate_totp": Entry(framework=ALLAUTH),
    "mfa_deactivate_totp": Entry(framework=ALLAUTH),
    "mfa_view_recovery_codes": Entry(framework=ALLAUTH),
    "mfa_generate_recovery_codes": Entry(framework=ALLAUTH),
    "mfa_download_recovery_codes": Entry(framework=ALLAUTH),
}

# The Django admin (every "admin:*" name, grouped: they come and go with the registered models). Everyone
# but the site admin (is_staff) is sent to the admin's log-in page. A few representative pages are tried.
ADMIN_ONLY = expect(LOGIN, site_admin=OK)
ADMIN_CHECKS: dict[str, tuple[Check, ...]] = {
    "admin:index": (get(ADMIN_ONLY),),
    # It checks no password: anonymous people go to the portal's log-in (verified e-mail, two-factor), anyone
    # else signed in but the site admin is refused.
    "admin:login": (get(expect(DENY, anonymous=LOGIN, site_admin=OK)),),
    "admin:romantik_user_changelist": (get(ADMIN_ONLY),),
    "admin:submissions_submission_changelist": (get(ADMIN_ONLY),),
    "admin:submissions_submission_change": (get(ADMIN_ONLY, lambda w: {"object_id": w.in_review.pk}),),
    "admin:notifications_message_changelist": (get(ADMIN_ONLY),),
    "admin:api_apitoken_changelist": (get(ADMIN_ONLY),),
    "admin:prereview_rule_changelist": (get(ADMIN_ONLY),),
}


# --- walking the URL configuration -----------------------------------------------------------------------


def url_patterns(resolver=None, namespace="", prefix=""):
    """(name with its namespaces, or None; route) of every URL pattern, depth first."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from url_patterns(pattern, inner, prefix + str(pattern.pattern))
        else:
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield name, prefix + str(pattern.pattern)


def is_admin(name: str | None) -> bool:
    return bool(name) and name.split(":", 1)[0] == ADMIN_NAMESPACE


def matrix_gaps(patterns: list[tuple[str | None, str]]) -> dict[str, list[str]]:
    """What the URL configuration and the matrix disagree on; every list empty when they agree."""
    names = [name for name, _route in patterns if name and not is_admin(name)]
    admin_names = {name for name, _route in patterns if is_admin(name)}
    return {
        "missing from the matrix": sorted(set(names) - MATRIX.keys()),
        "in the matrix but no longer a URL": sorted(MATRIX.keys() - set(names)),
        # A name used twice would leave one of its routes untried (reverse() finds only one).
        "names used twice": sorted(name for name, count in Counter(names).items() if count > 1),
        # Unnamed patterns cannot be tried by name: only the admin's redirects and catch-all may be unnamed.
        "unnamed patterns": [route for name, route in patterns if name is None and not route.startswith("admin/")],
        "admin checks of unknown pages": sorted(ADMIN_CHECKS.keys() - admin_names),
        # Every project page is tried; only third-party pages may be listed without a check.
        "listed but never tried": sorted(name for name, e in MATRIX.items() if not e.checks and not e.framework),
    }


def test_every_url_is_in_the_matrix():
    gaps = {problem: names for problem, names in matrix_gaps(list(url_patterns())).items() if names}
    assert gaps == {}, "The permission matrix and the URL configuration disagree: say who may open each page."


def test_a_new_url_without_an_entry_fails_the_matrix():
    import types

    from django.http import HttpResponse
    from django.urls import include, path

    urlconf = types.ModuleType("urlconf_with_a_new_page")
    urlconf.urlpatterns = [
        path("", include("portal.urls")),
        path("laporan/", lambda request: HttpResponse(), name="new_report"),
        path("tanpa-nama/", lambda request: HttpResponse()),
    ]
    gaps = matrix_gaps(list(url_patterns(get_resolver(urlconf))))
    assert gaps["missing from the matrix"] == ["new_report"]
    assert gaps["unnamed patterns"] == ["tanpa-nama/"]


# --- running one URL's checks ------------------------------------------------------------------------------


def watched() -> tuple[dict, dict]:
    """What an action could change: the rows (with the columns) of the tables the actions of the matrix touch,
    and the tables whose rows are only counted."""
    from django.contrib.auth import get_user_model

    from api.models import ApiToken
    from complaints.models import Complaint, ComplaintEvent
    from letters.models import Letter, SigningCertificate
    from notifications.models import ChannelPreference, Message
    from review.models import Assignment, Comment, Consultation, SectionNote
    from romantik.models import AgencyMembership, OfficeClosure
    from satisfaction.models import SurveyResponse
    from submissions.models import (
        Attachment,
        GuestBookEntry,
        Indicator,
        OfficeLink,
        SectionDraft,
        Submission,
        Transition,
        Variable,
    )

    rows = {
        "messages": (Message, "state", "attempts"),
        "submissions": (Submission, "state", "round", "updated_at"),
        "section_drafts": (SectionDraft, "saved_at"),
        "variables": (Variable, "position", "name"),
        "indicators": (Indicator, "position", "name"),
        "attachments": (Attachment,),
        "assignments": (Assignment,),
        "notes": (SectionNote, "response"),
        "comments": (Comment,),
        "consultations": (Consultation, "answered_at"),
        "letters": (Letter, "state", "draft_version"),
        "certificates": (SigningCertificate,),
        "complaints": (Complaint, "status", "kind"),
        "guests": (GuestBookEntry, "status", "user_id"),
        "office_links": (OfficeLink, "revoked_at"),
        "memberships": (AgencyMembership, "status"),
        "closures": (OfficeClosure,),
        "tokens": (ApiToken, "revoked_at"),
    }
    counted = {
        "transitions": Transition,
        "complaint_events": ComplaintEvent,
        "survey_responses": SurveyResponse,
        "users": get_user_model(),
        "channel_preferences": ChannelPreference,
    }
    return rows, counted


def fingerprint() -> dict:
    rows, counted = watched()
    found = {name: model.objects.count() for name, model in counted.items()}
    for name, (model, *fields) in rows.items():
        found[name] = list(model.objects.order_by("pk").values_list("pk", *fields))
    return found


def watched_tables() -> dict[str, set[str]]:
    """The statements that would change what `fingerprint` sees, per table: every write to the tables whose rows
    it compares, an insert or a delete to those it only counts."""
    rows, counted = watched()
    tables = {model._meta.db_table: {"INSERT", "DELETE"} for model in counted.values()}
    tables.update({model._meta.db_table: {"INSERT", "UPDATE", "DELETE"} for model, *_fields in rows.values()})
    return tables


def bookkeeping_updates() -> set[str]:
    """Updates a refused request may make to a watched table without changing what it guards: an API token's
    last use is written once the token authenticates, before the permission check. For these the rows are
    compared (`fingerprint`) instead."""
    from api.models import ApiToken

    return {f"UPDATE {ApiToken._meta.db_table}"}


def changed_since(before: dict, writes: "Writes") -> list[str]:
    """What a request changed that `fingerprint` guards: the writes it sent, or the rows it changed."""
    if not writes.seen:
        return []
    changed = sorted(key for key, value in fingerprint().items() if value != before[key])
    if writes.seen <= bookkeeping_updates() and not changed:
        return []
    return [f"wrote {sorted(writes.seen)} (changed {changed})"]


class Writes:
    """The watched tables a request wrote to, seen on the connection as each statement is sent: cheaper than
    reading every watched row again after each refused request, and it also sees a write that left the
    compared columns as they were."""

    STATEMENT = re.compile(r'\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)

    def __init__(self, tables: dict[str, set[str]]):
        self.tables = tables
        self.seen: set[str] = set()

    def __call__(self, execute, sql, params, many, context):
        match = self.STATEMENT.match(sql)
        if match:
            verb, table = match.group(1).split()[0].upper(), match.group(2)
            if verb in self.tables.get(table, ()):
                self.seen.add(f"{verb} {table}")
        return execute(sql, params, many, context)


def login_paths() -> set[str]:
    return {reverse("account_login"), reverse("admin:login")}


def classify(response) -> str:
    status = response.status_code
    if status == 401:
        return LOGIN
    if status in (403, 404):
        return DENY
    if status == 405:
        return NOT_ALLOWED
    if 300 <= status < 400:
        if urlsplit(response["Location"]).path in login_paths():
            return LOGIN
        if any(message.level >= WARNING for message in get_messages(response.wsgi_request)):
            return REFUSED
        return OK
    if status < 300 or status in (400, 409, 422):
        return OK
    return f"HTTP {status}"


def send(client: Client, check: Check, url: str, headers: dict):
    if check.method == "get":
        return client.get(url, **headers)
    if check.api and not check.multipart:
        return getattr(client, check.method)(url, data="{}", content_type="application/json", **headers)
    return getattr(client, check.method)(url, {}, **headers)


def run(client: Client, world: World, name: str, check: Check) -> list[str]:
    """Try `check` as every actor; the lines that differ from the matrix."""
    kwargs = check.kwargs(world) if check.kwargs else {}
    query = check.query(world) if callable(check.query) else check.query
    url = reverse(name, kwargs=kwargs) + (f"?{query}" if query else "")
    tokens = world.tokens if check.api else {}
    before, watched = world.baseline, world.watched_tables  # every test starts from the world as built
    problems = []
    for actor in ACTORS:
        with transaction.atomic():
            cache.clear()  # rate limits and throttles count per test, not per matrix
            client.cookies.clear()  # a new browser: no messages, and the actor's own session (or none)
            if actor in world.sessions:
                client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[actor]
            headers = {"HTTP_AUTHORIZATION": f"Bearer {tokens[actor]}"} if actor in tokens else {}
            writes = Writes(watched)
            with connection.execute_wrapper(writes):
                response = send(client, check, url, headers)
            got = classify(response)
            where = f"{check.method.upper()} {url}{f' ({check.label})' if check.label else ''} as {actor}"
            if got != check.expect[actor]:
                location = f" → {response['Location']}" if response.has_header("Location") else ""
                problems.append(
                    f"{where}: expected {check.expect[actor]}, got {got} (HTTP {response.status_code}{location})"
                )
            if got != OK and (changes := changed_since(before, writes)):
                problems.append(f"{where}: refused ({got}) but {changes[0]}")
            transaction.set_rollback(True)
    return problems


TRIED = [name for name, e in MATRIX.items() if e.checks] + list(ADMIN_CHECKS)


@pytest.fixture(scope="module")
def browser():
    """One test client for the module: each new one loads the middleware again (WhiteNoise scans every static
    file), which would take most of the run's time. Cookies are cleared for each actor."""
    return Client()


@pytest.fixture(scope="module")
def world_module(module_db) -> World:
    """The world, built once for the module with every submission, letter and record a URL may name (the
    attributes are built on first use: all of them now, inside the module's transaction, so no test builds
    one in its own savepoint and leaves the next test an object its rollback removed)."""
    world = World()
    for name, attribute in vars(World).items():
        if isinstance(attribute, cached_property):
            getattr(world, name)
    # Each actor logged in once (`force_login`, as a test client does), its session kept for the module: a request's
    # changes to it roll back with the request's savepoint, and `run` empties the cache (cached_db sessions) first.
    from django.contrib.auth.signals import user_logged_in

    from tests.conftest import _test_client_log_in_passes_two_factor

    # The office's coordinator and office admin too, for the pages of a draft never submitted (`sessions_by_user`).
    world.sessions, world.sessions_by_user = {}, {}
    users = [(actor, world.user(actor)) for actor in ACTORS]
    users += [(None, world.coordinator_x), (None, world.office_admin_x)]
    user_logged_in.connect(_test_client_log_in_passes_two_factor, dispatch_uid="matrix-two-factor")
    try:
        for actor, user in users:
            if user is not None:
                login = Client()
                login.force_login(user)
                world.sessions_by_user[user.pk] = login.cookies[settings.SESSION_COOKIE_NAME].value
                if actor is not None:
                    world.sessions[actor] = world.sessions_by_user[user.pk]
    finally:
        user_logged_in.disconnect(dispatch_uid="matrix-two-factor")
    # What a refused request must leave as it found it, read once: each test and each actor's request runs in a
    # savepoint rolled back, so every test starts from these rows.
    world.baseline, world.watched_tables = fingerprint(), watched_tables()
    return world


@pytest.fixture
def world(db, world_module, settings) -> World:
    """Each test meets the world as built: its requests run in savepoints rolled back (`run`), itself in one. The
    actors logged in when the module began: a page that asks for a recent log-in (allauth's reauthentication)
    counts from then, as it did when each request logged in afresh."""
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 24 * 60 * 60
    return world_module


def test_the_world_each_test_meets_is_the_one_read_once(world):
    """`run` compares a refused request's writes with the rows read once for the module (`world.baseline`)."""
    assert fingerprint() == world.baseline


@pytest.mark.parametrize("name", TRIED)
def test_url_answers_each_actor_as_the_matrix_says(browser, world, name):
    checks = ADMIN_CHECKS[name] if is_admin(name) else MATRIX[name].checks
    problems = [problem for check in checks for problem in run(browser, world, name, check)]
    assert problems == [], "\n".join(problems)


def test_site_admin_may_not_handle_complaints_through_the_services_either(world):
    """The views refuse superusers (the matrix); the services, which other callers use, must too."""
    from django.core.exceptions import PermissionDenied

    from complaints.enums import Kind
    from complaints.services import complaint_reply, complaint_set_kind

    root = world.user(SITE_ADMIN)
    with pytest.raises(PermissionDenied):
        complaint_reply(complaint=world.complaint, actor=root, text="Balasan dari admin situs.")
    with pytest.raises(PermissionDenied):
        complaint_set_kind(complaint=world.complaint, actor=root, kind=Kind.OTHER)
    # The office's handler still may.
    event, created = complaint_reply(complaint=world.complaint, actor=world.handler_x, text="Sedang kami periksa.")
    assert created and event.actor == world.handler_x


def test_matrix_names_every_actor_once():
    """A typo in an actor's name would silently give it the default outcome."""
    assert len(set(ACTORS)) == len(ACTORS) == 8
    assert {AGENCY_A, AGENCY_B, ANONYMOUS, FRONT_DESK_X, HEAD_X, REVIEWER_X, REVIEWER_Y, SITE_ADMIN} == set(ACTORS)
    for checks in [e.checks for e in MATRIX.values()] + list(ADMIN_CHECKS.values()):
        for check in checks:
            assert set(check.expect) == set(ACTORS)


# --- one visibility rule for every page of a submission: a draft never submitted ---------------------------------
# An online draft its agency never submitted has not reached the office (submissions.rules.reached_office): the review
# page answers its staff 404, and so must every other URL that names the submission, whatever it shows (the form,
# the round diff, the timeline, variables and their export, attachments, letters, the catalogue, the API).
# Each is listed with the methods it answers; a URL whose `pk` is something else is listed in NOT_A_SUBMISSION.


def _draft_with(**extra):
    return lambda w: {"pk": w.draft.pk, **extra}


DRAFT_PAGES: dict[str, tuple[Callable[[World], dict], tuple[str, ...]]] = {
    "submissions:overview": (draft, ("get",)),
    "submissions:submit": (draft, ("post",)),
    "submissions:withdraw": (draft, ("get", "post")),
    "submissions:delete": (draft, ("get", "post")),
    "submissions:restart": (draft, ("get", "post")),
    "submissions:renew": (draft, ("get", "post")),
    "submissions:section": (_draft_with(key="header"), ("get", "post")),
    "submissions:autosave": (_draft_with(key="header"), ("post",)),
    "submissions:variables": (draft, ("get",)),
    "submissions:variable_add": (draft, ("get", "post")),
    "submissions:variable_edit": (draft_variable, ("get", "post")),
    "submissions:variable_delete": (draft_variable, ("get", "post")),
    "submissions:variable_move": (draft_variable, ("post",)),
    "submissions:variables_import": (draft, ("post",)),
    "catalogue:variable_reuse": (draft, ("get",)),
    "submissions:variables_export": (_draft_with(fmt="csv"), ("get",)),
    "submissions:indicators": (draft, ("get",)),
    "submissions:indicator_add": (draft, ("get", "post")),
    "submissions:indicator_edit": (draft_indicator, ("get", "post")),
    "submissions:indicator_delete": (draft_indicator, ("get", "post")),
    "submissions:indicator_move": (draft_indicator, ("post",)),
    "submissions:attachments": (draft, ("get", "post")),
    "submissions:attachment_download": (lambda w: {"pk": w.draft.pk, "att": w.draft_attachment.pk}, ("get",)),
    "submissions:attachment_delete": (lambda w: {"pk": w.draft.pk, "att": w.draft_attachment.pk}, ("post",)),
    "review:detail": (draft, ("get",)),
    "review:diff": (draft, ("get",)),
    "review:accept": (draft, ("post",)),
    "review:return_incomplete": (draft, ("post",)),
    "review:assign": (draft, ("post",)),
    "review:take": (draft, ("post",)),
    "review:note_add": (draft, ("post",)),
    "review:note_delete": (_draft_with(note_pk=1), ("post",)),
    "review:comment_add": (draft, ("post",)),
    "review:consultation_request": (draft, ("post",)),
    "review:return_for_revision": (draft, ("post",)),
    "review:decide": (draft, ("post",)),
    "letters:draft": (draft, ("get", "post")),
    "letters:draft_pdf": (draft, ("get",)),
    "letters:draft_send": (draft, ("post",)),
    "satisfaction:rate": (draft, ("get", "post")),
    "catalogue:detail": (draft, ("get",)),
    "catalogue:mskeg_json": (draft, ("get",)),
    "catalogue:ddi_xml": (draft, ("get",)),
    "api:catalogue_detail": (draft, ("get",)),
    "api:submission": (draft, ("get", "patch")),
    "api:submission_attachments": (draft, ("post",)),
    "api:submission_variables": (draft, ("post",)),
    "api:submission_indicators": (draft, ("post",)),
    "api:submission_submit": (draft, ("post",)),
    "api:submission_withdraw": (draft, ("post",)),
    "api:submission_timeline": (draft, ("get",)),
    "api:submission_letter": (draft, ("get",)),
    "api:submission_letter_pdf": (draft, ("get",)),
    "handover:agency": (draft, ("get", "post")),
    "handover:item": (_draft_with(item=1), ("get",)),
    "api:submission_handovers": (draft, ("get",)),
    "api:submission_handover_link": (_draft_with(handover=1), ("post",)),
}

# URLs with a `pk` that is not a submission's.
NOT_A_SUBMISSION = {
    "api_token_revoke": "a token",
    "membership_decision": "a membership",
    "office_closure_delete": "a closed day",
    "office_document": "an office's document",
    "office_document_delete": "an office's document",
    "office_staff_person": "a person",
    "office_staff_deactivate": "a person",
    "office_staff_reactivate": "a person",
    "office_agency_approve": "an agency",
    "office_agency_edit": "an agency",
    "office_agency_merge": "an agency",
    "office_message_resend": "a message",
    "submissions:guest_detail": "a guest-book entry",
    "submissions:guest_served": "a guest-book entry",
    "submissions:guest_account": "a guest-book entry",
    "submissions:guest_record": "a guest-book entry",
    "satisfaction:kiosk_open": "a guest-book entry",
    "review:consultation_answer": "a consultation",
    "review:note_respond": "a reviewer's note",
    "letters:sign": "a letter",
    "letters:sign_draft_pdf": "a letter",
    "letters:send_back": "a letter",
    "letters:download": "a letter",
    "handover:evidence_download": "an evidence pack",
    "api:evidence_pack_download": "an evidence pack",
    "prereview:rule_edit": "a pre-review rule",
}


# Namespaces none of whose URLs names a submission.
NOT_A_SUBMISSION_NAMESPACES = {"complaints"}


def test_every_url_naming_a_submission_is_walked_for_a_never_submitted_draft():
    with_pk = {
        name
        for name, route in url_patterns()
        if name and not is_admin(name) and "<int:pk>" in route and name.split(":")[0] not in NOT_A_SUBMISSION_NAMESPACES
    }
    assert with_pk - DRAFT_PAGES.keys() - NOT_A_SUBMISSION.keys() == set(), "say whether the pk is a submission"
    assert (DRAFT_PAGES.keys() | NOT_A_SUBMISSION.keys()) - with_pk == set(), "no longer a URL with a pk"


def test_office_staff_get_404_from_every_page_of_a_draft_never_submitted(browser, world):
    from rest_framework.test import APIClient

    office_staff = {
        "front desk": world.user(FRONT_DESK_X),
        "reviewer": world.user(REVIEWER_X),
        "head": world.user(HEAD_X),
        "coordinator": world.coordinator_x,
        "office admin": world.office_admin_x,
    }
    assert world.draft.submitted_at is None and world.draft.channel == "online"
    api = APIClient()
    before = fingerprint()
    watched = watched_tables()
    problems = []
    for name, (kwargs, methods) in DRAFT_PAGES.items():
        url = reverse(name, kwargs=kwargs(world))
        for who, user in office_staff.items():
            for method in methods:
                with transaction.atomic():
                    cache.clear()
                    writes = Writes(watched)
                    if name.startswith("api:"):
                        # Staff hold no API token; authenticated anyway, the API's own check must refuse them.
                        api.force_authenticate(user=user)
                        with connection.execute_wrapper(writes):
                            response = getattr(api, method)(url, {}, format="json")
                    else:
                        browser.cookies.clear()  # a new browser with the person's own session (`world_module`)
                        browser.cookies[settings.SESSION_COOKIE_NAME] = world.sessions_by_user[user.pk]
                        with connection.execute_wrapper(writes):
                            response = getattr(browser, method)(url)
                    if response.status_code != 404:
                        problems.append(f"{method.upper()} {url} ({name}) as the {who}: HTTP {response.status_code}")
                    if changes := changed_since(before, writes):
                        problems.append(f"{method.upper()} {url} ({name}) as the {who}: {changes[0]}")
                    transaction.set_rollback(True)
    assert problems == [], "\n".join(problems)
    # The agency's own user sees the draft: the pages exist, the office is what is refused.
    browser.cookies.clear()
    browser.force_login(world.user(AGENCY_A))
    assert browser.get(reverse("submissions:overview", kwargs=draft(world))).status_code == 200
