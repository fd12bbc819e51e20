"""Reads of Cek Survei: the recommended activity behind a public code, with what its public page may show.

Only what the public catalogue publishes is shown (catalogue.selectors.PUBLIC_FIELDS): the organiser's name,
units and walidata unit, never a person, an address, a phone number or an e-mail of the agency; the office's
own public contact (address, phone, e-mail, website) is shown, since complaints go to it.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone

from catalogue.models import CatalogueEntry
from letters.public_code import code_display, code_normalise
from romantik.models import Region
from submissions.states import State


@dataclass
class SurveyCheck:
    entry: CatalogueEntry
    submission: object
    code: str  # as printed: "K7QM-2XRD"
    valid_from: datetime.date
    valid_until: datetime.date | None
    expired: bool
    regions: list


def valid_until(submission) -> datetime.date | None:
    """The last day a questionnaire may be in the field: the end of data collection (block III), else the last
    day of the activity's year; None when the form gives neither."""
    if submission.collection_end:
        return submission.collection_end
    if submission.year:
        return datetime.date(submission.year, 12, 31)
    return None


def survey_check(code: str, *, today: datetime.date | None = None) -> SurveyCheck | None:
    """The check of a normalised code (letters.public_code.code_normalise), or None when no listed layak activity
    has it (unknown, or no longer listed). Three queries: the entry with its submission, agency and office, and
    the regions covered."""
    if not code:
        return None
    entry = (
        CatalogueEntry.objects.select_related(
            "submission", "submission__agency", "submission__office", "province", "regency"
        )
        .prefetch_related(
            Prefetch("submission__coverage_regions", queryset=Region.objects.order_by("code"), to_attr="covered")
        )
        .filter(public_check_code=code, submission__state=State.ISSUED)
        .first()
    )
    if entry is None:
        return None
    submission = entry.submission
    until = valid_until(submission)
    today = today or timezone.localdate()
    return SurveyCheck(
        entry=entry,
        submission=submission,
        code=code_display(code),
        valid_from=entry.recommendation_date,
        valid_until=until,
        expired=until is not None and today > until,
        regions=[region.display_name for region in submission.covered],
    )


def complaint_activity(request, typed: str):
    """The activity a complaint is about, for the complaint form's ?kode= (complaints.selectors.activity_of_code):
    its office, title and code; None for an unknown code, counted against the client's guessing limit as on
    Cek Survei's own page (and None at once when it is used up)."""
    from complaints.selectors import CodedActivity

    from . import limits

    if limits.lookup_used_up(request) is not None:
        return None
    check = survey_check(code_normalise(typed))
    if check is None:
        limits.lookup_failed(request)
        return None
    return CodedActivity(office=check.submission.office, title=check.entry.title, code=check.code)
