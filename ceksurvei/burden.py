"""Respondent burden (issue 22): how much time, and what that time is worth, an activity asks of its respondents,
as the UK's and OMB's burden statements report it.

    minutes per questionnaire = the agency's confirmed minutes, else questions × MINUTES_PER_QUESTION
    questions                 = the activity's variables (MS-Var): one question each
    burden hours              = respondents × minutes per questionnaire / 60
    estimated cost (Rp)       = burden hours × the hourly minimum wage of the organiser's province

Cost basis: the provincial minimum wage (UMP) of `data/upah_minimum_provinsi.csv` (each row names its decree),
per hour as 1/173 of the monthly wage, the divisor of Kepmenakertrans 102/MEN/VI/2004 for an hourly wage. A
province without a row has no cost ("—"), never a guessed one.

MINUTES_PER_QUESTION is the portal's assumption (half a minute per question, reading included), used until the
agency confirms its own minutes per questionnaire. The form has no field yet for the number of respondents nor
for the confirmed minutes: they are read from `Submission.respondents_count` and
`Submission.questionnaire_minutes` once submissions adds them (a submissions migration, not this app's); until
then the burden per questionnaire is known and the hours and cost are not.
"""

import csv
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

MINUTES_PER_QUESTION = Decimal("0.5")
HOURS_PER_MONTH = Decimal(173)  # Kepmenakertrans 102/MEN/VI/2004: hourly wage = monthly wage / 173
WAGE_FILE = Path(__file__).parent / "data" / "upah_minimum_provinsi.csv"
RESPONDENTS_FIELD = "respondents_count"
MINUTES_FIELD = "questionnaire_minutes"


@dataclass(frozen=True)
class Wage:
    province_code: str
    year: int
    monthly: Decimal
    source: str

    @property
    def hourly(self) -> Decimal:
        return self.monthly / HOURS_PER_MONTH


@cache
def minimum_wages() -> dict[str, Wage]:
    """The latest minimum wage of each province in the data file, by BPS province code."""
    wages: dict[str, Wage] = {}
    with WAGE_FILE.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            wage = Wage(row["province_code"], int(row["year"]), Decimal(row["monthly_rp"]), row["source"])
            if wage.province_code not in wages or wages[wage.province_code].year < wage.year:
                wages[wage.province_code] = wage
    return wages


@dataclass(frozen=True)
class Burden:
    questions: int
    minutes: Decimal  # per questionnaire
    minutes_confirmed: bool  # the agency's own figure, not questions × MINUTES_PER_QUESTION
    respondents: int | None
    hours: Decimal | None  # respondents × minutes / 60
    wage: Wage | None
    cost: Decimal | None  # rupiah, whole

    @property
    def cost_per_respondent(self) -> Decimal | None:
        if self.wage is None:
            return None
        return _rupiah(self.minutes / 60 * self.wage.hourly)


def _rupiah(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def burden_compute(
    *, questions: int, respondents: int | None = None, minutes: Decimal | int | None = None, province_code=""
) -> Burden:
    confirmed = minutes is not None and Decimal(minutes) > 0
    per_questionnaire = Decimal(minutes) if confirmed else questions * MINUTES_PER_QUESTION
    hours = None
    if respondents is not None and respondents >= 0:
        hours = (respondents * per_questionnaire / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    wage = minimum_wages().get(str(province_code or ""))
    cost = None
    if hours is not None and wage is not None:
        cost = _rupiah(respondents * per_questionnaire / 60 * wage.hourly)
    return Burden(questions, per_questionnaire, confirmed, respondents, hours, wage, cost)


def submission_burden(submission, *, questions: int | None = None) -> Burden:
    """The burden of one activity (`questions`: its number of variables, when the caller counted them). On a
    public page (the submission read by catalogue.selectors.public_activity, its public variables prefetched)
    only the public variables count, as in the public totals: a public figure reveals nothing the catalogue
    does not publish; the review page counts every variable."""
    if questions is None:
        public = getattr(submission, "public_variable_list", None)
        questions = len(public) if public is not None else submission.variables.count()
    province = getattr(submission, "organizer_province", None)
    return burden_compute(
        questions=questions,
        respondents=getattr(submission, RESPONDENTS_FIELD, None),
        minutes=getattr(submission, MINUTES_FIELD, None),
        province_code=province.code if province is not None else "",
    )


@dataclass
class BurdenTotal:
    """One row of the totals: activities, their (public) questions, and the minutes one respondent of each would spend
    (Σ questions × MINUTES_PER_QUESTION); hours and cost once the form records respondents."""

    label: str
    activities: int = 0
    questions: int = 0

    @property
    def minutes(self) -> Decimal:
        return self.questions * MINUTES_PER_QUESTION


def burden_totals() -> dict[str, list[BurdenTotal]]:
    """The public totals per year, province (of the organiser) and agency of the activities recommended layak:
    one grouped query (year × province × agency), rolled up here, kept in the shared cache for the catalogue's
    generation (catalogue.selectors.catalogue_generation: it changes whenever an entry is written)."""
    from django.core.cache import cache
    from django.db.models import Count, Q

    from catalogue.enums import Decision
    from catalogue.models import CatalogueEntry
    from catalogue.selectors import catalogue_generation

    key = f"ceksurvei:burden-totals:{catalogue_generation()}"
    totals = cache.get(key)
    if totals is not None:
        return totals
    groups = (
        CatalogueEntry.objects.filter(decision=Decision.FEASIBLE)
        .values("year", "province__code", "province__name", "agency_id", "agency_name")
        .annotate(
            activities=Count("pk", distinct=True),
            questions=Count("submission__variables", filter=Q(submission__variables__public=True)),
        )
        .order_by()
    )
    by: dict[str, dict] = {"year": {}, "province": {}, "agency": {}}
    for group in groups:
        keys = {
            "year": (group["year"] or 0, str(group["year"] or "—")),
            "province": (group["province__code"] or "", group["province__name"] or "—"),
            "agency": (group["agency_id"], group["agency_name"]),
        }
        for dimension, (ident, label) in keys.items():
            row = by[dimension].setdefault(ident, BurdenTotal(label))
            row.activities += group["activities"]
            row.questions += group["questions"]
    totals = {
        "year": [by["year"][k] for k in sorted(by["year"], reverse=True)],
        "province": [by["province"][k] for k in sorted(by["province"])],
        "agency": sorted(by["agency"].values(), key=lambda row: (-row.questions, row.label)),
    }
    cache.set(key, totals, 3600)
    return totals
