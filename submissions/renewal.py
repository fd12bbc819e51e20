"""Renewing a recurring activity for a new period (issue 19, block IV 4.1 "Berulang").

A recurring activity is recommended once, then renewed per period with a light check:

* `submission_renew(previous=..., actor=..., year=...)`: a verified member of the agency starts the new period's
  draft from an issued *layak* recommendation of a recurring activity (4.1 = Berulang). The draft copies every
  answer, the regions covered, the variables and the indicators; it is titled with the new period (the previous
  year in the title replaced by the new one, else the year appended), its year is the new period and its header's
  "previous recommendation identity" is the previous letter's number; `renews` points at the previous submission.
  Not copied, on purpose: the attachments and the cover letter's number and date. They belong to one period (a
  new surat pengantar asks for the new period's recommendation; the instrument is that period's), so the agency
  uploads them again and completeness asks for them as for any submission.
  One renewal per previous submission and period: a second for the same year is refused (a renewal withdrawn or
  closed does not count: the agency may renew again, or start again from its copy).
* `renewal_changes(renewal)`: what the reviewer checks, the questions, variables and indicators that differ from
  the previous submission's approved snapshot (the last round's `RoundSnapshot`, the form as it was decided),
  computed with the round diff's machinery (`snapshots.snapshot_diff`). Table rows are paired by name (a copied
  row has a new id); attachments are left out (never copied, always new). What the renewal sets by itself (the
  year of the new period, the title with it, the previous letter's number in the header) is not listed, unless the
  agency changed it otherwise; the review page names the two periods above the list.

The rest of the workflow is the ordinary one: the renewal is submitted, reviewed and decided like any submission.
"""

import datetime
import logging
import re
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from romantik.refusals import Refusal, StateConflict
from romantik.selectors import office_for_agency

from . import enums
from .models import Indicator, RoundSnapshot, Submission, Variable
from .rules import is_verified_agency_member
from .sections import SECTIONS
from .selectors import submission_issued_decision, submission_locked
from .snapshots import Change, snapshot_diff, snapshot_of
from .states import RESTARTABLE_STATES, State

logger = logging.getLogger(__name__)


class RenewalNotAllowed(StateConflict):
    """The previous submission is not an issued layak recommendation of a recurring activity (HTTP 409)."""


# The latest period a renewal may be started for, counted from the previous one's year.
MAX_PERIODS_AHEAD = 10

# What a renewal does not take over from the previous submission: its identity and workflow (set anew), the
# period's own cover letter, and what the renewal sets itself (title, year, previous recommendation, renews).
RENEWAL_SKIPPED_FIELDS = frozenset(
    {
        "id", "number", "agency", "office", "state", "round", "channel", "created_by", "recorded_by", "created_at",
        "updated_at", "submitted_at", "recorded_complete_on", "due_date", "clock_paused_on", "decided_at",
        "decision_text", "cover_letter_number", "cover_letter_date", "renews", "title", "year",
        "previous_recommendation",
    }
)  # fmt: skip


def is_recurring(submission: Submission) -> bool:
    """Block IV, 4.1 "Kegiatan dilakukan": 2 Berulang."""
    return submission.repetition == enums.Repetition.REPEATED


def renewal_refusal(*, previous: Submission, user) -> Refusal | None:
    """Why `user` may not renew `previous` now (None: they may)."""
    if not is_verified_agency_member(user, previous):
        return Refusal(_("Only a verified member of the agency can renew its recommendation."), conflict=False)
    if previous.state != State.ISSUED or submission_issued_decision(previous) != State.FEASIBLE:
        return Refusal(_("Only an issued recommendation with the decision feasible can be renewed."), conflict=True)
    if not is_recurring(previous):
        return Refusal(
            _("Only a recurring activity (4.1: repeated) is renewed for a new period; submit a new form instead."),
            conflict=True,
        )
    return None


def renewal_default_year(previous: Submission) -> int:
    """The period offered: the year after the previous one's (this year's when it has none)."""
    return previous.year + 1 if previous.year else datetime.date.today().year


def renewals_of(previous: Submission):
    """The renewals of `previous` that count (not withdrawn or closed), newest period first."""
    return previous.renewals.exclude(state__in=RESTARTABLE_STATES).order_by("-year", "-pk")


def renewal_title(previous: Submission, year: int) -> str:
    """The previous title with the new period: its year replaced where it stands, else the year appended."""
    title = previous.title.strip()
    if previous.year and re.search(rf"\b{previous.year}\b", title):
        title = re.sub(rf"\b{previous.year}\b", str(year), title)
    else:
        title = f"{title} {year}".strip()
    return title[: Submission._meta.get_field("title").max_length]


