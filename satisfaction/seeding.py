"""Demo survey responses (paper questionnaires) for the demo offices, so a fresh `make run` shows a
non-empty IKM report: a handful per quarter of last year and of this year up to today.

Idempotent: the rows are the same every time for a given day (a fixed random seed per office and
quarter); a row already there is not added again."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from romantik import seed_data
from romantik.models import Office

from .enums import ELEMENT_FIELDS, Source
from .models import SurveyResponse

PER_QUARTER = 6
COMMENTS = (
    "",
    "",
    "Petugas ramah dan membantu.",
    "Mohon waktu penyelesaian dipercepat.",
    "",
    "Informasi persyaratan di website sudah jelas.",
)


def _quarter_days(year: int, quarter: int, today: datetime.date) -> list[datetime.date]:
    start = datetime.date(year, 3 * quarter - 2, 1)
    days = [start + datetime.timedelta(days=7 + 13 * i) for i in range(PER_QUARTER)]
    return [d for d in days if d <= today]


def _rows(office: Office, today: datetime.date) -> list[tuple]:
    rows = []
    for year in (today.year - 1, today.year):
        for quarter in (1, 2, 3, 4):
            rng = random.Random(f"{office.code}-{year}-{quarter}")  # noqa: S311 - demo data, not security
            # Each office and quarter leans a little differently, so the charts show some movement.
            lean = rng.choice((0.55, 0.65, 0.75))
            for i, day in enumerate(_quarter_days(year, quarter, today)):
                scores = [4 if rng.random() < lean else rng.choice((2, 3, 3)) for _ in ELEMENT_FIELDS]
                scores[3] = 4  # U4 cost: the service is free (Gratis)
                scores = tuple(scores)
                rows.append((day, scores, COMMENTS[i % len(COMMENTS)]))
    return rows


@transaction.atomic
def demo_responses_load(*, today: datetime.date | None = None) -> int:
    """Adds the demo responses that are missing; returns how many were added."""
    today = today or timezone.localdate()
    added = []
    for office in Office.objects.filter(code__in=[o["code"] for o in seed_data.OFFICES]):
        existing = {
            (r[0], tuple(r[1:10]), r[10])
            for r in SurveyResponse.objects.filter(office=office, source=Source.PAPER).values_list(
                "answered_on", *ELEMENT_FIELDS, "comment"
            )
        }
        for day, scores, comment in _rows(office, today):
            if (day, scores, comment) in existing:
                continue
            existing.add((day, scores, comment))
            added.append(
                SurveyResponse(
                    office=office,
                    source=Source.PAPER,
                    answered_on=day,
                    comment=comment,
                    **dict(zip(ELEMENT_FIELDS, scores, strict=True)),
                )
            )
    SurveyResponse.objects.bulk_create(added)
    return len(added)
