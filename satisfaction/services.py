"""Writes of the satisfaction survey: asking the agency to rate, and recording responses
(online, at the kiosk, from paper questionnaires)."""

import datetime
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from notifications.services import message_queue
from romantik.calendar import office_today  # a late answer counts in the office's local quarter

from .enums import ELEMENT_FIELDS, SCORES, Source
from .kiosk import KioskLinkUsed, kiosk_entry
from .models import PaperImport, SurveyResponse

MAX_COMMENT = 2000


class AlreadyAnswered(Exception):
    """The submission or the visit already has its response (one each)."""


@dataclass(frozen=True)
class Answers:
    """Nine scores (U1..U9, each 1–4) and an optional comment."""

    scores: Sequence[int]
    comment: str = ""

    def fields(self) -> dict:
        if len(self.scores) != len(ELEMENT_FIELDS) or any(s not in SCORES for s in self.scores):
            raise ValidationError(_("Answer each of the nine questions with a score from 1 to 4."))
        comment = (self.comment or "").strip()
        if len(comment) > MAX_COMMENT:
            raise ValidationError(_("The comment may have at most %(max)d characters.") % {"max": MAX_COMMENT})
        return {**dict(zip(ELEMENT_FIELDS, self.scores, strict=True)), "comment": comment}


def rating_url(submission) -> str:
    return reverse("satisfaction:rate", kwargs={"pk": submission.pk})


def rating_request(*, submission) -> None:
    """Ask the agency user to rate the service once the letter is issued. Called inside the issuing
    transaction, so the message exists exactly when the submission is issued; once per submission."""
    message_queue(
        template="skm_request",
        recipient=submission.created_by,
        context={
            "number": submission.number,
            "title": submission.title,
            "office": submission.office.name,
            "url": rating_url(submission),
        },
        idempotency_key=f"skm_request:{submission.pk}",
        subject_ref=f"submissions.submission:{submission.pk}",
        office=submission.office,
    )


def _create(**fields) -> SurveyResponse:
    """Insert one response; the database's one-per-submission / one-per-visit rule decides a race."""
    try:
        with transaction.atomic():
            return SurveyResponse.objects.create(**fields)
    except IntegrityError:
        link = {k: fields[k] for k in ("submission", "guest") if fields.get(k) is not None}
        if link and SurveyResponse.objects.filter(**link).exists():
            raise AlreadyAnswered from None
        raise


def response_submit(*, submission, actor, answers: Answers) -> SurveyResponse:
    """A member of the agency rates the service of an issued submission, once per submission."""
    if not actor.has_perm("satisfaction.rate_submission", submission):
        raise PermissionDenied
    fields = answers.fields()
    if SurveyResponse.objects.filter(submission=submission).exists():
        raise AlreadyAnswered
    return _create(
        office=submission.office,
        submission=submission,
        respondent=actor,
        source=Source.ONLINE,
        answered_on=office_today(submission.office),
        **fields,
    )


def kiosk_response_submit(*, token: str, answers: Answers) -> SurveyResponse:
    """A walk-in visitor answers at the kiosk with the link the front desk opened (see kiosk.py).
    Raises a KioskLinkError for a bad, expired or used link."""
    fields = answers.fields()
    entry = kiosk_entry(token)
    try:
        return _create(
            office=entry.office, guest=entry, source=Source.KIOSK, answered_on=office_today(entry.office), **fields
        )
    except AlreadyAnswered:  # answered meanwhile in another tab or on the phone
        raise KioskLinkUsed from None


@dataclass(frozen=True)
class PaperResponse:
    """One questionnaire typed in from paper."""

    answered_on: datetime.date
    scores: tuple[int, ...]
    comment: str = ""


class AlreadyImported(Exception):
    """This file was loaded for this office before."""

    def __init__(self, previous: PaperImport):
        super().__init__(previous.file_name)
        self.previous = previous


def responses_import(*, office, rows: Sequence[PaperResponse], content: bytes, file_name: str) -> int:
    """Load paper questionnaires of an office, all or (on any error) none; the same file (by its SHA-256)
    only once per office, even when two operators load it at the same moment."""
    digest = hashlib.sha256(content).hexdigest()
    previous = PaperImport.objects.filter(office=office, sha256=digest).first()
    if previous is not None:
        raise AlreadyImported(previous)
    try:
        with transaction.atomic():
            batch = PaperImport.objects.create(office=office, sha256=digest, file_name=file_name, count=len(rows))
            objects = [
                SurveyResponse(
                    office=office,
                    source=Source.PAPER,
                    answered_on=row.answered_on,
                    paper_import=batch,
                    **Answers(row.scores, row.comment).fields(),
                )
                for row in rows
            ]
            SurveyResponse.objects.bulk_create(objects, batch_size=500)
    except IntegrityError:
        raise AlreadyImported(PaperImport.objects.get(office=office, sha256=digest)) from None
    return len(objects)
