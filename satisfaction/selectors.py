"""Reads of the survey: an office's index per period (aggregate queries, never a loop over the rows)."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import ExtractQuarter

from submissions.selectors import submissions_of_agency_user
from submissions.states import State

from .enums import ELEMENT_FIELDS
from .ikm import IkmResult, ikm_compute
from .models import SurveyResponse

QUARTERS = (1, 2, 3, 4)


@dataclass(frozen=True)
class Period:
    year: int
    quarter: int | None = None  # None: the whole year

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 1 if self.quarter is None else 3 * self.quarter - 2, 1)

    @property
    def end(self) -> datetime.date:
        """The first day after the period."""
        if self.quarter is None or self.quarter == 4:
            return datetime.date(self.year + 1, 1, 1)
        return datetime.date(self.year, 3 * self.quarter + 1, 1)

    @property
    def slug(self) -> str:
        return f"{self.year}" if self.quarter is None else f"{self.year}-T{self.quarter}"


@dataclass(frozen=True)
class QuarterIkm:
    quarter: int
    result: IkmResult | None  # None: nobody answered in that quarter


@dataclass(frozen=True)
class OfficeIkm:
    period: Period
    result: IkmResult | None  # None: nobody answered in the period
    quarters: list[QuarterIkm]  # the four quarters of the period's year

    @property
    def respondents(self) -> int:
        return self.result.respondents if self.result else 0


def responses_in(office, period: Period) -> QuerySet[SurveyResponse]:
    return SurveyResponse.objects.filter(office=office, answered_on__gte=period.start, answered_on__lt=period.end)


def _result(row: dict) -> IkmResult | None:
    if not row or not row["n"]:
        return None
    return ikm_compute(totals=[row[f] for f in ELEMENT_FIELDS], respondents=row["n"])


def office_ikm(office, period: Period) -> OfficeIkm:
    """The index of `office` in `period` and in each quarter of its year, from one aggregate query:
    sums of the scores per quarter (exact integers; the means are taken as fractions in ikm.py)."""
    rows = {
        row["quarter"]: row
        for row in responses_in(office, Period(period.year))
        .annotate(quarter=ExtractQuarter("answered_on"))
        .order_by()
        .values("quarter")
        .annotate(n=Count("pk"), **{f: Sum(f) for f in ELEMENT_FIELDS})
    }
    chosen = [period.quarter] if period.quarter else list(QUARTERS)
    totals = {"n": sum(rows[q]["n"] for q in chosen if q in rows)}
    for f in ELEMENT_FIELDS:
        totals[f] = sum(rows[q][f] for q in chosen if q in rows)
    return OfficeIkm(
        period=period,
        result=_result(totals),
        quarters=[QuarterIkm(q, _result(rows.get(q, {}))) for q in QUARTERS],
    )


def response_years(office) -> list[int]:
    """The years in which the office has responses, newest first."""
    return sorted(
        {d.year for d in SurveyResponse.objects.filter(office=office).dates("answered_on", "year")}, reverse=True
    )


def comments_in(office, period: Period) -> QuerySet[SurveyResponse]:
    """The responses of the period that carry a comment, newest first."""
    return responses_in(office, period).exclude(comment="").only("answered_on", "source", "comment")


def submissions_awaiting_rating(user) -> QuerySet:
    """Issued submissions the agency user sees and nobody of the agency has rated yet."""
    return submissions_of_agency_user(user).filter(state=State.ISSUED, survey_response__isnull=True)