def _year_check(previous: Submission, year: int) -> None:
    if previous.year and not previous.year < year <= previous.year + MAX_PERIODS_AHEAD:
        raise ValidationError(
            {
                "year": _("The new period must be after %(year)s and at most %(ahead)s years later.")
                % {"year": previous.year, "ahead": MAX_PERIODS_AHEAD}
            }
        )


def submission_renew(*, previous: Submission, actor, year: int | None = None) -> Submission:
    """The new period's draft of the recurring activity `previous` (see the module's docstring). Refuses as
    `renewal_refusal` says (PermissionDenied: not a verified member; RenewalNotAllowed: not an issued layak
    recommendation of a recurring activity), and with a ValidationError on `year` when the period is not after the
    previous one or when the activity was already renewed for it."""
    year = year or renewal_default_year(previous)
    with transaction.atomic():
        # Locked: two members renewing at once make one renewal, the second is refused.
        locked = submission_locked(previous.pk)
        refusal = renewal_refusal(previous=locked, user=actor)
        if refusal is not None:
            if refusal.conflict:
                raise RenewalNotAllowed(refusal.message)
            raise PermissionDenied(refusal.message)
        _year_check(locked, year)
        existing = renewals_of(locked).filter(year=year).first()
        if existing is not None:
            raise ValidationError(
                {
                    "year": _("This activity was already renewed for %(year)s: %(title)s. Continue that one.")
                    % {"year": year, "title": existing.number or existing.title}
                }
            )
        letter = getattr(locked, "letter", None)
        renewal = Submission(
            agency=locked.agency,
            office=office_for_agency(locked.agency),
            created_by=actor,
            channel=enums.Channel.ONLINE,
            renews=locked,
            year=year,
            title=renewal_title(locked, year),
            previous_recommendation=(letter.number or "") if letter is not None else locked.previous_recommendation,
            **{
                f.attname: getattr(locked, f.attname)
                for f in Submission._meta.concrete_fields
                if f.name not in RENEWAL_SKIPPED_FIELDS
            },
        )
        renewal.save()
        renewal.coverage_regions.set(locked.coverage_regions.all())
        for model in (Variable, Indicator):
            rows = list(model.objects.filter(submission=locked).order_by("position", "pk"))
            for row in rows:
                row.pk = row.id = None
                row.submission = renewal
            model.objects.bulk_create(rows)
    logger.info("submission %s renewed for %s as draft %s by user %s", previous.pk, year, renewal.pk, actor.pk)
    return renewal


# --- what the reviewer sees ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RenewalChanges:
    previous: Submission
    changes: list[Change]
    # Keys of the sections of the renewal with no change since the previous recommendation.
    unchanged_sections: list[str]


def _comparable(snapshot: dict) -> dict:
    """Answers, variables and indicators, rows without their ids (a renewal's rows are copies: paired by name)."""

    def rows(key):
        return [{k: v for k, v in row.items() if k != "id"} for row in snapshot.get(key, [])]

    return {"fields": snapshot.get("fields", {}), "variables": rows("variables"), "indicators": rows("indicators")}


def approved_snapshot(submission: Submission) -> dict:
    """The form as decided: the snapshot of its last round (the live form when none was stored)."""
    last = RoundSnapshot.objects.filter(submission=submission).order_by("-round").first()
    return last.data if last is not None else snapshot_of(submission)


def renewal_changes(renewal: Submission) -> RenewalChanges | None:
    """What differs between a renewal and the recommendation it renews (None when it renews nothing)."""
    if renewal.renews_id is None:
        return None
    previous = renewal.renews
    before = _comparable(approved_snapshot(previous))
    # What a renewal changes by itself is not a change to check: the period (its year), the title with the new
    # period, the previous recommendation's number in the header. Changed otherwise, they are listed.
    letter = getattr(previous, "letter", None)
    before["fields"] = {
        **before["fields"],
        "year": renewal.year,
        "title": renewal_title(previous, renewal.year) if renewal.year else previous.title,
        "previous_recommendation": (letter.number or "") if letter is not None else previous.previous_recommendation,
    }
    changes = snapshot_diff(before, _comparable(snapshot_of(renewal)))
    changed = {change.section for change in changes}
    unchanged = [
        section.key
        for section in SECTIONS
        if section.key != "attachments" and section.applies_to(renewal) and section.key not in changed
    ]
    return RenewalChanges(previous=previous, changes=changes, unchanged_sections=unchanged)
